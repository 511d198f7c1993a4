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
 * A value of `model`'s skeleton that holds offsets, built once per model; for a window's model, the value of the
 * model it was moved from, moved (`moveValue` gets the offset mover).
 */
export function skeletonPositions<T>(model: DocumentModel, key: string, build: (model: DocumentModel) => T, moveValue: (value: T, move: (offset: number) => number) => T): T {
  const origin = origins.get(model);
  let own = positions.get(model);
  if (!own) positions.set(model, (own = new Map()));
  if (!own.has(key)) own.set(key, origin ? moveValue(skeletonPositions(origin.from, key, build, moveValue), origin.move) : build(model));
  return own.get(key) as T;
}

const positions = new WeakMap<DocumentModel, Map<string, unknown>>();

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
