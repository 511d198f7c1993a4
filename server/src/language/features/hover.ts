// Hover: what a term, a definition, a citation, a clause reference, a clause number or a party means, as format
// section 9 says, in untrusted Markdown (every piece of document text escaped, links only to http(s) URLs).
// Sources are formatted by citation-js (CSL styles bundled with @citation-js/plugin-csl, no network), with a
// small built-in APA-like formatter when the CSL engine fails on an entry.

// @ts-expect-error: @citation-js/core ships no type declarations; the few calls used are typed below.
import { plugins as cslPlugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import type { Callout, Clause, Definition, DocumentModel, SourceEntry, SourceName, Span } from '../../syntax/model.js';
import { LineIndex } from '../lineIndex.js';
import { citationUseStartingAt, citationUsesInside, lastSectionBefore, lineIndexOf } from '../lookupIndex.js';
import { usesStartingIn, type CitationUse, type ReferenceUse, type TermRef, type TermUse } from '../link.js';
import { annotationsOf, canonicalParty, termInfo, termKey, type PartyPosition } from '../terms.js';
import { baseName, isInside, relativePath } from '../uri.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { declaredParty, pointerTarget, termGroup } from './definition.js';
import { locate, type Located } from './locate.js';
import { escapeMarkdown, httpUrl, markdownInline, markdownLink, truncate } from './markdownText.js';
import { clauseOccurrences, sourceOccurrences, termOccurrences, type Occurrence } from './references.js';

/** How sources are formatted: a CSL style name (`apa`, `vancouver`, `harvard1`) and a locale (`en-US`). */
export interface HoverOptions {
  readonly citationStyle?: string;
  readonly locale?: string;
}

/** A hover: Markdown to show, and the span of the text it is about. */
export interface Hover {
  readonly markdown: string;
  readonly span: Span;
}

/** Most places listed (uses of a definition, other citations of a source, positions of a party). */
export const MAX_PLACES = 10;
/** Most terms listed under "Uses these terms". */
export const MAX_NESTED_TERMS = 8;
/** Most definitions visited when looking for a cycle through the hovered term. */
const MAX_CYCLE_SEARCH = 500;
const MAX_DEFINITION_CHARS = 1200;
const MAX_NOTE_CHARS = 800;
const MAX_POSITION_CHARS = 600;
const MAX_LINE_CHARS = 200;

/** What is shown when hovering at `offset` of `uri`; undefined when nothing stands there. */
export function getHover(index: WorkspaceIndex, uri: string, offset: number, options: HoverOptions = {}): Hover | undefined {
  const found = locate(index, uri, offset);
  return found && hoverOf(index, uri, found, options);
}

/** What is shown when hovering over `found`, something that stands in `uri`; undefined when there is nothing to show. */
export function hoverOf(index: WorkspaceIndex, uri: string, found: Located, options: HoverOptions = {}): Hover | undefined {
  const ctx = new Context(index, uri, options);
  let blocks: string[];
  switch (found.kind) {
    case 'term-use':
      blocks = found.term ? termBlocks(ctx, found.term, found.use, false) : undefinedTermBlocks(found.use);
      break;
    case 'definition':
      blocks = termBlocks(ctx, found.term, undefined, true);
      break;
    case 'citation':
      blocks = citationBlocks(ctx, found.key, found.locator, found.source, found.span);
      break;
    case 'source-entry':
      blocks = citationBlocks(ctx, found.key, '', found.source, undefined);
      break;
    case 'reference':
      blocks = referenceBlocks(ctx, found.reference);
      break;
    case 'clause':
      blocks = clauseBlocks(ctx, uri, found.clause, true);
      break;
    case 'party':
      blocks = partyBlocks(ctx, found.party);
      break;
  }
  const markdown = blocks.filter((b) => b !== '').join('\n\n');
  return markdown ? { markdown, span: found.span } : undefined;
}

/**
 * Formats ahead, into the cache that hovers read, the citations of the party positions in `uri`: term and clause
 * hovers show them beside each position, and citeproc takes about a millisecond a cluster, most of a first hover's
 * time. Goes on from the `from`th callout and asks `stop()` between two; returns where to go on, or undefined when
 * every position's citations are formatted. Does nothing unless `uri` is linked (it never links a document itself).
 */
export function prepareHoverCitations(index: WorkspaceIndex, uri: string, options: HoverOptions, from: number, stop: () => boolean): number | undefined {
  const model = index.document(uri)?.model;
  if (!model || !index.isLinked(uri)) return undefined;
  const ctx = new Context(index, uri, options);
  for (let i = from; i < model.callouts.length; i++) {
    const callout = model.callouts[i]!;
    if (callout.type !== 'POSITION') continue;
    if (stop()) return i;
    const cited = citationsInside(ctx, uri, callout.span);
    if (cited.length > 0) clusterMarkdown(ctx, cited);
  }
  return undefined;
}

/** Per-hover state: the index, the hovered document, the citation options and line indexes built on demand. */
class Context {
  readonly style: string;
  readonly locale: string;

  constructor(
    readonly index: WorkspaceIndex,
    readonly uri: string,
    options: HoverOptions,
  ) {
    this.style = options.citationStyle ?? 'apa';
    this.locale = options.locale ?? 'en-US';
  }

  /** The file's name as shown: relative to the workspace folder that holds it, else its base name. */
  fileName(uri: string): string {
    const root = this.index.roots.find((r) => isInside(r, uri));
    return root ? relativePath(root, uri) : baseName(uri);
  }

  /** `file:line` (1-based) of an offset in a document or bibliography file. */
  place(uri: string, offset: number): string {
    // Kept beside the model or the bibliography file: building it walks the whole text.
    const owner = this.index.document(uri)?.model ?? this.index.sourceFile(uri);
    const lines = owner ? lineIndexOf(owner, owner.text) : new LineIndex('');
    return `${this.fileName(uri)}:${lines.position(offset).line + 1}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Terms

function undefinedTermBlocks(use: TermUse): string[] {
  return [`**${markdownInline(use.name)}**`, `No definition for term "${markdownInline(use.name)}"`];
}

/**
 * A term: its names, definition text (its term uses in italics), where it is defined, explanations, positions,
 * sources, the terms its definition uses (one line each, one level) and a cycle through it if there is one, how
 * often it is used; on the definition itself, also where.
 */
function termBlocks(ctx: Context, ref: TermRef, use: TermUse | undefined, onDefinition: boolean): string[] {
  const group = termGroup(ctx.index, ref);
  // A pointer shows the definition it leads to; the pointer itself is mentioned below it.
  const target = pointerTarget(ctx.index, ref);
  const primary = target ?? ref;
  const info = termInfo(ctx.index, primary);
  if (!info) return [];
  const infos = group.map((r) => termInfo(ctx.index, r)).filter((i) => i !== undefined);
  const blocks: string[] = [];

  const parties = new Set(infos.flatMap((i) => i.positions.map((p) => canonicalParty(modelOf(ctx, i.ref), p.party))));
  const names = [info.name, ...info.aliases];
  for (const i of infos) for (const n of [i.name, ...i.aliases]) if (!names.includes(n)) names.push(n);
  let header = `**${markdownInline(names[0]!)}**`;
  if (names.length > 1) header += ` (also ${names.slice(1).map((n) => `**${markdownInline(n)}**`).join(', ')})`;
  if (parties.size >= 2) header += ' · contested';
  blocks.push(header);

  blocks.push(definitionMarkdown(ctx, primary));
  const placeLines = [`Defined in ${definitionPlace(ctx, primary)}`];
  for (const other of group) {
    if (termKey(other) === termKey(primary)) continue;
    const definition = definitionOf(ctx, other);
    if (definition?.pointer) placeLines.push(`Pointed to from ${definitionPlace(ctx, other)}: ${markdownInline(truncate(definition.text, MAX_LINE_CHARS))}`);
  }
  if (!target && info.definition.pointer) placeLines.push(`⚠ No definition of this term found in the clause it points to (${markdownInline(info.definition.pointer.target)})`);
  const scope = info.definition.scope;
  if (scope) {
    const clause = scope.clause >= 0 ? modelOf(ctx, primary).clauses[scope.clause] : undefined;
    placeLines.push(`Scoped to ${clause ? clauseLabel(clause) : 'the enclosing definition'}: ${markdownInline(scope.phrase)}`);
    if (use?.outOfScope) placeLines.push('⚠ This use stands outside that scope.');
  }
  blocks.push(placeLines.join('  \n'));

  for (const i of infos) for (const text of i.explanations) blocks.push(`**Explanation:** ${markdownInline(truncate(text, MAX_NOTE_CHARS))}`);
  const positions = infos.flatMap((i) => i.positions.map((p) => ({ uri: i.ref.uri, position: p })));
  if (positions.length > 0) blocks.push(positionsMarkdown(ctx, positions));

  const keys = [...new Map(infos.flatMap((i) => i.sources.map((key) => [`${i.ref.uri}\u0000${key}`, { uri: i.ref.uri, key }] as const))).values()];
  if (keys.length > 0) {
    const lines = keys.slice(0, MAX_PLACES).map(({ uri, key }) => {
      const source = ctx.index.linked(uri)?.sources.get(key)?.[0];
      return `- ${source ? compactSource(source) : `${markdownInline(`@${key}`)} (no such source)`}`;
    });
    if (keys.length > MAX_PLACES) lines.push(`- and ${keys.length - MAX_PLACES} more`);
    blocks.push(`**Sources**\n\n${lines.join('\n')}`);
  }

  blocks.push(nestedTermsMarkdown(ctx, group));

  const counted = group.length === 1 && !onDefinition ? countUses(ctx, ref) : undefined;
  if (counted) {
    blocks.push(usageCountLine('Used', counted.places, counted.documents));
    return blocks;
  }
  const uses = uniqueOccurrences(termOccurrences(ctx.index, ref, group).filter((o) => !o.declaration));
  blocks.push(usageLine('Used', uses));
  if (onDefinition && uses.length > 0) blocks.push(`**Used in**\n\n${placesList(ctx, uses)}`);
  return blocks;
}

/**
 * The definitions whose text a hover of the term `ref` shows: those of its group (names, pointers), the one a pointer
 * leads to, and those of the terms their texts use (one level, each line with its definition's first sentence).
 */
export function definitionsShown(index: WorkspaceIndex, ref: TermRef): TermRef[] {
  const ctx = new Context(index, ref.uri, {});
  const group = termGroup(index, ref);
  const shown = [...group];
  const target = pointerTarget(index, ref);
  if (target) shown.push(target);
  for (const member of group) for (const used of usedTerms(ctx, member)) shown.push(used, pointerTarget(index, used) ?? used);
  return shown;
}

function modelOf(ctx: Context, ref: TermRef): DocumentModel {
  return ctx.index.document(ref.uri)!.model;
}

function definitionOf(ctx: Context, ref: TermRef): Definition | undefined {
  return ctx.index.document(ref.uri)?.model.definitions[ref.definition];
}

/** `file · §1.1 Azure routing`, or the section heading the definition stands under, or its line. */
function definitionPlace(ctx: Context, ref: TermRef): string {
  const model = modelOf(ctx, ref);
  const definition = model.definitions[ref.definition]!;
  const file = markdownInline(ctx.fileName(ref.uri));
  if (definition.clause >= 0) return `${file} · ${clauseLabel(model.clauses[definition.clause]!)}`;
  const section = model.sections[lastSectionBefore(model, definition.span.start)];
  return section ? `${file} · ${markdownInline(displayTitle(section.title))}` : markdownInline(ctx.place(ref.uri, definition.names[0]!.span.start));
}

/** `§1.1 Azure routing`, escaped. */
function clauseLabel(clause: Clause): string {
  const title = displayTitle(clause.title);
  return markdownInline(title ? `§${clause.number} ${title}` : `§${clause.number}`);
}

/** A heading's title without the placeholders the model leaves for code, HTML or citations in it. */
function displayTitle(title: string): string {
  return title.replace(/\s*\uFFFC\s*/g, ' ').trim();
}

/** The uses of terms inside a definition's text, in order. */
function usesInDefinition(ctx: Context, ref: TermRef): TermUse[] {
  const definition = definitionOf(ctx, ref);
  const uses = ctx.index.linked(ref.uri)?.termUses;
  if (!definition || !uses) return [];
  return usesStartingIn(uses, definition.span.start, definition.span.end).filter((u) => u.span.end <= definition.span.end);
}

/** The definition's plain text, escaped, with the term uses in it in italics. */
function definitionMarkdown(ctx: Context, ref: TermRef): string {
  const definition = definitionOf(ctx, ref)!;
  const text = truncate(definition.text, MAX_DEFINITION_CHARS);
  // The defined names in quotes are not uses: a use found inside one is looked for again after it.
  const quoted: Span[] = [];
  for (const { name } of definition.names) {
    for (const [open, close] of [['"', '"'], ['“', '”']] as const) {
      for (let at = text.indexOf(open + name + close); at >= 0; at = text.indexOf(open + name + close, at + 1)) {
        quoted.push({ start: at, end: at + name.length + 2 });
      }
    }
  }
  let out = '';
  let pos = 0;
  for (const use of usesInDefinition(ctx, ref)) {
    let at = text.indexOf(use.text, pos);
    for (let q = quoted.find((s) => at >= s.start && at < s.end); at >= 0 && q; q = quoted.find((s) => at >= s.start && at < s.end)) {
      at = text.indexOf(use.text, q.end);
    }
    if (at < 0 || use.text === '') continue;
    out += `${escapeMarkdown(text.slice(pos, at))}*${escapeMarkdown(use.text)}*`;
    pos = at + use.text.length;
  }
  return (out + escapeMarkdown(text.slice(pos))).replace(/\s+/g, ' ').trim();
}

/** The distinct definitions a definition's text uses, in order (a pointer's uses are those of its target). */
function usedTerms(ctx: Context, ref: TermRef): TermRef[] {
  const out: TermRef[] = [];
  const seen = new Set<string>();
  for (const use of usesInDefinition(ctx, pointerTarget(ctx.index, ref) ?? ref)) {
    if (!use.term || seen.has(termKey(use.term))) continue;
    seen.add(termKey(use.term));
    out.push(use.term);
  }
  return out;
}

/**
 * One level of "Uses these terms": each term the definition uses, once, with its definition's first sentence;
 * then, once, the shortest cycle that leads back to the hovered term, if any (never followed twice).
 */
function nestedTermsMarkdown(ctx: Context, group: readonly TermRef[]): string {
  const own = new Set(group.map(termKey));
  const listed: TermRef[] = [];
  const seen = new Set<string>();
  for (const member of group) {
    for (const used of usedTerms(ctx, member)) {
      const key = termKey(pointerTarget(ctx.index, used) ?? used);
      if (own.has(termKey(used)) || own.has(key) || seen.has(key)) continue;
      seen.add(key);
      listed.push(pointerTarget(ctx.index, used) ?? used);
    }
  }
  const parts: string[] = [];
  if (listed.length > 0) {
    const lines = listed.slice(0, MAX_NESTED_TERMS).map((r) => `- ${oneLine(ctx, r)}`);
    if (listed.length > MAX_NESTED_TERMS) lines.push(`- and ${listed.length - MAX_NESTED_TERMS} more`);
    parts.push(`**Uses these terms**\n\n${lines.join('\n')}`);
  }
  const cycle = cycleThrough(ctx, group);
  if (cycle) parts.push(`↻ Circular: ${cycle.map((r) => `*${markdownInline(definitionOf(ctx, r)!.names[0]!.name)}*`).join(' → ')}`);
  return parts.join('\n\n');
}

/** `*Term* means …` (the definition's first sentence, its leading quoted names folded into the term). */
function oneLine(ctx: Context, ref: TermRef): string {
  const definition = definitionOf(ctx, ref)!;
  const name = definition.names[0]!.name;
  let sentence = firstSentence(definition.text);
  const lead = /^(?:(?:an?|the|to)\s+)?["“]([^"”]+)["”](?:\s*(?:,|or|and|\(or|\(and)\s*["“][^"”]+["”]\)?)*\s+/i.exec(sentence);
  if (lead && definition.names.some((n) => n.name === lead[1])) {
    sentence = sentence.slice(lead[0].length);
    return `*${markdownInline(name)}* ${markdownInline(truncate(sentence, MAX_LINE_CHARS))}`;
  }
  return `*${markdownInline(name)}*: ${markdownInline(truncate(sentence, MAX_LINE_CHARS))}`;
}

/** The first sentence of a text: up to `.`, `!` or `?` followed by a space and a capital, a quote or a digit. */
export function firstSentence(text: string): string {
  const re = /[.!?]["”’)]*(?=\s+["“‘(]?[\p{Lu}\d])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(0, m.index);
    // Abbreviations and initials (`e.g.`, `U.S.`, `No.`, `J.`) do not end a sentence.
    if (/(?:^|[\s(])(?:[\p{L}]|e\.g|i\.e|etc|cf|vs|No|Nos|Inc|Ltd|Co|Corp|Mr|Ms|Mrs|Dr|St|art|arts|sec|p|pp|para|ch|vol)$/iu.test(before)) continue;
    if (/\p{L}\.\p{L}$/u.test(before)) continue;
    return text.slice(0, m.index + m[0].length);
  }
  return text;
}

/** The shortest cycle of definitions leading back to the group (through the terms their texts use), if any. */
function cycleThrough(ctx: Context, group: readonly TermRef[]): TermRef[] | undefined {
  const own = new Set(group.map(termKey));
  const start = group[0]!;
  const previous = new Map<string, TermRef | undefined>([[termKey(start), undefined]]);
  const queue: TermRef[] = [start];
  for (let i = 0; i < queue.length && previous.size < MAX_CYCLE_SEARCH; i++) {
    const from = queue[i]!;
    const next = i === 0 ? group.flatMap((g) => usedTerms(ctx, g)) : usedTerms(ctx, from);
    for (const to of next) {
      if (own.has(termKey(to)) || own.has(termKey(pointerTarget(ctx.index, to) ?? to))) {
        const path: TermRef[] = [start];
        for (let at: TermRef | undefined = from; at && termKey(at) !== termKey(start); at = previous.get(termKey(at))) path.splice(1, 0, at);
        return [...path, start];
      }
      if (previous.has(termKey(to))) continue;
      previous.set(termKey(to), from);
      queue.push(to);
    }
  }
  return undefined;
}

/** Party positions, each with its text and its citations formatted in the chosen style. */
function positionsMarkdown(ctx: Context, positions: readonly { uri: string; position: PartyPosition }[]): string {
  const lines = positions.slice(0, MAX_PLACES).map(({ uri, position }) => {
    const cited = citationsInside(ctx, uri, position.callout.span);
    const citation = cited.length > 0 ? ` ${clusterMarkdown(ctx, cited)}` : '';
    return `- **${markdownInline(position.party)}**: ${markdownInline(truncate(position.text, MAX_POSITION_CHARS))}${citation}`;
  });
  if (positions.length > MAX_PLACES) lines.push(`- and ${positions.length - MAX_PLACES} more`);
  return `**Positions**\n\n${lines.join('\n')}`;
}

function citationsInside(ctx: Context, uri: string, span: Span): CitationUse[] {
  const linked = ctx.index.linked(uri);
  return linked ? citationUsesInside(linked, span) : [];
}

/** `Used 7 times in 2 documents.` */
function usageLine(verb: string, places: readonly Occurrence[]): string {
  return usageCountLine(verb, places.length, new Set(places.map((p) => p.uri)).size);
}

function usageCountLine(verb: string, places: number, documents: number): string {
  if (places === 0) return `${verb === 'Used' ? 'Not used' : `Not ${verb.toLowerCase()}`} anywhere.`;
  return `${verb} ${places} ${places === 1 ? 'time' : 'times'} in ${documents} ${documents === 1 ? 'document' : 'documents'}.`;
}

/**
 * How many distinct places (document and start) use the definition `ref`, and in how many documents, counted
 * without building a list: the workspace's uses of a term come document by document, each document's sorted by
 * start, so a repeated place is next to its twin. Undefined when the uses are not in that order (then the caller
 * counts the general way).
 */
function countUses(ctx: Context, ref: TermRef): { places: number; documents: number } | undefined {
  // Counted where the facts keep them: no list of every use is made for a hover.
  let places = 0;
  let documents = 0;
  for (const uses of ctx.index.facts().usesByDocument(termKey(ref))) {
    documents++;
    let last = -1;
    for (const use of uses) {
      if (use.span.start < last) return undefined;
      if (use.span.start !== last) places++;
      last = use.span.start;
    }
  }
  return { places, documents };
}

/** The places as a list of `file:line`, the hovered document first, at most MAX_PLACES, then "and M more". */
function placesList(ctx: Context, places: readonly Occurrence[]): string {
  const ordered = [...places.filter((p) => p.uri === ctx.uri), ...places.filter((p) => p.uri !== ctx.uri)];
  const lines = ordered.slice(0, MAX_PLACES).map((p) => `- ${markdownInline(ctx.place(p.uri, p.span.start))}`);
  if (ordered.length > MAX_PLACES) lines.push(`- and ${ordered.length - MAX_PLACES} more`);
  return lines.join('\n');
}

function uniqueOccurrences(items: readonly Occurrence[]): Occurrence[] {
  const seen = new Map<string, Set<number>>();
  return items.filter((o) => {
    let starts = seen.get(o.uri);
    if (!starts) seen.set(o.uri, (starts = new Set()));
    if (starts.has(o.span.start)) return false;
    starts.add(o.span.start);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Citations

function citationBlocks(ctx: Context, key: string, locator: string, source: SourceEntry | undefined, here: Span | undefined): string[] {
  const header = `**${markdownInline(`@${key}`)}**${locator ? ` · ${markdownInline(locator)}` : ''}`;
  if (!source) return [header, `No source with key "${markdownInline(key)}"`];
  const blocks = [header];
  if (here) {
    const linked = ctx.index.linked(ctx.uri);
    const use = linked && citationUseStartingAt(linked, here.start);
    if (use) blocks.push(`Cited as ${clusterMarkdown(ctx, [use])}`);
  }
  blocks.push(referenceMarkdown(ctx, source));
  const details: string[] = [];
  if (source.url) details.push(urlLine(source.url));
  if (source.note) details.push(`Note: ${markdownInline(truncate(source.note, MAX_NOTE_CHARS))}`);
  details.push(`Entry in ${markdownInline(ctx.place(source.origin, source.keySpan.start))}`);
  blocks.push(details.join('  \n'));
  const cited = uniqueOccurrences(sourceOccurrences(ctx.index, source).filter((o) => !o.declaration));
  const elsewhere = cited.filter((o) => !(here && o.uri === ctx.uri && o.span.start === here.start));
  blocks.push(usageLine('Cited', cited));
  if (elsewhere.length > 0) blocks.push(`**${here ? 'Also cited in' : 'Cited in'}**\n\n${placesList(ctx, elsewhere)}`);
  return blocks;
}

/** `Link: [host](url)` for http(s), else the URL as plain text, marked as not linked. */
function urlLine(url: string): string {
  if (!httpUrl(url)) return `URL (not http, not linked): ${markdownInline(url)}`;
  return `Link: ${markdownLink(url, hostOf(url))}`;
}

/** The host of an http(s) URL, shown as its link text. */
function hostOf(url: string): string {
  return new URL(url.trim()).host;
}

/** Title, publisher, date, link: one line for a list of sources. */
function compactSource(source: SourceEntry): string {
  const parts = [source.title ? `*${markdownInline(source.title)}*` : markdownInline(`@${source.key}`)];
  if (source.publisher) parts.push(markdownInline(source.publisher));
  if (source.issued) parts.push(markdownInline(source.issued));
  let line = parts.join(', ');
  if (source.url) {
    line += httpUrl(source.url) ? `, ${markdownLink(source.url, hostOf(source.url))}` : `, ${markdownInline(source.url)} (not linked)`;
  }
  return line;
}

/** The full reference entry in the chosen style; the built-in formatter when the CSL engine fails. */
function referenceMarkdown(ctx: Context, source: SourceEntry): string {
  try {
    return citationEngine.reference(source, ctx.style, ctx.locale);
  } catch {
    return builtinReference(source);
  }
}

/** An in-text citation of the items (with their locators); the built-in form when the CSL engine fails. */
function clusterMarkdown(ctx: Context, uses: readonly CitationUse[]): string {
  const items: ClusterItem[] = uses.map((u) => ({ key: u.item.key, source: u.source, locator: u.item.locator, prefix: u.item.prefix }));
  const known = items.filter((i): i is ClusterItem & { source: SourceEntry } => i.source !== undefined);
  const unknown = items.filter((i) => !i.source).map((i) => `${markdownInline(`@${i.key}`)} (no such source)`);
  let cited = '';
  if (known.length > 0) {
    try {
      cited = citationEngine.cluster(known, ctx.style, ctx.locale);
    } catch {
      cited = builtinCluster(known);
    }
  }
  return [cited, ...unknown].filter(Boolean).join('; ');
}

/** A citation item to format: its source, locator (`p. 2`) and prefix (`see`). */
export interface ClusterItem {
  readonly key: string;
  readonly source?: SourceEntry;
  readonly locator: string;
  readonly prefix: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Clauses

function referenceBlocks(ctx: Context, reference: ReferenceUse): string[] {
  const written = reference.reference;
  const other = reference.uri && reference.uri !== ctx.uri ? reference.uri : undefined;
  if (reference.clause === undefined || !reference.uri) {
    const where = other ? ` in ${markdownInline(ctx.fileName(other))}` : '';
    const missing = other && !ctx.index.document(other) ? ' (the file is not in the workspace)' : '';
    return [`No clause ${markdownInline(written.target)}${where}${missing}`];
  }
  const blocks = clauseBlocks(ctx, reference.uri, reference.clause, false);
  if (reference.candidates > 1) blocks.push(`⚠ ${reference.candidates} clauses carry the number ${markdownInline(written.target)}; this is the first.`);
  return blocks;
}

/** A clause: number and title (and file when another), its first sentences, annotations; on the clause, its references. */
function clauseBlocks(ctx: Context, uri: string, index: number, onClause: boolean): string[] {
  const model = ctx.index.document(uri)?.model;
  const clause = model?.clauses[index];
  if (!model || !clause) return [];
  const blocks = [`**${clauseLabel(clause)}**${uri !== ctx.uri ? ` · ${markdownInline(ctx.fileName(uri))}` : ''}`];
  if (clause.summary) blocks.push(markdownInline(clause.summary));
  const { explanations, positions } = annotationsOf(model, 'clause', index);
  for (const text of explanations) blocks.push(`**Explanation:** ${markdownInline(truncate(text, MAX_NOTE_CHARS))}`);
  if (positions.length > 0) blocks.push(positionsMarkdown(ctx, positions.map((position) => ({ uri, position }))));
  if (onClause) {
    const references = uniqueOccurrences(clauseOccurrences(ctx.index, uri, index).filter((o) => !o.declaration));
    blocks.push(usageLine('Referenced', references));
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------------------------
// Parties

function partyBlocks(ctx: Context, written: string): string[] {
  const model = ctx.index.document(ctx.uri)!.model;
  const party = declaredParty(model, written);
  const name = party?.name ?? written;
  const blocks = [`**${markdownInline(name)}** · party`];
  if (!party) blocks.push(`⚠ "${markdownInline(written)}" is not among the parties declared in the front matter.`);
  else if (party.aliases.length > 0) blocks.push(`Also called ${party.aliases.map((a) => `**${markdownInline(a.name)}**`).join(', ')}`);
  const taken: string[] = [];
  const documents = [ctx.uri, ...[...ctx.index.documents()].map((d) => d.uri).filter((u) => u !== ctx.uri).sort()];
  for (const uri of documents) {
    const doc = ctx.index.document(uri)!.model;
    for (const callout of doc.callouts) {
      if (callout.type !== 'POSITION' || !callout.party || canonicalParty(doc, callout.party) !== canonicalParty(model, written)) continue;
      taken.push(`- on ${calloutTarget(ctx, uri, doc, callout)}: ${markdownInline(truncate(firstSentence(callout.text), MAX_LINE_CHARS))}`);
    }
  }
  if (taken.length === 0) blocks.push('Takes no position.');
  else {
    const lines = taken.slice(0, MAX_PLACES);
    if (taken.length > MAX_PLACES) lines.push(`- and ${taken.length - MAX_PLACES} more`);
    blocks.push(`**Positions** (${taken.length})\n\n${lines.join('\n')}`);
  }
  return blocks;
}

/** What a callout is about: `*Term*` or `§1.1 Azure routing`, with the file when another, else its place. */
function calloutTarget(ctx: Context, uri: string, model: DocumentModel, callout: Callout): string {
  const file = uri !== ctx.uri ? ` (${markdownInline(ctx.fileName(uri))})` : '';
  if (callout.target?.kind === 'definition') return `*${markdownInline(model.definitions[callout.target.index]!.names[0]!.name)}*${file}`;
  if (callout.target?.kind === 'clause') return `${clauseLabel(model.clauses[callout.target.index]!)}${file}`;
  return markdownInline(ctx.place(uri, callout.span.start));
}

// ---------------------------------------------------------------------------------------------------------------
// Source formatting: citation-js (CSL) first, a built-in APA-like form as the fallback.

/** The citation-js calls used (the packages ship no types). */
interface CslPlugins {
  output: { format(kind: 'bibliography' | 'citation', data: object[], options: object): string };
  config: { get(name: '@csl'): { templates: { has(name: string): boolean; get(name: string): string }; locales: { has(name: string): boolean } } };
}
const csl = cslPlugins as CslPlugins;

/** The CSL engine: replaceable in tests to exercise the fallback. Both methods return Markdown and may throw. */
export const citationEngine = {
  /** The bibliography entry of one source. */
  reference(source: SourceEntry, style: string, locale: string): string {
    const { template, lang } = cslOptions(style, locale);
    return cached(source, `ref|${template}|${lang}`, () => {
      const html = csl.output.format('bibliography', [cslItem(source, 'item-1')], { template, lang, format: 'html' });
      const markdown = cslHtmlToMarkdown(html);
      if (!markdown) throw new Error('empty reference');
      return markdown;
    });
  },
  /** An in-text citation of one or more sources; numeric styles give an author-date label instead of a number. */
  cluster(items: readonly (ClusterItem & { source: SourceEntry })[], style: string, locale: string): string {
    const { template, lang } = cslOptions(style, locale);
    if (isNumericStyle(template)) return builtinCluster(items);
    const key = `cite|${template}|${lang}|${items.map((i) => `${serial(i.source)}\u0000${i.locator}\u0000${i.prefix}`).join('\u0001')}`;
    return cached(items[0]!.source, key, () => {
      const data = items.map((i, n) => cslItem(i.source, `item-${n + 1}`));
      const entry = items.map((i, n) => ({ id: `item-${n + 1}`, ...cslLocator(i.locator), ...(i.prefix ? { prefix: `${i.prefix} ` } : {}) }));
      const html = csl.output.format('citation', data, { template, lang, format: 'html', entry });
      const markdown = cslHtmlToMarkdown(html);
      if (!markdown) throw new Error('empty citation');
      return markdown;
    });
  },
};

function cslOptions(style: string, locale: string): { template: string; lang: string } {
  const config = csl.config.get('@csl');
  return { template: config.templates.has(style) ? style : 'apa', lang: config.locales.has(locale) ? locale : 'en-US' };
}

const numericStyles = new Map<string, boolean>();
/** A style whose in-text citations are numbers (`[1]`): meaningless in a hover without its bibliography. */
function isNumericStyle(template: string): boolean {
  let numeric = numericStyles.get(template);
  if (numeric === undefined) {
    const xml = csl.config.get('@csl').templates.get(template) ?? '';
    const citation = /<citation[\s>][\s\S]*?<\/citation>/.exec(xml)?.[0] ?? '';
    numeric = /variable="citation-number"/.test(citation);
    numericStyles.set(template, numeric);
  }
  return numeric;
}

/** Formatted text per source (a new entry object after a change drops its cache with it). */
const formatCache = new WeakMap<SourceEntry, Map<string, string>>();
const serials = new WeakMap<SourceEntry, number>();
let nextSerial = 1;

function serial(source: SourceEntry): number {
  let n = serials.get(source);
  if (n === undefined) serials.set(source, (n = nextSerial++));
  return n;
}

function cached(source: SourceEntry, key: string, compute: () => string): string {
  let map = formatCache.get(source);
  if (!map) formatCache.set(source, (map = new Map()));
  let value = map.get(key);
  if (value === undefined) {
    if (map.size > 64) map.clear();
    value = compute();
    map.set(key, value);
  }
  return value;
}

/** Pandoc's locator labels (`p.`, `chap.`, `§`), as CSL locator labels. A bare number is a page. */
const LOCATOR_LABELS: readonly [RegExp, string][] = [
  [/^(?:pp?|pages?)(?:\.\s*|\s+)/i, 'page'],
  [/^(?:chaps?|ch|chapters?)(?:\.\s*|\s+)/i, 'chapter'],
  [/^(?:§§?\s*|(?:secs?|sections?)(?:\.\s*|\s+))/i, 'section'],
  [/^(?:¶¶?\s*|(?:paras?|paragraphs?)(?:\.\s*|\s+))/i, 'paragraph'],
  [/^(?:arts?|articles?)(?:\.\s*|\s+)/i, 'article-locator'],
  [/^(?:vols?|volumes?)(?:\.\s*|\s+)/i, 'volume'],
  [/^(?:figs?|figures?)(?:\.\s*|\s+)/i, 'figure'],
  [/^(?:nos?|numbers?)(?:\.\s*|\s+)/i, 'number'],
  [/^(?:pts?|parts?)(?:\.\s*|\s+)/i, 'part'],
  [/^(?:cols?|columns?)(?:\.\s*|\s+)/i, 'column'],
  [/^(?:ll?|lines?)(?:\.\s*|\s+)/i, 'line'],
  [/^(?:nn?|notes?)(?:\.\s*|\s+)/i, 'note'],
  [/^(?:vv?|verses?)(?:\.\s*|\s+)/i, 'verse'],
  [/^(?:s\.vv?\.|sub verbo)\s*/i, 'sub verbo'],
];

/** A written locator as CSL `label` + `locator`; one with no known label stays text after the citation. */
export function cslLocator(written: string): { label?: string; locator?: string; suffix?: string } {
  const text = written.trim();
  if (!text) return {};
  if (/^\d/.test(text)) return { label: 'page', locator: text };
  for (const [re, label] of LOCATOR_LABELS) {
    const m = re.exec(text);
    if (m && m[0].length < text.length) return { label, locator: text.slice(m[0].length) };
  }
  return { suffix: `, ${text}` };
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'id']);

/** A source entry as a CSL-JSON item. */
export function cslItem(source: SourceEntry, id: string): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source.fields)) if (!UNSAFE_KEYS.has(key)) item[key] = value;
  item.id = id;
  // Without a type, an entry with a container is most often a news or web article in this domain.
  item.type = source.type ?? (source.containerTitle ? 'article-newspaper' : source.url ? 'webpage' : 'document');
  if (source.title) item.title = source.title;
  if (source.containerTitle) item['container-title'] = source.containerTitle;
  if (source.publisher && source.publisher !== source.containerTitle) item.publisher = source.publisher;
  if (source.issued) item.issued = cslDate(source.issued);
  if (source.url) item.URL = source.url;
  if (source.authors.length > 0) item.author = source.authors.map((a) => ({ ...a }));
  if (source.note) item.note = source.note;
  return item;
}

/** `2026-03-18`, `2026-03`, `2026`, a range `a/b`, or literal text, as a CSL date. */
function cslDate(issued: string): object {
  const parts = issued.split('/').map((p) => /^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(p.trim()));
  if (parts.length <= 2 && parts.every((m) => m !== null)) {
    return { 'date-parts': parts.map((m) => m!.slice(1).filter((x) => x !== undefined).map(Number)) };
  }
  return { literal: issued };
}

/** citeproc's HTML (user text escaped as entities, a few inline tags) as escaped Markdown with italics and bold. */
export function cslHtmlToMarkdown(html: string): string {
  const runs: { text: string; italic: boolean; bold: boolean }[] = [];
  let italic = 0;
  let bold = 0;
  for (const part of html.split(/(<[^>]*>)/)) {
    const tag = /^<(\/?)([a-z][a-z0-9]*)/i.exec(part);
    if (tag) {
      const step = tag[1] === '/' ? -1 : 1;
      const name = tag[2]!.toLowerCase();
      if (name === 'i' || name === 'em') italic = Math.max(0, italic + step);
      else if (name === 'b' || name === 'strong') bold = Math.max(0, bold + step);
      else if (name === 'div' || name === 'br' || name === 'p') runs.push({ text: ' ', italic: false, bold: false });
      continue;
    }
    if (part.startsWith('<')) continue;
    const text = decodeEntities(part);
    const last = runs[runs.length - 1];
    if (last && last.italic === italic > 0 && last.bold === bold > 0) last.text += text;
    else runs.push({ text, italic: italic > 0, bold: bold > 0 });
  }
  let out = '';
  for (const run of runs) {
    const text = run.text.replace(/\s+/g, ' ');
    const mark = `${run.bold ? '**' : ''}${run.italic ? '*' : ''}`;
    const core = text.trim();
    if (!mark || !core) {
      out += escapeMarkdown(text);
      continue;
    }
    const lead = text.startsWith(' ') ? ' ' : '';
    const trail = text.endsWith(' ') ? ' ' : '';
    out += `${lead}${mark}${escapeMarkdown(core)}${[...mark].reverse().join('')}${trail}`;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

// The built-in formatter: APA-like, used when the CSL engine throws on an entry.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `Family, G., & Other, H. (2026, March 18). Title. *Container*. Publisher. URL` in escaped Markdown. */
export function builtinReference(source: SourceEntry): string {
  const authors = source.authors.map(referenceName).filter(Boolean);
  const date = markdownInline(`(${apaDate(source.issued)}).`);
  const standalone = !source.containerTitle;
  const title = source.title ? (standalone ? `*${markdownInline(source.title)}*.` : `${markdownInline(source.title)}.`) : '';
  const parts: string[] = [];
  if (authors.length > 0) parts.push(`${markdownInline(joinNames(authors))}${authors[authors.length - 1]!.endsWith('.') ? '' : '.'}`, date, title);
  else parts.push(title || `${markdownInline(source.key)}.`, date);
  if (source.containerTitle) parts.push(`*${markdownInline(source.containerTitle)}*.`);
  if (source.publisher && source.publisher !== source.containerTitle) parts.push(`${markdownInline(source.publisher)}.`);
  if (source.url) parts.push(markdownInline(source.url));
  return parts.filter(Boolean).join(' ');
}

/** `(Family, 2026, p. 2; “Title,” 2025)` in escaped Markdown. */
export function builtinCluster(items: readonly ClusterItem[]): string {
  const cites = items.map((item) => {
    const source = item.source;
    const who = source ? shortAuthor(source) : `@${item.key}`;
    const year = source?.issued ? (/^-?\d{1,4}/.exec(source.issued)?.[0] ?? source.issued) : 'n.d.';
    return `${item.prefix ? `${item.prefix} ` : ''}${who}, ${year}${item.locator ? `, ${item.locator}` : ''}`;
  });
  return markdownInline(`(${cites.join('; ')})`);
}

function referenceName(name: SourceName): string {
  if (name.literal) return name.literal;
  const initials = (name.given ?? '')
    .split(/[\s.]+/)
    .filter(Boolean)
    .map((g) => `${g.split('-').map((p) => `${[...p][0] ?? ''}.`).join('-')}`)
    .join(' ');
  return [name.family, initials].filter(Boolean).join(', ');
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`;
}

function shortAuthor(source: SourceEntry): string {
  const families = source.authors.map((a) => a.family ?? a.literal ?? '').filter(Boolean);
  if (families.length === 1) return families[0]!;
  if (families.length === 2) return `${families[0]} & ${families[1]}`;
  if (families.length > 2) return `${families[0]} et al.`;
  if (source.title) return `“${truncate(source.title, 40)}”`;
  return source.publisher ?? `@${source.key}`;
}

function apaDate(issued: string | undefined): string {
  if (!issued) return 'n.d.';
  const m = /^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(issued);
  if (!m) return issued;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  return [m[1], month ? `${month}${m[3] ? ` ${Number(m[3])}` : ''}` : undefined].filter(Boolean).join(', ');
}
