// The reports' public face: build a report's data for a set of documents, render it in a format. The language
// facade (`language/index.ts`) is to re-export from here; nothing outside the language layer imports a report module.

export { buildReport, type AllReports, type ReportData, type ReportKindOrAll, type ReportOf } from './build.js';
export { buildClausesReport, type ClauseNode, type ClausesReport, type DocumentClauseMap, type IncomingReference, type OutgoingReference, type ReferenceStatus } from './clauses.js';
export { REPORT_KINDS, type CitedSource, type ClauseLabel, type ReportDocument, type ReportKind, type ReportPlace } from './common.js';
export { buildDisputesReport, type Dispute, type DisputePosition, type DisputesReport, type PartyColumn } from './disputes.js';
export { escapeHtml, safeUrl } from './escape.js';
export { buildGraphReport, type GraphEdge, type GraphNode, type GraphReport, type Point } from './graph.js';
export { FORMATS_OF, renderReport, REPORT_FORMATS, type RenderOptions, type RenderResult, type ReportFormat } from './render.js';
export { buildSourcesReport, type SourceCitation, type SourceRow, type SourcesReport, type UnknownKeyRow } from './sources.js';
export { buildTermsReport, type TermRow, type TermScope, type TermStatus, type TermsReport, type UndefinedTermRow } from './terms.js';
