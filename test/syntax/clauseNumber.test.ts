// Clause numbers: which number lies inside which (the clause tree nests by it), as a table.

import { describe, expect, it } from 'vitest';
import { isInsideNumber } from '../../server/src/syntax/clauseNumber.js';

const cases: readonly [inner: string, outer: string, inside: boolean][] = [
  ['1.1', '1', true],
  ['1.1.2', '1', true],
  ['1.10', '1.1', false],
  ['1.1', '1.1', false],
  ['1', '1.1', false],
  ['2.3(a)', '2.3', true],
  ['2.3(a)(i)', '2.3(a)', true],
  ['2.3(ab)', '2.3(a)', false],
  ['12', '1', false],
  ['IV', 'I', false],
  ['IV(a)', 'IV', true],
  ['1', '', true],
  ['', '', false],
];

describe('isInsideNumber', () => {
  for (const [inner, outer, inside] of cases) {
    it(`${inner || '""'} ${inside ? 'lies' : 'does not lie'} inside ${outer || '""'}`, () => expect(isInsideNumber(inner, outer)).toBe(inside));
  }
});
