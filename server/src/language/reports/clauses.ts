// The clause map: each document's clause tree, every clause with the references it makes (outgoing) and the
// references made to it from anywhere in the workspace (incoming, across files), broken and ambiguous ones marked
// from the `ref.broken` and `ref.ambiguous` diagnostics.

import type { ClauseKind, ClauseReference, DocumentModel, Span } from '../../syntax/model.js';
import type { LanguageConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ReferenceUse } from '../link.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { clauseLabel, compareText, reportContext, within, type ClauseLabel, type ReportContext, type ReportDocument, type ReportPlace } from './common.js';
import { clauseAt } from '../lookupIndex.js';

/** What became of a clause reference. */
export type ReferenceStatus =
  /** It names one clause. */
  | 'resolved'
  /** `ref.broken`: it names no clause. */
  | 'broken'
  /** `ref.ambiguous`: two clauses carry the number it names. */
  | 'ambiguous'
  /** It names no clause and is not reported: another instrument (`Section 409A of the Code`), a heading anchor. */
  | 'unchecked';

/** The clause a reference leads to. */
export interface ReferenceTarget {
  readonly uri: string;
  readonly path: string;
  readonly clause: ClauseLabel;
  /** The clause's heading or opening paragraph (click target). */
  readonly span: Span;
}

/** A reference a clause makes. */
export interface OutgoingReference {
  /** The phrase as written (`Sections 1 through 3`), or a link's text (`§1.1` for `[§1.1](other.clause.md#1.1)`). */
  readonly text: string;
  readonly kind: 'keyword' | 'link';
  /** The number or id it names. */
  readonly target: string;
  /** The file a link names, as written. */
  readonly file?: string;
  readonly place: ReportPlace;
  readonly status: ReferenceStatus;
  readonly to?: ReferenceTarget;
}

/** A reference made to a clause. */
export interface IncomingReference {
  /** As in `OutgoingReference`: the phrase, or the link's text. */
  readonly text: string;
  readonly kind: 'keyword' | 'link';
  readonly place: ReportPlace;
}

/** A clause of the tree. */
export interface ClauseNode {
  readonly number: string;
  readonly id: string;
  readonly title: string;
  readonly kind: ClauseKind;
  readonly summary: string;
  /** The clause's number as written (click target). */
  readonly place: ReportPlace;
  readonly outgoing: readonly OutgoingReference[];
  readonly incoming: readonly IncomingReference[];
  readonly children: readonly ClauseNode[];
}

/** One document's clause map. */
export interface DocumentClauseMap {
  readonly document: ReportDocument;
  /** References written outside every clause (a preamble, a Definitions section). */
  readonly unnumbered: readonly OutgoingReference[];
  readonly clauses: readonly ClauseNode[];
}

/** The clause-map report. */
export interface ClausesReport {
  readonly kind: 'clauses';
  readonly version: 1;
  readonly documents: readonly ReportDocument[];
  readonly maps: readonly DocumentClauseMap[];
  /** Counts over the report's documents. */
  readonly totals: { readonly clauses: number; readonly references: number; readonly broken: number; readonly ambiguous: number };
}

/** Builds the clause map of `uris` (one document or the whole workspace). */
export function buildClausesReport(index: WorkspaceIndex, uris: readonly string[], config?: LanguageConfig): ClausesReport {
  return clausesReport(reportContext(index, uris, config));
}

/** The clause map within a shared report context. */
export function clausesReport(context: ReportContext): ClausesReport {
  const incoming = incomingReferences(context);
  const totals = { clauses: 0, references: 0, broken: 0, ambiguous: 0 };
  const maps = context.uris.map((uri) => {
    const model = context.index.document(uri)!.model;
    const outgoing = model.clauses.map((): OutgoingReference[] => []);
    const unnumbered: OutgoingReference[] = [];
    for (const use of context.linked(uri)?.references ?? []) {
      const row = outgoingRow(context, uri, use);
      const at = clauseAt(model, use.reference.span.start);
      (at >= 0 ? outgoing[at]! : unnumbered).push(row);
      totals.references++;
      if (row.status === 'broken') totals.broken++;
      if (row.status === 'ambiguous') totals.ambiguous++;
    }
    totals.clauses += model.clauses.length;
    const children = childrenOf(model);
    const node = (c: number): ClauseNode => {
      const clause = model.clauses[c]!;
      return {
        number: clause.number,
        id: clause.id,
        title: clause.title,
        kind: clause.kind,
        summary: clause.summary,
        place: context.place(uri, clause.numberSpan),
        outgoing: outgoing[c]!,
        incoming: incoming.get(`${uri}#${c}`) ?? [],
        children: (children.get(c) ?? []).map(node),
      };
    };
    return { document: context.document(uri), unnumbered, clauses: (children.get(-1) ?? []).map(node) };
  });
  return { kind: 'clauses', version: 1, documents: context.uris.map(context.document), maps, totals };
}

/** The clauses under each clause (by index; -1 for the top level), in document order. */
function childrenOf(model: DocumentModel): Map<number, number[]> {
  const out = new Map<number, number[]>();
  model.clauses.forEach((c, i) => {
    const list = out.get(c.parent) ?? [];
    list.push(i);
    out.set(c.parent, list);
  });
  return out;
}

function outgoingRow(context: ReportContext, uri: string, use: ReferenceUse): OutgoingReference {
  const ref = use.reference;
  const status = statusOf(context, uri, ref, use);
  const targetModel = use.uri !== undefined && use.clause !== undefined ? context.index.document(use.uri)?.model : undefined;
  const to: ReferenceTarget | undefined =
    targetModel && use.uri !== undefined && use.clause !== undefined
      ? { uri: use.uri, path: context.document(use.uri).path, clause: clauseLabel(targetModel, use.clause), span: targetModel.clauses[use.clause]!.headSpan }
      : undefined;
  return {
    text: shownText(ref),
    kind: ref.kind,
    target: ref.target,
    ...(ref.file !== undefined ? { file: ref.file } : {}),
    place: context.place(uri, ref.span),
    status,
    ...(to ? { to } : {}),
  };
}

/** What a reader sees of a reference: the phrase, or the text of a Markdown link. */
function shownText(ref: ClauseReference): string {
  if (ref.kind !== 'link') return ref.text;
  const label = /^\[([\s\S]*)\]\([\s\S]*\)$/.exec(ref.text);
  return label ? label[1]! : ref.text;
}

function statusOf(context: ReportContext, uri: string, ref: ClauseReference, use: ReferenceUse): ReferenceStatus {
  const flagged = (code: string) => referenceDiagnostics(context, uri).some((d) => d.code === code && within(d.span, ref.span));
  if (flagged('ref.broken')) return 'broken';
  if (flagged('ref.ambiguous')) return 'ambiguous';
  return use.clause !== undefined ? 'resolved' : 'unchecked';
}

const referenceFindings = new WeakMap<ReportContext, Map<string, readonly Diagnostic[]>>();

/** The `ref.broken` and `ref.ambiguous` diagnostics of a document, once per report build. */
function referenceDiagnostics(context: ReportContext, uri: string): readonly Diagnostic[] {
  let byUri = referenceFindings.get(context);
  if (!byUri) referenceFindings.set(context, (byUri = new Map()));
  let list = byUri.get(uri);
  if (!list) byUri.set(uri, (list = context.diagnostics(uri).filter((d) => d.code === 'ref.broken' || d.code === 'ref.ambiguous')));
  return list;
}

/** References from every document of the workspace to the clauses of the report's documents, by `uri#clause`. */
function incomingReferences(context: ReportContext): Map<string, IncomingReference[]> {
  const inside = new Set(context.uris);
  const out = new Map<string, IncomingReference[]>();
  const documents = [...context.index.documents()].map((d) => d.uri).sort((a, b) => compareText(context.document(a).path, context.document(b).path) || compareText(a, b));
  for (const from of documents) {
    for (const use of context.linked(from)?.references ?? []) {
      if (use.uri === undefined || use.clause === undefined || !inside.has(use.uri)) continue;
      const key = `${use.uri}#${use.clause}`;
      const list = out.get(key) ?? [];
      list.push({ text: shownText(use.reference), kind: use.reference.kind, place: context.place(from, use.reference.span) });
      out.set(key, list);
    }
  }
  return out;
}
