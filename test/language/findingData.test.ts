// Tests of the offsets in a finding's data (`language/findingData.ts`): which numbers are offsets, and that data no
// offset of which changes stays the same object (a finding an edit does not move keeps its diagnostic).

import { describe, expect, it } from 'vitest';
import { mapDataOffsets } from '../../server/src/language/findingData.js';

describe('mapDataOffsets', () => {
  const plus10 = (offset: number) => offset + 10;
  // [name, data, mapped by +10]
  const cases: [string, unknown, unknown][] = [
    ['a span', { blockSpan: { start: 1, end: 5 } }, { blockSpan: { start: 11, end: 15 } }],
    ['an offset field, at depth', { insert: { offset: 3, text: 'x' } }, { insert: { offset: 13, text: 'x' } }],
    ['spans in an array', { spans: [{ start: 0, end: 1 }, { start: 2, end: 3 }] }, { spans: [{ start: 10, end: 11 }, { start: 12, end: 13 }] }],
    ['numbers that are not offsets', { count: 3, start: 4, cycle: ['a', 'b'] }, { count: 3, start: 4, cycle: ['a', 'b'] }],
    ['no data', undefined, undefined],
  ];
  it.each(cases)('%s', (_name, data, expected) => {
    expect(mapDataOffsets(data, plus10)).toEqual(expected);
  });

  it.each(cases)('keeps %s the same object when no offset moves', (_name, data) => {
    expect(mapDataOffsets(data, (offset) => offset)).toBe(data);
  });

  it('shares what did not move', () => {
    const data = { name: { first: 'A' }, blockSpan: { start: 1, end: 5 }, parties: ['X', 'Y'] };
    const moved = mapDataOffsets(data, (offset) => (offset >= 5 ? offset + 1 : offset)) as typeof data;
    expect(moved).toEqual({ name: { first: 'A' }, blockSpan: { start: 1, end: 6 }, parties: ['X', 'Y'] });
    expect(moved).not.toBe(data);
    expect(moved.name).toBe(data.name);
    expect(moved.parties).toBe(data.parties);
  });
});
