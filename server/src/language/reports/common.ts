// What every report shares: the documents it covers, places in them (document, clause, section), sources as a
// reader sees them in a citation, and the diagnostics of each document, computed once per report build.

import type { DocumentModel, SourceEntry, Span } from '../../syntax/model.js';
import { DEFAULT_CONFIG, type LanguageConfig } from '../config.js';
import { documentDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { LinkedDocument } from '../link.js';
import { clauseAt } from '../lookupIndex.js';
import { relativePath } from '../uri.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';

/** The report kinds, in the order the all-in-one page shows them. */
export const REPORT_KINDS = ['terms', 'sources', 'disputes', 'graph', 'clauses'] as const;

/** A report kind. */
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A document a report covers. */
export interface ReportDocument {
  readonly uri: string;
  /** The path shown to readers: relative to the workspace folder that holds the document. */
  readonly path: string;
  /** The front-matter title, or the path when there is none. */
  readonly title: string;
}

/** A clause as a report names it. */
export interface ClauseLabel {
  readonly number: string;
  readonly id: string;
  readonly title: string;
}

/** A place in a document, named the way a reader looks for it. */
export interface ReportPlace {
  readonly uri: string;
  readonly path: string;
  readonly span: Span;
  /** The innermost clause that holds the place. */
  readonly clause?: ClauseLabel;
  /** The nearest section heading before the place, when no clause holds it (`Definitions`). */
  readonly section?: string;
}

/** A source as a citation shows it: the key, a one-line label, the URL as written. */
export interface CitedSource {
  readonly key: string;
  /** `Title (Publisher, 2026-03-18)`, or the key when no source carries it. */
  readonly label: string;
  readonly url?: string;
  /** False when no visible source carries the key. */
  readonly known: boolean;
}

/** What a report build reads, with the caches it shares between reports. */
export interface ReportContext {
  readonly index: WorkspaceIndex;
  /** The documents of the report (indexed ones only, each once, sorted by path). */
  readonly uris: readonly string[];
  linked(uri: string): LinkedDocument | undefined;
  /** The document's diagnostics at the configured levels, suppressions applied. */
  diagnostics(uri: string): readonly Diagnostic[];
  document(uri: string): ReportDocument;
  place(uri: string, span: Span): ReportPlace;
}

/** Creates the context of a report build over `uris` (unknown URIs are dropped). */
export function reportContext(index: WorkspaceIndex, uris: readonly string[], config: LanguageConfig = DEFAULT_CONFIG): ReportContext {
  const diagnostics = new Map<string, readonly Diagnostic[]>();
  const documents = new Map<string, ReportDocument>();
  const document = (uri: string): ReportDocument => {
    let doc = documents.get(uri);
    if (!doc) {
      const root = index.roots.find((r) => uri.startsWith(`${r}/`));
      const path = relativePath(root, uri);
      const title = index.document(uri)?.model.frontMatter?.title?.trim();
      doc = { uri, path, title: title || path };
      documents.set(uri, doc);
    }
    return doc;
  };
  const known = [...new Set(uris)].filter((uri) => index.document(uri));
  return {
    index,
    uris: known.sort((a, b) => compareText(document(a).path, document(b).path) || compareText(a, b)),
    linked: (uri) => index.linked(uri),
    diagnostics(uri) {
      let list = diagnostics.get(uri);
      if (!list) {
        list = documentDiagnostics(index, uri, config);
        diagnostics.set(uri, list);
      }
      return list;
    },
    document,
    place(uri, span) {
      const model = index.document(uri)?.model;
      const base = { uri, path: document(uri).path, span };
      if (!model) return base;
      const clause = clauseAt(model, span.start);
      if (clause >= 0) return { ...base, clause: clauseLabel(model, clause) };
      // The heading that repeats the document's title says nothing a path does not.
      const section = sectionAt(model, span.start);
      return section && section !== model.frontMatter?.title?.trim() ? { ...base, section } : base;
    },
  };
}

/** The clause's number, id and title. */
export function clauseLabel(model: DocumentModel, clause: number): ClauseLabel {
  const c = model.clauses[clause]!;
  return { number: c.number, id: c.id, title: c.title };
}

/** The title of the last section heading at or before `offset` (binary search: sections are in document order). */
function sectionAt(model: DocumentModel, offset: number): string | undefined {
  const sections = model.sections;
  let lo = 0;
  let hi = sections.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid]!.headSpan.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sections[lo - 1]!.title : undefined;
}

/** How a place reads in a report: `microsoft-openai.clause.md §1.1 Azure routing`, `glossary.clause.md, Definitions`. */
export function placeLabel(place: ReportPlace): string {
  if (place.clause) return `${place.path} §${place.clause.number}${place.clause.title ? ` ${place.clause.title}` : ''}`;
  return place.section ? `${place.path}, ${place.section}` : place.path;
}

/** A source's one-line label: its title, then publisher and date in parentheses. */
export function sourceLabel(entry: SourceEntry): string {
  const title = entry.title?.trim() || entry.key;
  const details = [entry.publisher?.trim(), entry.issued?.trim()].filter((s): s is string => !!s);
  return details.length > 0 ? `${title} (${details.join(', ')})` : title;
}

/** A citation key as a reader sees it, resolved against the sources a document can see. */
export function citedSource(linked: LinkedDocument | undefined, key: string): CitedSource {
  const entry = linked?.sources.get(key)?.[0];
  if (!entry) return { key, label: key, known: false };
  return { key, label: sourceLabel(entry), ...(entry.url ? { url: entry.url } : {}), known: true };
}

/** The display name of a party written by name or alias: the declared name, else the text as written. */
export function partyName(model: DocumentModel, written: string): string {
  const lower = written.trim().toLowerCase();
  const party = model.frontMatter?.parties.find((p) => p.name.toLowerCase() === lower || p.aliases.some((a) => a.name.toLowerCase() === lower));
  return party ? party.name : written.trim();
}

/** The diagnostics of a document with the rule id `code`, by the start of their span. */
export function diagnosticsByStart(context: ReportContext, uri: string, code: string): Map<number, Diagnostic[]> {
  const map = new Map<number, Diagnostic[]>();
  for (const d of context.diagnostics(uri)) {
    if (d.code !== code) continue;
    const list = map.get(d.span.start) ?? [];
    list.push(d);
    map.set(d.span.start, list);
  }
  return map;
}

/** A total, locale-independent order on texts: case-insensitive first, then by code unit. */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `inner` lies within `outer`. */
export function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}
