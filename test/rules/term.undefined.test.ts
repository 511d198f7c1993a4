// Tests of the rule term.undefined: links and pointers that resolve, a link to nothing, a pointer to a missing
// clause (here and in an imported document), capitalised words that are not links, the rule off, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const credit = (clause: string) => ({ 'credit.clause.md': `---\ntitle: Credit Agreement\n---\n\n## ${clause} Documents\n\n"Credit Documentation" means the loan papers.\n` });
const pointing = '---\nimports: [credit.clause.md]\n---\n\n"Credit Documentation" has the meaning set forth in Section 9.15 of the Credit Agreement.\n\nThe Credit Documentation is signed.';

describe('term.undefined', () => {
  it('finds nothing when every link and pointer resolves', () => {
    checkRule(
      'term.undefined',
      [
        '"Stateless API Call" means a request.',
        '',
        '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.',
        '',
        '## 1.1 Azure routing',
        '',
        'All [[Stateless API Call|stateless calls]] go to Azure (the "Azure Exclusivity Clause"), [[stateless api call]] too.',
      ].join('\n'),
    );
  });

  it('resolves links to the terms of imported documents', () => {
    checkRule('term.undefined', '---\nimports: [glossary.clause.md]\n---\n\nEach [[Agent]] acts alone.', { files: { 'glossary.clause.md': '"Agent" means a program.\n' } });
  });

  it('reports a link to nothing and a pointer to a clause that does not exist', () => {
    checkRule(
      'term.undefined',
      [
        '"Credit Documentation" has the meaning set forth in Section 9.15.',
        '                                                            ^^^^ error term.undefined',
        '',
        'Every [[Compute Credit]] is billed, and every [[Compute Credit|credit]] is counted.',
        '      ^^^^^^^^^^^^^^^^^^ error term.undefined',
        '                                              ^^^^^^^^^^^^^^^^^^^^^^^^^ error term.undefined',
      ].join('\n'),
    );
  });

  it('names the term and what is missing', () => {
    const found = findingsOf('term.undefined', '"Credit Documentation" has the meaning set forth in Section 9.15.\n\nEvery [[Compute Credit]] is billed.');
    expect(found.map((f) => f.message)).toEqual([
      'No Section 9.15: the definition of "Credit Documentation" points to a clause that does not exist',
      'No definition for term "Compute Credit"',
    ]);
    expect(found[1]!.data).toMatchObject({ name: 'Compute Credit' });
  });

  it('names a document of the workspace that defines the term but is not imported', () => {
    const [found] = findingsOf('term.undefined', 'Each [[Agent]] acts alone.', { files: { 'glossary.clause.md': '"Agent" means a program.\n' } });
    expect(found!.message).toBe('No definition for term "Agent": "glossary.clause.md" defines it but is not imported');
    expect(found!.data).toMatchObject({ name: 'Agent', definedIn: ['file:///workspace/glossary.clause.md'] });
  });

  it('never guesses undefined terms from capitalised words', () => {
    checkRule('term.undefined', 'Every Compute Credit is billed by the Licensor under the Master Services Agreement.');
  });

  it('checks a pointer into an imported document named by its title', () => {
    checkRule('term.undefined', pointing, { files: credit('9.15') });
    const found = findingsOf('term.undefined', pointing, { files: credit('9.14') });
    expect(found.map((f) => f.message)).toEqual(['No Section 9.15 of "Credit Agreement": the definition of "Credit Documentation" points to a clause that does not exist']);
  });

  it('does not check a pointer into a document the workspace cannot identify', () => {
    checkRule('term.undefined', '"Credit Documentation" has the meaning set forth in Section 9.15 of the Credit Agreement.\n\nThe Credit Documentation is signed.');
  });

  it('says nothing when switched off', () => {
    checkRule('term.undefined', 'Every [[Compute Credit]] is billed.', { levels: { 'term.undefined': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule(
      'term.undefined',
      ['<!-- clausemark-disable-next-line term.undefined -->', 'Every [[Compute Credit]] is billed.', '', 'Every [[Token Quota]] too.', '      ^^^^^^^^^^^^^^^ error term.undefined'].join('\n'),
    );
  });
});
