// Draws the laid-out definition graph as SVG: boxes and routes exactly where dagre put them, every label escaped,
// colours from `currentColor` and CSS variables (VS Code theme variables when shown in a webview), cycles in a
// distinct stroke, contested terms marked, and each term a `<g data-uri data-offset>` a webview can handle clicks on.

import { html, rawHtml, type SafeHtml } from './escape.js';
import { GRAPH_STYLE, shortLabel, type GraphEdge, type GraphNode, type GraphReport, type Point } from './graph.js';
import { excerpt } from './wording.js';

/** The colours the graph's CSS is written with. */
interface Palette {
  /** The background of a standalone drawing (the HTML page has its own). */
  readonly bg: string;
  readonly fg: string;
  readonly node: string;
  readonly border: string;
  readonly cycle: string;
  readonly contested: string;
}

/** Inside the HTML page: VS Code's theme variables in a webview, plain colours elsewhere. */
const THEMED: Palette = {
  bg: 'transparent',
  fg: 'var(--vscode-editor-foreground, currentColor)',
  node: 'var(--vscode-editorWidget-background, rgba(127, 127, 127, 0.08))',
  border: 'var(--vscode-editorWidget-border, rgba(127, 127, 127, 0.7))',
  cycle: 'var(--vscode-charts-red, #d1242f)',
  contested: 'var(--vscode-charts-orange, #bc4c00)',
};

/**
 * A file of its own (seen as an image, where no page variables reach it): concrete colours every SVG renderer reads
 * (librsvg knows no CSS variables), on an opaque background of their own, so that light text never lands on a
 * viewer's white page.
 */
const LIGHT: Palette = { bg: '#ffffff', fg: '#1f2328', node: 'rgba(127, 127, 127, 0.08)', border: 'rgba(90, 90, 90, 0.8)', cycle: '#d1242f', contested: '#bc4c00' };
const DARK: Palette = { bg: '#0d1117', fg: '#e6edf3', node: 'rgba(127, 127, 127, 0.16)', border: 'rgba(170, 170, 170, 0.8)', cycle: '#ff7b72', contested: '#f0883e' };

/** The graph's colour rules for a palette. */
function colours(p: Palette): string {
  return `.cm-graph { color: ${p.fg}; }
.cm-graph .cm-background { fill: ${p.bg}; }
.cm-graph .cm-edge.cm-cycle { stroke: ${p.cycle}; }
.cm-graph .cm-arrow.cm-cycle { fill: ${p.cycle}; }
.cm-graph .cm-node rect { fill: ${p.node}; stroke: ${p.border}; }
.cm-graph .cm-node.cm-cycle rect { stroke: ${p.cycle}; }
.cm-graph .cm-mark { fill: ${p.contested}; }
`;
}

/** The graph's layout and line rules, the same in every palette. */
const SHAPES = `.cm-graph { font-family: var(--vscode-font-family, system-ui, sans-serif); }
.cm-graph .cm-edge { fill: none; stroke: currentColor; stroke-opacity: 0.55; stroke-width: 1.25; }
.cm-graph .cm-edge.cm-cycle { stroke-opacity: 1; stroke-width: 2.25; stroke-dasharray: 7 3; }
.cm-graph .cm-arrow { fill: currentColor; fill-opacity: 0.7; }
.cm-graph .cm-arrow.cm-cycle { fill-opacity: 1; }
.cm-graph .cm-node rect { stroke-width: 1; }
.cm-graph .cm-node.cm-external rect { stroke-dasharray: 4 3; }
.cm-graph .cm-node.cm-cycle rect { stroke-width: 2.25; }
.cm-graph .cm-node { cursor: pointer; }
.cm-graph .cm-node:hover rect, .cm-graph .cm-node:focus rect { stroke-width: 2.5; }
.cm-graph .cm-node:focus { outline: none; }
.cm-graph text { fill: currentColor; }
.cm-graph .cm-name { font-size: ${GRAPH_STYLE.fontSize}px; font-weight: 600; }
.cm-graph .cm-detail { font-size: ${GRAPH_STYLE.detailSize}px; fill-opacity: 0.7; }
.cm-graph .cm-legend text { font-size: 11px; fill-opacity: 0.8; }
`;

/** The graph's CSS inside the HTML page (in the page's one `<style>`): theme variables with plain fallbacks. */
export const GRAPH_CSS = `${SHAPES}${colours(THEMED)}`;

/** The standalone SVG's own CSS: concrete colours, light or dark as the viewer prefers. */
const STANDALONE_CSS = `
${SHAPES.replace('var(--vscode-font-family, system-ui, sans-serif)', 'system-ui, sans-serif')}${colours(LIGHT)}@media (prefers-color-scheme: dark) {
${colours(DARK)}}
`;

/** Height of the legend under the graph. */
const LEGEND = 30;

/** Options of the SVG drawing. */
export interface SvgOptions {
  /** A file of its own (XML prolog-free, `xmlns`, its own `<style>`), rather than inline in the HTML page. */
  readonly standalone: boolean;
}

/** The graph as an SVG document (`standalone`) or as an `<svg>` element for the HTML page. */
export function renderGraphSvg(graph: GraphReport, options: SvgOptions): SafeHtml {
  const width = Math.max(graph.width, 440);
  const height = graph.height + LEGEND;
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const style = options.standalone ? html`<style>${rawHtml(STANDALONE_CSS)}</style>` : undefined;
  const background = options.standalone ? html`\n<rect class="cm-background" x="0" y="0" width="${width}" height="${height}" fill="#ffffff" stroke="none"/>` : undefined;
  const description = `${graph.nodes.length} terms and ${graph.edges.length} "is defined using" edges${graph.cycles.length > 0 ? `; ${graph.cycles.length} cycles` : ''}`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="cm-graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="cm-graph-title cm-graph-desc">
<title id="cm-graph-title">Definition graph</title>
<desc id="cm-graph-desc">${description}</desc>${style}
<defs>
<marker id="cm-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path class="cm-arrow" d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker>
<marker id="cm-arrow-cycle" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="11" markerHeight="11" markerUnits="userSpaceOnUse" orient="auto"><path class="cm-arrow cm-cycle" d="M0,0 L10,5 L0,10 z" fill="#d1242f"/></marker>
</defs>${background}
<g class="cm-edges">
${graph.edges.map((e) => edge(e, names))}</g>
<g class="cm-nodes">
${graph.nodes.map(node)}</g>
${legend(graph.height)}
</svg>`;
}

// Every shape also carries its light-theme colours as presentation attributes, for renderers that read no CSS
// (ImageMagick's own); wherever CSS applies, the stylesheet's rules win over them.

function edge(e: GraphEdge, names: ReadonlyMap<string, string>): SafeHtml {
  const cls = e.cycle ? 'cm-edge cm-cycle' : 'cm-edge';
  const stroke = e.cycle ? '#d1242f' : '#57606a';
  const marker = e.cycle ? 'url(#cm-arrow-cycle)' : 'url(#cm-arrow)';
  return html`<path class="${cls}" d="${curve(e.points)}" fill="none" stroke="${stroke}"${e.cycle ? html` stroke-width="2.25" stroke-dasharray="7 3"` : undefined} marker-end="${marker}" data-from="${e.from}" data-to="${e.to}"><title>${names.get(e.from) ?? ''} is defined using ${names.get(e.to) ?? ''}</title></path>
`;
}

function node(n: GraphNode): SafeHtml {
  const classes = ['cm-node', n.contested ? 'cm-contested' : '', n.cycle >= 0 ? 'cm-cycle' : '', n.external ? 'cm-external' : ''].filter((c) => c).join(' ');
  const tooltip = `${n.name}${n.contested ? ' (contested)' : ''}${n.cycle >= 0 ? ' (on a cycle)' : ''}: ${excerpt(n.definition, 280)}`;
  const cx = n.x + n.width / 2;
  const mark = n.contested
    ? html`<path class="cm-mark" d="M${n.x + n.width - 10},${n.y - 5} l5,5 l-5,5 l-5,-5 z" fill="#bc4c00"/>`
    : undefined;
  return html`<g class="${classes}" data-uri="${n.uri}" data-offset="${n.span.start}" data-id="${n.id}" tabindex="0" role="button" aria-label="${`Open the definition of ${n.name}`}"><title>${tooltip}</title><rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="6" fill="#f6f8fa" stroke="${n.cycle >= 0 ? '#d1242f' : '#57606a'}" stroke-width="${n.cycle >= 0 ? 2.25 : 1}"${n.external ? html` stroke-dasharray="4 3"` : undefined}/>${mark}<text class="cm-name" x="${cx}" y="${n.y + 18}" text-anchor="middle" font-family="sans-serif" font-size="${GRAPH_STYLE.fontSize}" font-weight="600" fill="#1f2328">${shortLabel(n.name)}</text><text class="cm-detail" x="${cx}" y="${n.y + 33}" text-anchor="middle" font-family="sans-serif" font-size="${GRAPH_STYLE.detailSize}" fill="#57606a">${shortLabel(n.detail)}</text></g>
`;
}

function legend(top: number): SafeHtml {
  const y = top + 14;
  return html`<g class="cm-legend" transform="translate(16 ${y})"><path class="cm-edge" d="M0,0 L28,0" fill="none" stroke="#57606a" marker-end="url(#cm-arrow)"/><text x="36" y="4" font-family="sans-serif" font-size="11" fill="#57606a">is defined using</text><path class="cm-edge cm-cycle" d="M150,0 L178,0" fill="none" stroke="#d1242f" marker-end="url(#cm-arrow-cycle)"/><text x="186" y="4" font-family="sans-serif" font-size="11" fill="#57606a">cycle</text><path class="cm-mark" d="M240,-5 l5,5 l-5,5 l-5,-5 z" fill="#bc4c00"/><text x="252" y="4" font-family="sans-serif" font-size="11" fill="#57606a">contested</text><rect x="330" y="-6" width="22" height="12" rx="3" fill="none" stroke="#57606a" stroke-dasharray="4 3"/><text x="358" y="4" font-family="sans-serif" font-size="11" fill="#57606a">imported</text></g>`;
}

/** A smooth path through the route's points: the uniform cubic B-spline that d3's `curveBasis` draws. */
export function curve(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const f = (n: number) => String(Math.round(n * 10) / 10);
  const p = points;
  if (p.length < 3) return `M${f(p[0]!.x)},${f(p[0]!.y)}${p.slice(1).map((q) => ` L${f(q.x)},${f(q.y)}`).join('')}`;
  let d = `M${f(p[0]!.x)},${f(p[0]!.y)} L${f((5 * p[0]!.x + p[1]!.x) / 6)},${f((5 * p[0]!.y + p[1]!.y) / 6)}`;
  for (let i = 2; i < p.length; i++) {
    const a = p[i - 2]!;
    const b = p[i - 1]!;
    const c = p[i]!;
    d += ` C${f((2 * a.x + b.x) / 3)},${f((2 * a.y + b.y) / 3)} ${f((a.x + 2 * b.x) / 3)},${f((a.y + 2 * b.y) / 3)} ${f((a.x + 4 * b.x + c.x) / 6)},${f((a.y + 4 * b.y + c.y) / 6)}`;
  }
  const a = p[p.length - 2]!;
  const b = p[p.length - 1]!;
  d += ` C${f((2 * a.x + b.x) / 3)},${f((2 * a.y + b.y) / 3)} ${f((a.x + 2 * b.x) / 3)},${f((a.y + 2 * b.y) / 3)} ${f((a.x + 5 * b.x) / 6)},${f((a.y + 5 * b.y) / 6)} L${f(b.x)},${f(b.y)}`;
  return d;
}
