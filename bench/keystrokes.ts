// The keystrokes the workspace benches type into one file of the generated workspace (`npm run bench:workspace` and
// the workspace phase of `npm run bench`): the edit's text typed, then taken back, and so on, each answered in its
// window as the server answers a keystroke.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG, diagnosticsAfterEdit, documentDiagnostics, type WorkspaceIndex } from '../server/src/language/index.js';
import type { WorkspaceTruth } from './generate.js';

/** The file typed into, and its text and change at keystroke `e` (even: the edit typed; odd: taken back). */
export interface Keystrokes {
  readonly uri: string;
  readonly original: string;
  readonly edited: string;
  text(e: number): string;
  change(e: number): { from: number; oldEnd: number; newEnd: number };
}

export function keystrokesOf(edit: WorkspaceTruth['edit']): Keystrokes {
  const original = readFileSync(edit.path, 'utf8');
  const edited = original.slice(0, edit.offset) + edit.insert + original.slice(edit.offset);
  const at = edit.offset;
  return {
    uri: pathToFileURL(edit.path).href,
    original,
    edited,
    text: (e) => (e % 2 === 0 ? edited : original),
    change: (e) => ({ from: at, oldEnd: at, newEnd: e % 2 === 0 ? at + edit.insert.length : at }),
  };
}

/**
 * `count` keystrokes answered in their window (the server's way), after a full check of the file; their times in
 * milliseconds and why the window refused any.
 */
export function windowKeystrokes(index: WorkspaceIndex, keys: Keystrokes, count: number): { times: number[]; refused: string[] } {
  documentDiagnostics(index, keys.uri, DEFAULT_CONFIG);
  const times: number[] = [];
  const refused: string[] = [];
  for (let e = 0; e < count; e++) {
    const t = performance.now();
    const answer = diagnosticsAfterEdit(index, keys.uri, DEFAULT_CONFIG, keys.text(e), undefined, keys.change(e));
    times.push(performance.now() - t);
    if ('refused' in answer) refused.push(answer.refused);
  }
  return { times, refused };
}
