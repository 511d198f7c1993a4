// Rule: clause.numbering. Reports a clause number that skips or goes backwards among its siblings (1, 2, 4; 2.2
// then 2.1; (a), (b), (d); (i), (ii), (iv); Article I, II, IV), and a first sibling that does not start at 1, (a),
// (i), (A) or I. Why: a gap or a step back is a deleted or moved clause whose numbering, and the references to it,
// were not updated.
// ok:     `1.1.`, `1.2.`, `1.3.`
// not ok: `1.1.`, `1.2.`, `1.4.`

import { markerClass, numberParts, type MarkerClass } from '../../syntax/clauseNumber.js';
import type { Clause, DocumentModel } from '../../syntax/model.js';
import type { Finding, Rule } from './rule.js';

/** How a number part is written: a dotted digit group, a Roman article number, or a `(x)` marker of a class. */
type PartClass = 'dotted' | 'article' | MarkerClass;

interface Part {
  readonly written: string;
  readonly cls: PartClass;
  readonly ordinal: number;
}

/** The rule. */
export const rule: Rule = {
  id: 'clause.numbering',
  defaultLevel: 'warning',
  window: 'document',
  summary: 'A clause number skips or goes backwards among its siblings',
  docs: {
    what:
      'A clause whose number does not follow its previous sibling (the previous clause with the same parent, as many number parts and the same ' +
      'kind of marker): `1`, `2`, `4`; `2.2` then `2.1`; `(a)`, `(b)`, `(d)`; `(i)`, `(ii)`, `(iv)`; `Article I`, `II`, `IV`. Moving on to a new ' +
      'group is fine (`1.2` then `2.1` when `1` and `2` are not clauses). The first clause of a level must be `1`, `(a)`, `(i)`, `(A)` or `I` ' +
      '(its parent\'s number first: `1.1` under `1`); a sub-clause list whose first items are written inside the parent\'s own paragraph ' +
      '(`… shall (a) deliver, and` then `(b) install`) is fine. A number that two clauses carry is left to `ref.ambiguous`.',
    why: 'A gap or a step back is almost always a clause that was deleted, moved or inserted without renumbering, and every reference to the clauses after it may now point one clause off.',
    ok: { document: `# 1. Delivery\n\n1.1. The Supplier delivers the goods.\n\n1.2. The Customer inspects them:\n\n(a) on arrival; and\n\n(b) before use.\n` },
    notOk: { document: `# 1. Delivery\n\n1.1. The Supplier delivers the goods.\n\n1.3. The Customer inspects them:\n\n(a) on arrival; and\n\n(c) before use.\n` },
  },
  *check({ model, uri }): Iterable<Finding> {
    const count = new Map<string, number>();
    for (const c of model.clauses) count.set(c.number, (count.get(c.number) ?? 0) + 1);
    const previousOfGroup = new Map<string, { index: number; parts: Part[] }>();
    const lastMarker = new Map<number, { cls: PartClass; inner: string }>();
    for (let i = 0; i < model.clauses.length; i++) {
      const clause = model.clauses[i]!;
      const parts = partsOf(clause, lastMarker.get(clause.parent));
      if (parts.length === 0) continue;
      const last = parts[parts.length - 1]!;
      if (last.written.startsWith('(')) lastMarker.set(clause.parent, { cls: last.cls, inner: last.written.slice(1, -1) });
      const key = `${clause.parent}|${parts.length}|${last.cls}`;
      const previous = previousOfGroup.get(key);
      previousOfGroup.set(key, { index: i, parts });
      if ((count.get(clause.number) ?? 0) > 1) continue;
      const finding = previous ? compare(model, uri, clause, parts, model.clauses[previous.index]!, previous.parts) : first(model, clause, parts);
      if (finding) yield finding;
    }
  },
};

function first(model: DocumentModel, clause: Clause, parts: Part[]): Finding | undefined {
  const last = parts[parts.length - 1]!;
  // Some texts number from 0 (the GNU GPL's "0. Definitions."): a level may start at 0 or 1.
  if (last.ordinal === 1 || (last.ordinal === 0 && last.cls === 'dotted')) return undefined;
  const expected = render([...parts.slice(0, -1), { ...last, ordinal: 1 }], parts);
  const from = clause.parent >= 0 ? model.clauses[clause.parent]!.headSpan.start : clause.span.start;
  if (writtenInline(model, last, 1, last.ordinal, from, clause.span.start)) return undefined;
  return { span: clause.numberSpan, message: `Clause "${clause.number}" is the first of its level: expected "${expected}"`, data: { expected } };
}

function compare(model: DocumentModel, uri: string, clause: Clause, parts: Part[], previous: Clause, before: Part[]): Finding | undefined {
  let j = 0;
  while (j < parts.length && parts[j]!.ordinal === before[j]!.ordinal) j++;
  const lastIndex = parts.length - 1;
  const related = [{ uri, span: previous.numberSpan, message: `The previous clause, "${previous.number}"` }];
  if (j < parts.length && parts[j]!.ordinal > before[j]!.ordinal) {
    const next = before[j]!.ordinal + 1;
    if (parts[j]!.ordinal === next && parts.slice(j + 1).every((p) => p.ordinal === 1)) return undefined;
    if (j === lastIndex && writtenInline(model, parts[j]!, next, parts[j]!.ordinal, previous.headSpan.start, clause.span.start)) return undefined;
    const expected = render(successor(before, j, parts), parts);
    return { span: clause.numberSpan, message: `Clause "${clause.number}" skips a number: expected "${expected}" after "${previous.number}"`, related, data: { expected } };
  }
  const expected = render(successor(before, lastIndex, parts), parts);
  return { span: clause.numberSpan, message: `Clause "${clause.number}" goes backwards: expected "${expected}" after "${previous.number}"`, related, data: { expected } };
}

/** True when every missing sub-clause marker (`(b)` … before `(d)`) is written in the text between `from` and `to`. */
function writtenInline(model: DocumentModel, part: Part, fromOrdinal: number, toOrdinal: number, from: number, to: number): boolean {
  if (!part.written.startsWith('(') || toOrdinal - fromOrdinal > 26) return false;
  const text = model.text.slice(from, to);
  for (let n = fromOrdinal; n < toOrdinal; n++) if (!text.includes(`(${renderMarker(n, part.cls)})`)) return false;
  return true;
}

/** `before` stepped at position `j`: the parts before it kept, it plus one, the ones after it at 1. */
function successor(before: Part[], j: number, shape: Part[]): Part[] {
  return shape.map((p, k) => (k < j ? before[k]! : k === j ? { ...before[k]!, ordinal: before[k]!.ordinal + 1 } : { ...p, ordinal: 1 }));
}

/** The parts of a clause's number with their classes and ordinals; `sibling` is the last marker under the same parent. */
function partsOf(clause: Clause, sibling: { cls: PartClass; inner: string } | undefined): Part[] {
  const raw = numberParts(clause.number);
  return raw.map((written, k) => {
    if (!written.startsWith('(')) {
      if (/^\d+$/.test(written)) return { written, cls: 'dotted', ordinal: Number(written) };
      return { written, cls: 'article', ordinal: romanValue(written) };
    }
    const inner = written.slice(1, -1);
    const isLast = k === raw.length - 1;
    let cls: PartClass = markerClass(inner, isLast && sibling?.cls === 'lower' ? sibling.inner : undefined);
    // `(I)` and `(V)` read as letters unless they follow a letter list: after `(H)` an `(I)` is a letter,
    // otherwise `(I)` opens a Roman list, and after `(IV)` a `(V)` continues one.
    if (cls === 'upper' && /^[IVX]$/.test(inner)) {
      const afterLetter = isLast && sibling?.cls === 'upper' && sibling.inner.charCodeAt(0) + 1 === inner.charCodeAt(0);
      const inRoman = isLast && sibling?.cls === 'ROMAN';
      if (inRoman || (inner === 'I' && !afterLetter)) cls = 'ROMAN';
    }
    return { written, cls, ordinal: markerOrdinal(inner, cls) };
  });
}

function markerOrdinal(inner: string, cls: PartClass): number {
  switch (cls) {
    case 'digit':
      return Number(inner);
    case 'roman':
    case 'ROMAN':
      return romanValue(inner);
    default: {
      // `(aa)` follows `(z)`: a letter written n times is the letter's place plus 26 (n - 1).
      const lower = inner.toLowerCase();
      const code = lower.charCodeAt(0) - 96;
      return [...lower].every((ch) => ch === lower[0]) ? code + 26 * (lower.length - 1) : code;
    }
  }
}

function romanValue(text: string): number {
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
  let total = 0;
  const lower = text.toLowerCase();
  for (let k = 0; k < lower.length; k++) {
    const v = values[lower[k]!] ?? 0;
    const next = values[lower[k + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

function toRoman(n: number): string {
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [value, letters] of table) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}

function renderMarker(n: number, cls: PartClass): string {
  switch (cls) {
    case 'digit':
    case 'dotted':
      return String(n);
    case 'roman':
      return toRoman(n);
    case 'ROMAN':
    case 'article':
      return toRoman(n).toUpperCase();
    default: {
      const letter = String.fromCharCode(96 + ((n - 1) % 26) + 1).repeat(Math.floor((n - 1) / 26) + 1);
      return cls === 'upper' ? letter.toUpperCase() : letter;
    }
  }
}

/** Writes parts as a clause number: dotted groups joined by `.` (zero-padding kept), markers in parentheses. */
function render(parts: Part[], shape: Part[]): string {
  let out = '';
  parts.forEach((p, k) => {
    const width = shape[k]!.written.startsWith('0') ? shape[k]!.written.length : 0;
    if (p.cls === 'dotted') out += `${k > 0 ? '.' : ''}${String(p.ordinal).padStart(width, '0')}`;
    else if (p.cls === 'article') out += renderMarker(p.ordinal, p.cls);
    else out += `(${renderMarker(p.ordinal, p.cls)})`;
  });
  return out;
}
