// The disputes report: every contested term or clause (positions from two or more parties) with each party's
// reading side by side, the citations behind each reading, the explanation and the notes attached to it.

import type { DocumentModel } from '../../syntax/model.js';
import type { LanguageConfig } from '../config.js';
import type { TermRef } from '../link.js';
import { annotationsOf, canonicalParty, citationKeysIn, termKey, type PartyPosition } from '../terms.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { citedSource, compareText, partyName, reportContext, type CitedSource, type ReportContext, type ReportDocument, type ReportPlace } from './common.js';
import { canonicalRef } from './terms.js';
import { clauseName } from './wording.js';

/** One `POSITION` callout. */
export interface DisputePosition {
  readonly text: string;
  readonly citations: readonly CitedSource[];
  readonly place: ReportPlace;
}

/** A party's column: every position it takes on the item (usually one). */
export interface PartyColumn {
  /** The declared party name (an alias counts as its party). */
  readonly party: string;
  readonly positions: readonly DisputePosition[];
}

/** A contested term or clause. */
export interface Dispute {
  readonly kind: 'term' | 'clause';
  /** The term, or `§1.1 Azure routing`. */
  readonly name: string;
  /** The definition text, or the clause's first sentences. */
  readonly text: string;
  readonly explanations: readonly string[];
  /** Citations in the definition or the clause's opening text. */
  readonly sources: readonly CitedSource[];
  /** The term's name or the clause's number (click target). */
  readonly place: ReportPlace;
  /** One column per party, parties in the order the document declares them. */
  readonly columns: readonly PartyColumn[];
  /** Other callouts attached to the item: `NOTE`, `RISK`, `QUESTION`, `TODO`. */
  readonly notes: readonly { readonly type: string; readonly text: string }[];
  /** A term defined outside the report's documents and used inside them. */
  readonly imported: boolean;
}

/** The disputes report. */
export interface DisputesReport {
  readonly kind: 'disputes';
  readonly version: 1;
  readonly documents: readonly ReportDocument[];
  /** Every party that takes a position in the report, in first-declared order. */
  readonly parties: readonly string[];
  /** In document order (documents by path). */
  readonly disputes: readonly Dispute[];
}

/** Builds the disputes report of `uris` (one document or the whole workspace). */
export function buildDisputesReport(index: WorkspaceIndex, uris: readonly string[], config?: LanguageConfig): DisputesReport {
  return disputesReport(reportContext(index, uris, config));
}

/** The disputes report within a shared report context. */
export function disputesReport(context: ReportContext): DisputesReport {
  const { index } = context;
  const inside = new Set(context.uris);
  const disputes: Dispute[] = [];
  for (const uri of context.uris) {
    const model = index.document(uri)!.model;
    model.definitions.forEach((_, d) => {
      const dispute = termDispute(context, { uri, definition: d }, false);
      if (dispute) disputes.push(dispute);
    });
    model.clauses.forEach((_, c) => {
      const dispute = clauseDispute(context, uri, model, c);
      if (dispute) disputes.push(dispute);
    });
  }
  // Contested terms of imported documents that the report's documents use.
  const imported = new Map<string, TermRef>();
  for (const uri of context.uris) {
    for (const use of context.linked(uri)?.termUses ?? []) {
      if (!use.term || inside.has(use.term.uri)) continue;
      const ref = canonicalRef(index, use.term);
      imported.set(termKey(ref), ref);
    }
  }
  for (const ref of imported.values()) {
    const dispute = termDispute(context, ref, true);
    if (dispute) disputes.push(dispute);
  }
  disputes.sort((a, b) => Number(a.imported) - Number(b.imported) || compareText(a.place.path, b.place.path) || a.place.span.start - b.place.span.start);
  const parties: string[] = [];
  for (const dispute of disputes) for (const column of dispute.columns) if (!parties.includes(column.party)) parties.push(column.party);
  return { kind: 'disputes', version: 1, documents: context.uris.map(context.document), parties, disputes };
}

function termDispute(context: ReportContext, ref: TermRef, imported: boolean): Dispute | undefined {
  const model = context.index.document(ref.uri)?.model;
  const definition = model?.definitions[ref.definition];
  if (!model || !definition) return undefined;
  const annotations = annotationsOf(model, 'definition', ref.definition);
  if (!annotations.contested) return undefined;
  const linked = context.linked(ref.uri);
  return {
    kind: 'term',
    name: definition.names[0]!.name,
    text: definition.text,
    explanations: annotations.explanations,
    sources: citationKeysIn(model, definition.span).map((key) => citedSource(linked, key)),
    place: context.place(ref.uri, definition.names[0]!.span),
    columns: columns(context, ref.uri, model, annotations.positions),
    notes: notesOf(model, 'definition', ref.definition),
    imported,
  };
}

function clauseDispute(context: ReportContext, uri: string, model: DocumentModel, c: number): Dispute | undefined {
  const annotations = annotationsOf(model, 'clause', c);
  if (!annotations.contested) return undefined;
  const clause = model.clauses[c]!;
  return {
    kind: 'clause',
    name: clauseName(clause),
    text: clause.summary,
    explanations: annotations.explanations,
    sources: citationKeysIn(model, clause.headSpan).map((key) => citedSource(context.linked(uri), key)),
    place: context.place(uri, clause.numberSpan),
    columns: columns(context, uri, model, annotations.positions),
    notes: notesOf(model, 'clause', c),
    imported: false,
  };
}

/** Positions grouped by party: declared parties first, in their order, then the others as first written. */
function columns(context: ReportContext, uri: string, model: DocumentModel, positions: readonly PartyPosition[]): PartyColumn[] {
  const declared = (model.frontMatter?.parties ?? []).map((p) => p.name);
  const byParty = new Map<string, { party: string; positions: DisputePosition[] }>();
  for (const p of positions) {
    const key = canonicalParty(model, p.party);
    const column = byParty.get(key) ?? { party: partyName(model, p.party), positions: [] };
    column.positions.push({ text: p.text, citations: p.sources.map((k) => citedSource(context.linked(uri), k)), place: context.place(uri, p.callout.markerSpan) });
    byParty.set(key, column);
  }
  const rank = (party: string) => {
    const i = declared.indexOf(party);
    return i < 0 ? declared.length : i;
  };
  return [...byParty.values()].sort((a, b) => rank(a.party) - rank(b.party));
}

function notesOf(model: DocumentModel, kind: 'definition' | 'clause', index: number): { type: string; text: string }[] {
  return model.callouts
    .filter((c) => c.target?.kind === kind && c.target.index === index && c.type !== 'POSITION' && c.type !== 'EXPLAIN')
    .map((c) => ({ type: c.type, text: c.text }));
}
