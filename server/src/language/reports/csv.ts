// Renders the two tabular reports as CSV for spreadsheets: defined terms (with undefined names as rows of their
// own) and sources (with unknown cited keys as rows of their own). Cells go through `csvCell`: RFC 4180 quoting and
// a leading `'` on anything a spreadsheet would run as a formula.

import { placeLabel } from './common.js';
import { csvTable } from './escape.js';
import type { SourcesReport } from './sources.js';
import type { TermsReport } from './terms.js';
import { missingText, scopeText } from './wording.js';

const TERM_COLUMNS = [
  'term', 'aliases', 'form', 'definition', 'explanation', 'sources', 'source keys', 'uses', 'scope', 'scope phrase', 'document', 'defined in',
  'offset', 'unused', 'undefined', 'duplicate', 'contested', 'circular', 'cycle', 'out-of-scope uses', 'points to no clause', 'imported',
] as const;

/** The defined-terms table: one row per term, then one per undefined name (`undefined` = yes). */
export function renderTermsCsv(data: TermsReport): string {
  const rows = data.terms.map((t) => [
    t.name,
    t.aliases.join('; '),
    t.form,
    t.definition,
    t.explanations.join('\n\n'),
    t.sources.map((s) => s.label).join('; '),
    t.sources.map((s) => s.key).join('; '),
    t.uses,
    scopeText(t),
    t.scope.phrase ?? '',
    t.defined.path,
    placeLabel(t.defined),
    t.defined.span.start,
    t.status.unused,
    false,
    t.status.duplicate,
    t.status.contested,
    t.status.circular,
    t.status.cycle?.join(' → ') ?? '',
    t.status.outOfScopeUses,
    t.status.danglingPointer,
    t.imported,
  ]);
  const undefinedRows = data.undefinedTerms.map((u) => {
    const first = u.places[0];
    return [u.name, '', '', '', '', '', '', u.uses, '', '', first?.path ?? '', u.places.map(placeLabel).join('; '), first?.span.start, false, true, false, false, false, '', 0, false, false];
  });
  return csvTable(TERM_COLUMNS, [...rows, ...undefinedRows]);
}

const SOURCE_COLUMNS = [
  'key', 'title', 'authors', 'publisher', 'container title', 'date', 'URL', 'type', 'note', 'declared in', 'cited', 'cited in', 'missing', 'bad URL', 'unknown',
] as const;

/** The sources table: one row per source, then one per cited key that no source carries (`unknown` = yes). */
export function renderSourcesCsv(data: SourcesReport): string {
  const citedIn = (citations: SourcesReport['sources'][number]['citations']) => citations.map((c) => `${placeLabel(c.place)}${c.locator ? `, ${c.locator}` : ''}`).join('; ');
  const rows = data.sources.map((s) => [
    s.key,
    s.title ?? '',
    s.authors.join('; '),
    s.publisher ?? '',
    s.containerTitle ?? '',
    s.issued ?? '',
    s.url ?? '',
    s.type ?? '',
    s.note ?? '',
    placeLabel(s.declared),
    s.citations.length,
    citedIn(s.citations),
    missingText(s).join('; '),
    s.badUrl,
    false,
  ]);
  const unknownRows = data.unknownKeys.map((u) => [u.key, '', '', '', '', '', '', '', '', '', u.citations.length, citedIn(u.citations), '', false, true]);
  return csvTable(SOURCE_COLUMNS, [...rows, ...unknownRows]);
}
