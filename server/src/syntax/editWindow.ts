// After an edit, the stretch of the document whose reading changed, read again, and the previous model moved
// around it: what the diagnostics of a keystroke re-check (`language/editDiagnostics.ts`) instead of reading,
// linking and checking the whole document. Refused, with the reason, whenever the edit may change what the rest
// of the document reads: a heading, a clause number or `(a)` marker, a definition's names, form, pointer or scope (its
// text may change after its names), a quotation mark in a definition, a callout, a link, a comment, the front matter,
// link definitions, or the citation keys in the stretch.

import { likelyNumberLength, referencesOf, readBlock, shiftBlock, type BlockRead, type ItemFacts } from './blockRead.js';
import { fineStarts, opensFrontMatter, splitWindow, type Block, type TextChange } from './blockSplit.js';
import { buildClauseTree, treeReading } from './extract/clauses.js';
import { definitionSpans, type FoundDefinition } from './extract/definitions.js';
import type { Callout, Clause, ClauseReference, Definition, DocumentModel, Section, Span, Suppression, SyntaxProblem } from './model.js';
import { changeBetween, ownScopePhrase, readingOf, withoutLinkText } from './parseDocument.js';
import { plainText } from './plainText.js';
import type { BlockItem } from './parseBlock.js';
import { lazyArray } from './lazyArray.js';
import { partitionPoint } from './search.js';
import { withSourceText, type TextSource } from './textSource.js';

/**
 * How far around the change the window reaches at least: the rules read at most this many characters beyond an
 * occurrence (`(defined below)` after a use, the words before and after a clause reference), so an occurrence
 * farther from the change than this keeps its findings.
 */
export const WINDOW_MARGIN = 256;

/**
 * The most a change may span (in the previous text or the new one) to be read in a window. The editor's changes
 * since the index took the text are followed as one span (`lsp/pendingChange.ts`): typing near the middle of a long
 * contract and then near its top spans megabytes, whose window took 8 s on 10 MB (the full way takes 1.5 s).
 */
export const MAX_WINDOW_CHANGE = 256 * 1024;

/** An edit's window: `[start, oldEnd)` of the previous text became `[start, newEnd)` of the new one. */
export interface EditWindow {
  readonly change: TextChange;
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  /**
   * A model of the new text for the rules: clauses, sections, definitions, callouts, suppressions and front matter
   * of the previous model moved by the edit, and only the window's runs, references, citations, term links and
   * problems (besides the front matter's).
   */
  readonly model: DocumentModel;
  /** An offset of the previous text in the new one; undefined strictly inside the replaced text. */
  readonly move: (offset: number) => number | undefined;
  /**
   * The definitions (indexes) whose defining text the change lies in, after their names: the same names, form,
   * pointer and scope, their text changed (the window's model holds the new text). Where the change meets the end of
   * that text (`endMeets`: typing, spaces or deleting at its end), the text and its block end where the window's
   * reading ends them instead of being moved. What their text uses may have changed; `language/editDiagnostics.ts`
   * checks that.
   */
  readonly retold: readonly number[];
}

/** The window of the edit that turns `previous` into `text`, or the reason there is none. */
export function readEditWindow(previous: DocumentModel, text: TextSource, given?: TextChange): EditWindow | { refused: string } {
  const prior = readingOf(previous);
  if (!prior) return { refused: 'the previous model was not read here' };
  if (!prior.fine || prior.blocks.length === 0) return { refused: 'the document has link definitions' };
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (bom !== prior.bom) return { refused: 'byte-order mark' };
  const change = given ?? changeBetween(prior.text, text);
  if (Math.max(change.oldEnd, change.newEnd) - change.from > MAX_WINDOW_CHANGE) return { refused: 'the change spans more than 256 KB' };
  if (text.slice(Math.max(0, change.from - 1), change.newEnd + 1).includes(']:')) return { refused: 'a link definition' };
  // A front matter fence that no line closes: the text is read without front matter, and a `---` line typed anywhere
  // may close it (the text up to there becomes YAML), one typed first may open it. A writer is typing the front matter.
  if (!previous.frontMatter && (opensFrontMatter(prior.text, bom) || opensFrontMatter(text, bom))) return { refused: 'the front matter changed' };
  const d = change.newEnd - change.oldEnd;
  const blocks = prior.blocks;
  const split = splitWindow(text, bom, blocks, change, true, true);

  // The window: whole blocks, at least WINDOW_MARGIN characters each side of the change. The split rescans from a
  // block or two before the change; those blocks are as they were, and need not be in the window.
  const first = partitionPoint(blocks.length, (i) => blocks[i]!.end <= change.from - WINDOW_MARGIN);
  const starts = split.starts.filter((s) => s >= blocks[first]!.start);
  let end = split.end;
  const oldEndOf = (k: number) => (k < blocks.length ? blocks[k]!.start : prior.text.length);
  while (end < blocks.length && oldEndOf(end) < change.oldEnd + WINDOW_MARGIN) end++;
  const start = blocks[first]!.start;
  const oldEnd = oldEndOf(end);
  const newEnd = oldEnd + d;

  // The window's blocks, read: those the split left as they were are reused (moved when after the change).
  const reads: BlockRead[] = blocks.slice(first, split.first);
  starts.forEach((s, i) => {
    const e = i + 1 < starts.length ? starts[i + 1]! : split.end < blocks.length ? blocks[split.end]!.start + d : text.length;
    const at = e <= change.from ? s : s >= change.newEnd ? s - d : -1;
    const k = at < 0 ? -1 : partitionPoint(blocks.length, (j) => blocks[j]!.start < at);
    const old = k >= 0 ? blocks[k] : undefined;
    const block = { start: s, end: e, first: s === bom };
    reads.push(old && old.start === at && old.end - old.start === e - s && old.first === block.first ? shiftBlock(old, s) : readAround(prior.text, text, bom, blocks, block, change));
  });
  for (let k = split.end; k < end; k++) reads.push(shiftBlock(blocks[k]!, blocks[k]!.start + d));

  const move = (offset: number): number | undefined =>
    offset < change.from ? offset : offset >= change.oldEnd ? offset + d : offset === change.from ? offset : undefined;
  const oldReads = blocks.slice(first, end);
  const oldItems = oldReads.flatMap((b) => b.items);
  const newItems = reads.flatMap((b) => b.items);
  const oldFacts = oldReads.flatMap((b) => b.facts);
  const newFacts = reads.flatMap((b) => b.facts);
  if (oldItems.length !== newItems.length) return { refused: 'the blocks changed' };
  // A quotation mark typed or deleted can make a definition, or turn a term's use inside one into a mention.
  const quotes = /["“”«»]/.test(prior.text.slice(change.from, change.oldEnd)) || /["“”«»]/.test(text.slice(change.from, change.newEnd));
  const retold: number[] = [];
  const reEnded = new Map<number, { readonly span: Span; readonly blockSpan: Span }>();
  for (let i = 0; i < oldItems.length; i++) {
    const o = oldItems[i]!;
    const n = newItems[i]!;
    const reason = itemChange(o, n, prior.text, text);
    if (reason) return { refused: reason };
    const was = oldFacts[i]!.definitions;
    const found = newFacts[i]!.definitions;
    if ((was || found) && !sameDefinitions(previous, o, n, was ?? [], found ?? [], text, move, quotes ? undefined : { change, retold, reEnded, before: prior.text })) {
      return { refused: 'a definition changed' };
    }
  }
  const keys = (list: readonly BlockRead[]) => list.flatMap((b) => b.citations.flatMap((c) => c.items.map((item) => item.key))).join('\u0000');
  if (keys(oldReads) !== keys(reads)) return { refused: 'the citation keys changed' };
  if (previous.problems.some((p) => p.code === 'syntax.internal')) return { refused: 'the previous model failed' };

  // The definitions whose text changed hold their new text (what a hover of the window's model would show).
  const retelling = new Set(retold);
  // A definition whose end the change meets ends where the window's reading ends it (`sameDefinitions`).
  const retell = (d: number, moved: Definition): Definition => {
    if (!retelling.has(d)) return moved;
    const def = { ...moved, ...reEnded.get(d) };
    return { ...def, text: plainText(text.slice(def.span.start, def.span.end)) };
  };
  // The window's callouts as read now (their text may have changed), attached where they were.
  const read = new Map<number, Callout>();
  let c = partitionPoint(previous.callouts.length, (j) => previous.callouts[j]!.span.start < start);
  for (const item of newItems) {
    if (item.kind !== 'callout') continue;
    const was = previous.callouts[c];
    if (!was) return { refused: 'a callout changed' };
    const { kind: _kind, ...callout } = item;
    read.set(c++, { ...callout, ...(was.target ? { target: was.target } : {}) });
  }
  const moved = moveSkeleton(previous, change.from, change.oldEnd, move, retell, read, reEnded);
  if (!moved) return { refused: 'the skeleton reaches into the change' };

  // The window's occurrences: runs, references (after the numbers that open clauses), citations, term links, problems.
  const opensClause = (item: BlockItem) => {
    const k = partitionPoint(previous.clauses.length, (j) => previous.clauses[j]!.headSpan.start < item.span.start);
    return previous.clauses[k]?.headSpan.start === item.span.start;
  };
  const runs: DocumentModel['runs'][number][] = [];
  const references: ClauseReference[] = [];
  const problems: SyntaxProblem[] = [];
  const links: Span[] = [];
  let i = 0;
  for (const block of reads) {
    block.items.forEach((item, j) => {
      const fact = block.facts[j]!;
      if (item.kind === 'heading' || item.kind === 'paragraph' || item.kind === 'cell') {
        runs.push(item.run);
        const skip = item.kind !== 'cell' && opensClause(oldItems[i]!) ? likelyNumberLength(item) : 0;
        for (const r of referencesOf(fact, item.run, skip)) references.push(r);
        for (const p of fact.unclosed ?? []) problems.push(p);
      } else if (item.kind === 'link') {
        links.push(item.span);
        if (fact.linkReference) references.push(fact.linkReference);
      }
      i++;
    });
  }
  for (const p of buildClauseTree(newItems.filter((item) => item.kind === 'heading'), text).problems) problems.push(p);
  const model = withSourceText(
    {
      ...moved,
      runs,
      references: withoutLinkText(references, links).sort((a, b) => a.span.start - b.span.start),
      citations: reads.flatMap((b) => b.citations),
      termLinks: reads.flatMap((b) => b.termLinks),
      problems,
    },
    text,
  );
  return { change, start, oldEnd, newEnd, model, move, retold };
}

/**
 * Why an item of the window, read again, may change what the rest of the document reads (undefined: it does not).
 * Front matter, and a definition, callout, comment or link whose text changed, do; so do a heading, a clause number
 * or marker, a scope phrase (`treeReading`) and the `(a)` markers written in the text.
 */
function itemChange(o: BlockItem, n: BlockItem, before: string, after: TextSource): string | undefined {
  if (o.kind !== n.kind) return 'the blocks changed';
  if (o.kind === 'yaml') return o.value === (n as typeof o).value && o.span.start === n.span.start ? undefined : 'the front matter changed';
  if (readingOfOld(o, before) !== treeReading(n, after)) return 'a heading, clause number or scope phrase changed';
  if (markers(before, o.span) !== markers(after, n.span)) return 'an (a) marker changed';
  switch (o.kind) {
    case 'html':
      return o.value === (n as typeof o).value ? undefined : 'a comment or HTML changed';
    case 'callout': {
      const m = n as typeof o;
      return o.type === m.type && o.party === m.party ? undefined : 'a callout changed';
    }
    case 'link': {
      const m = n as typeof o;
      return o.url === m.url && o.text === m.text ? undefined : 'a link changed';
    }
    default:
      return undefined;
  }
}

/** Tree readings of the previous reading's items: the same items stay the previous ones keystroke after keystroke. */
const oldReadings = new WeakMap<BlockItem, string>();
function readingOfOld(item: BlockItem, source: string): string {
  let reading = oldReadings.get(item);
  if (reading === undefined) oldReadings.set(item, (reading = treeReading(item, source)));
  return reading;
}

/**
 * True when the definitions `found` in the new paragraph `n` are those the previous model has in its paragraph
 * `o` (found there as `was`), moved by the edit: the same names, forms, texts, pointers and scope phrases (the
 * clauses' own scope phrases are in their tree readings). With `retelling`, a definition's text may differ when the
 * change lies in it after all its names: its index is added to `retelling.retold`.
 */
function sameDefinitions(
  previous: DocumentModel,
  o: BlockItem,
  n: BlockItem,
  was: readonly FoundDefinition[],
  found: readonly FoundDefinition[],
  text: TextSource,
  move: (offset: number) => number | undefined,
  retelling?: { readonly change: TextChange; readonly retold: number[]; readonly reEnded: Map<number, { readonly span: Span; readonly blockSpan: Span }>; readonly before: string },
): boolean {
  if (o.kind !== 'paragraph' || n.kind !== 'paragraph' || was.length !== found.length) return false;
  const defs = previous.definitions;
  const k = partitionPoint(defs.length, (i) => defs[i]!.blockSpan.start < o.span.start);
  const old = defs.slice(k, k + found.length);
  if (old.length !== found.length || old.some((def) => def.blockSpan.start !== o.span.start)) return false;
  const same = (a: Span, b: Span) => move(a.start) === b.start && move(a.end) === b.end;
  return found.every((def, i) => {
    const before = old[i]!;
    const { names, span, pointer } = definitionSpans(n.run, def);
    if (def.form !== before.form || def.scopedToDefinition !== was[i]!.scopedToDefinition) return false;
    if (names.length !== before.names.length || names.some((name, j) => name.name !== before.names[j]!.name || !same(before.names[j]!.span, name.span))) return false;
    const from = retelling?.change.from ?? -1;
    // Typing or deleting at the end of the defining text (after its names): the text ends where the window reads it.
    const reEnd = !same(before.span, span) && retelling !== undefined && move(before.span.start) === span.start && endMeets(retelling.before, before.span.end, retelling.change) && !before.names.some((name) => from <= name.span.end);
    if (!same(before.span, span) && !reEnd) return false;
    if (reEnd) retelling!.reEnded.set(k + i, { span, blockSpan: n.span });
    if (reEnd || plainText(text.slice(span.start, span.end)) !== before.text) {
      if (!retelling || from < before.span.start || (!reEnd && retelling.change.oldEnd > before.span.end) || before.names.some((name) => from <= name.span.end)) return false;
      retelling.retold.push(k + i);
    }
    if ((pointer?.target ?? '') !== (before.pointer?.target ?? '') || (pointer?.document ?? '') !== (before.pointer?.document ?? '')) return false;
    if (pointer && before.pointer && !same(before.pointer.span, pointer.span)) return false;
    return (ownScopePhrase(o.run, was[i]!.names[0]!.span.start)?.[0] ?? '') === (ownScopePhrase(n.run, def.names[0]!.span.start)?.[0] ?? '');
  });
}

/**
 * True when the change meets an end of the previous text `before` (a content's end): the change starts at it or
 * after spaces and tabs only, or holds it. Typing there lengthens the content, spaces typed there do not, and
 * deleting its last characters shortens it.
 */
function endMeets(before: string, end: number, change: TextChange): boolean {
  if (end > change.oldEnd) return false;
  if (end >= change.from) return true;
  for (let i = end; i < change.from; i++) {
    const c = before.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * A block the change reaches, read: only its paragraphs from the last fine boundary before the change to the first
 * one after it where the old and new texts split alike (from there on the scan, and so the reading, is the old one
 * moved); the items before and after are the previous reading's. Remark reads a few hundred characters instead of
 * the whole block.
 */
function readAround(before: string, after: TextSource, bom: number, blocks: readonly BlockRead[], block: Block, change: TextChange): BlockRead {
  const d = change.newEnd - change.oldEnd;
  const oldEnd = block.end - d;
  if (block.start > change.from || oldEnd < change.oldEnd) return readBlock(after, block, '');
  const fresh = fineStarts(after, bom, block.start, block.end);
  const was = new Set(fineStarts(before, bom, block.start, oldEnd));
  const lo = [block.start, ...fresh].filter((p) => p <= change.from).pop()!;
  const hi = fresh.find((p) => p >= change.newEnd && was.has(p - d)) ?? block.end;
  const middle = readBlock(after, { start: lo, end: hi, first: lo === bom }, '');
  // The previous reading's items, facts, citations and term links between two offsets of the previous text.
  const previous = (from: number, to: number): BlockRead => {
    const pick = <T>(list: readonly T[], at: (item: T) => number) => list.filter((item) => at(item) >= from && at(item) < to);
    const reads = blocks.slice(partitionPoint(blocks.length, (i) => blocks[i]!.end <= from), partitionPoint(blocks.length, (i) => blocks[i]!.start < to));
    const items: BlockItem[] = [];
    const facts: ItemFacts[] = [];
    for (const b of reads) {
      b.items.forEach((item, i) => {
        if (item.span.start >= from && item.span.start < to) {
          items.push(item);
          facts.push(b.facts[i]!);
        }
      });
    }
    return {
      start: from,
      end: to,
      first: false,
      linkDefinitions: '',
      ownLinkDefinitions: [],
      items,
      facts,
      citations: reads.flatMap((b) => pick(b.citations, (c) => c.span.start)),
      termLinks: reads.flatMap((b) => pick(b.termLinks, (t) => t.span.start)),
    };
  };
  const head = previous(block.start, lo);
  const tail = shiftBlock(previous(hi - d, oldEnd), hi);
  return {
    start: block.start,
    end: block.end,
    first: block.first,
    linkDefinitions: '',
    ownLinkDefinitions: [],
    items: [...head.items, ...middle.items, ...tail.items],
    facts: [...head.facts, ...middle.facts, ...tail.facts],
    citations: [...head.citations, ...middle.citations, ...tail.citations],
    termLinks: [...head.termLinks, ...middle.termLinks, ...tail.termLinks],
  };
}

/** The `(a)`-style markers written in a span of a text (the clause tree reads them between clauses). */
function markers(text: TextSource, span: Span): string {
  return (text.slice(span.start, span.end).match(/\([a-zA-Z0-9]{1,5}\)/g) ?? []).join('');
}

/**
 * The previous model's clauses, sections, definitions, callouts, suppressions and front matter, moved by the edit;
 * undefined when one lies inside the change. `retell` gives a moved definition its new text where the change is in
 * it; `read` holds the window's callouts as read again, by index. Clauses, definitions and callouts are moved when
 * first read (`lazyArray`): a keystroke near the top of a long contract would otherwise copy thousands of each.
 */
function moveSkeleton(
  model: DocumentModel,
  from: number,
  until: number,
  move: (offset: number) => number | undefined,
  retell: (index: number, moved: Definition) => Definition,
  read: ReadonlyMap<number, Callout>,
  reEnded: ReadonlyMap<number, unknown>,
): Omit<DocumentModel, 'text' | 'runs' | 'references' | 'citations' | 'termLinks' | 'problems'> | undefined {
  let inside = false;
  const at = (offset: number): number => {
    const o = move(offset);
    if (o === undefined) inside = true;
    return o ?? offset;
  };
  const span = (s: Span): Span => (s.end < from ? s : { start: at(s.start), end: at(s.end) });
  // A span with an end strictly inside the replaced text (an insertion replaces none), where `move` gives nothing.
  // Asked of every definition and callout before any is moved, so that moving them later cannot find one.
  const reaches = (s: Span | undefined): boolean => s !== undefined && (move(s.start) === undefined || move(s.end) === undefined);

  // Clauses are in document order and nest. Those that start before the change and end before it stay; the one the
  // change may stand in (the last to start before it) and those that start inside it are moved at once, to find a
  // clause that reaches into the change; the tens of thousands after it are moved when a rule looks at them.
  const moveClause = (c: Clause): Clause => {
    const moved: Clause = {
      number: c.number,
      id: c.id,
      explicitId: c.explicitId,
      title: c.title,
      kind: c.kind,
      span: span(c.span),
      headSpan: span(c.headSpan),
      numberSpan: span(c.numberSpan),
      parent: c.parent,
      summary: c.summary,
    };
    return c.idSpan ? { ...moved, idSpan: span(c.idSpan) } : moved;
  };
  const all = model.clauses;
  const k = partitionPoint(all.length, (i) => all[i]!.span.start < from);
  const ancestors = new Set<number>();
  for (let i = k - 1; i >= 0; i = all[i]!.parent) if (all[i]!.span.end >= from) ancestors.add(i);
  for (let i = Math.max(0, k - 1); i < all.length && all[i]!.span.start <= until; i++) moveClause(all[i]!);
  const clauses = lazyArray(all.length, (i) => (i < k && !ancestors.has(i) ? all[i]! : moveClause(all[i]!)));
  const sections: Section[] = model.sections.map((s) => (s.headSpan.end < from ? s : { ...s, headSpan: span(s.headSpan) }));
  if (until > from) {
    for (let d = 0; d < model.definitions.length; d++) {
      const def = model.definitions[d]!;
      // A definition the window ends anew (its end in the deleted text) is placed by its reading, not moved.
      const ends = reEnded.has(d) ? { start: def.span.start, end: def.span.start } : undefined;
      if (reaches(ends ?? def.span) || reaches(ends ?? def.blockSpan) || reaches(def.pointer?.span) || reaches(def.scope?.span) || def.names.some((n) => reaches(n.span))) return undefined;
    }
    for (const c of model.callouts) if (reaches(c.span) || reaches(c.markerSpan) || reaches(c.partySpan)) return undefined;
  }
  const definitions = lazyArray(model.definitions.length, (d) => {
    const def = model.definitions[d]!;
    const placed = reEnded.has(d);
    if (!placed && def.blockSpan.end < from && def.span.end < from && (!def.scope || def.scope.span.end < from)) return def;
    return retell(d, {
      ...def,
      names: def.names.map((n) => ({ ...n, span: span(n.span) })),
      span: placed ? def.span : span(def.span),
      blockSpan: placed ? def.blockSpan : span(def.blockSpan),
      ...(def.pointer ? { pointer: { ...def.pointer, span: span(def.pointer.span) } } : {}),
      ...(def.scope ? { scope: { ...def.scope, span: span(def.scope.span) } } : {}),
    });
  });
  const callouts = lazyArray(model.callouts.length, (i) => {
    const c = model.callouts[i]!;
    return read.get(i) ?? (c.span.end < from ? c : { ...c, span: span(c.span), markerSpan: span(c.markerSpan), ...(c.partySpan ? { partySpan: span(c.partySpan) } : {}) });
  });
  const suppressions: Suppression[] = model.suppressions.map((s) => (s.span.end < from ? s : { ...s, span: span(s.span) }));
  if (model.frontMatter && model.frontMatter.span.end >= from) return undefined;
  if (inside) return undefined;
  return { ...(model.frontMatter ? { frontMatter: model.frontMatter } : {}), clauses, sections, definitions, callouts, suppressions };
}
