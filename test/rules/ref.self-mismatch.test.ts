// Tests of the rule ref.self-mismatch: "this Section N" inside clause N or a clause of N, inside another clause
// (the message proposes the clause it stands in), outside every clause, the rule off, a suppressed case, code and
// CRLF.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

/** Clauses 3, 3.1, 3.1(a) and 3.1(b), so that "this Section 3…" written elsewhere names a clause that exists. */
const three = '# 3. Term\n\n3.1. One year:\n\n(a) from signature;\n\n(b) renewable.\n\n';

describe('ref.self-mismatch', () => {
  it('finds nothing when an enclosing clause carries the number', () => {
    checkRule(
      'ref.self-mismatch',
      [
        '# 4. Confidentiality {#confidentiality}',
        '',
        'For purposes of this Section 4, "Information" means anything marked.',
        '',
        '4.1. In this Section 4.1, and in this §4:',
        '',
        '(a) this Section 4.1(a) applies; and',
        '',
        '(b) as used in this Section 4, "Recipient" means the receiving party.',
        '',
        '# Article II Term',
        '',
        'This Article II, and this article ii, survive.',
      ].join('\n'),
    );
  });

  it('reports "this Section 3" inside another clause', () => {
    checkRule(
      'ref.self-mismatch',
      [
        three,
        '# 4. Confidentiality',
        '',
        '4.1. For purposes of this Section 3, "Information" means anything marked.',
        '                          ^^^^^^^^^ warning ref.self-mismatch',
        '',
        '(a) this Section 3.1 applies.',
        '         ^^^^^^^^^^^ warning ref.self-mismatch',
      ].join('\n'),
    );
  });

  it('proposes the enclosing clause with as many number parts, and points at it', () => {
    const text = `${three}# 4. A\n\n4.1. w\n\n4.2. x\n\n(a) For purposes of this Section 3, and of this Section 3.1, and of this Section 3.1(b):`;
    const found = findingsOf('ref.self-mismatch', text);
    expect(found.map((f) => f.message)).toEqual([
      '"this Section 3" stands in clause 4: expected "this Section 4"',
      '"this Section 3.1" stands in clause 4.2: expected "this Section 4.2"',
      '"this Section 3.1(b)" stands in clause 4.2(a): expected "this Section 4.2(a)"',
    ]);
    expect(found.map((f) => f.data)).toEqual([
      { target: '3', expected: '4' },
      { target: '3.1', expected: '4.2' },
      { target: '3.1(b)', expected: '4.2(a)' },
    ]);
    expect(found.map((f) => f.related.map((r) => text.slice(r.span.start, r.span.end)))).toEqual([['4.'], ['4.2.'], ['(a)']]);
  });

  it('reports "this Section 3" outside every clause', () => {
    const found = checkRule('ref.self-mismatch', '# Definitions\n\nIn this Section 3, "Day" means a calendar day.\n        ^^^^^^^^^ warning ref.self-mismatch\n\n# 3. Term');
    expect(found[0]!.message).toBe('"this Section 3" stands in no clause: expected it inside clause 3');
  });

  it('says nothing when switched off', () => {
    checkRule('ref.self-mismatch', `${three}# 4. A\n\nIn this Section 3, x.`, { levels: { 'ref.self-mismatch': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('ref.self-mismatch', `${three}# 4. A\n\n<!-- clausemark-disable-next-line ref.self-mismatch -->\nIn this Section 3, x.\n\nIn this Section 3.1, y.\n        ^^^^^^^^^^^ warning ref.self-mismatch`);
  });

  it('never reads references inside code', () => {
    checkRule('ref.self-mismatch', `${three}# 4. A\n\nWrite \`this Section 3\` in clause 3 only.\n\n\`\`\`\nthis Section 3\n\`\`\``);
  });

  it('reports at the right columns in a CRLF document', () => {
    checkRule('ref.self-mismatch', ['# 3. A', '', '# 4. B', '', '4.1. x', '', 'In this', 'Section 3, y.', '^^^^^^^^^ warning ref.self-mismatch'].join('\r\n'));
  });

  it('leaves a number no clause carries to ref.broken, which names the clause it stands in', () => {
    checkRule('ref.self-mismatch', '# 4. A\n\nIn this Section 7, x.');
    const [broken] = findingsOf('ref.broken', '# 4. A\n\nIn this Section 7, x.');
    expect(broken!.message).toBe('No clause "7" in this document: "this Section 7" stands in clause 4');
    expect(broken!.data).toEqual({ target: '7', expected: '4' });
  });
});
