// Tests of the rule term.case-mismatch: correct spellings and inflections, miscapitalised multi-word terms (and
// the quick-fix spelling), the false positives it must not report (sentence-initial capitals, title-case
// headings, a heading that is the term itself, quoted titles, code, ALL CAPS, one-word terms), the rule off,
// suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const defs = '"Stateless API Call" means a request.\n\n"Third Party" means an outsider.\n\nThe "exclusive third-party cloud provider" means AWS.\n\n"Services" means the work.\n\n';

/** Texts (after the definitions above) that must give no finding. */
const fine: [string, string][] = [
  ['the term as written, plural and possessive', 'All Stateless API Calls and each Stateless API Call\'s answer; every Third Party and all Third Parties.'],
  ['a lower-case term with a capital first letter at a sentence start', 'Exclusive third-party cloud provider status is rare. So is the exclusive third-party cloud provider.'],
  ['a capital first letter after a sub-clause marker or in a list item', '1.1. Roles:\n\n(a) Exclusive third-party cloud provider status is rare;\n\n- Exclusive third-party cloud provider roles too.'],
  ['title case in a heading', '## 1.1 Exclusive Third-Party Cloud Provider\n\n## 1.2 The Role of the Exclusive third-party cloud provider'],
  ['a heading that is the term itself, in any case', '## 2. Stateless api calls {#calls}\n\n# THIRD PARTY'],
  ['a quoted title or quoted words', 'The guide "Why stateless api calls matter" and the label “third party” are quoted.'],
  ['code and fenced code', 'Call `stateless api call` here.\n\n```\nstateless api call\n```'],
  ['ALL-CAPS text', 'STATELESS API CALLS ARE PROVIDED AS IS, AND NO THIRD PARTY WARRANTS THEM.'],
  ['one-word terms', 'The services are provided; SERVICES and Services too.'],
];

/** Whole documents that must give no finding. */
const fineDocuments: [string, string][] = [
  ['the phrase a parenthetical definition introduces', 'Each party may disclose information to the receiving party (the "Receiving Party").\n\nThe Receiving Party keeps it.'],
];

describe('term.case-mismatch', () => {
  it.each(fine)('finds nothing on %s', (_name, text) => {
    checkRule('term.case-mismatch', defs + text);
  });

  it.each(fineDocuments)('finds nothing on %s', (_name, document) => {
    checkRule('term.case-mismatch', document);
  });

  it('reports multi-word terms in another case, in body text and headings', () => {
    checkRule(
      'term.case-mismatch',
      defs +
        [
          'All stateless api calls go to Azure; each Stateless Api Call is logged, and so are third parties.',
          '    ^^^^^^^^^^^^^^^^^^^ warning term.case-mismatch',
          '                                          ^^^^^^^^^^^^^^^^^^ warning term.case-mismatch',
          '                                                                                   ^^^^^^^^^^^^^ warning term.case-mismatch',
          '',
          '## 3. Routing of stateless API calls',
          '                 ^^^^^^^^^^^^^^^^^^^ warning term.case-mismatch',
          '',
          'Amazon is the Exclusive Third-Party Cloud Provider.',
          '              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning term.case-mismatch',
        ].join('\n'),
    );
  });

  it('names the text and the term, and gives the spelling to write', () => {
    const found = findingsOf('term.case-mismatch', `${defs}All stateless api calls, and third parties' duties.`);
    expect(found.map((f) => f.message)).toEqual([
      '"stateless api calls" does not match the case of the term "Stateless API Call": write "Stateless API Calls"',
      '"third parties\'" does not match the case of the term "Third Party": write "Third Parties\'"',
    ]);
    expect(found.map((f) => f.data)).toEqual([{ expected: 'Stateless API Calls' }, { expected: "Third Parties'" }]);
  });

  it('checks imported terms too', () => {
    checkRule('term.case-mismatch', '---\nimports: [glossary.clause.md]\n---\n\nEvery stateless api call.\n      ^^^^^^^^^^^^^^^^^^ warning term.case-mismatch', {
      files: { 'glossary.clause.md': '"Stateless API Call" means a request.\n' },
    });
  });

  it('says nothing when switched off', () => {
    checkRule('term.case-mismatch', `${defs}All stateless api calls.`, { levels: { 'term.case-mismatch': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('term.case-mismatch', `${defs}<!-- clausemark-disable-next-line term.case-mismatch -->\nAll stateless api calls.`);
  });
});
