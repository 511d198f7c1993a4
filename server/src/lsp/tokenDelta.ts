// Semantic tokens sent as an edit of the previous answer (`textDocument/semanticTokens/full/delta`): the editor asks
// after every change, and on a long contract the whole answer is megabytes of which a keystroke changes a few numbers.
// The edit is the stretch between the longest common prefix and suffix of the two encodings, in whole tokens.

import type { SemanticTokensEdit } from 'vscode-languageserver';

/** The numbers of one token in the LSP encoding. */
const TOKEN = 5;

/** The edits that turn `before` into `after` (none when they are equal): one stretch, in whole tokens. */
export function tokenEdits(before: ArrayLike<number>, after: ArrayLike<number>): SemanticTokensEdit[] {
  const tokens = Math.min(before.length, after.length) / TOKEN;
  let head = 0;
  while (head < tokens && sameToken(before, head * TOKEN, after, head * TOKEN)) head++;
  let tail = 0;
  while (tail < tokens - head && sameToken(before, before.length - (tail + 1) * TOKEN, after, after.length - (tail + 1) * TOKEN)) tail++;
  const start = head * TOKEN;
  const deleteCount = before.length - tail * TOKEN - start;
  const data = Array.from({ length: after.length - tail * TOKEN - start }, (_, i) => after[start + i]!);
  return deleteCount === 0 && data.length === 0 ? [] : [{ start, deleteCount, data }];
}

function sameToken(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): boolean {
  for (let k = 0; k < TOKEN; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/** The last tokens sent for each document, under their result id, to answer the next request as an edit of them. */
export class TokenResults {
  readonly #sent = new Map<string, { id: string; data: Uint32Array }>();
  #next = 0;

  /** Keeps `data` as the answer for `uri` (not a copy: the encodings are never changed); returns its result id. */
  keep(uri: string, data: Uint32Array): string {
    const id = String(++this.#next);
    this.#sent.set(uri, { id, data });
    return id;
  }

  /** The answer sent for `uri` under `id`, if it is the last one. */
  sent(uri: string, id: string): Uint32Array | undefined {
    const last = this.#sent.get(uri);
    return last?.id === id ? last.data : undefined;
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.#sent.delete(uri);
  }
}
