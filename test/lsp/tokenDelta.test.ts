// Semantic tokens as an edit of the previous answer (`lsp/tokenDelta.ts`): applying the edit to the tokens sent before
// gives the new ones, whatever changed, and it spans whole tokens.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenResults, tokenEdits } from '../../server/src/lsp/tokenDelta.js';

/** `data` with the edits applied, as the editor applies them. */
function apply(data: readonly number[], edits: ReturnType<typeof tokenEdits>): number[] {
  const out = [...data];
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return out;
}

const token = fc.tuple(fc.nat(3), fc.nat(40), fc.integer({ min: 1, max: 12 }), fc.nat(4), fc.nat(7));
const tokens = fc.array(token, { maxLength: 30 }).map((list) => list.flat());

describe('semantic tokens as an edit', () => {
  it('turns the tokens sent into the new ones, in whole tokens (seeded)', () => {
    fc.assert(
      fc.property(tokens, tokens, fc.nat(30), fc.nat(30), (before, middle, cut, keep) => {
        // Often the new tokens share a head and a tail with the old ones, as after a keystroke.
        const head = before.slice(0, Math.min(before.length, cut * 5));
        const tail = before.slice(head.length).slice(-keep * 5);
        const after = [...head, ...middle, ...tail];
        const edits = tokenEdits(before, after);
        expect(apply(before, edits)).toEqual(after);
        for (const e of edits) {
          expect(e.start % 5).toBe(0);
          expect(e.deleteCount % 5).toBe(0);
          expect((e.data ?? []).length % 5).toBe(0);
        }
      }),
      { seed: 6069, numRuns: 2000 },
    );
  });

  it('is empty between equal tokens and small for one token changed among many', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => [i % 3, 4, 5, i % 5, 0]).flat();
    expect(tokenEdits(many, many)).toEqual([]);
    const changed = [...many];
    changed[5 * 5000 + 2] = 9;
    expect(tokenEdits(many, changed)).toEqual([{ start: 25_000, deleteCount: 5, data: changed.slice(25_000, 25_005) }]);
  });

  it('keeps only the last answer of each document, under its result id', () => {
    const sent = new TokenResults();
    const first = sent.keep('file:///a', Uint32Array.of(1, 2, 3, 4, 5));
    const second = sent.keep('file:///a', Uint32Array.of(6, 7, 8, 9, 10));
    expect(sent.sent('file:///a', first)).toBeUndefined();
    expect([...sent.sent('file:///a', second)!]).toEqual([6, 7, 8, 9, 10]);
    sent.forget('file:///a');
    expect(sent.sent('file:///a', second)).toBeUndefined();
  });
});
