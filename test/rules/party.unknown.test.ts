// Tests of the rule party.unknown: names and aliases in any case, unknown and misspelled parties (with a
// suggestion), parties of imported documents when the document declares none, no parties at all, the rule off, a
// suppressed case, code and CRLF.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const parties = ['---', 'parties:', '  - name: Microsoft', '  - name: Amazon', '    aliases: [AWS, Amazon Web Services]', '  - OpenAI', '---', ''].join('\n');

describe('party.unknown', () => {
  it('finds nothing when each position names a party or an alias, in any case', () => {
    checkRule(
      'party.unknown',
      `${parties}\n"Region" means an area.\n\n> [!POSITION Microsoft]\n> x\n\n> [!POSITION aws]\n> y\n\n> [!position amazon web services]\n> z\n\n> [!POSITION OpenAI]\n> w`,
    );
  });

  it('reports a party that is not declared', () => {
    checkRule(
      'party.unknown',
      [
        parties,
        '"Region" means an area.',
        '',
        '> [!POSITION Microsft]',
        '             ^^^^^^^^ warning party.unknown',
        '> x',
        '',
        '> [!POSITION Google]',
        '             ^^^^^^ warning party.unknown',
        '> y',
      ].join('\n'),
    );
  });

  it('suggests the closest declared name and carries the declared names', () => {
    const found = findingsOf('party.unknown', `${parties}\n> [!POSITION Microsft]\n> x\n\n> [!POSITION Google]\n> y`);
    expect(found.map((f) => f.message)).toEqual([
      'No party "Microsft" is declared: did you mean "Microsoft"?',
      'No party "Google" is declared: expected one of "Microsoft", "Amazon", "OpenAI"',
    ]);
    expect(found.map((f) => f.data)).toEqual([
      { party: 'Microsft', declared: ['Microsoft', 'Amazon', 'OpenAI'], suggestion: 'Microsoft' },
      { party: 'Google', declared: ['Microsoft', 'Amazon', 'OpenAI'] },
    ]);
  });

  it('uses the parties of imported documents when the document declares none', () => {
    const files = { 'glossary.clause.md': `${parties}\n"Agent" means a program.` };
    checkRule('party.unknown', '---\nimports: [glossary.clause.md]\n---\n\n> [!POSITION AWS]\n> x\n\n> [!POSITION Googel]\n             ^^^^^^ warning party.unknown\n> y', { files });
  });

  it('uses its own parties when it declares some, not its imports\'', () => {
    const files = { 'glossary.clause.md': `${parties}\n"Agent" means a program.` };
    checkRule('party.unknown', '---\nimports: [glossary.clause.md]\nparties: [Acme]\n---\n\n> [!POSITION AWS]\n             ^^^ warning party.unknown\n> x', { files });
  });

  it('says so when no party is declared anywhere', () => {
    const [f] = findingsOf('party.unknown', '> [!POSITION Acme]\n> x');
    expect(f!.message).toBe('No party "Acme" is declared: expected it in the front-matter "parties"');
    expect(f!.data).toEqual({ party: 'Acme', declared: [] });
  });

  it('says nothing when switched off', () => {
    checkRule('party.unknown', '> [!POSITION Acme]\n> x', { levels: { 'party.unknown': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('party.unknown', '<!-- clausemark-disable-next-line party.unknown -->\n> [!POSITION Acme]\n> x\n\n> [!POSITION Bcme]\n             ^^^^ warning party.unknown\n> y');
  });

  it('never reads callouts inside code', () => {
    checkRule('party.unknown', '```\n> [!POSITION Acme]\n> x\n```\n\n    > [!POSITION Bcme]');
  });

  it('reports at the right columns in a CRLF document', () => {
    checkRule('party.unknown', ['---', 'parties: [Acme]', '---', '', '> [!POSITION Acme]', '> x', '', '> [!POSITION Bcmx]', '             ^^^^ warning party.unknown', '> y'].join('\r\n'));
  });
});
