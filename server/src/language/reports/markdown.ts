// Renders report data as GitHub-flavoured Markdown: a summary table, then one section per entry. Every document
// string goes through `escapeMarkdown` (or `markdownLink`, which links http(s) URLs only).

import type { AllReports, ReportData } from './build.js';
import type { ClausesReport, ClauseNode, OutgoingReference } from './clauses.js';
import { placeLabel, type CitedSource, type ReportDocument } from './common.js';
import type { DisputesReport, DisputePosition } from './disputes.js';
import { escapeMarkdown as md, markdownLink } from './escape.js';
import type { GraphReport } from './graph.js';
import type { SourcesReport } from './sources.js';
import type { TermsReport } from './terms.js';
import { clauseName, count, excerpt, missingText, REFERENCE_STATUS, REPORT_TITLES, scopeText, targetText, termStatusLabels } from './wording.js';

/** Renders any report as Markdown (the `all` report as one document with a section per report). */
export function renderMarkdown(data: ReportData): string {
  const lines = data.kind === 'all' ? allReports(data) : report(data, 1);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function allReports(data: AllReports): string[] {
  return [`# ${REPORT_TITLES.all}`, '', ...documentsLine(data.documents), '', ...[data.terms, data.sources, data.disputes, data.graph, data.clauses].flatMap((r) => ['', ...report(r, 2, false)])];
}

function report(data: Exclude<ReportData, AllReports>, depth: number, withDocuments = true): string[] {
  const head = `${'#'.repeat(depth)} ${REPORT_TITLES[data.kind]}`;
  const intro = withDocuments ? ['', ...documentsLine(data.documents)] : [];
  switch (data.kind) {
    case 'terms':
      return [head, ...intro, '', ...terms(data, depth + 1)];
    case 'sources':
      return [head, ...intro, '', ...sources(data, depth + 1)];
    case 'disputes':
      return [head, ...intro, '', ...disputes(data, depth + 1)];
    case 'graph':
      return [head, ...intro, '', ...graph(data, depth + 1)];
    case 'clauses':
      return [head, ...intro, '', ...clauses(data, depth + 1)];
  }
}

function documentsLine(documents: readonly ReportDocument[]): string[] {
  if (documents.length === 0) return ['No documents.'];
  return [`${documents.length === 1 ? 'Document' : 'Documents'}: ${documents.map((d) => (d.title !== d.path ? `${md(d.title)} (${md(d.path)})` : md(d.path))).join('; ')}.`];
}

function heading(depth: number, text: string): string {
  return `${'#'.repeat(Math.min(depth, 6))} ${text}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c || ' ').join(' | ')} |`;
}

function citation(source: CitedSource): string {
  return source.known ? `${markdownLink(source.label, source.url)} \\[${md(source.key)}\\]` : `${md(source.key)} (no such source)`;
}

function terms(data: TermsReport, depth: number): string[] {
  const contested = data.terms.filter((t) => t.status.contested).length;
  const unused = data.terms.filter((t) => t.status.unused).length;
  const out = [`${count(data.terms.length, 'term')} (${contested} contested, ${unused} unused), ${count(data.undefinedTerms.length, 'undefined name')}.`, ''];
  if (data.terms.length > 0) {
    out.push(row(['Term', 'Defined in', 'Uses', 'Scope', 'Status']), row(['---', '---', '--:', '---', '---']));
    for (const t of data.terms) out.push(row([md(t.name), md(placeLabel(t.defined)), String(t.uses), md(scopeText(t)), md(termStatusLabels(t).join(', '))]));
  }
  for (const t of data.terms) {
    out.push('', heading(depth, md(t.name)), '');
    if (t.aliases.length > 0) out.push(`Also: ${t.aliases.map(md).join(', ')}.`, '');
    out.push(`> ${md(t.definition)}`, '');
    for (const e of t.explanations) out.push(`**Explanation.** ${md(e)}`, '');
    if (t.sources.length > 0) out.push(`**Sources.** ${t.sources.map(citation).join('; ')}`, '');
    const facts = [`Defined in ${md(placeLabel(t.defined))}`, `used ${count(t.uses, 'time')}`, `scope: ${md(t.scope.phrase ? `${scopeText(t)} (${t.scope.phrase})` : scopeText(t))}`];
    out.push(`${facts.join(' · ')}.`);
    if (t.pointers.length > 0) out.push('', `Pointed to from ${t.pointers.map((p) => md(placeLabel(p))).join('; ')}.`);
    const status = termStatusLabels(t);
    if (status.length > 0) out.push('', `**Status:** ${md(status.join(', '))}.`);
  }
  if (data.undefinedTerms.length > 0) {
    out.push('', heading(depth, 'Undefined terms'), '', row(['Name', 'Uses', 'Where']), row(['---', '--:', '---']));
    for (const u of data.undefinedTerms) out.push(row([md(u.name), String(u.uses), u.places.map((p) => md(placeLabel(p))).join('; ')]));
  }
  return out;
}

function sources(data: SourcesReport, depth: number): string[] {
  const incomplete = data.sources.filter((s) => s.missing.length > 0 || s.badUrl).length;
  const uncited = data.sources.filter((s) => s.citations.length === 0).length;
  const out = [`${count(data.sources.length, 'source')} (${incomplete} incomplete, ${uncited} never cited), ${count(data.unknownKeys.length, 'unknown key')} cited.`, ''];
  if (data.sources.length > 0) {
    out.push(row(['Key', 'Title', 'Publisher', 'Date', 'Cited', 'Missing']), row(['---', '---', '---', '---', '--:', '---']));
    for (const s of data.sources) {
      out.push(row([md(s.key), markdownLink(s.title ?? '', s.url), md(s.publisher ?? ''), md(s.issued ?? ''), String(s.citations.length), md([...missingText(s), ...(s.badUrl ? ['http(s) URL'] : [])].join(', '))]));
    }
  }
  for (const s of data.sources) {
    out.push('', heading(depth, md(s.key)), '');
    const fields: [string, string | undefined][] = [
      ['Title', s.title !== undefined ? md(s.title) : undefined],
      ['Authors', s.authors.length > 0 ? s.authors.map(md).join('; ') : undefined],
      ['Publisher', s.publisher !== undefined ? md(s.publisher) : undefined],
      ['Container', s.containerTitle !== undefined && s.containerTitle !== s.publisher ? md(s.containerTitle) : undefined],
      ['Date', s.issued !== undefined ? md(s.issued) : undefined],
      ['URL', s.url !== undefined ? (s.badUrl ? `${md(s.url)} (not an http(s) address, not linked)` : markdownLink(s.url, s.url)) : undefined],
      ['Type', s.type !== undefined ? md(s.type) : undefined],
      ['Note', s.note !== undefined ? md(s.note) : undefined],
      ['Declared in', md(placeLabel(s.declared))],
      ['Missing', s.missing.length > 0 ? md(missingText(s).join(', ')) : undefined],
    ];
    for (const [name, value] of fields) if (value !== undefined) out.push(`- ${name}: ${value}`);
    out.push(`- Cited ${count(s.citations.length, 'time')}${s.citations.length > 0 ? ':' : '.'}`);
    for (const c of s.citations) out.push(`  - ${md(placeLabel(c.place))}${c.locator ? `, ${md(c.locator)}` : ''}`);
  }
  if (data.unknownKeys.length > 0) {
    out.push('', heading(depth, 'Unknown keys'), '', row(['Key', 'Cited in']), row(['---', '---']));
    for (const u of data.unknownKeys) out.push(row([md(u.key), u.citations.map((c) => md(placeLabel(c.place))).join('; ')]));
  }
  return out;
}

function position(p: DisputePosition): string {
  const cites = p.citations.length > 0 ? `<br>Sources: ${p.citations.map(citation).join('; ')}` : '';
  return `${md(p.text)}${cites}`;
}

function disputes(data: DisputesReport, depth: number): string[] {
  const out = [`${count(data.disputes.length, 'contested item')}${data.parties.length > 0 ? `; parties: ${data.parties.map(md).join(', ')}` : ''}.`];
  for (const d of data.disputes) {
    out.push('', heading(depth, `${md(d.name)} (${d.kind}${d.imported ? ', imported' : ''})`), '', `Defined in ${md(placeLabel(d.place))}.`, '', `> ${md(d.text)}`, '');
    for (const e of d.explanations) out.push(`**Explanation.** ${md(e)}`, '');
    if (d.sources.length > 0) out.push(`**Sources.** ${d.sources.map(citation).join('; ')}`, '');
    out.push(row(d.columns.map((c) => md(c.party))), row(d.columns.map(() => '---')), row(d.columns.map((c) => c.positions.map(position).join('<br><br>'))));
    for (const n of d.notes) out.push('', `**${md(n.type.charAt(0) + n.type.slice(1).toLowerCase())}.** ${md(n.text)}`);
  }
  return out;
}

function graph(data: GraphReport, depth: number): string[] {
  const names = new Map(data.nodes.map((n) => [n.id, n.name]));
  const out = [`${count(data.nodes.length, 'term')}, ${count(data.edges.length, 'edge')} ("is defined using"), ${count(data.cycles.length, 'cycle')}.`, ''];
  for (const n of data.nodes) {
    const uses = data.edges.filter((e) => e.from === n.id).map((e) => `${md(names.get(e.to)!)}${e.cycle ? ' (cycle)' : ''}`);
    const marks = [n.contested ? 'contested' : '', n.cycle >= 0 ? 'on a cycle' : '', n.external ? 'imported' : ''].filter((m) => m);
    out.push(`- **${md(n.name)}** (${md(n.detail)})${marks.length > 0 ? ` *${marks.join(', ')}*` : ''}${uses.length > 0 ? `: uses ${uses.join(', ')}` : ''}`);
  }
  if (data.cycles.length > 0) {
    out.push('', heading(depth, 'Cycles'), '');
    data.cycles.forEach((c, i) => out.push(`${i + 1}. ${c.map((id) => md(names.get(id)!)).join(', ')}`));
  }
  return out;
}

function reference(r: OutgoingReference, fromUri: string): string {
  const status = REFERENCE_STATUS[r.status];
  return `${md(r.text)} → ${md(targetText(r, fromUri))}${status ? ` **(${md(status)})**` : ''}`;
}

function clauses(data: ClausesReport, depth: number): string[] {
  const t = data.totals;
  const out = [`${count(t.clauses, 'clause')}, ${count(t.references, 'reference')} (${t.broken} broken, ${t.ambiguous} ambiguous).`];
  for (const map of data.maps) {
    out.push('', heading(depth, md(map.document.path)), '');
    if (map.clauses.length === 0 && map.unnumbered.length === 0) {
      out.push('No clauses.');
      continue;
    }
    out.push(row(['Clause', 'References', 'Referenced from']), row(['---', '---', '---']));
    if (map.unnumbered.length > 0) out.push(row(['*outside clauses*', map.unnumbered.map((r) => reference(r, map.document.uri)).join('<br>'), '']));
    const walk = (node: ClauseNode, level: number) => {
      const indent = '&emsp;'.repeat(level);
      out.push(
        row([
          `${indent}${md(clauseName(node))}${node.title ? '' : ` *${md(excerpt(node.summary, 60))}*`}`,
          node.outgoing.map((r) => reference(r, map.document.uri)).join('<br>'),
          node.incoming.map((r) => `${md(r.text)} (${md(placeLabel(r.place))})`).join('<br>'),
        ]),
      );
      node.children.forEach((c) => walk(c, level + 1));
    };
    map.clauses.forEach((c) => walk(c, 0));
  }
  return out;
}
