// The sources report: every source the documents can see, with its fields, every place it is cited (document,
// clause, locator) and what it lacks, plus the citation keys that no source carries.

import type { SourceEntry, SourceName } from '../../syntax/model.js';
import type { LanguageConfig } from '../config.js';
import { isWebUrl } from '../rules/cite.bad-url.js';
import { missingFields } from '../rules/cite.incomplete.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { compareText, reportContext, sourceLabel, type ReportContext, type ReportDocument, type ReportPlace } from './common.js';

/** One citation of a source: where, and the locator and prefix written with the key. */
export interface SourceCitation {
  readonly place: ReportPlace;
  /** `p. 3`, `art. 6(1)(f)`, or empty. */
  readonly locator: string;
  /** `see`, or empty. */
  readonly prefix: string;
}

/** One source. */
export interface SourceRow {
  readonly key: string;
  /** `Title (Publisher, date)`. */
  readonly label: string;
  readonly type?: string;
  readonly title?: string;
  /** The publisher, or the container title when there is no publisher. */
  readonly publisher?: string;
  readonly containerTitle?: string;
  /** The issued date as ISO text, or the literal date. */
  readonly issued?: string;
  /** The URL as written (renderers link it only when it is http(s)). */
  readonly url?: string;
  /** `Family, Given` or the literal name, in order. */
  readonly authors: readonly string[];
  readonly note?: string;
  /** Where the entry is written: a bibliography file, or a document's front matter. */
  readonly declared: ReportPlace;
  readonly citations: readonly SourceCitation[];
  /** What a reader needs and the entry lacks: `title`, `issued`, `URL` (meaning: neither a URL nor a publisher). */
  readonly missing: readonly string[];
  /** The URL is present and is not an http(s) address. */
  readonly badUrl: boolean;
}

/** A citation key that no visible source carries, with its citations. */
export interface UnknownKeyRow {
  readonly key: string;
  readonly citations: readonly SourceCitation[];
}

/** The sources report. */
export interface SourcesReport {
  readonly kind: 'sources';
  readonly version: 1;
  readonly documents: readonly ReportDocument[];
  /** Sorted by key, then by where they are declared. */
  readonly sources: readonly SourceRow[];
  /** Sorted by key. */
  readonly unknownKeys: readonly UnknownKeyRow[];
}

/** Builds the sources report of `uris` (one document or the whole workspace). */
export function buildSourcesReport(index: WorkspaceIndex, uris: readonly string[], config?: LanguageConfig): SourcesReport {
  return sourcesReport(reportContext(index, uris, config));
}

/** The sources report within a shared report context. */
export function sourcesReport(context: ReportContext): SourcesReport {
  const entries = new Map<string, { entry: SourceEntry; citations: SourceCitation[] }>();
  const unknown = new Map<string, SourceCitation[]>();
  const id = (entry: SourceEntry) => `${entry.origin}#${entry.keySpan.start}#${entry.key}`;
  for (const uri of context.uris) {
    const linked = context.linked(uri);
    if (!linked) continue;
    for (const list of linked.sources.values()) for (const entry of list) if (!entries.has(id(entry))) entries.set(id(entry), { entry, citations: [] });
    for (const use of linked.citations) {
      const citation = { place: context.place(uri, use.item.keySpan), locator: use.item.locator, prefix: use.item.prefix };
      if (use.source) entries.get(id(use.source))?.citations.push(citation);
      else unknown.set(use.item.key, [...(unknown.get(use.item.key) ?? []), citation]);
    }
  }
  const sources = [...entries.values()]
    .map(({ entry, citations }) => sourceRow(context, entry, citations))
    .sort((a, b) => compareText(a.key, b.key) || compareText(a.declared.path, b.declared.path) || a.declared.span.start - b.declared.span.start);
  const unknownKeys = [...unknown].sort((a, b) => compareText(a[0], b[0])).map(([key, citations]) => ({ key, citations }));
  return { kind: 'sources', version: 1, documents: context.uris.map(context.document), sources, unknownKeys };
}

function sourceRow(context: ReportContext, entry: SourceEntry, citations: readonly SourceCitation[]): SourceRow {
  const optional = {
    ...(entry.type ? { type: entry.type } : {}),
    ...(entry.title !== undefined ? { title: entry.title } : {}),
    ...(entry.publisher !== undefined ? { publisher: entry.publisher } : {}),
    ...(entry.containerTitle !== undefined ? { containerTitle: entry.containerTitle } : {}),
    ...(entry.issued !== undefined ? { issued: entry.issued } : {}),
    ...(entry.url !== undefined ? { url: entry.url } : {}),
    ...(entry.note !== undefined ? { note: entry.note } : {}),
  };
  return {
    key: entry.key,
    label: sourceLabel(entry),
    ...optional,
    authors: entry.authors.map(authorName).filter((n) => n !== ''),
    declared: context.place(entry.origin, entry.keySpan),
    citations,
    missing: missingFields(entry).map((m) => m.field),
    badUrl: entry.url !== undefined && entry.url.trim() !== '' && !isWebUrl(entry.url),
  };
}

function authorName(name: SourceName): string {
  if (name.literal) return name.literal.trim();
  return [name.family?.trim(), name.given?.trim()].filter((s) => s).join(', ');
}
