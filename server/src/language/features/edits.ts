// Text edits in our own words (a span of UTF-16 offsets and the text that replaces it), and the one place that
// applies them: sorted by position, refusing overlaps and spans outside the text. Rename builds its edits here,
// checks them here and previews its result here; tests use the same functions to replay edits on file texts.

import type { Span } from '../../syntax/model.js';

/** Replace the text of `span` with `newText`. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A text edit in a file of the workspace. */
export interface FileEdit extends TextEdit {
  readonly uri: string;
}

/** Edits sorted by start (a stable sort, so two insertions at one offset keep their given order). */
export function sortEdits<T extends TextEdit>(edits: readonly T[]): T[] {
  return [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * Says why `edits` cannot be applied to a text of `length` characters, or undefined when they can: every span lies
 * inside the text with `start <= end`, and no two spans overlap (touching is fine; two edits at one offset are not,
 * since their order would be a guess).
 */
export function editProblem(length: number, edits: readonly TextEdit[]): string | undefined {
  const sorted = sortEdits(edits);
  let previous: TextEdit | undefined;
  for (const edit of sorted) {
    const { start, end } = edit.span;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
      return `Edit [${start}, ${end}) lies outside a text of ${length} characters`;
    }
    if (previous && (start < previous.span.end || (start === previous.span.start && start === previous.span.end))) {
      return `Edits [${previous.span.start}, ${previous.span.end}) and [${start}, ${end}) overlap`;
    }
    previous = edit;
  }
  return undefined;
}

/** Applies `edits` to `text`. Throws a RangeError when `editProblem` finds one: a caller's bug, never user input. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const problem = editProblem(text.length, edits);
  if (problem) throw new RangeError(problem);
  let out = '';
  let at = 0;
  for (const edit of sortEdits(edits)) {
    out += text.slice(at, edit.span.start) + edit.newText;
    at = edit.span.end;
  }
  return out + text.slice(at);
}

/** Applies file edits to a set of file texts by URI; files without edits are returned unchanged. */
export function applyFileEdits(texts: ReadonlyMap<string, string>, edits: readonly FileEdit[]): Map<string, string> {
  const out = new Map(texts);
  for (const [uri, list] of groupByUri(edits)) {
    const text = texts.get(uri);
    if (text === undefined) throw new RangeError(`No text for "${uri}"`);
    out.set(uri, applyEdits(text, list));
  }
  return out;
}

/** File edits grouped by URI, each group sorted, in the order the URIs first appear. */
export function groupByUri(edits: readonly FileEdit[]): Map<string, FileEdit[]> {
  const groups = new Map<string, FileEdit[]>();
  for (const edit of edits) {
    const list = groups.get(edit.uri) ?? [];
    list.push(edit);
    groups.set(edit.uri, list);
  }
  for (const [uri, list] of groups) groups.set(uri, sortEdits(list));
  return groups;
}

/**
 * Where an offset of the old text stands in the edited text. An offset inside an edited span maps to the start of
 * its replacement; an offset at an edit's start stays before the replacement. `edits` must be sorted and valid.
 */
export function mapOffset(edits: readonly TextEdit[], offset: number): number {
  let shift = 0;
  for (const edit of edits) {
    if (edit.span.start >= offset) break;
    if (edit.span.end > offset) return edit.span.start + shift;
    shift += edit.newText.length - (edit.span.end - edit.span.start);
  }
  return offset + shift;
}
