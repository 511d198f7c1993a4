// Tests of the rule term.used-once: off by default, terms used twice or never, a term used once with the use as
// related information, a pointer and its definition reported once, uses in importing documents, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const on = { levels: { 'term.used-once': 'info' as const } };

describe('term.used-once', () => {
  it('is off by default', () => {
    checkRule('term.used-once', '"Equity Stake" means a shareholding.\n\nMicrosoft holds the Equity Stake.');
  });

  it('finds nothing on terms used twice, or never (term.unused reports those)', () => {
    checkRule('term.used-once', '"Agent" means a program.\n\n"Fairwater" means a network.\n\nEach Agent acts; no Agent keeps memory.', on);
  });

  it('reports a term used once (a use inside its own definition not counted), at the level set', () => {
    checkRule(
      'term.used-once',
      [
        '"Equity Stake" means a shareholding.',
        ' ^^^^^^^^^^^^ info term.used-once',
        '',
        '"Agent" means a program that calls another Agent.',
        ' ^^^^^ info term.used-once',
        '',
        'Microsoft holds the Equity Stake. An Agent acts.',
      ].join('\n'),
      on,
    );
  });

  it('points to the one use', () => {
    const [found] = findingsOf('term.used-once', '"Equity Stake" means a shareholding.\n\nMicrosoft holds the Equity Stake.', on);
    expect(found!.message).toBe('"Equity Stake" is used only once');
    expect(found!.related).toEqual([{ uri: 'file:///workspace/doc.clause.md', span: { start: 58, end: 70 }, message: 'The only use of "Equity Stake"' }]);
  });

  it('reports a pointer and the definition it points to once, on the definition', () => {
    checkRule(
      'term.used-once',
      [
        '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.',
        '',
        '## 1.1 Azure',
        '',
        'All calls go to Azure (the "Azure Exclusivity Clause"). The Azure Exclusivity Clause survives.',
        '                            ^^^^^^^^^^^^^^^^^^^^^^^^ info term.used-once',
      ].join('\n'),
      on,
    );
  });

  it('counts uses in the documents that import the definition', () => {
    checkRule('term.used-once', '---\nimports: [glossary.clause.md]\n---\n\n"Equity Stake" means a shareholding.\n\nMicrosoft holds the Equity Stake.', {
      ...on,
      files: { 'glossary.clause.md': '---\nimports: [doc.clause.md]\n---\n\nThe Equity Stake is large.\n' },
    });
  });

  it('honours a suppression comment', () => {
    checkRule('term.used-once', '<!-- clausemark-disable-file term.used-once -->\n\n"Equity Stake" means a shareholding.\n\nMicrosoft holds the Equity Stake.', on);
  });
});
