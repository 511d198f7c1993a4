// Builds any report, or all of them at once over one shared context (the diagnostics of each document are
// computed once for every report of the page).

import type { LanguageConfig } from '../config.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { clausesReport, type ClausesReport } from './clauses.js';
import { reportContext, type ReportDocument, type ReportKind } from './common.js';
import { disputesReport, type DisputesReport } from './disputes.js';
import { graphReport, type GraphReport } from './graph.js';
import { sourcesReport, type SourcesReport } from './sources.js';
import { termsReport, type TermsReport } from './terms.js';

/** Every report of the same documents, for the one-page HTML and the `all` JSON. */
export interface AllReports {
  readonly kind: 'all';
  readonly version: 1;
  readonly documents: readonly ReportDocument[];
  readonly terms: TermsReport;
  readonly sources: SourcesReport;
  readonly disputes: DisputesReport;
  readonly graph: GraphReport;
  readonly clauses: ClausesReport;
}

/** Any report's data. */
export type ReportData = TermsReport | SourcesReport | DisputesReport | GraphReport | ClausesReport | AllReports;

/** What `buildReport` and `renderReport` accept as a kind. */
export type ReportKindOrAll = ReportKind | 'all';

/** The report data of one kind. */
export type ReportOf<K extends ReportKindOrAll> = Extract<ReportData, { kind: K }>;

/** Builds the report `kind` of `uris` (one document or the whole workspace); `all` builds every report. */
export function buildReport<K extends ReportKindOrAll>(kind: K, index: WorkspaceIndex, uris: readonly string[], config?: LanguageConfig): ReportOf<K> {
  const context = reportContext(index, uris, config);
  const one = (k: ReportKind): ReportData => {
    switch (k) {
      case 'terms':
        return termsReport(context);
      case 'sources':
        return sourcesReport(context);
      case 'disputes':
        return disputesReport(context);
      case 'graph':
        return graphReport(context);
      case 'clauses':
        return clausesReport(context);
    }
  };
  if (kind !== 'all') return one(kind) as ReportOf<K>;
  const all: AllReports = {
    kind: 'all',
    version: 1,
    documents: context.uris.map(context.document),
    terms: termsReport(context),
    sources: sourcesReport(context),
    disputes: disputesReport(context),
    graph: graphReport(context),
    clauses: clausesReport(context),
  };
  return all as ReportOf<K>;
}
