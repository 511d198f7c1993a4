// Tests of the rule ref.ambiguous: distinct numbers, repeated numbers and ids (each reported, with the other as
// related), references to a repeated number (here and in another file), the rule off, a suppressed case, code
// and CRLF.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';
import { uriOf } from '../helpers/workspace.js';

describe('ref.ambiguous', () => {
  it('finds nothing when every clause has its own number and id', () => {
    checkRule('ref.ambiguous', '# 1. A {#a}\n\n1.1. One.\n\n1.2. Two, see Section 1.1.\n\n(a) x\n\n(b) y\n\n# 2. B {#b}\n\n2.1. Three.');
  });

  it('reports each clause that repeats a number, and the references to it', () => {
    checkRule(
      'ref.ambiguous',
      [
        '# 1. Payment',
        '',
        '1.1. Fees are due within 30 days.',
        '^^^^ error ref.ambiguous',
        '',
        '1.1. Late fees under Section 1.1 accrue monthly.',
        '^^^^ error ref.ambiguous',
        '                     ^^^^^^^^^^^ error ref.ambiguous',
      ].join('\n'),
    );
  });

  it('points each repeated clause at the other, and a reference at both', () => {
    const text = '# 1. A\n\n1.1. One.\n\n1.1. Two.\n\nSee §1.1.';
    const [first, second, ref] = findingsOf('ref.ambiguous', text);
    expect(first!.message).toBe('Clause number "1.1" is used by 2 clauses: expected each number once');
    expect(first!.related.map((r) => r.span.start)).toEqual([text.indexOf('1.1. Two')]);
    expect(second!.related.map((r) => r.span.start)).toEqual([text.indexOf('1.1. One')]);
    expect(ref!.message).toBe('"§1.1" is ambiguous: 2 clauses are numbered "1.1", expected one');
    expect(ref!.related.map((r) => r.span.start)).toEqual([text.indexOf('1.1. One'), text.indexOf('1.1. Two')]);
    expect(ref!.data).toEqual({ target: '1.1' });
  });

  it('reports a repeated sub-clause marker, but not the children of a repeated clause', () => {
    checkRule(
      'ref.ambiguous',
      [
        '# 1. A',
        '',
        '1.1. One:',
        '^^^^ error ref.ambiguous',
        '',
        '(a) x',
        '',
        '1.1. Two:',
        '^^^^ error ref.ambiguous',
        '',
        '(a) y',
        '',
        '1.2. Three:',
        '',
        '(a) x',
        '^^^ error ref.ambiguous',
        '',
        '(b) y',
        '',
        '(a) z',
        '^^^ error ref.ambiguous',
      ].join('\n'),
    );
  });

  it('reports a repeated {#id} on the id and a repeated number on the number; a reference by id stays quiet', () => {
    checkRule(
      'ref.ambiguous',
      [
        '# 1. A {#terms}',
        '       ^^^^^^^^ error ref.ambiguous',
        '',
        '# 2. B {#terms}',
        '  ^^ error ref.ambiguous',
        '       ^^^^^^^^ error ref.ambiguous',
        '',
        '# 2. C {#other}',
        '  ^^ error ref.ambiguous',
        '',
        'See [the other](#other).',
      ].join('\n'),
    );
  });

  it('reports a link into another file where the number is repeated, with related places in that file', () => {
    const files = { 'other.clause.md': '# 1. A\n\n# 1. B\n' };
    checkRule('ref.ambiguous', 'See [§ 1](other.clause.md#1).\n    ^^^^^^^^^^^^^^^^^^^^^^^^ error ref.ambiguous', { files });
    const [ref] = findingsOf('ref.ambiguous', 'See [§ 1](other.clause.md#1).', { files });
    expect(ref!.related.map((r) => r.uri)).toEqual([uriOf('other.clause.md'), uriOf('other.clause.md')]);
  });

  it('leaves a reference to another instrument alone', () => {
    checkRule('ref.ambiguous', '# 1. A\n  ^^ error ref.ambiguous\n\n# 1. B\n  ^^ error ref.ambiguous\n\nSee Section 1 of the Code.');
  });

  it('says nothing when switched off', () => {
    checkRule('ref.ambiguous', '# 1. A\n\n# 1. B\n\nSee Section 1.', { levels: { 'ref.ambiguous': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule(
      'ref.ambiguous',
      '# 1. A\n  ^^ error ref.ambiguous\n\n<!-- clausemark-disable-next-line ref.ambiguous -->\n# 1. B\n\n<!-- clausemark-disable ref.ambiguous -->\nSee Section 1.',
    );
  });

  it('never reads clauses or references inside code', () => {
    checkRule('ref.ambiguous', '# 1. A\n\n```\n# 1. A\n1.1. x\n```\n\n    1.1. indented\n\n`Section 1`');
  });

  it('reports at the right columns in a CRLF document', () => {
    checkRule('ref.ambiguous', ['# 1. A', '', '1.1. x', '^^^^ error ref.ambiguous', '', '1.1. y', '^^^^ error ref.ambiguous'].join('\r\n'));
  });
});
