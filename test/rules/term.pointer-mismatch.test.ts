// Tests of the rule term.pointer-mismatch: pointers to the right clause (or a parent of it, or into an imported
// document), pointers to a clause that does not define the term (with and without a real definition elsewhere),
// a document that does not define it, what the rule leaves to term.undefined, the rule off, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const clauses = '# 1. Exclusivity\n\n## 1.1 Azure routing\n\nAll calls go to Azure (the "Azure Exclusivity Clause").\n\n## 1.2 Term\n\nThe Azure Exclusivity Clause runs through 2032.\n';
const credit = { 'credit.clause.md': '---\ntitle: Credit Agreement\n---\n\n## 9.15 Documents\n\n"Credit Documentation" means the loan papers.\n\n## 9.16 Other\n\n"Lender" means the bank.\n' };
const imports = '---\nimports: [credit.clause.md]\n---\n\n';

/** Pointers this rule must accept. */
const fine: [string, string][] = [
  ['a pointer to the clause that defines the term', `"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.\n\n${clauses}`],
  ['a pointer to a parent of that clause', `"Azure Exclusivity Clause" has the meaning given in Section 1.\n\n${clauses}`],
  ['a pointer into an imported document', `${imports}"Credit Documentation" has the meaning set forth in Section 9.15 of the Credit Agreement.`],
  ['an imported document named without a clause', `${imports}"Lender" has the meaning given in the Credit Agreement.`],
  ['a pointer to a clause that does not exist (term.undefined)', `"Azure Exclusivity Clause" has the meaning set forth in Section 7.\n\n${clauses}`],
  ['a pointer into a document the workspace cannot identify', `"Credit Documentation" has the meaning set forth in Section 1.2 of the Loan Agreement.\n\n${clauses}`],
];

describe('term.pointer-mismatch', () => {
  it.each(fine)('finds nothing on %s', (_name, document) => {
    checkRule('term.pointer-mismatch', document, { files: credit });
  });

  it('reports a pointer to a clause that does not define the term', () => {
    checkRule(
      'term.pointer-mismatch',
      [
        '"Azure Exclusivity Clause" has the meaning set forth in Section 1.2.',
        '                                                                ^^^ error term.pointer-mismatch',
        '',
        '"Azure Commitment" has the meaning set forth in Section 1.1.',
        '                                                        ^^^ error term.pointer-mismatch',
        '',
        clauses,
      ].join('\n'),
    );
  });

  it('says where the term really is defined, and offers that clause', () => {
    const document = `"Azure Exclusivity Clause" has the meaning set forth in Section 1.2.\n\n"Azure Commitment" has the meaning set forth in Section 1.1.\n\n${clauses}`;
    const [wrong, nowhere] = findingsOf('term.pointer-mismatch', document);
    expect(wrong!.message).toBe('Section 1.2 does not define "Azure Exclusivity Clause": it is defined in Section 1.1');
    expect(wrong!.related.map((r) => [document.slice(r.span.start, r.span.end), r.message])).toEqual([['Azure Exclusivity Clause', '"Azure Exclusivity Clause" is defined in Section 1.1']]);
    expect(wrong!.data).toEqual({ name: 'Azure Exclusivity Clause', replacement: '1.1' });
    expect(nowhere!.message).toBe('Section 1.1 does not define "Azure Commitment"');
    expect(nowhere!.related).toEqual([]);
  });

  it('checks pointers into imported documents', () => {
    const found = findingsOf('term.pointer-mismatch', `${imports}"Credit Documentation" has the meaning set forth in Section 9.16 of the Credit Agreement.\n\n"Borrower" has the meaning given in the Credit Agreement.`, { files: credit });
    expect(found.map((f) => f.message)).toEqual([
      'Section 9.16 of "Credit Agreement" does not define "Credit Documentation": it is defined in Section 9.15',
      '"Credit Agreement" does not define "Borrower"',
    ]);
    expect(found[0]!.related[0]!.uri).toBe('file:///workspace/credit.clause.md');
  });

  it('says nothing when switched off', () => {
    checkRule('term.pointer-mismatch', `"Azure Exclusivity Clause" has the meaning set forth in Section 1.2.\n\n${clauses}`, { levels: { 'term.pointer-mismatch': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('term.pointer-mismatch', `<!-- clausemark-disable-next-line term.pointer-mismatch -->\n"Azure Exclusivity Clause" has the meaning set forth in Section 1.2.\n\n${clauses}`);
  });
});
