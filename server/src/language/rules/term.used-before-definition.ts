// Rule: term.used-before-definition. Reports the first use of a term, in the document that defines it, that
// stands before the definition; the quick fix can insert "(defined below)".
// Why: a reader going front to back meets a capitalised term whose meaning comes later and must guess it.
// Not reported, because drafters do this on purpose and say so: a use followed by "(defined below)",
// "(as defined below)" or "(as hereinafter defined)" (later uses of that term too); a use inside a Definitions
// section (definitions refer to each other in alphabetical order), inside any definition's own text or in a
// heading (a heading names what the clause then defines); a use of an imported term.
// A pointer definition ("has the meaning set forth in Section 9") counts as where the reader learns of the term.
// ok:     `"Agent" means a program.` then `Each Agent acts alone.`
// not ok: `Each Agent acts alone.` then `"Agent" means a program.`

import type { DocumentModel, Span } from '../../syntax/model.js';
import type { LinkedDocument, TermUse } from '../link.js';
import type { Finding, Rule } from './rule.js';
import { skeletonOffsets } from '../skeletonMemo.js';
import { partitionPoint } from '../../syntax/search.js';
import { textOf, type TextSource } from '../../syntax/textSource.js';

const FORWARD = /^[\s*_]*\((?:as\s+)?(?:defined\s+(?:below|hereinafter|herein|in\b)|hereinafter\s+defined)[^)]*\)/i;
const DEFINITIONS_TITLE = /\b(?:definitions?|interpretations?|defined terms)\b/i;

/** The rule. */
export const rule: Rule = {
  id: 'term.used-before-definition',
  defaultLevel: 'info',
  window: 'occurrences',
  summary: 'The first use of a term precedes its definition',
  docs: {
    what:
      'The first use of a term, in the document that defines it, that stands before the definition. Not reported: a use followed by "(defined below)", "(as defined below)" or "(as hereinafter defined)"; uses in a Definitions section, inside a definition\'s own text or in a heading; uses of imported terms.',
    why: 'A reader going front to back meets a term whose meaning comes later and has to guess it.',
    ok: {
      document: `Each Agent (defined below) acts alone.\n\n# Definitions\n\n"Agent" means an AI system that carries out work across Working Sessions.\n\n"Working Session" means a run of interactions that serve one piece of work.\n`,
    },
    notOk: { document: `Each Agent acts alone.\n\n"Agent" means an AI system that carries out work for a user.\n` },
  },
  // The uses that settled the definitions the window uses, when they stand before it.
  windowPrefix: (linked, before, window) => {
    const settling = firstUseOf(firstUses(linked, linked.model, linked.uri));
    const found: TermUse[] = [];
    for (const definition of new Set(window.termUses.map((u) => u.term?.definition))) {
      const first = definition === undefined ? undefined : settling.get(definition);
      if (first && first.use.span.start < before) found.push(first.use);
    }
    return { termUses: found.sort((a, b) => a.span.start - b.span.start) };
  },
  windowCarry: ({ linked, model, uri }, from, to) => {
    // The first uses are in document order: a keystroke reads those of its stretch, not every definition's.
    const uses = firstUses(linked, model, uri);
    const definitions: number[] = [];
    for (let i = partitionPoint(uses.length, (k) => uses[k]!.use.span.start < from); i < uses.length && uses[i]!.use.span.start < to; i++) {
      definitions.push(uses[i]!.use.term!.definition);
    }
    return definitions.sort((a, b) => a - b).join(',');
  },
  *check({ linked, model, uri }): Iterable<Finding> {
    for (const { use, before } of firstUses(linked, model, uri)) {
      if (!before) continue;
      const definition = model.definitions[use.term!.definition]!;
      const where = model.clauses[definition.clause];
      yield {
        span: use.span,
        message: `"${use.explicit ? use.name : use.text}" is used before its definition${where ? ` in Section ${where.number}` : ''}: move the definition up or write "(defined below)"`,
        related: [{ uri, span: definition.names[0]!.span, message: `Definition of "${definition.names[0]!.name}"` }],
        data: { name: use.name, insert: { offset: use.span.end, text: ' (defined below)' } },
      };
    }
  },
};

const scans = new WeakMap<LinkedDocument, { model: DocumentModel; uses: readonly FirstUse[] }>();
const byDefinition = new WeakMap<readonly FirstUse[], ReadonlyMap<number, FirstUse>>();

/** The use that settles each definition, by the definition's index (once per scan): a window asks about its few. */
function firstUseOf(uses: readonly FirstUse[]): ReadonlyMap<number, FirstUse> {
  let map = byDefinition.get(uses);
  if (!map) byDefinition.set(uses, (map = new Map(uses.map((f) => [f.use.term!.definition, f]))));
  return map;
}

/** The use that settles each own definition, with whether it stands before the definition (then it is reported). */
interface FirstUse {
  readonly use: TermUse;
  readonly before: boolean;
}

/**
 * The use of each own definition that settles it, in document order: the first in-scope use that stands after the
 * definition, is followed by "(defined below)", or stands outside the exempt ranges (then it is before the
 * definition, and reported). Later uses of a settled definition say nothing. Scanned once per linked document.
 */
function firstUses(linked: LinkedDocument, model: DocumentModel, uri: string): readonly FirstUse[] {
  const hit = scans.get(linked);
  if (hit && hit.model === model) return hit.uses;
  // Offsets of the skeleton, read through `move` (a window's model reads those of the model it was moved from).
  const { value: definedAt, move } = skeletonOffsets(model, 'term.used-before-definition:defined', definedOffsets);
  const exempt = skeletonOffsets(model, 'term.used-before-definition:exempt', exemptRanges).value;
  let next = 0;
  const done = new Set<number>();
  const uses: FirstUse[] = [];
  for (const use of linked.termUses) {
    if (!use.term || use.term.uri !== uri || use.outOfScope || done.has(use.term.definition)) continue;
    const defined = move(definedAt[use.term.definition]!);
    if (use.span.start >= defined || FORWARD.test(textOf(model).slice(use.span.end, use.span.end + 60))) {
      done.add(use.term.definition);
      uses.push({ use, before: false });
      continue;
    }
    next = firstEndingAfter(exempt, next, use.span.start, move);
    if (next < exempt.length && move(exempt[next]!.start) <= use.span.start) continue;
    done.add(use.term.definition);
    uses.push({ use, before: true });
  }
  scans.set(linked, { model, uses });
  return uses;
}

/** Where the reader learns of each definition: its first name, or the earliest pointer definition of one of its names. */
function definedOffsets(model: DocumentModel): readonly number[] {
  const pointerAt = new Map<string, number>();
  for (const definition of model.definitions) {
    if (definition.form !== 'pointer') continue;
    for (const { name, span } of definition.names) pointerAt.set(name, Math.min(span.start, pointerAt.get(name) ?? Infinity));
  }
  return model.definitions.map((definition) => Math.min(definition.names[0]!.span.start, ...definition.names.map((n) => pointerAt.get(n.name) ?? Infinity)));
}

/**
 * The first range from `from` on that ends after `offset` (ends read through `move`): galloping, so that uses close together cost a step each
 * and a few uses far apart (an edit's window) a few steps, not one per range between them.
 */
function firstEndingAfter(ranges: readonly Span[], from: number, offset: number, move: (offset: number) => number): number {
  const endsBy = (i: number) => move(ranges[i]!.end) <= offset;
  if (from >= ranges.length || !endsBy(from)) return from;
  let step = 1;
  while (from + step < ranges.length && endsBy(from + step)) step *= 2;
  const lo = from + (step >> 1) + 1;
  const hi = Math.min(ranges.length, from + step);
  return lo + partitionPoint(hi - lo, (i) => endsBy(lo + i));
}

/** Definitions' own texts, headings and Definitions sections (or clauses), sorted and merged. */
function exemptRanges(model: DocumentModel): readonly Span[] {
  const ranges: Span[] = model.definitions.map((d) => d.span);
  const headings: { span: Span; depth: number; definitions: boolean }[] = [
    ...model.sections.map((s) => ({ span: s.headSpan, depth: s.depth, definitions: DEFINITIONS_TITLE.test(s.title) })),
    ...model.clauses.filter((c) => c.kind === 'heading').map((c) => ({ span: c.headSpan, depth: headingDepth(textOf(model), c.headSpan.start), definitions: false })),
  ].sort((a, b) => a.span.start - b.span.start);
  // A numbered Definitions clause (`## 1. Definitions`) is a Definitions section too.
  for (const clause of model.clauses) if (DEFINITIONS_TITLE.test(clause.title)) ranges.push(clause.span);
  headings.forEach((heading, i) => {
    ranges.push(heading.span);
    if (!heading.definitions) return;
    const end = headings.slice(i + 1).find((h) => h.depth <= heading.depth)?.span.start ?? textOf(model).length;
    ranges.push({ start: heading.span.start, end });
  });
  ranges.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else merged.push(r);
  }
  return merged;
}

/** The level of the heading at `offset`: its `#` count, or 1 and 2 for setext `=` and `-` underlines. */
function headingDepth(text: TextSource, offset: number): number {
  const hashes = /^ {0,3}(#{1,6})/.exec(text.slice(offset, offset + 10));
  if (hashes) return hashes[1]!.length;
  const lineEnd = text.indexOf('\n', offset);
  return lineEnd >= 0 && /^ {0,3}=/.test(text.slice(lineEnd + 1, lineEnd + 5)) ? 1 : 2;
}
