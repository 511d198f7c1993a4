// Reads bibliography files (CSL-JSON, CSL-YAML, BibTeX) into source entries with exact key positions and positioned problems.

import { parse as parseBibtex, type Creator, type Entry as BibtexEntry } from '@retorquere/bibtex-parser';
import { isMap, isScalar, isSeq } from 'yaml';
import type { SourceEntry, SourceName, Span, SyntaxProblem } from './model.js';
import {
  addProblem, byPosition, errorMessage, isEmpty, mapPairs, MAX_TEXT_LENGTH, nodeSpan, parseYaml, quote, readCslItem, readSources,
  readText, resolve,
} from './yamlSpans.js';

/** The problem code of every bibliography-file problem. */
export const BIBLIOGRAPHY_CODE = 'syntax.bibliography';

/** The bibliography formats read: CSL-JSON, CSL-YAML and BibTeX (BibLaTeX fields included). */
export type BibliographyFormat = 'csl-json' | 'csl-yaml' | 'bibtex';

/** Longest BibTeX entry read, in characters: the parser's cost grows fast with one entry's size. */
export const MAX_BIBTEX_ENTRY_LENGTH = 32_768;
/** Deepest brace nesting read in one BibTeX entry. */
export const MAX_BIBTEX_BRACE_DEPTH = 64;
/** Most BibTeX entries read from one file; later ones give one problem. */
export const MAX_BIBTEX_ENTRIES = 20_000;

/** The format of a bibliography file by its extension (`.json`, `.yaml`/`.yml`, `.bib`), or undefined. */
export function bibliographyFormat(path: string): BibliographyFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'csl-json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'csl-yaml';
  if (lower.endsWith('.bib')) return 'bibtex';
  return undefined;
}

/**
 * Reads a bibliography file. CSL-JSON and CSL-YAML take the same shapes (JSON is read as YAML 1.2, keeping positions):
 * a list of items with `id`; an object whose `references` (pandoc) or `items` holds that list; a single item with
 * `id`; or a map key → item. BibTeX goes through @retorquere/bibtex-parser, one entry at a time. Never throws.
 */
export function readBibliography(
  text: string,
  format: BibliographyFormat,
  origin: string,
): { entries: SourceEntry[]; problems: SyntaxProblem[] } {
  try {
    const { entries, problems } = format === 'bibtex' ? readBibtex(text, origin) : readCsl(text, format, origin);
    return { entries, problems: byPosition(problems) };
  } catch (error) {
    return { entries: [], problems: [{ code: BIBLIOGRAPHY_CODE, span: { start: 0, end: 0 }, message: `cannot read bibliography: ${errorMessage(error)}` }] };
  }
}

/** CSL-JSON or CSL-YAML: the shapes listed at `readBibliography`. */
function readCsl(text: string, format: 'csl-json' | 'csl-yaml', origin: string): { entries: SourceEntry[]; problems: SyntaxProblem[] } {
  const ctx = parseYaml(text, 0, BIBLIOGRAPHY_CODE, origin, format === 'csl-json' ? 'JSON' : 'YAML');
  const root = resolve(ctx, ctx.root);
  const whole: Span = { start: 0, end: text.length };
  if (isEmpty(root)) return { entries: [], problems: ctx.problems };
  if (isMap(root)) {
    const quiet = { ...ctx, problems: [] };
    const pairs = mapPairs(quiet, root);
    const wrapper = pairs.find((pair) => (pair.key === 'references' || pair.key === 'items') && isSeq(resolve(quiet, pair.value)));
    if (wrapper !== undefined) {
      return { entries: readSources(ctx, wrapper.value, `"${wrapper.key}"`, wrapper.keySpan), problems: ctx.problems };
    }
    const id = pairs.find((pair) => pair.key === 'id' && isScalar(resolve(quiet, pair.value)));
    if (id !== undefined) {
      const key = readText(ctx, id.value, '"id"');
      if (key !== undefined && key.text.trim() !== '') {
        return { entries: [readCslItem(ctx, root, key.text, key.span, nodeSpan(ctx, root))], problems: ctx.problems };
      }
    }
  }
  return { entries: readSources(ctx, root, 'the bibliography', whole), problems: ctx.problems };
}

// ---------------------------------------------------------------------------------------------------------------
// BibTeX

/** Stands in for every `@` after an entry's own: the parser then sees exactly one entry per chunk. */
const MASK = '\uE040';
const MASK_PATTERN = /\uE040/g;

/** `@type{` or `@type(`, then the space before the key, at a chunk's start. */
const HEADER = /(@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*[{(])[ \t\r\n]*/y;

/** One `@…` directive: from an `@` at a line start to the next one. */
interface Chunk {
  readonly start: number;
  readonly end: number;
}

/** A BibTeX directive's header: its type (lower case) and where the key would start. */
interface Header {
  readonly type: string;
  /** Just after the `{` or `(`. */
  readonly openEnd: number;
  readonly keyStart: number;
}

/** Options for every parser call: plain text out (no sentence case, no case markup), unknown macros kept as text. */
function parserOptions(strings: Record<string, string>, raw: boolean): Parameters<typeof parseBibtex>[1] {
  return { sentenceCase: false, caseProtection: false, unsupported: 'ignore', applyCrossRef: false, raw, strings: { ...strings } };
}

/** BibTeX, one `@` directive (chunk) at a time, so that one broken entry never hides the others. */
function readBibtex(text: string, origin: string): { entries: SourceEntry[]; problems: SyntaxProblem[] } {
  const problems: SyntaxProblem[] = [];
  const entries: SourceEntry[] = [];
  if (text.length > MAX_TEXT_LENGTH) {
    addProblem(problems, BIBLIOGRAPHY_CODE, { start: 0, end: 0 },
      `BibTeX text of ${text.length} characters is too large to read (at most ${MAX_TEXT_LENGTH})`);
    return { entries, problems };
  }
  const seen = new Set<string>();
  const strings: Record<string, string> = {};
  for (const chunk of chunks(text)) {
    HEADER.lastIndex = chunk.start;
    const match = HEADER.exec(text);
    if (match === null) {
      const word = /@[^\s{}(),]*/y;
      word.lastIndex = chunk.start;
      const found = word.exec(text)?.[0] ?? '@';
      addProblem(problems, BIBLIOGRAPHY_CODE, { start: chunk.start, end: chunk.start + found.length },
        `expected a BibTeX entry such as @article{key, …}, found ${quote(text.slice(chunk.start, chunk.start + 30).split(/\r?\n/)[0] ?? '@')}`);
      continue;
    }
    const header: Header = {
      type: (match[2] ?? '').toLowerCase(),
      openEnd: chunk.start + (match[1] ?? '').length,
      keyStart: chunk.start + match[0].length,
    };
    if (header.type === 'comment' || header.type === 'preamble') continue;
    const headerSpan = headSpan(text, chunk, header);
    if (chunk.end - chunk.start > MAX_BIBTEX_ENTRY_LENGTH) {
      addProblem(problems, BIBLIOGRAPHY_CODE, headerSpan,
        `BibTeX entry ${quote(text.slice(chunk.start, headerSpan.end))} is longer than ${MAX_BIBTEX_ENTRY_LENGTH} characters and is not read`);
      continue;
    }
    const depthAt = braceTooDeepAt(text, chunk);
    if (depthAt >= 0) {
      addProblem(problems, BIBLIOGRAPHY_CODE, { start: depthAt, end: depthAt + 1 },
        `BibTeX entry ${quote(text.slice(chunk.start, headerSpan.end))} nests braces deeper than ${MAX_BIBTEX_BRACE_DEPTH} levels and is not read`);
      continue;
    }
    if (header.type === 'string') {
      readStringChunk(text, chunk, headerSpan, strings, problems);
      continue;
    }
    if (entries.length >= MAX_BIBTEX_ENTRIES) {
      addProblem(problems, BIBLIOGRAPHY_CODE, headerSpan, `only the first ${MAX_BIBTEX_ENTRIES} BibTeX entries are read`);
      break;
    }
    if (headerSpan.end === header.openEnd) {
      addProblem(problems, BIBLIOGRAPHY_CODE, headerSpan, 'BibTeX entry has no key: write @type{key, field = {…}}');
      continue;
    }
    const entry = readEntryChunk(text, chunk, header, headerSpan, strings, origin, problems);
    if (entry === undefined) continue;
    if (seen.has(entry.key)) {
      addProblem(problems, BIBLIOGRAPHY_CODE, entry.keySpan, `duplicate BibTeX key ${quote(entry.key)}: only the first entry is read`);
      continue;
    }
    seen.add(entry.key);
    entries.push(entry);
  }
  return { entries, problems };
}

/** Splits BibTeX text at every `@` that starts a line (after optional blanks); text before the first one is a comment. */
function chunks(text: string): Chunk[] {
  const starts: number[] = [];
  const lineAt = /^[ \t]*@/gm;
  for (let match = lineAt.exec(text); match !== null; match = lineAt.exec(text)) {
    starts.push(match.index + match[0].length - 1);
  }
  return starts.map((start, i) => {
    let end = i + 1 < starts.length ? (starts[i + 1] ?? text.length) : text.length;
    while (end > start && /[ \t]/.test(text[end - 1] ?? '')) end--;
    return { start, end };
  });
}

/** Where a chunk's braces nest deeper than `MAX_BIBTEX_BRACE_DEPTH`, or -1 (the parser's cost grows fast with depth). */
function braceTooDeepAt(text: string, chunk: Chunk): number {
  let depth = 0;
  for (let i = chunk.start; i < chunk.end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 123 && ++depth > MAX_BIBTEX_BRACE_DEPTH) return i;
    else if (c === 125 && depth > 0) depth--;
  }
  return -1;
}

/** From the `@` to the end of the key (or to just after the `{` when no key follows). */
function headSpan(text: string, chunk: Chunk, header: Header): Span {
  const length = header.keyStart >= chunk.end ? 0 : /^[^\s,{}()=#%"]*/.exec(text.slice(header.keyStart, chunk.end))?.[0].length ?? 0;
  return { start: chunk.start, end: length === 0 ? header.openEnd : header.keyStart + length };
}

/** The chunk's text as the parser gets it: every `@` after the first masked. */
function maskedChunk(text: string, chunk: Chunk): string {
  const body = text.slice(chunk.start, chunk.end);
  return `@${body.slice(1).replaceAll('@', MASK)}`;
}

/** Reads one `@string` chunk into `strings` (raw TeX, as the parser wants macros); its errors become problems. */
function readStringChunk(text: string, chunk: Chunk, headerSpan: Span, strings: Record<string, string>, problems: SyntaxProblem[]): void {
  let library: ReturnType<typeof parseBibtex>;
  try {
    library = parseBibtex(maskedChunk(text, chunk), parserOptions(strings, true));
  } catch (error) {
    addProblem(problems, BIBLIOGRAPHY_CODE, headerSpan, `cannot read @string: ${errorMessage(error)}`);
    return;
  }
  for (const error of library.errors) reportParserError(text, chunk, headerSpan, '@string', error, problems);
  if (library.errors.some((error) => !error.error.startsWith('Unresolved @string'))) return;
  Object.assign(strings, library.strings);
}

/** Parses one entry chunk and converts it; undefined when it has no key or could not be parsed at all. */
function readEntryChunk(
  text: string,
  chunk: Chunk,
  header: Header,
  headerSpan: Span,
  strings: Record<string, string>,
  origin: string,
  problems: SyntaxProblem[],
): SourceEntry | undefined {
  let library: ReturnType<typeof parseBibtex>;
  try {
    library = parseBibtex(maskedChunk(text, chunk), parserOptions(strings, false));
  } catch (error) {
    addProblem(problems, BIBLIOGRAPHY_CODE, headerSpan, `cannot read BibTeX entry: ${errorMessage(error)}`);
    return undefined;
  }
  const parsed = library.entries[0];
  const key = (parsed?.key ?? '').replace(MASK_PATTERN, '@');
  const label = key === '' ? quote(text.slice(chunk.start, headerSpan.end)) : `${quote(key)}`;
  for (const error of library.errors) reportParserError(text, chunk, headerSpan, `BibTeX entry ${label}`, error, problems);
  if (parsed === undefined) return undefined;
  if (key === '') {
    if (library.errors.length === 0) {
      addProblem(problems, BIBLIOGRAPHY_CODE, headerSpan, 'BibTeX entry has no key: write @type{key, field = {…}}');
    }
    return undefined;
  }
  const keySpan: Span = text.startsWith(key, header.keyStart)
    ? { start: header.keyStart, end: header.keyStart + key.length }
    : headerSpan;
  const input = parsed.input === '' ? undefined : parsed.input;
  const span: Span = { start: chunk.start, end: input === undefined ? trimmedEnd(text, chunk) : chunk.start + input.length };
  return toSource(parsed, key, keySpan, span, text, origin);
}

/** The chunk's end without trailing white space. */
function trimmedEnd(text: string, chunk: Chunk): number {
  let end = chunk.end;
  while (end > chunk.start && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

/** A parser error as a problem: at the error's line and column inside the entry when that is inside it, else at its header. */
function reportParserError(
  text: string,
  chunk: Chunk,
  headerSpan: Span,
  label: string,
  error: { readonly error: string; readonly input?: string },
  problems: SyntaxProblem[],
): void {
  const message = unmask(error.error);
  const location = /\s*at line (\d+), column (\d+)(?: in "[^"]*")?/.exec(message);
  const bare = location === null ? message : message.slice(0, location.index) + message.slice(location.index + location[0].length);
  let span = headerSpan;
  const unresolved = /^Unresolved @string reference "(.*)"$/.exec(bare);
  if (unresolved !== null) {
    const name = unresolved[1] ?? '';
    const use = new RegExp(`[=#][ \\t\\r\\n]*(${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')})(?![\\w:./-])`, 'i');
    const found = use.exec(text.slice(chunk.start, chunk.end));
    if (found !== null && found[1] !== undefined) {
      const start = chunk.start + found.index + found[0].length - found[1].length;
      span = { start, end: start + found[1].length };
    }
  } else if (location !== null) {
    const offset = offsetOfLineColumn(text, chunk.start, Number(location[1]), Number(location[2]));
    const end = trimmedEnd(text, chunk);
    if (offset !== undefined && offset > headerSpan.end && offset < end) {
      const lineEnd = text.slice(offset, end).search(/\r?\n/);
      span = { start: offset, end: lineEnd < 0 ? end : offset + Math.max(lineEnd, 1) };
    }
  }
  addProblem(problems, BIBLIOGRAPHY_CODE, span, `${label}: ${bare}`);
}

/** The offset of a 1-based line and column counted from `from` (lines end at `\n`). */
function offsetOfLineColumn(text: string, from: number, line: number, column: number): number | undefined {
  let offset = from;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return offset + column - 1;
}

/** Puts back the masked `@` signs and composes accents (the parser turns `\"{u}` into `u` + a combining mark). */
function unmask(value: string): string {
  return value.replace(MASK_PATTERN, '@').normalize('NFC');
}

/** BibTeX (and BibLaTeX) entry types → CSL types. */
const CSL_TYPES: Readonly<Record<string, string>> = {
  article: 'article-journal',
  book: 'book',
  mvbook: 'book',
  booklet: 'pamphlet',
  inbook: 'chapter',
  incollection: 'chapter',
  inproceedings: 'paper-conference',
  conference: 'paper-conference',
  proceedings: 'book',
  collection: 'book',
  manual: 'report',
  mastersthesis: 'thesis',
  phdthesis: 'thesis',
  thesis: 'thesis',
  techreport: 'report',
  report: 'report',
  unpublished: 'manuscript',
  online: 'webpage',
  electronic: 'webpage',
  www: 'webpage',
  patent: 'patent',
  dataset: 'dataset',
  software: 'software',
  legislation: 'legislation',
  legal: 'legal_case',
  jurisdiction: 'legal_case',
  misc: 'document',
};

/** BibTeX field names → CSL names, for `fields`. */
const CSL_FIELD_NAMES: Readonly<Record<string, string>> = {
  doi: 'DOI',
  isbn: 'ISBN',
  issn: 'ISSN',
  pages: 'page',
  address: 'publisher-place',
  location: 'publisher-place',
  series: 'collection-title',
  keywords: 'keyword',
  urldate: 'accessed',
  type: 'genre',
  abstract: 'abstract',
  edition: 'edition',
  volume: 'volume',
  number: 'number',
  language: 'language',
};

/** Fields read into named `SourceEntry` properties (not repeated in `fields`). */
const NAMED_BIBTEX_FIELDS: ReadonlySet<string> = new Set([
  'title', 'author', 'url', 'note', 'date', 'year', 'month', 'day', 'publisher', 'journal', 'journaltitle', 'booktitle',
]);

/** Converts a parsed BibTeX entry to a source entry (CSL field names, plain text). */
function toSource(entry: BibtexEntry, key: string, keySpan: Span, span: Span, text: string, origin: string): SourceEntry {
  const raw = entry.fields as Readonly<Record<string, unknown>>;
  const field = (name: string): string | undefined => {
    const value = raw[name];
    const joined = typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join('; ') : undefined;
    if (joined === undefined) return undefined;
    const clean = unmask(entry.mode[name] === 'verbatim' ? joined : stripMarkup(joined)).trim();
    return clean === '' ? undefined : clean;
  };
  const containerTitle = field('journal') ?? field('journaltitle') ?? field('booktitle');
  const howpublished = field('howpublished');
  const howUrl = /^\s*<a href="([^"]*)">/.exec(typeof raw['howpublished'] === 'string' ? raw['howpublished'] : '')?.[1];
  const urlFromHow = howUrl !== undefined ? unmask(howUrl) : howpublished !== undefined && /^https?:\/\/\S+$/.test(howpublished) ? howpublished : undefined;
  const publisher = field('publisher') ?? field('institution') ?? field('school') ?? field('organization') ?? containerTitle
    ?? (urlFromHow === undefined ? howpublished : undefined);
  const url = field('url') ?? urlFromHow;
  const urlSpan = url === undefined ? undefined : findUrlSpan(text, span, field('url') !== undefined);
  const issued = field('date') ?? composeDate(field('year'), field('month'), field('day'));
  const title = field('title');
  const note = field('note');
  const type = CSL_TYPES[entry.type.toLowerCase()] ?? 'document';
  const fields: [string, unknown][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (NAMED_BIBTEX_FIELDS.has(name)) continue;
    const cslName = CSL_FIELD_NAMES[name] ?? name;
    if (Array.isArray(value) && value.some((v) => typeof v === 'object')) fields.push([cslName, (value as Creator[]).map(toName)]);
    else {
      const plain = field(name);
      if (plain !== undefined) fields.push([cslName, plain]);
    }
  }
  const authors = Array.isArray(raw['author']) ? (raw['author'] as Creator[]).map(toName) : [];
  return {
    key,
    origin,
    keySpan,
    span,
    type,
    ...(title !== undefined && { title }),
    ...(publisher !== undefined && { publisher }),
    ...(containerTitle !== undefined && { containerTitle }),
    ...(issued !== undefined && { issued }),
    ...(url !== undefined && { url }),
    ...(urlSpan !== undefined && { urlSpan }),
    authors,
    ...(note !== undefined && { note }),
    fields: Object.fromEntries(fields),
  };
}

/** Removes the HTML-like markup the parser renders TeX formatting into (`<i>`, `<b>`, `<sup>`, `<a href>`, …). */
function stripMarkup(value: string): string {
  return value.replace(/<\/?[a-zA-Z][^<>]*>/g, '');
}

/** A parsed BibTeX name as a CSL name (`van der` particles go with the family name). */
function toName(creator: Creator): SourceName {
  const clean = (value: string | undefined): string | undefined => {
    const text = value === undefined ? undefined : unmask(stripMarkup(value)).trim();
    return text === '' ? undefined : text;
  };
  const literal = clean(creator.name);
  if (literal !== undefined) return { literal };
  const family = clean([creator.prefix, creator.lastName].filter((part) => part !== undefined && part !== '').join(' '));
  const given = clean([creator.firstName, creator.suffix].filter((part) => part !== undefined && part !== '').join(', '));
  return { ...(family !== undefined && { family }), ...(given !== undefined && { given }) };
}

/** `year`, `month`, `day` as `YYYY-MM-DD` (as far as given); a year that is not a number is kept as written. */
function composeDate(year: string | undefined, month: string | undefined, day: string | undefined): string | undefined {
  if (year === undefined) return undefined;
  if (!/^\d{1,4}$/.test(year)) return year;
  const parts = [year];
  if (month !== undefined && /^\d{1,2}$/.test(month) && Number(month) >= 1 && Number(month) <= 12) {
    parts.push(month.padStart(2, '0'));
    if (day !== undefined && /^\d{1,2}$/.test(day) && Number(day) >= 1 && Number(day) <= 31) parts.push(day.padStart(2, '0'));
  }
  return parts.join('-');
}

/** The span of the URL as written: inside `url = {…}` / `url = "…"`, or inside `\url{…}` when the URL came from `howpublished`. */
function findUrlSpan(text: string, entry: Span, fromUrlField: boolean): Span | undefined {
  const body = text.slice(entry.start, entry.end);
  const opener = fromUrlField ? /(?:^|[\s,{(])url[ \t\r\n]*=[ \t\r\n]*([{"])/i : /\\url[ \t]*(\{)/;
  const match = opener.exec(body);
  if (match === null) return undefined;
  const start = match.index + match[0].length;
  let depth = 0;
  let end = start;
  for (; end < body.length; end++) {
    const c = body[end];
    if (c === '\\') end++;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (c === '"' && match[1] === '"' && depth === 0) break;
  }
  let from = start;
  while (from < end && /\s/.test(body[from] ?? '')) from++;
  while (end > from && /\s/.test(body[end - 1] ?? '')) end--;
  return { start: entry.start + from, end: entry.start + end };
}
