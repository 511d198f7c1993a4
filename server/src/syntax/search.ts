// Binary search over anything sorted: the first index at which a predicate that holds for a prefix stops holding.

/**
 * The first index in `[0, length)` for which `before(i)` is false, or `length`; `before` must hold for a prefix of
 * the indexes and not after it (e.g. `starts[i] < x` over sorted starts).
 */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
