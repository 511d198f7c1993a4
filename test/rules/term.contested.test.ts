// Tests of the rule term.contested: one party's positions (aliases included), positions on a clause, two and
// three parties with the related positions, the rule off, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const parties = '---\nparties:\n  - name: Microsoft\n  - name: OpenAI\n  - name: Amazon\n    aliases: [AWS, Amazon Web Services]\n---\n\n';
const position = (party: string, text = 'A reading.') => `> [!POSITION ${party}]\n> ${text}\n`;

/** Documents without a contested term. */
const fine: [string, string][] = [
  ['one party\'s positions', `${parties}"Stateless API Call" means a request.\n\n${position('Microsoft')}\n${position('Microsoft', 'Another.')}`],
  ['a party and its aliases', `${parties}"Stateless API Call" means a request.\n\n${position('Amazon')}\n${position('AWS')}\n${position('amazon web services')}`],
  ['an explanation beside one position', `${parties}"Stateless API Call" means a request.\n\n> [!EXPLAIN]\n> A one-shot question.\n\n${position('OpenAI')}`],
  ['positions on a clause', `${parties}# 1. Exclusivity\n\n1.1. All calls go to Azure.\n\n${position('Microsoft')}\n${position('OpenAI')}`],
];

describe('term.contested', () => {
  it.each(fine)('finds nothing on %s', (_name, document) => {
    checkRule('term.contested', document);
  });

  it('reports a term with positions from two or more parties, on its name', () => {
    checkRule(
      'term.contested',
      [
        `${parties}"Stateless API Call" means a request.`,
        ' ^^^^^^^^^^^^^^^^^^ info term.contested',
        '',
        position('Microsoft'),
        position('AWS'),
        '"stateful" means keeping memory.',
        ' ^^^^^^^^ info term.contested',
        '',
        position('Microsoft'),
        position('OpenAI'),
        position('Amazon'),
      ].join('\n'),
    );
  });

  it('names the parties by their declared names and points to each position', () => {
    const document = `${parties}"Stateless API Call" means a request.\n\n${position('Microsoft')}\n${position('OpenAI')}\n${position('AWS')}`;
    const [found] = findingsOf('term.contested', document);
    expect(found!.message).toBe('"Stateless API Call" is contested: Microsoft, OpenAI and Amazon take positions on it');
    expect(found!.related.map((r) => [document.slice(r.span.start, r.span.end), r.message])).toEqual([
      ['[!POSITION Microsoft]', 'Position of Microsoft'],
      ['[!POSITION OpenAI]', 'Position of OpenAI'],
      ['[!POSITION AWS]', 'Position of AWS'],
    ]);
    expect(found!.data).toEqual({ parties: ['Microsoft', 'OpenAI', 'Amazon'] });
  });

  it('says nothing when switched off', () => {
    checkRule('term.contested', `${parties}"Agent" means a program.\n\n${position('Microsoft')}\n${position('OpenAI')}`, { levels: { 'term.contested': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('term.contested', `${parties}<!-- clausemark-disable-next-line term.contested -->\n"Agent" means a program.\n\n${position('Microsoft')}\n${position('OpenAI')}`);
  });
});
