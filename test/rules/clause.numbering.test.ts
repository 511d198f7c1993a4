// Tests of the rule clause.numbering: sequences that follow (digits, letters, Roman numerals, articles, groups
// under unnumbered headings, zero padding), gaps, steps back, first siblings, sub-clause lists begun inside the
// parent's paragraph, repeats (left to ref.ambiguous), the rule off, a suppressed case, code and CRLF.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

describe('clause.numbering', () => {
  it('finds nothing on numbers that follow each other', () => {
    checkRule(
      'clause.numbering',
      [
        '# 1. Delivery',
        '',
        '## 1.1 Goods',
        '',
        '1.2. The Customer inspects them:',
        '',
        '(a) on arrival;',
        '',
        '(b) before use, namely:',
        '',
        '(i) visually;',
        '',
        '(ii) by weight;',
        '',
        '(iii) by count; and',
        '',
        '(iv) by sample; or',
        '',
        '(c) as agreed.',
        '',
        '# 2. Payment',
        '',
        '2.1. Fees.',
        '',
        '2.1.1. Invoices.',
        '',
        '2.1.2. Disputes.',
        '',
        '2.2. Taxes.',
      ].join('\n'),
    );
  });

  it('finds nothing on letters past (h), on (v) after (iv), on articles and on zero-padded sections', () => {
    const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((l) => `(${l}) item ${l}`);
    const romans = ['i', 'ii', 'iii', 'iv', 'v', 'vi'].map((r) => `(${r}) item ${r}`);
    checkRule(
      'clause.numbering',
      ['# 1. A', '', '1.1. Letters:', '', ...letters.flatMap((l) => [l, '']), '1.2. Romans:', '', ...romans.flatMap((r) => [r, ''])].join('\n'),
    );
    checkRule('clause.numbering', '# Article I Scope\n\n## Section 1.01 Goods\n\n## Section 1.02 Services\n\n# Article II Term\n\n## Section 2.01 Start');
  });

  it('finds nothing when groups move on under unnumbered headings', () => {
    checkRule('clause.numbering', '# Definitions\n\n1.1. One.\n\n1.2. Two.\n\n# Payment\n\n2.1. Three.\n\n2.2. Four.');
  });

  it('reports a gap and a step back among siblings', () => {
    checkRule(
      'clause.numbering',
      [
        '# 1. A',
        '',
        '# 2. B',
        '',
        '2.2. Two.',
        '^^^^ warning clause.numbering',
        '',
        '2.1. One.',
        '^^^^ warning clause.numbering',
        '',
        '# 4. D',
        '  ^^ warning clause.numbering',
      ].join('\n'),
    );
  });

  it('reports gaps in letters, Roman numerals and articles', () => {
    checkRule(
      'clause.numbering',
      [
        '# Article I Scope',
        '',
        '1.1. Letters and numerals:',
        '',
        '(a) one;',
        '',
        '(b) two;',
        '',
        '(d) four:',
        '^^^ warning clause.numbering',
        '',
        '(i) one;',
        '',
        '(ii) two;',
        '',
        '(iv) four.',
        '^^^^ warning clause.numbering',
        '',
        '# Article II Term',
        '',
        '# Article IV End',
        '  ^^^^^^^^^^ warning clause.numbering',
      ].join('\n'),
    );
  });

  it('says what was expected after what, and points at the previous sibling', () => {
    const text = '# 1. A\n\n1.1. x\n\n1.2. y\n\n1.4. z\n\n1.3. w\n\n(a) p\n\n(c) q';
    const found = findingsOf('clause.numbering', text);
    expect(found.map((f) => f.message)).toEqual([
      'Clause "1.4" skips a number: expected "1.3" after "1.2"',
      'Clause "1.3" goes backwards: expected "1.5" after "1.4"',
      'Clause "1.3(c)" skips a number: expected "1.3(b)" after "1.3(a)"',
    ]);
    expect(found.map((f) => f.data)).toEqual([{ expected: '1.3' }, { expected: '1.5' }, { expected: '1.3(b)' }]);
    expect(found.map((f) => f.related.map((r) => text.slice(r.span.start, r.span.end)))).toEqual([['1.2.'], ['1.4.'], ['(a)']]);
  });

  it('writes the expected number the way the document does: zero padding, letters, Roman numerals', () => {
    const messages = (text: string) => findingsOf('clause.numbering', text).map((f) => f.message);
    expect(messages('# Article I A\n\n## Section 1.01 x\n\n## Section 1.03 y')).toEqual(['Clause "1.03" skips a number: expected "1.02" after "1.01"']);
    expect(messages('# 1. A\n\n1.1. x\n\n(i) p\n\n(ii) q\n\n(v) r')).toEqual(['Clause "1.1(v)" skips a number: expected "1.1(iii)" after "1.1(ii)"']);
    expect(messages('# 1. A\n\n1.1. x\n\n(A) p\n\n(C) q')).toEqual(['Clause "1.1(C)" skips a number: expected "1.1(B)" after "1.1(A)"']);
    expect(messages('# 1. A\n\n# 2. B\n\n# Article III C')).toEqual(['Clause "III" is the first of its level: expected "I"']);
  });

  it('wants the first of a level to be 1, (a), (i) or the parent\'s number and 1', () => {
    checkRule(
      'clause.numbering',
      [
        '# 2. B',
        '  ^^ warning clause.numbering',
        '',
        '2.2. Two:',
        '^^^^ warning clause.numbering',
        '',
        '(b) two.',
        '^^^ warning clause.numbering',
      ].join('\n'),
    );
    expect(findingsOf('clause.numbering', '# 2. B').map((f) => f.message)).toEqual(['Clause "2" is the first of its level: expected "1"']);
    expect(findingsOf('clause.numbering', '# Article II B').map((f) => f.message)).toEqual(['Clause "II" is the first of its level: expected "I"']);
  });

  it('accepts a sub-clause list begun inside the parent\'s paragraph', () => {
    checkRule('clause.numbering', '# 1. A\n\n1.1. The Supplier shall (a) deliver the goods, and\n\n(b) install them.\n\n(c) Then it invoices, (d) once, and\n\n(e) only once.');
  });

  it('leaves a repeated number to ref.ambiguous', () => {
    checkRule('clause.numbering', '# 1. A\n\n1.1. x\n\n1.2. y\n\n1.2. z\n\n1.3. w');
  });

  it('says nothing when switched off', () => {
    checkRule('clause.numbering', '# 1. A\n\n# 3. C', { levels: { 'clause.numbering': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('clause.numbering', '# 1. A\n\n<!-- clausemark-disable-next-line clause.numbering -->\n# 3. C\n\n# 5. E\n  ^^ warning clause.numbering');
  });

  it('never reads clauses inside code', () => {
    checkRule('clause.numbering', '# 1. A\n\n```\n# 3. C\n1.5. x\n```\n\n    1.7. indented\n\n# 2. B');
  });

  it('reports at the right columns in a CRLF document', () => {
    checkRule('clause.numbering', ['# 1. A', '', '1.1. x', '', '1.3. y', '^^^^ warning clause.numbering'].join('\r\n'));
  });

  // The parser once nested `(II)` inside `(I)` (server/src/syntax/clauseNumber.ts): upper-case Roman lists are siblings.
  it('finds nothing on upper-case Roman sub-clauses (I) to (V), and reports a gap among them', () => {
    checkRule('clause.numbering', '# 1. A\n\n1.1. x:\n\n(I) one;\n\n(II) two;\n\n(III) three;\n\n(IV) four;\n\n(V) five.');
    expect(findingsOf('clause.numbering', '# 1. A\n\n1.1. x:\n\n(I) one;\n\n(II) two;\n\n(IV) four.').map((f) => f.message)).toEqual([
      'Clause "1.1(IV)" skips a number: expected "1.1(III)" after "1.1(II)"',
    ]);
  });
});
