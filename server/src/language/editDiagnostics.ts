// The diagnostics of a document after an edit, found from the last full check instead of a new one: the edit's
// window (`syntax/editWindow.ts`) is read and linked alone, the rules that look at single occurrences check that
// window again, and every other finding is moved by the edit. The answer is the one a full check of the new text
// gives (`test/language/editDiagnostics.test.ts` compares them over seeded edits); when the edit may change more
// than its window (a heading, a definition's names, the terms a definition's text uses, a term's count of uses, a
// rule that says nothing of windows...), it is refused with the reason, and the caller reads and checks the document
// as usual.

import type { TextChange } from '../syntax/blockSplit.js';
import { readEditWindow, type EditWindow } from '../syntax/editWindow.js';
import type { Span } from '../syntax/model.js';
import type { LanguageConfig } from './config.js';
import { checkBasis, documentDiagnostics, finishDiagnostics, levelOf, runRule, type Diagnostic } from './diagnostics.js';
import { linkDocument, usesStartingIn, type LinkedDocument, type TermUse } from './link.js';
import { mapDataOffsets } from './findingData.js';
import { RULES } from './rules/index.js';
import { ownUseCount, sharesUses } from './rules/term.unused.js';
import { retoldEdgesMayChange } from './rules/term.circular.js';
import type { Finding, RelatedPlace, Rule } from './rules/rule.js';
import { runOffset } from '../syntax/runs.js';
import { changeBetween } from '../syntax/parseDocument.js';
import { EditedText, textOf, type TextSource } from '../syntax/textSource.js';
import { shareSkeleton, skeletonOffsets } from './skeletonMemo.js';
import { suppressionRegions } from './suppression.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

/** An edit's window as its diagnostics found it: `[start, oldEnd)` of the indexed text became `[start, newEnd)`. */
export interface EditedWindow {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  /** The window linked alone (its model: the previous skeleton moved, the window's own occurrences). */
  readonly linked: LinkedDocument;
  /** The change itself, inside the window. */
  readonly change: TextChange;
}

/**
 * The diagnostics of the edited text, and the window they were found in (none when the text is the indexed one), or
 * why they cannot be found this way.
 */
export type EditCheck = { readonly diagnostics: Diagnostic[]; readonly window?: EditedWindow } | { readonly refused: string };

/**
 * The diagnostics of `text`, a new text of the indexed document `uri`, from the last full check of the indexed
 * text (made here when there is none). The index is not changed: it still holds the previous text. `change`, when
 * the caller knows it, spares comparing the texts.
 */
export function diagnosticsAfterEdit(index: WorkspaceIndex, uri: string, config: LanguageConfig, text: TextSource, rules: readonly Rule[] = RULES, change?: TextChange): EditCheck {
  const doc = index.document(uri);
  if (!doc) return { refused: 'not indexed' };
  if (doc.tooLarge !== undefined) return { refused: 'above the size limit' };
  const linked = index.linked(uri);
  if (!linked) return { refused: 'not linked' };
  let basis = checkBasis(linked);
  const levels = new Map(rules.map((rule) => [rule.id, levelOf(index, config, rule.id, rule.defaultLevel)] as const));
  // A basis made before a change elsewhere in the workspace still holds when nothing its check read changed.
  if (!basis || !index.stillValid(basis.reads) || basis.rules !== rules || rules.some((rule) => basis!.levels.get(rule.id) !== levels.get(rule.id))) {
    documentDiagnostics(index, uri, config, rules);
    basis = checkBasis(linked);
    if (!basis) return { refused: 'no basis' };
  }
  // The text the index holds (an edit typed and taken back): the last full check, as it was. An empty change says so
  // without comparing two texts of the same length; the indexed text with a stretch replaced says where it changed.
  const known = change ?? stretchChange(text, doc.model.text);
  const unchanged = known ? known.from === known.oldEnd && known.from === known.newEnd : doc.model.text === text;
  if (unchanged) return { diagnostics: finishDiagnostics(rules, basis.levels, basis.findings, basis.suppressed, linked.model.problems) };
  for (const rule of rules) {
    if (levels.get(rule.id) !== 'off' && !rule.window) return { refused: `rule ${rule.id} does not say what its findings depend on` };
  }

  const window = readEditWindow(linked.model, text, known);
  if ('refused' in window) return window;
  const { start, oldEnd, newEnd, model } = window;
  // The window's clauses are the previous ones, moved: values kept per skeleton (clause indexes by number) hold.
  shareSkeleton(linked.model, model, (offset) => window.move(offset) ?? offset);
  const local = linkDocument(index, { uri, version: doc.version, model });
  const countChange = useCountChange(index, usesStartingIn(linked.termUses, start, oldEnd), local.termUses);
  if (countChange) return { refused: countChange };
  const retoldUses = retoldUseChange(index, uri, linked, local, window, levels.get('term.circular') !== 'off');
  if (retoldUses) return { refused: retoldUses };
  // A suppression region that starts or ends inside the window could silence a different part of it now.
  const regions = skeletonOffsets(linked.model, 'suppressionRegions', suppressionRegions).value;
  if (regions.some((r) => (r.start > start && r.start < oldEnd) || (r.end > start && r.end < oldEnd))) return { refused: 'a suppression region ends in the window' };

  const findings = new Map<string, readonly Finding[]>();
  const oldContext = { index, linked, model: linked.model, uri };
  for (const rule of rules) {
    if (levels.get(rule.id) === 'off') continue;
    const before = basis.findings.get(rule.id) ?? [];
    const kept: Finding[] = [];
    const checksWindow = rule.window === 'occurrences';
    for (const f of before) {
      if (checksWindow && f.span.start >= start && f.span.start < oldEnd) continue;
      const moved = moveFinding(f, uri, window, local.termUses);
      if (!moved) return { refused: `a finding of ${rule.id} lies in the change` };
      kept.push(moved);
    }
    if (checksWindow) {
      const prefix = rule.windowPrefix?.(linked, start, local);
      const seen: LinkedDocument = prefix
        ? { ...local, termUses: [...(prefix.termUses ?? []), ...local.termUses], citations: [...(prefix.citations ?? []), ...local.citations] }
        : local;
      const context = { index, linked: seen, model, uri };
      if (rule.windowCarry && rule.windowCarry(oldContext, start, oldEnd) !== rule.windowCarry(context, start, newEnd)) {
        return { refused: `what the window hands on to the rest changed for ${rule.id}` };
      }
      for (const f of runRule(rule, context)) if (f.span.start >= start && f.span.start < newEnd) kept.push(f);
    }
    findings.set(rule.id, kept);
  }
  const d = newEnd - oldEnd;
  // No region has an end inside the window, so one offset there answers for all of it.
  const suppressed = (rule: string, offset: number) => basis.suppressed(rule, offset < start ? offset : offset >= newEnd ? offset - d : start);
  return { diagnostics: finishDiagnostics(rules, levels, findings, suppressed, []), window: { start, oldEnd, newEnd, linked: local, change: window.change } };
}

/** The change from `indexed` to `text` when `text` is `indexed` with a stretch replaced (the stretch's own change). */
function stretchChange(text: TextSource, indexed: string): TextChange | undefined {
  if (!(text instanceof EditedText) || text.base !== indexed) return undefined;
  const c = changeBetween(indexed.slice(text.from, text.oldEnd), text.middle);
  return { from: text.from + c.from, oldEnd: text.from + c.oldEnd, newEnd: text.from + c.newEnd };
}

/**
 * Gets the document ready for its first keystroke: the last full check kept, and `rounds` edits answered in their
 * windows (a space typed at the end of a paragraph near the middle), so that the window's code is compiled and what
 * it builds once per skeleton is built before the writer types. Changes nothing.
 */
export function prepareEdits(index: WorkspaceIndex, uri: string, config: LanguageConfig, rules: readonly Rule[] = RULES, rounds = 1): void {
  const model = index.document(uri)?.model;
  if (!model || model.runs.length === 0) return;
  // A few paragraphs around the middle: the engine compiles code that has run a few times.
  for (let round = 0; round < rounds; round++) {
    const run = model.runs[Math.min(model.runs.length - 1, (model.runs.length >> 1) + round)]!;
    if (run.text.length === 0) continue;
    const at = runOffset(run, run.text.length - 1) + 1;
    // Read through pieces, as the server gives a keystroke: no copy of the text.
    diagnosticsAfterEdit(index, uri, config, new EditedText(model.text, at, at, ' '), rules);
  }
}

/**
 * Why the window's change of term uses (`before` the edit, `after` it) may change what the counting rules report,
 * or undefined when it may not. `term.unused` and `term.used-once` ask whether a definition is used none, once or
 * more often across the workspace (uses inside its own defining sentence left out: the window's definitions are
 * unchanged, so those cancel out here): a definition used twice or more before and after keeps its findings. A
 * change of uses out of scope, of a definition used less than twice, or of one that shares its uses with a pointer
 * definition is refused.
 */
function useCountChange(index: WorkspaceIndex, before: readonly TermUse[], after: readonly TermUse[]): string | undefined {
  const delta = new Map<string, { uri: string; definition: number; outOfScope: boolean; by: number }>();
  const tally = (uses: readonly TermUse[], by: number) => {
    for (const u of uses) {
      if (!u.term) continue;
      const key = `${u.term.uri}#${u.term.definition}${u.outOfScope ? '!' : ''}`;
      const entry = delta.get(key) ?? { uri: u.term.uri, definition: u.term.definition, outOfScope: u.outOfScope === true, by: 0 };
      entry.by += by;
      delta.set(key, entry);
    }
  };
  tally(before, -1);
  tally(after, 1);
  for (const { uri, definition, outOfScope, by } of delta.values()) {
    if (by === 0) continue;
    if (outOfScope) return 'the uses of a term out of its scope changed';
    const model = index.document(uri)?.model;
    if (!model?.definitions[definition]) return 'the uses of a term changed';
    if (sharesUses(model, definition)) return 'the uses of a term shared with a pointer definition changed';
    const count = ownUseCount(index, uri, model, definition);
    if (count < 2 || count + by < 2) return 'a term is now used less than twice, or was';
  }
  return undefined;
}

/**
 * Why the uses inside the definitions whose text the edit changed (`window.retold`) may change what the document
 * rules report, or undefined when they may not. `term.circular` draws an edge from a definition to each term its
 * text uses, through the first such use (`retoldEdgesMayChange` says when that matters). `term.unused` and
 * `term.used-once` leave out a use of a term inside its own defining sentence, whose end the edit may move: a
 * definition whose text uses its own term is refused. Their counts are `useCountChange`'s.
 */
function retoldUseChange(index: WorkspaceIndex, uri: string, linked: LinkedDocument, local: LinkedDocument, window: EditWindow, circular: boolean): string | undefined {
  for (const d of window.retold) {
    const before = linked.model.definitions[d]!.span;
    const after = window.model.definitions[d]!.span;
    const now = usesStartingIn(local.termUses, after.start, after.end);
    if (now.some((u) => u.term?.uri === uri && u.term.definition === d && u.span.end <= after.end)) return 'a definition whose text uses its own term changed';
    const was = { text: linked.model.text, span: before, uses: usesStartingIn(linked.termUses, before.start, before.end) };
    if (circular && retoldEdgesMayChange(index, uri, d, was, { text: textOf(window.model), span: after, uses: now }, window.move)) {
      return 'the terms a definition uses may change a cycle';
    }
  }
  return undefined;
}

/**
 * A finding of the previous text moved by the edit (its span, related places in the document, offsets in its data);
 * undefined when one lies inside the change, or a place meets it: a place that ends where the change starts, starts
 * where it ends, or holds it may now be read longer or shorter (a use of "Fee" typed on into "Fees", or not), which
 * moving cannot tell. A related place that meets the change is the window's term use that starts where it starts,
 * if there is one (the only use of a term, say); otherwise the finding is refused too.
 */
function moveFinding(f: Finding, uri: string, window: EditWindow, uses: readonly TermUse[]): Finding | undefined {
  let inside = false;
  const at = (offset: number) => {
    const moved = window.move(offset);
    if (moved === undefined) inside = true;
    return moved ?? offset;
  };
  const { from, oldEnd } = window.change;
  const meets = (s: Span) => s.end >= from && s.start <= oldEnd;
  const span = (s: Span): Span => {
    if (s.end < from) return s;
    if (meets(s)) inside = true;
    return { start: at(s.start), end: at(s.end) };
  };
  const place = (r: RelatedPlace): RelatedPlace => {
    if (r.uri !== uri) return r;
    if (r.span.end >= from && meets(r.span) && r.span.start < from) {
      const use = uses.find((u) => u.span.start === r.span.start);
      if (use) return { ...r, span: use.span };
    }
    const moved = span(r.span);
    return moved === r.span ? r : { ...r, span: moved };
  };
  const movedSpan = span(f.span);
  const related = f.related?.map(place);
  const data = f.data && (mapDataOffsets(f.data, at) as Finding['data']);
  if (inside) return undefined;
  // A finding the edit does not move stays the same object (and so does its diagnostic, see `diagnostics.ts`).
  if (movedSpan === f.span && data === f.data && (!related || related.every((r, i) => r === f.related![i]))) return f;
  return { ...f, span: movedSpan, ...(related ? { related } : {}), ...(data ? { data } : {}) };
}
