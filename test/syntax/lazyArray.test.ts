// The lazily made array behind a window's moved clauses (syntax/lazyArray.ts): an array to every reader, each element made once.

import { expect, it } from 'vitest';
import { lazyArray } from '../../server/src/syntax/lazyArray.js';
it('behaves as an array of what make gives, making each element once', () => {
  let made = 0;
  const a = lazyArray(5, (i) => { made++; return { i }; });
  expect(a.length).toBe(5);
  expect(Array.isArray(a)).toBe(true);
  expect(a[3]).toEqual({ i: 3 });
  expect(a[3]).toBe(a[3]);
  expect(made).toBe(1);
  expect(a.filter((x) => x.i % 2 === 0).map((x) => x.i)).toEqual([0, 2, 4]);
  expect([...a].map((x) => x.i)).toEqual([0, 1, 2, 3, 4]);
  expect(a.slice(1, 3)).toEqual([{ i: 1 }, { i: 2 }]);
  expect(a[5]).toBeUndefined();
  expect(a).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
  expect(made).toBe(5);
});
