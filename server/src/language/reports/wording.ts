// How report data reads in words, shared by every renderer so that Markdown, HTML and CSV say the same thing:
// titles, status labels, scopes, counts. Plain text only: each renderer escapes it for its format.

import type { ReportKind } from './common.js';
import type { OutgoingReference, ReferenceStatus } from './clauses.js';
import type { SourceRow } from './sources.js';
import type { TermRow } from './terms.js';

/** The heading of each report. */
export const REPORT_TITLES: Readonly<Record<ReportKind | 'all', string>> = {
  terms: 'Defined terms',
  sources: 'Sources',
  disputes: 'Disputes',
  graph: 'Definition graph',
  clauses: 'Clause map',
  all: 'Clausemark report',
};

/** `1 term`, `3 terms`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A notable status of a term: a stable kind (a CSS class, a CSV flag) and a short label. */
export interface StatusLabel {
  readonly kind: 'unused' | 'duplicate' | 'contested' | 'circular' | 'out-of-scope' | 'undefined' | 'imported';
  readonly label: string;
}

/** The statuses of a term, in a fixed order (empty when nothing is notable). */
export function termStatuses(row: TermRow): StatusLabel[] {
  const s = row.status;
  const labels: StatusLabel[] = [];
  if (s.unused) labels.push({ kind: 'unused', label: 'unused' });
  if (s.duplicate) labels.push({ kind: 'duplicate', label: 'duplicate' });
  if (s.contested) labels.push({ kind: 'contested', label: 'contested' });
  if (s.circular) labels.push({ kind: 'circular', label: s.cycle ? `circular: ${s.cycle.join(' → ')}` : 'circular' });
  if (s.outOfScopeUses > 0) labels.push({ kind: 'out-of-scope', label: `${count(s.outOfScopeUses, 'use')} out of scope` });
  if (s.danglingPointer) labels.push({ kind: 'undefined', label: 'points to no clause' });
  if (row.imported) labels.push({ kind: 'imported', label: 'imported' });
  return labels;
}

/** The statuses of a term as short labels. */
export function termStatusLabels(row: TermRow): string[] {
  return termStatuses(row).map((s) => s.label);
}

/** Where a term applies, in words. */
export function scopeText(row: TermRow): string {
  return row.scope.kind === 'document' ? 'document' : row.scope.label;
}

/** What a source lacks, in words. */
export function missingText(row: SourceRow): string[] {
  return row.missing.map((m) => (m === 'title' ? 'title' : m === 'issued' ? 'date' : m === 'URL' ? 'URL or publisher' : m));
}

/** A clause as a heading names it: `§1.1 Azure routing`, or `§1.2` for an untitled clause. */
export function clauseName(clause: { readonly number: string; readonly title: string }): string {
  return `§${clause.number}${clause.title ? ` ${clause.title}` : ''}`;
}

/** How a reference's status reads. */
export const REFERENCE_STATUS: Readonly<Record<ReferenceStatus, string>> = {
  resolved: '',
  broken: 'broken',
  ambiguous: 'ambiguous',
  unchecked: 'not a clause of the workspace',
};

/** Where a resolved reference leads, in words: `§1.1 Azure routing` in the same file, with the path otherwise. */
export function targetText(ref: OutgoingReference, fromUri: string): string {
  if (!ref.to) return ref.file ? `${ref.file}#${ref.target}` : ref.target;
  const clause = clauseName(ref.to.clause);
  return ref.to.uri === fromUri ? clause : `${ref.to.path} ${clause}`;
}

/** A long text cut at a word boundary near `max` characters, with an ellipsis. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}
