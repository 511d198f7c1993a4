// Builds the clause tree of a document from its headings and paragraphs (format section 2): numbered headings,
// numbered paragraphs of two or more parts, and `(a)` sub-clauses; nesting follows the number, and a clause
// spans to the next clause of the same or a higher level.

import { isInsideNumber, markerClass, readLeadingNumber, type LeadingNumber, type MarkerClass } from '../clauseNumber.js';
import type { Clause, Section, Span, SyntaxProblem, TextRun } from '../model.js';
import { ownCopy, type BlockItem } from '../parseBlock.js';
import { plainText } from '../plainText.js';
import { runOffset, runSpan } from '../runs.js';
import type { TextSource } from '../textSource.js';

/** The clauses and sections of a document, and for each item the clause it stands in (-1: none). */
export interface ClauseTree {
  readonly clauses: Clause[];
  readonly sections: Section[];
  /** For each item index, the innermost clause open at that item. */
  readonly clauseOfItem: Int32Array;
  /** For each item index that opens a clause, how many run characters its number takes. */
  readonly numberLength: Map<number, number>;
  readonly problems: SyntaxProblem[];
}

interface Open {
  readonly index: number;
  readonly kind: Clause['kind'];
  readonly headingDepth: number;
  readonly marker?: { cls: MarkerClass; inner: string };
}

const ID = /\{#([^}\s]*)\}\s*$/;
const MARKER = /^\(([a-zA-Z0-9]{1,5})\)(?=\s)/;
/** The phrase that limits a definition to a clause: `For purposes of this Section 7`, `In this Section 7`, `As used in this Section 7`. */
export const SCOPE_PHRASE = /^\s*(?:for\s+(?:the\s+)?purposes?\s+of|in|as\s+used\s+in)\s+this\s+(?:§|section|clause|article)\s*([\w.()]*)/i;

/**
 * A store of what the tree reads from one item that does not depend on where the item stands (its leading number,
 * titles, summaries): kept with the item's block, so that after an edit elsewhere they are not read again.
 */
export type ItemMemo = Map<string, unknown>;

/** What a heading or paragraph's text starts with: its number, and what a heading ends with: its `{#id}`. */
interface Head {
  readonly lead: number;
  readonly n: LeadingNumber | undefined;
  readonly after: string;
  readonly id?: { readonly index: number; readonly length: number; readonly value: string };
  readonly unclosedIdAt?: number;
}

/**
 * Reads clauses and sections from document-ordered items of the document `source`. `memoOf` gives each item's
 * memo (see `ItemMemo`); without it everything is read afresh.
 */
export function buildClauseTree(items: readonly BlockItem[], source: TextSource, memoOf?: (itemIndex: number) => ItemMemo | undefined): ClauseTree {
  const textLength = source.length;
  const cached = <T>(itemIndex: number, key: string, read: () => T): T => {
    const memo = memoOf?.(itemIndex);
    if (!memo) return read();
    if (memo.has(key)) return memo.get(key) as T;
    const value = read();
    memo.set(key, value);
    return value;
  };
  /** A heading's title as plain text: its run between two indexes, markup and placeholders removed. */
  const titleOf = (itemIndex: number, run: Extract<BlockItem, { kind: 'heading' }>['run'], from: number, to: number) =>
    cached(itemIndex, `t${from}:${to}`, () => {
      if (to <= from) return '';
      const span = runSpan(run, from, to);
      return ownCopy(plainText(source.slice(span.start, span.end)));
    });
  /** The summary of a run's text from run index `from` to its end (term links as shown). */
  const summaryFrom = (itemIndex: number, run: Extract<BlockItem, { kind: 'paragraph' }>['run'], from: number) =>
    cached(itemIndex, `s${from}`, () => ownCopy(runSummary(run, from, source)));
  const headOf = (itemIndex: number, text: string, heading: boolean): Head =>
    cached(itemIndex, 'head', () => {
      const lead = text.length - text.trimStart().length;
      const n = readLeadingNumber(text.slice(lead));
      const after = n ? ownCopy(text.slice(lead + n.length, lead + n.length + 1)) : '';
      if (!heading) return { lead, n, after };
      const idMatch = ID.exec(text);
      const unclosed = !idMatch && /\{#[^}]*$/.test(text);
      return {
        lead,
        n,
        after,
        ...(idMatch ? { id: { index: idMatch.index, length: idMatch[0].trimEnd().length, value: ownCopy(idMatch[1] ?? '') } } : {}),
        ...(unclosed ? { unclosedIdAt: text.lastIndexOf('{#') } : {}),
      };
    });
  const clauses: Omit<Clause, 'span'>[] = [];
  const ends: number[] = [];
  const sections: Section[] = [];
  const problems: SyntaxProblem[] = [];
  const clauseOfItem = new Int32Array(items.length).fill(-1);
  const numberLength = new Map<number, number>();
  const stack: Open[] = [];

  const close = (at: number, keep: (open: Open) => boolean) => {
    while (stack.length > 0 && !keep(stack[stack.length - 1]!)) ends[stack.pop()!.index] = at;
  };

  items.forEach((item, itemIndex) => {
    if (item.kind === 'heading') {
      const text = item.run.text;
      const { lead, n, after, id, unclosedIdAt } = headOf(itemIndex, text, true);
      if (unclosedIdAt !== undefined) {
        problems.push({ code: 'syntax.unclosed', message: 'Clause id "{#" is not closed with "}" on its line', span: runSpan(item.run, unclosedIdAt, text.length) });
      }
      const titleEnd = id ? id.index : text.length;
      if (n && (after === '' || /^\s/.test(after))) {
        const number = n.number;
        close(item.span.start, (open) => isInsideNumber(number, clauses[open.index]!.number));
        const parent = stack.length > 0 ? stack[stack.length - 1]!.index : -1;
        const idSpan = id ? runSpan(item.run, id.index, id.index + id.length) : undefined;
        const index = clauses.length;
        clauses.push({
          number,
          id: id?.value || number,
          explicitId: Boolean(id?.value),
          title: titleOf(itemIndex, item.run, lead + n.length, titleEnd),
          kind: 'heading',
          headSpan: item.span,
          numberSpan: runSpan(item.run, lead, lead + n.length),
          ...(idSpan ? { idSpan } : {}),
          parent,
          summary: '',
        });
        ends.push(textLength);
        numberLength.set(itemIndex, lead + n.length);
        stack.push({ index, kind: 'heading', headingDepth: item.depth });
      } else {
        close(item.span.start, (open) => open.kind === 'heading' && open.headingDepth < item.depth);
        sections.push({ title: titleOf(itemIndex, item.run, 0, titleEnd), depth: item.depth, headSpan: item.span });
      }
    } else if (item.kind === 'paragraph' && (item.place === 'body' || item.place === 'list')) {
      const text = item.run.text;
      const { lead, n, after } = headOf(itemIndex, text, false);
      if (n && !n.keyword && n.parts >= 2 && /^\s/.test(after)) {
        const number = n.number;
        close(item.span.start, (open) => isInsideNumber(number, clauses[open.index]!.number));
        const parent = stack.length > 0 ? stack[stack.length - 1]!.index : -1;
        const index = clauses.length;
        clauses.push({
          number,
          id: number,
          explicitId: false,
          title: '',
          kind: 'paragraph',
          headSpan: item.span,
          numberSpan: runSpan(item.run, lead, lead + n.length),
          parent,
          summary: summaryFrom(itemIndex, item.run, lead + n.length),
        });
        ends.push(textLength);
        numberLength.set(itemIndex, lead + n.length);
        stack.push({ index, kind: 'paragraph', headingDepth: 7 });
      } else {
        const marker = stack.length > 0 ? MARKER.exec(text.slice(lead)) : null;
        if (marker) openSubclause(itemIndex, item.span, item.run, lead, marker);
        // A plain paragraph after sub-clauses is the clause's own text again: the sub-clauses end before it.
        else if (item.place === 'body') close(item.span.start, (open) => open.kind !== 'subclause');
      }
    }
    clauseOfItem[itemIndex] = stack.length > 0 ? stack[stack.length - 1]!.index : -1;
  });
  close(textLength, () => false);

  function openSubclause(itemIndex: number, span: Span, run: Extract<BlockItem, { kind: 'paragraph' }>['run'], lead: number, marker: RegExpExecArray): void {
    const inner = marker[1]!;
    const letterClass = inner === inner.toLowerCase() ? 'lower' : 'upper';
    const previous = [...stack].reverse().find((open) => open.marker?.cls === letterClass)?.marker?.inner;
    const cls = markerClass(inner, previous);
    // A marker of a class already open is a sibling there; a new class nests inside the innermost clause.
    const sameLevel = stack.findIndex((open) => open.marker?.cls === cls);
    if (sameLevel >= 0) close(span.start, (open) => stack.indexOf(open) < sameLevel);
    const parentOpen = stack[stack.length - 1];
    if (!parentOpen) return;
    const parentClause = clauses[parentOpen.index]!;
    const index = clauses.length;
    clauses.push({
      number: `${parentClause.number}(${inner})`,
      id: `${parentClause.number}(${inner})`,
      explicitId: false,
      title: '',
      kind: 'subclause',
      headSpan: span,
      numberSpan: runSpan(run, lead, lead + marker[0].length),
      parent: parentOpen.index,
      summary: summaryFrom(itemIndex, run, lead + marker[0].length),
    });
    ends.push(0);
    numberLength.set(itemIndex, lead + marker[0].length);
    stack.push({ index, kind: 'subclause', headingDepth: 7, marker: { cls, inner } });
  }

  const full: Clause[] = clauses.map((c, i) => ({ ...c, span: { start: c.headSpan.start, end: Math.max(ends[i]!, c.headSpan.end) } }));
  // A heading clause's summary is the start of its first paragraph.
  items.forEach((item, itemIndex) => {
    if (item.kind !== 'paragraph' || item.place === 'callout') return;
    const c = clauseOfItem[itemIndex]!;
    if (c >= 0 && full[c]!.kind === 'heading' && full[c]!.summary === '' && item.span.start < full[c]!.span.end) {
      full[c] = { ...full[c]!, summary: summaryFrom(itemIndex, item.run, 0) };
    }
  });
  return { clauses: full, sections, clauseOfItem, numberLength, problems };
}

/**
 * What the clause tree reads of one item, as a string: two items with the same reading make the same clauses and
 * sections wherever they stand. A heading's reading is its whole text; a paragraph's, its place, its leading number
 * or `(a)` marker and what follows it, and of its summaries (from its start, and after its number) only the scope
 * phrase that definitions read (hovers read the rest of a summary from the model itself). `source` is the text the
 * item's offsets index. The edit window compares readings (`syntax/editWindow.ts`).
 */
export function treeReading(item: BlockItem, source: TextSource): string {
  switch (item.kind) {
    case 'heading':
      return `h${item.depth}\u0000${source.slice(item.span.start, item.span.end)}`;
    case 'paragraph': {
      const text = item.run.text;
      const lead = text.length - text.trimStart().length;
      const n = readLeadingNumber(text.slice(lead));
      const marker = MARKER.exec(text.slice(lead))?.[0] ?? '';
      const skip = lead + (n ? n.length : marker.length);
      const scope = (from: number) => {
        // Only a text that opens with "for", "in", "as" (or inline content, which reads as its text) can hold one.
        if (!/^[\s\uFFFC]*(?:\uFFFC|for\b|in\b|as\b)/i.test(text.slice(from))) return '';
        const start = from < text.length ? runOffset(item.run, from) : 0;
        const end = text.length > 0 ? runOffset(item.run, text.length - 1) + 1 : 0;
        return SCOPE_PHRASE.exec(summarize(end > start ? plainText(source.slice(start, end)) : ''))?.[0] ?? '';
      };
      const number = n ? `${n.number}|${n.keyword ?? ''}|${n.parts}|${n.length}` : '';
      return `p${item.place}|${item.opensListItem}|${lead}|${number}|${text.charAt(skip)}|${marker}|${scope(0)}|${scope(skip)}`;
    }
    default:
      return item.kind;
  }
}

/** The summary of a run's text from run index `from` to its end, read from `source` (term links as shown). */
export function runSummary(run: TextRun, from: number, source: TextSource): string {
  const start = from < run.text.length ? runOffset(run, from) : 0;
  const end = run.text.length > 0 ? runOffset(run, run.text.length - 1) + 1 : 0;
  return summarize(end > start ? plainText(source.slice(start, end)) : '');
}

/**
 * The summary of a numbered paragraph's or a sub-clause's own clause, from its paragraph's run: its text after the
 * number or `(a)` marker, as the clause tree reads it.
 */
export function ownClauseSummary(run: TextRun, kind: 'paragraph' | 'subclause', source: TextSource): string {
  const text = run.text;
  const lead = text.length - text.trimStart().length;
  const skip = kind === 'paragraph' ? (readLeadingNumber(text.slice(lead))?.length ?? 0) : (MARKER.exec(text.slice(lead))?.[0].length ?? 0);
  return runSummary(run, lead + skip, source);
}

/** The first two sentences of a text, markup placeholders removed, at most 300 characters. */
export function summarize(text: string): string {
  const clean = text.replace(/\s*\uFFFC/g, '').replace(/\s+/g, ' ').trim();
  // A sentence ends at `.`, `!` or `?` followed by a space: `7.2` and `U.S.C.` do not end one.
  const sentences = clean.match(/.+?[.!?]+(?=\s|$)/g);
  const two = sentences ? sentences.slice(0, 2).join('').trim() : clean;
  return two.length > 300 ? `${two.slice(0, 297).trimEnd()}…` : two || clean.slice(0, 300);
}
