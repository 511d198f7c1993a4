// Values computed once per document skeleton (clause indexes by number, groups of repeated numbers, the ranges a
// rule exempts): a model made for an edit's window (`syntax/editWindow.ts`) has the skeleton of the model before
// the edit, moved, so it shares that model's values that hold no offsets, and moves those that do, instead of
// computing them again over every clause.

import type { DocumentModel } from '../syntax/model.js';

const memos = new WeakMap<DocumentModel, Map<string, unknown>>();
/** A window's model: the model it was moved from, and how offsets moved. */
const origins = new WeakMap<DocumentModel, { readonly from: DocumentModel; readonly move: (offset: number) => number }>();

/** The value of `key` for `model`'s skeleton, built once (`build` must not keep offsets of the model). */
export function skeletonMemo<T>(model: DocumentModel, key: string, build: () => T): T {
  let memo = memos.get(model);
  if (!memo) memos.set(model, (memo = new Map()));
  if (!memo.has(key)) memo.set(key, build());
  return memo.get(key) as T;
}

/**
 * A value of `model`'s skeleton that holds offsets, built once per model, with the mover to read its offsets with:
 * for a window's model, the value of the model it was moved from and how offsets moved (nothing is built or copied
 * per keystroke); for any other model, its own value and no move.
 */
export function skeletonOffsets<T>(model: DocumentModel, key: string, build: (model: DocumentModel) => T): { readonly value: T; readonly move: (offset: number) => number } {
  const origin = origins.get(model);
  const owner = origin?.from ?? model;
  return { value: skeletonMemo(owner, `offsets:${key}`, () => build(owner)), move: origin?.move ?? same };
}

const same = (offset: number) => offset;

/**
 * Lets `to`, whose skeleton is `from`'s moved by `move` (the same clauses in the same order, the same numbers, ids,
 * definitions and headings), share `from`'s values.
 */
export function shareSkeleton(from: DocumentModel, to: DocumentModel, move: (offset: number) => number): void {
  let memo = memos.get(from);
  if (!memo) memos.set(from, (memo = new Map()));
  memos.set(to, memo);
  origins.set(to, { from, move });
}
