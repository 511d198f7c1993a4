// Renders report data as one self-contained HTML page: inline CSS in a single `<style>` element (with a nonce
// when given), no scripts, no inline styles or event handlers, no external resources, a Content-Security-Policy
// that forbids them all, links to http(s) URLs only, and every document string escaped by the `html` tag.
// Places carry `data-uri` and `data-offset` so a webview's own script can reveal them in the editor.

import type { AllReports, ReportData } from './build.js';
import type { ClauseNode, ClausesReport, OutgoingReference } from './clauses.js';
import { placeLabel, type CitedSource, type ReportDocument, type ReportPlace } from './common.js';
import type { DisputesReport } from './disputes.js';
import { html, joinHtml, rawHtml, safeUrl, type SafeHtml } from './escape.js';
import type { GraphReport } from './graph.js';
import type { SourceRow, SourcesReport } from './sources.js';
import { GRAPH_CSS, renderGraphSvg } from './svg.js';
import type { TermRow, TermsReport } from './terms.js';
import { clauseName, count, excerpt, missingText, REFERENCE_STATUS, REPORT_TITLES, scopeText, targetText, termStatuses } from './wording.js';

/** Options of the HTML page. */
export interface HtmlOptions {
  /** A CSP nonce for the page's `<style>` (a webview passes its own); without one the policy allows inline styles only. */
  readonly nonce?: string;
}

/** True for a nonce a CSP source expression accepts (base64 or base64url, at least 16 characters). */
export function isValidNonce(nonce: string): boolean {
  return /^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce);
}

const PAGE_CSS = `
:root { color-scheme: light dark; }
body { margin: 0; padding: 16px 24px 48px; font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  font-size: var(--vscode-font-size, 14px); line-height: 1.5; color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff); }
@media (prefers-color-scheme: dark) { body { color: var(--vscode-foreground, #e6edf3); background: var(--vscode-editor-background, #0d1117); } }
main { max-width: 1200px; }
h1 { font-size: 1.6em; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.4em; padding-bottom: 0.2em; border-bottom: 1px solid var(--vscode-panel-border, rgba(127, 127, 127, 0.35)); }
h3 { font-size: 1.1em; margin: 1.3em 0 0.3em; }
a { color: var(--vscode-textLink-foreground, #0969da); }
blockquote { margin: 0.4em 0; padding: 0.2em 0.9em; border-left: 3px solid var(--vscode-textBlockQuote-border, rgba(127, 127, 127, 0.5));
  background: var(--vscode-textBlockQuote-background, rgba(127, 127, 127, 0.07)); }
table { border-collapse: collapse; margin: 0.6em 0; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border: 1px solid var(--vscode-panel-border, rgba(127, 127, 127, 0.35)); }
th { background: var(--vscode-editorWidget-background, rgba(127, 127, 127, 0.1)); }
td.cm-number { text-align: right; font-variant-numeric: tabular-nums; }
td.cm-date { white-space: nowrap; }
p { margin: 0.4em 0; }
ul { margin: 0.3em 0; padding-left: 1.4em; }
.cm-muted { opacity: 0.75; }
.cm-place { cursor: pointer; text-decoration: underline dotted; }
.cm-place:hover, .cm-place:focus { color: var(--vscode-textLink-activeForeground, #0550ae); }
.cm-badge { display: inline-block; margin: 0 4px 2px 0; padding: 0 6px; border-radius: 8px; font-size: 0.85em; border: 1px solid currentColor; white-space: nowrap; }
.cm-badge-contested { color: var(--vscode-charts-orange, #bc4c00); }
.cm-badge-circular, .cm-badge-broken, .cm-badge-duplicate, .cm-badge-undefined { color: var(--vscode-errorForeground, #d1242f); }
.cm-badge-unused, .cm-badge-out-of-scope, .cm-badge-ambiguous, .cm-badge-missing { color: var(--vscode-editorWarning-foreground, #9a6700); }
.cm-badge-imported, .cm-badge-unchecked { opacity: 0.75; }
.cm-entry { margin: 0.8em 0 1.2em; }
.cm-key { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
dl.cm-fields { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0.3em 0; }
dl.cm-fields dt { font-weight: 600; }
dl.cm-fields dd { margin: 0; }
.cm-positions th { width: auto; }
.cm-graph-box { overflow: auto; border: 1px solid var(--vscode-panel-border, rgba(127, 127, 127, 0.35)); padding: 4px; }
.cm-depth-1 { padding-left: 1.5em; } .cm-depth-2 { padding-left: 3em; } .cm-depth-3 { padding-left: 4.5em; } .cm-depth-4 { padding-left: 6em; } .cm-depth-5 { padding-left: 7.5em; }
${GRAPH_CSS}`;

/** Renders any report as a page (the `all` report as one page with a section per report). */
export function renderHtml(data: ReportData, options: HtmlOptions = {}): string {
  // The policy is written by the renderer: a nonce that is not plain base64 is never let into it.
  const nonce = options.nonce !== undefined && isValidNonce(options.nonce) ? options.nonce : undefined;
  const policy = `default-src 'none'; style-src ${nonce ? `'nonce-${nonce}'` : "'unsafe-inline'"}; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = REPORT_TITLES[data.kind];
  const body = data.kind === 'all' ? allReports(data) : joinHtml([html`<h1>${title}</h1>`, documentsLine(data.documents), report(data, false)], '\n');
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${rawHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style${nonce ? html` nonce="${nonce}"` : undefined}>${rawHtml(PAGE_CSS)}</style>
</head>
<body class="cm-report">
<main>
${body}
</main>
</body>
</html>
`;
  return page.html;
}

function allReports(data: AllReports): SafeHtml {
  const parts = [data.terms, data.sources, data.disputes, data.graph, data.clauses];
  const nav = html`<nav><ul>${parts.map((p) => html`<li><a href="#${p.kind}">${REPORT_TITLES[p.kind]}</a></li>`)}</ul></nav>`;
  return joinHtml([html`<h1>${REPORT_TITLES.all}</h1>`, documentsLine(data.documents), nav, ...parts.map((p) => report(p))], '\n');
}

function report(data: Exclude<ReportData, AllReports>, withHeading = true): SafeHtml {
  const inner = (() => {
    switch (data.kind) {
      case 'terms':
        return terms(data);
      case 'sources':
        return sources(data);
      case 'disputes':
        return disputes(data);
      case 'graph':
        return graph(data);
      case 'clauses':
        return clauses(data);
    }
  })();
  return html`<section id="${data.kind}" class="cm-section">
${withHeading ? html`<h2>${REPORT_TITLES[data.kind]}</h2>` : undefined}
${inner}
</section>`;
}

function documentsLine(documents: readonly ReportDocument[]): SafeHtml {
  if (documents.length === 0) return html`<p class="cm-muted">No documents.</p>`;
  const items = documents.map((d) => html`<span class="cm-place" data-uri="${d.uri}" data-offset="0" tabindex="0">${d.path}</span>${d.title !== d.path ? html` (${d.title})` : undefined}`);
  return html`<p class="cm-documents">${documents.length === 1 ? 'Document' : 'Documents'}: ${joinHtml(items, '; ')}.</p>`;
}

/** A place a webview can reveal: its label with `data-uri` and `data-offset`. */
function place(p: ReportPlace, label = placeLabel(p)): SafeHtml {
  return html`<span class="cm-place" data-uri="${p.uri}" data-offset="${p.span.start}" tabindex="0">${label}</span>`;
}

function badge(kind: string, text: string): SafeHtml {
  return html`<span class="cm-badge cm-badge-${kind}">${text}</span>`;
}

function link(text: string, url: string | undefined): SafeHtml {
  const safe = safeUrl(url);
  return safe ? html`<a href="${safe}" rel="noopener noreferrer nofollow">${text}</a>` : html`${text}`;
}

function citation(source: CitedSource): SafeHtml {
  return source.known
    ? html`${link(source.label, source.url)} <span class="cm-key cm-muted">[${source.key}]</span>`
    : html`<span class="cm-key">${source.key}</span> ${badge('undefined', 'no such source')}`;
}

function paragraphs(text: string): SafeHtml {
  return joinHtml(
    text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p)
      .map((p) => html`<p>${p}</p>`),
    '',
  );
}

function termBadges(row: TermRow): SafeHtml[] {
  return termStatuses(row).map((s) => badge(s.kind, s.label));
}

function terms(data: TermsReport): SafeHtml {
  const contested = data.terms.filter((t) => t.status.contested).length;
  const unused = data.terms.filter((t) => t.status.unused).length;
  const summary = html`<p>${count(data.terms.length, 'term')} (${contested} contested, ${unused} unused), ${count(data.undefinedTerms.length, 'undefined name')}.</p>`;
  const table = html`<table class="cm-terms">
<thead><tr><th>Term</th><th>Defined in</th><th>Uses</th><th>Scope</th><th>Status</th></tr></thead>
<tbody>
${data.terms.map((t, i) => html`<tr><td><a href="#term-${i}">${t.name}</a></td><td>${place(t.defined)}</td><td class="cm-number">${t.uses}</td><td>${scopeText(t)}</td><td>${termBadges(t)}</td></tr>
`)}</tbody>
</table>`;
  const entries = data.terms.map(
    (t, i) => html`<article class="cm-entry cm-term" id="term-${i}">
<h3>${t.name}${t.aliases.length > 0 ? html` <span class="cm-muted">(also ${t.aliases.join(', ')})</span>` : undefined}</h3>
<blockquote>${paragraphs(t.definition)}</blockquote>
${t.explanations.map((e) => html`<p><strong>Explanation.</strong> ${e}</p>`)}
${t.sources.length > 0 ? html`<p><strong>Sources.</strong> ${joinHtml(t.sources.map(citation), '; ')}</p>` : undefined}
<p class="cm-muted">Defined in ${place(t.defined)} · used ${count(t.uses, 'time')} · scope: ${t.scope.phrase ? `${scopeText(t)} (${t.scope.phrase})` : scopeText(t)}${
      t.pointers.length > 0 ? html` · pointed to from ${joinHtml(t.pointers.map((p) => place(p)), '; ')}` : undefined
    }</p>
${termBadges(t).length > 0 ? html`<p>${termBadges(t)}</p>` : undefined}
</article>
`,
  );
  const undefinedTable =
    data.undefinedTerms.length > 0
      ? html`<h3>Undefined terms</h3>
<table class="cm-undefined">
<thead><tr><th>Name</th><th>Uses</th><th>Where</th></tr></thead>
<tbody>
${data.undefinedTerms.map((u) => html`<tr><td>${u.name} ${badge('undefined', 'undefined')}</td><td class="cm-number">${u.uses}</td><td>${joinHtml(u.places.map((p) => place(p)), '; ')}</td></tr>
`)}</tbody>
</table>`
      : undefined;
  return html`${summary}
${data.terms.length > 0 ? table : undefined}
${entries}${undefinedTable}`;
}

function sourceFields(s: SourceRow): SafeHtml {
  const fields: [string, SafeHtml | undefined][] = [
    ['Title', s.title !== undefined ? html`${s.title}` : undefined],
    ['Authors', s.authors.length > 0 ? html`${s.authors.join('; ')}` : undefined],
    ['Publisher', s.publisher !== undefined ? html`${s.publisher}` : undefined],
    ['Container', s.containerTitle !== undefined && s.containerTitle !== s.publisher ? html`${s.containerTitle}` : undefined],
    ['Date', s.issued !== undefined ? html`${s.issued}` : undefined],
    ['URL', s.url !== undefined ? (s.badUrl ? html`<span class="cm-key">${s.url}</span> ${badge('broken', 'not http(s), not linked')}` : link(s.url, s.url)) : undefined],
    ['Type', s.type !== undefined ? html`${s.type}` : undefined],
    ['Note', s.note !== undefined ? html`${s.note}` : undefined],
    ['Declared in', place(s.declared)],
    ['Missing', s.missing.length > 0 ? html`${missingText(s).map((m) => badge('missing', m))}` : undefined],
  ];
  return html`<dl class="cm-fields">${fields.filter((f) => f[1] !== undefined).map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>`;
}

function sources(data: SourcesReport): SafeHtml {
  const incomplete = data.sources.filter((s) => s.missing.length > 0 || s.badUrl).length;
  const uncited = data.sources.filter((s) => s.citations.length === 0).length;
  const summary = html`<p>${count(data.sources.length, 'source')} (${incomplete} incomplete, ${uncited} never cited), ${count(data.unknownKeys.length, 'unknown key')} cited.</p>`;
  const table = html`<table class="cm-sources">
<thead><tr><th>Key</th><th>Title</th><th>Publisher</th><th>Date</th><th>Cited</th><th>Missing</th></tr></thead>
<tbody>
${data.sources.map((s, i) => html`<tr><td class="cm-key"><a href="#source-${i}">${s.key}</a></td><td>${link(s.title ?? '', s.url)}</td><td>${s.publisher ?? ''}</td><td class="cm-date">${s.issued ?? ''}</td><td class="cm-number">${s.citations.length}</td><td>${[...missingText(s).map((m) => badge('missing', m)), ...(s.badUrl ? [badge('broken', 'http(s) URL')] : [])]}</td></tr>
`)}</tbody>
</table>`;
  const entries = data.sources.map(
    (s, i) => html`<article class="cm-entry cm-source" id="source-${i}">
<h3 class="cm-key">${s.key}</h3>
${sourceFields(s)}
<p>Cited ${count(s.citations.length, 'time')}${s.citations.length > 0 ? ':' : '.'}</p>
${s.citations.length > 0 ? html`<ul>${s.citations.map((c) => html`<li>${place(c.place)}${c.locator ? `, ${c.locator}` : ''}</li>`)}</ul>` : undefined}
</article>
`,
  );
  const unknown =
    data.unknownKeys.length > 0
      ? html`<h3>Unknown keys</h3>
<table class="cm-unknown">
<thead><tr><th>Key</th><th>Cited in</th></tr></thead>
<tbody>
${data.unknownKeys.map((u) => html`<tr><td class="cm-key">${u.key} ${badge('undefined', 'no such source')}</td><td>${joinHtml(u.citations.map((c) => place(c.place)), '; ')}</td></tr>
`)}</tbody>
</table>`
      : undefined;
  return html`${summary}
${data.sources.length > 0 ? table : undefined}
${entries}${unknown}`;
}

function disputes(data: DisputesReport): SafeHtml {
  const summary = html`<p>${count(data.disputes.length, 'contested item')}${data.parties.length > 0 ? `; parties: ${data.parties.join(', ')}` : ''}.</p>`;
  const entries = data.disputes.map(
    (d) => html`<article class="cm-entry cm-dispute">
<h3>${d.name} <span class="cm-muted">(${d.kind})</span>${d.imported ? html` ${badge('imported', 'imported')}` : undefined}</h3>
<p class="cm-muted">Defined in ${place(d.place)}</p>
<blockquote>${paragraphs(d.text)}</blockquote>
${d.explanations.map((e) => html`<p><strong>Explanation.</strong> ${e}</p>`)}
${d.sources.length > 0 ? html`<p><strong>Sources.</strong> ${joinHtml(d.sources.map(citation), '; ')}</p>` : undefined}
<table class="cm-positions">
<thead><tr>${d.columns.map((c) => html`<th>${c.party}</th>`)}</tr></thead>
<tbody><tr>${d.columns.map(
      (c) => html`<td>${c.positions.map(
        (p) => html`${paragraphs(p.text)}${p.citations.length > 0 ? html`<ul>${p.citations.map((s) => html`<li>${citation(s)}</li>`)}</ul>` : undefined}<p class="cm-muted">${place(p.place, 'position')}</p>`,
      )}</td>`,
    )}</tr></tbody>
</table>
${d.notes.map((n) => html`<p><strong>${n.type.charAt(0) + n.type.slice(1).toLowerCase()}.</strong> ${n.text}</p>`)}
</article>
`,
  );
  return html`${summary}
${entries}`;
}

function graph(data: GraphReport): SafeHtml {
  const names = new Map(data.nodes.map((n) => [n.id, n.name]));
  const summary = html`<p>${count(data.nodes.length, 'term')}, ${count(data.edges.length, 'edge')} ("is defined using"), ${count(data.cycles.length, 'cycle')}. Select a term to open its definition.</p>`;
  const cycles =
    data.cycles.length > 0
      ? html`<h3>Cycles</h3><ol>${data.cycles.map((c) => html`<li>${c.map((id) => names.get(id) ?? id).join(', ')}</li>`)}</ol>`
      : undefined;
  return html`${summary}
<div class="cm-graph-box">${renderGraphSvg(data, { standalone: false })}</div>
${cycles}`;
}

function reference(r: OutgoingReference, fromUri: string): SafeHtml {
  const status = REFERENCE_STATUS[r.status];
  return html`<li>${place(r.place, r.text)} → ${r.to ? html`<span class="cm-place" data-uri="${r.to.uri}" data-offset="${r.to.span.start}" tabindex="0">${targetText(r, fromUri)}</span>` : targetText(r, fromUri)}${
    status ? html` ${badge(r.status, status)}` : undefined
  }</li>`;
}

function clauses(data: ClausesReport): SafeHtml {
  const t = data.totals;
  const summary = html`<p>${count(t.clauses, 'clause')}, ${count(t.references, 'reference')} (${t.broken} broken, ${t.ambiguous} ambiguous).</p>`;
  const maps = data.maps.map((map) => {
    const rows: SafeHtml[] = [];
    if (map.unnumbered.length > 0) rows.push(html`<tr><td class="cm-muted">outside clauses</td><td><ul>${map.unnumbered.map((r) => reference(r, map.document.uri))}</ul></td><td></td></tr>\n`);
    const walk = (node: ClauseNode, depth: number) => {
      rows.push(
        html`<tr><td class="cm-depth-${Math.min(depth, 5)}">${place(node.place, clauseName(node))}${
          node.title ? undefined : html` <span class="cm-muted">${excerpt(node.summary, 60)}</span>`
        }</td><td>${
          node.outgoing.length > 0 ? html`<ul>${node.outgoing.map((r) => reference(r, map.document.uri))}</ul>` : undefined
        }</td><td>${node.incoming.length > 0 ? html`<ul>${node.incoming.map((r) => html`<li>${place(r.place, `${r.text} (${placeLabel(r.place)})`)}</li>`)}</ul>` : undefined}</td></tr>\n`,
      );
      node.children.forEach((c) => walk(c, depth + 1));
    };
    map.clauses.forEach((c) => walk(c, 0));
    const table =
      rows.length > 0
        ? html`<table class="cm-clauses">
<thead><tr><th>Clause</th><th>References</th><th>Referenced from</th></tr></thead>
<tbody>
${rows}</tbody>
</table>`
        : html`<p class="cm-muted">No clauses.</p>`;
    return html`<h3>${place({ uri: map.document.uri, path: map.document.path, span: { start: 0, end: 0 } }, map.document.path)}</h3>
${table}
`;
  });
  return html`${summary}
${maps}`;
}
