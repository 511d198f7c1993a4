// An edit's block window (`splitWindow`) meets the previous blocks again right after the change when it may stop at
// any paragraph boundary (`anyBoundary`, the keystroke window's way): a keystroke that moves which paragraphs the
// block-size rule picks does not make the window run on to the next heading.

import { describe, expect, it } from 'vitest';
import { splitBlocks, splitWindow } from '../../server/src/syntax/blockSplit.js';

const paragraph = (k: number) => `Paragraph ${k} binds the Supplier. `.repeat(1 + ((k * 7) % 3)).trim();
const text = Array.from({ length: 400 }, (_, k) => paragraph(k)).join('\n\n') + '\n';

describe('the block window of a keystroke', () => {
  it('ends at the first previous block start after the change, wherever the characters are typed', () => {
    const blocks = splitBlocks(text, 0, true);
    let widest = 0;
    let widestAnywhere = 0;
    // Typing up to 80 characters somewhere in the first blocks: some lengths move the size rule's choice.
    for (let k = 0; k < 240; k++) {
      const at = (k * 37) % 3000;
      const typed = 'x'.repeat(1 + (k % 80));
      const next = `${text.slice(0, at)}${typed}${text.slice(at)}`;
      const change = { from: at, oldEnd: at, newEnd: at + typed.length };
      const sized = splitWindow(next, 0, blocks, change, true);
      const anywhere = splitWindow(next, 0, blocks, change, true, true);
      widest = Math.max(widest, sized.end - sized.first);
      widestAnywhere = Math.max(widestAnywhere, anywhere.end - anywhere.first);
      // The blocks it gives cover the new text up to where the previous blocks take over.
      const stop = anywhere.end < blocks.length ? blocks[anywhere.end]!.start + typed.length : next.length;
      expect(anywhere.starts[0]).toBe(blocks[anywhere.first]!.start);
      expect(anywhere.starts.every((s) => s < stop)).toBe(true);
    }
    // Two blocks back (the scan's restart), the block with the change, and the one after at most.
    expect(widestAnywhere).toBeLessThanOrEqual(4);
    // Without it, some keystrokes shift the size rule's choice for many blocks.
    expect(widest).toBeGreaterThan(widestAnywhere);
  });
});
