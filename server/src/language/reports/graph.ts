// The definition graph: terms as nodes, "is defined using" as edges (definition D uses term T when a use of T
// stands in D's text), cycles as strongly connected components, contested terms marked, laid out by dagre into
// node boxes and edge routes that the SVG renderer draws as they are.
// Why dagre (`@dagrejs/dagre`) and not elkjs: it lays out synchronously (elkjs answers with a promise even in its
// bundled build, and a report is built inside a synchronous request), it is about 50 KB of minified code with
// graphlib against elkjs's 1.6 MB bundle, MIT-licensed (elkjs is EPL-2.0), and deterministic: no randomness,
// the same input order gives the same layout, and we feed it nodes and edges in a sorted order.

import dagre from '@dagrejs/dagre';
import type { DocumentModel, Span } from '../../syntax/model.js';
import { partitionPoint } from '../../syntax/search.js';
import type { LanguageConfig } from '../config.js';
import type { TermRef } from '../link.js';
import { annotationsOf, termKey } from '../terms.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { compareText, reportContext, type ReportContext, type ReportDocument, type ReportPlace } from './common.js';
import { canonicalRef } from './terms.js';

/** A point of the layout, in SVG user units (y grows downwards). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A term of the graph, with its box in the layout. */
export interface GraphNode {
  /** `n0`, `n1`, …: stable for the same workspace, safe in SVG ids and attributes. */
  readonly id: string;
  readonly name: string;
  /** A second line: the document (without `.clause.md`) and the clause or section. */
  readonly detail: string;
  /** The term's name where it is defined: the click target (`data-uri`, `data-offset`). */
  readonly uri: string;
  readonly span: Span;
  readonly definitionSpan: Span;
  readonly definition: string;
  readonly contested: boolean;
  /** Index into `cycles`, or -1 when the term lies on no cycle. */
  readonly cycle: number;
  /** Defined outside the report's documents; shown because a definition inside uses it. */
  readonly external: boolean;
  /** The box's top-left corner and size. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** "`from` is defined using `to`", with the route the layout gives it. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Both ends lie on the same cycle. */
  readonly cycle: boolean;
  /** The first use of `to` in the text of `from`. */
  readonly use: ReportPlace;
  /** From the border of `from` to the border of `to`. */
  readonly points: readonly Point[];
}

/** The definition-graph report. */
export interface GraphReport {
  readonly kind: 'graph';
  readonly version: 1;
  readonly documents: readonly ReportDocument[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Strongly connected components of two or more terms, as node ids; each one is a set of circular definitions. */
  readonly cycles: readonly (readonly string[])[];
  readonly width: number;
  readonly height: number;
}

/** Layout constants, in SVG user units. */
export const GRAPH_STYLE = { fontSize: 13, detailSize: 11, nodeHeight: 42, paddingX: 12, maxLabel: 40 } as const;

/** Builds the definition graph of `uris` (one document or the whole workspace), laid out. */
export function buildGraphReport(index: WorkspaceIndex, uris: readonly string[], config?: LanguageConfig): GraphReport {
  return graphReport(reportContext(index, uris, config));
}

interface RawNode {
  readonly ref: TermRef;
  readonly model: DocumentModel;
}

/** The definition graph within a shared report context. */
export function graphReport(context: ReportContext): GraphReport {
  const { index } = context;
  const whole = workspaceGraph(index);
  const inside = new Set(context.uris);
  // Shown: every (canonical) definition of the documents, then what their definitions use from elsewhere.
  const shown = new Set<string>();
  for (const key of whole.nodes.keys()) if (inside.has(whole.nodes.get(key)!.ref.uri)) shown.add(key);
  for (const key of [...shown]) for (const to of whole.edges.get(key)?.keys() ?? []) shown.add(to);
  const order = [...shown].sort((a, b) => compareNodes(context, whole.nodes.get(a)!, whole.nodes.get(b)!));
  const ids = new Map(order.map((key, i) => [key, `n${i}`]));
  const rank = new Map(order.map((key, i) => [key, i]));
  const byRank = (a: string, b: string) => rank.get(a)! - rank.get(b)!;

  const components = cyclesOf(whole.edges).filter((c) => c.some((k) => shown.has(k)));
  const componentOf = new Map<string, number>();
  const cycles = components
    .map((c) => c.filter((k) => shown.has(k)).sort(byRank))
    .sort((a, b) => byRank(a[0]!, b[0]!));
  cycles.forEach((c, i) => c.forEach((k) => componentOf.set(k, i)));

  const edges: { from: string; to: string; cycle: boolean; use: ReportPlace }[] = [];
  for (const from of order) {
    // Between shown terms only; an external term's edges are drawn too, so a cycle through it stays visible.
    const targets = [...(whole.edges.get(from) ?? new Map<string, { uri: string; span: Span }>())].sort((a, b) => byRank(a[0], b[0]));
    for (const [to, use] of targets) {
      if (!shown.has(to)) continue;
      const cycle = componentOf.has(from) && componentOf.get(from) === componentOf.get(to);
      edges.push({ from: ids.get(from)!, to: ids.get(to)!, cycle, use: context.place(use.uri, use.span) });
    }
  }

  const nodes = order.map((key) => {
    const { ref, model } = whole.nodes.get(key)!;
    const definition = model.definitions[ref.definition]!;
    const name = definition.names[0]!;
    const place = context.place(ref.uri, name.span);
    const where = place.clause ? `§${place.clause.number}` : (place.section ?? '');
    const doc = place.path.replace(/\.clause\.md$|\.md$/, '');
    return {
      id: ids.get(key)!,
      name: name.name,
      detail: where ? `${doc} · ${where}` : doc,
      uri: ref.uri,
      span: name.span,
      definitionSpan: definition.span,
      definition: definition.text,
      contested: annotationsOf(model, 'definition', ref.definition).contested,
      cycle: componentOf.get(key) ?? -1,
      external: !inside.has(ref.uri),
    };
  });
  const laid = layout(nodes, edges);
  return {
    kind: 'graph',
    version: 1,
    documents: context.uris.map(context.document),
    nodes: laid.nodes,
    edges: laid.edges,
    cycles: cycles.map((c) => c.map((k) => ids.get(k)!)),
    width: laid.width,
    height: laid.height,
  };
}

function compareNodes(context: ReportContext, a: RawNode, b: RawNode): number {
  return compareText(context.document(a.ref.uri).path, context.document(b.ref.uri).path) || compareText(a.ref.uri, b.ref.uri) || a.ref.definition - b.ref.definition;
}

/** Every canonical definition of the workspace and the terms its text uses, each with its first use. */
function workspaceGraph(index: WorkspaceIndex): { nodes: Map<string, RawNode>; edges: Map<string, Map<string, { uri: string; span: Span }>> } {
  return index.memo('reports.definitionGraph', () => {
    const nodes = new Map<string, RawNode>();
    const edges = new Map<string, Map<string, { uri: string; span: Span }>>();
    for (const doc of index.documents()) {
      doc.model.definitions.forEach((_, d) => {
        const ref = canonicalRef(index, { uri: doc.uri, definition: d });
        nodes.set(termKey(ref), { ref, model: doc.model });
      });
    }
    for (const doc of index.documents()) {
      // Term uses are sorted by start: each definition reads the run of them inside its text (binary search).
      const uses = index.linked(doc.uri)?.termUses ?? [];
      doc.model.definitions.forEach((definition, d) => {
        const from = termKey(canonicalRef(index, { uri: doc.uri, definition: d }));
        for (let i = firstAtOrAfter(uses, definition.span.start); i < uses.length && uses[i]!.span.start < definition.span.end; i++) {
          const use = uses[i]!;
          if (!use.term || use.span.end > definition.span.end) continue;
          const to = termKey(canonicalRef(index, use.term));
          if (to === from || !nodes.has(to)) continue;
          const out = edges.get(from) ?? new Map<string, { uri: string; span: Span }>();
          if (!out.has(to)) out.set(to, { uri: doc.uri, span: use.span });
          edges.set(from, out);
        }
      });
    }
    return { nodes, edges };
  });
}

/** The index of the first use that starts at or after `offset`. */
function firstAtOrAfter(uses: readonly { readonly span: Span }[], offset: number): number {
  return partitionPoint(uses.length, (i) => uses[i]!.span.start < offset);
}

/** Strongly connected components of two or more nodes (graphlib's Tarjan), over keys in sorted order. */
function cyclesOf(edges: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  const g = new dagre.graphlib.Graph({ directed: true });
  for (const from of [...edges.keys()].sort()) for (const to of [...edges.get(from)!.keys()].sort()) g.setEdge(from, to);
  return dagre.graphlib.alg.tarjan(g).filter((c: string[]) => c.length >= 2);
}

/**
 * Width of a label in user units, without a font at hand: per-character widths close to DejaVu Sans (the widest
 * of the usual UI fonts, so Segoe UI and Helvetica fit with room to spare), 8% more for bold, 1 em for wide (CJK)
 * characters.
 */
export function labelWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (ch.codePointAt(0)! >= 0x2e80) em += 1;
    else if (/[ijlI|.,:;'!`]/.test(ch)) em += 0.32;
    else if (/[frt()[\]{}\- "/]/.test(ch)) em += 0.44;
    else if (/[mwMW@%]/.test(ch)) em += 0.98;
    else if (/[A-Z]/.test(ch)) em += 0.74;
    else em += 0.62;
  }
  return em * size * (bold ? 1.08 : 1);
}

/** Shortens a label to `max` characters with an ellipsis (the full text stays in the node's tooltip). */
export function shortLabel(text: string, max: number = GRAPH_STYLE.maxLabel): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const round = (n: number) => Math.round(n * 10) / 10;

function layout<N extends { id: string; name: string; detail: string }, E extends { from: string; to: string }>(
  nodes: readonly N[],
  edges: readonly E[],
): { nodes: (N & { x: number; y: number; width: number; height: number })[]; edges: (E & { points: Point[] })[]; width: number; height: number } {
  const s = GRAPH_STYLE;
  const g = new dagre.graphlib.Graph({ directed: true, multigraph: false, compound: false });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 72, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    const width = Math.ceil(Math.max(labelWidth(shortLabel(node.name), s.fontSize, true), labelWidth(shortLabel(node.detail), s.detailSize), 48) + 2 * s.paddingX);
    g.setNode(node.id, { width, height: s.nodeHeight });
  }
  for (const edge of edges) g.setEdge(edge.from, edge.to, {});
  dagre.layout(g);
  const graph = g.graph() as { width?: number; height?: number };
  return {
    nodes: nodes.map((node) => {
      const box = g.node(node.id) as { x: number; y: number; width: number; height: number };
      return { ...node, x: round(box.x - box.width / 2), y: round(box.y - box.height / 2), width: box.width, height: box.height };
    }),
    edges: edges.map((edge) => {
      const route = g.edge(edge.from, edge.to) as { points?: Point[] };
      return { ...edge, points: (route.points ?? []).map((p) => ({ x: round(p.x), y: round(p.y) })) };
    }),
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
  };
}
