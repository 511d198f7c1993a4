// Shared YAML/JSON reading for the pure core: parsing with resource limits, exact spans of nodes, and the one CSL
// item reader used by front-matter `sources` and by CSL-YAML and CSL-JSON bibliographies.

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { PathRef, SourceEntry, SourceName, Span, SyntaxProblem } from './model.js';

/** Deepest flow nesting (`[`/`{`) read; deeper text is refused before yaml sees it (yaml's cost grows with depth). */
export const MAX_FLOW_DEPTH = 200;
/** Widest block indentation (spaces, tabs and `- `/`? `/`: ` indicators at a line start) read. */
export const MAX_INDENT = 400;
/** Longest text read, in UTF-16 code units; callers usually enforce a smaller `maxFileSize` first. */
export const MAX_TEXT_LENGTH = 16 * 1024 * 1024;
/** Most problems reported for one text; one more problem says that the rest were left out. */
export const MAX_PROBLEMS = 100;
/** Most YAML nodes (aliases expanded) turned into plain values for one text: this is what stops alias bombs. */
export const MAX_PLAIN_NODES = 20_000;
/** Deepest plain value built from YAML (`SourceEntry.fields`); deeper parts become `null`. */
export const MAX_PLAIN_DEPTH = 32;

/** The language a YAML text is written in, for messages: JSON is read as YAML 1.2, of which it is a subset. */
export type YamlLanguage = 'YAML' | 'JSON';

/** A YAML or JSON text being read: the parsed document, where its offset 0 sits, and where problems go. */
export interface YamlContext {
  /** The YAML text itself (front matter without its fences, or a whole file). */
  readonly text: string;
  /** Offset of `text` in the file that problems and spans refer to. */
  readonly base: number;
  /** Problem code: `syntax.front-matter`, `syntax.bibliography` or `syntax.config`. */
  readonly code: string;
  readonly origin: string;
  readonly language: YamlLanguage;
  /** The root node, or undefined for an empty text or one that could not be parsed. */
  readonly root: YamlNode | undefined;
  /** Alias node → the node its anchor names (undefined when no anchor precedes it). */
  readonly anchors: ReadonlyMap<YamlNode, YamlNode | undefined>;
  /** Problems found so far, in the order found (appended to while reading). */
  readonly problems: SyntaxProblem[];
  /** How many nodes may still be turned into plain values (decremented while reading). */
  readonly budget: { remaining: number };
}

/** A key/value pair of a YAML map whose key is text. */
export interface KeyedPair {
  readonly key: string;
  readonly keySpan: Span;
  /** The value node as written (possibly an alias); undefined for `key:` with nothing after it. */
  readonly value: YamlNode | undefined;
  /** From the key's start to the value's end. */
  readonly span: Span;
}

/** Adds a problem unless `MAX_PROBLEMS` were already added; the first one over the limit says so instead. */
export function addProblem(problems: SyntaxProblem[], code: string, span: Span, message: string): void {
  if (problems.length < MAX_PROBLEMS) problems.push({ code, message, span });
  else if (problems.length === MAX_PROBLEMS) {
    problems.push({ code, span, message: `more problems are not shown (only the first ${MAX_PROBLEMS} are)` });
  }
}

/** Quotes a piece of found text for a message, shortened to 40 characters. */
export function quote(text: string): string {
  const oneLine = text.slice(0, 200).replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 40 ? `${oneLine.slice(0, 39)}…` : oneLine);
}

/** Where text nests deeper than `MAX_FLOW_DEPTH` or is indented wider than `MAX_INDENT`, or -1. */
export function tooDeepAt(text: string): number {
  let depth = 0;
  let atLineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      atLineStart = true;
      indent = 0;
      continue;
    }
    if (atLineStart) {
      const next = text.charCodeAt(i + 1);
      const isIndicator = (c === 45 || c === 63 || c === 58) && (next === 32 || next === 9);
      if (c === 32 || c === 9 || isIndicator) {
        if (++indent > MAX_INDENT) return i;
        continue;
      }
      atLineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
}

/** Parses a YAML (or JSON) text with resource limits; syntax errors become problems at their own position. */
export function parseYaml(text: string, base: number, code: string, origin: string, language: YamlLanguage): YamlContext {
  const problems: SyntaxProblem[] = [];
  const context = (root: YamlNode | undefined, anchors: ReadonlyMap<YamlNode, YamlNode | undefined>): YamlContext => ({
    text, base, code, origin, language, root, anchors, problems, budget: { remaining: MAX_PLAIN_NODES },
  });
  const at = (offset: number, length = 1): Span => {
    const start = base + Math.max(0, Math.min(offset, text.length));
    return { start, end: Math.min(start + length, base + text.length) };
  };
  if (text.length > MAX_TEXT_LENGTH) {
    addProblem(problems, code, at(0, 0), `${language} text of ${text.length} characters is too large to read (at most ${MAX_TEXT_LENGTH})`);
    return context(undefined, new Map());
  }
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    addProblem(problems, code, at(deep),
      `${language} nested deeper than ${MAX_FLOW_DEPTH} levels (or indented wider than ${MAX_INDENT} columns) is not read`);
    return context(undefined, new Map());
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, version: '1.2', keepSourceTokens: false });
  } catch (error) {
    addProblem(problems, code, at(0, 0), `cannot read ${language}: ${errorMessage(error)}`);
    return context(undefined, new Map());
  }
  for (const error of doc.errors) {
    const [from, to] = error.pos;
    addProblem(problems, code, at(from, Math.max(to - from, 0)), `invalid ${language}: ${error.message}`);
  }
  const root = (doc.contents ?? undefined) as YamlNode | undefined;
  return context(root, collectAnchors(root));
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Maps every alias to the node of the last anchor of that name before it, walking the tree once in order. */
function collectAnchors(root: YamlNode | undefined): Map<YamlNode, YamlNode | undefined> {
  const result = new Map<YamlNode, YamlNode | undefined>();
  if (root === undefined) return result;
  const named = new Map<string, YamlNode>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      result.set(node, named.get(node.source));
      continue;
    }
    if (isScalar(node) || isMap(node) || isSeq(node)) {
      if (node.anchor !== undefined) named.set(node.anchor, node);
    }
    if (isMap(node) || isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    }
  }
  return result;
}

/** The node an alias names (or the node itself); undefined for a missing value or an alias without anchor. */
export function resolve(ctx: YamlContext, node: unknown): YamlNode | undefined {
  if (node === null || node === undefined) return undefined;
  if (isAlias(node)) {
    const target = ctx.anchors.get(node);
    if (target === undefined) {
      addProblem(ctx.problems, ctx.code, nodeSpan(ctx, node), `alias *${node.source} has no anchor &${node.source} before it`);
    }
    return target;
  }
  return isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
}

/** True when the node is missing or an empty (null) scalar: `key:` with nothing after it. */
export function isEmpty(node: YamlNode | undefined): boolean {
  return node === undefined || (isScalar(node) && node.value === null);
}

/**
 * The span of a node in the file: a quoted scalar without its quotes (so the span holds the text itself),
 * a collection without trailing white space.
 */
export function nodeSpan(ctx: YamlContext, node: unknown): Span {
  const range = (node as { range?: readonly number[] } | null)?.range;
  if (range === undefined || range.length < 2) return { start: ctx.base, end: ctx.base };
  let start = range[0] ?? 0;
  let end = range[1] ?? start;
  if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && end - start >= 2) {
    const mark = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
    if (ctx.text[start] === mark && ctx.text[end - 1] === mark) {
      start += 1;
      end -= 1;
    }
  }
  while (end > start && /\s/.test(ctx.text[end - 1] ?? '')) end--;
  return { start: ctx.base + start, end: ctx.base + end };
}

/** The span to report a problem about a pair's value at: the value, or the key when the value is empty. */
export function valueOrKeySpan(ctx: YamlContext, pair: KeyedPair): Span {
  const value = pair.value;
  if (value === undefined) return pair.keySpan;
  const span = nodeSpan(ctx, value);
  return span.end > span.start ? span : pair.keySpan;
}

/** What a node is, for "found …" in messages. */
export function describe(node: YamlNode | undefined): string {
  if (node === undefined) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'nothing';
    if (typeof value === 'string') return `the text ${quote(value)}`;
    return `${typeof value === 'boolean' ? 'the value' : 'the number'} ${node.source ?? String(value)}`;
  }
  return 'an alias';
}

/** A scalar's text: strings as they are, numbers and booleans as written; undefined for anything else. */
export function scalarText(node: YamlNode | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return node.source ?? String(value);
  }
  return undefined;
}

/** The text-keyed pairs of a map; other keys and repeated keys (the first is kept) give problems. */
export function mapPairs(ctx: YamlContext, map: YamlNode): KeyedPair[] {
  if (!isMap(map)) return [];
  const pairs: KeyedPair[] = [];
  const seen = new Set<string>();
  for (const item of map.items) {
    const keyNode = resolve(ctx, item.key);
    const key = scalarText(keyNode);
    const keySpan = nodeSpan(ctx, item.key);
    if (key === undefined) {
      addProblem(ctx.problems, ctx.code, keySpan, `a key must be text, found ${describe(keyNode)}`);
      continue;
    }
    if (seen.has(key)) {
      addProblem(ctx.problems, ctx.code, keySpan, `duplicate key ${quote(key)}: only the first one is read`);
      continue;
    }
    seen.add(key);
    const value = (item.value ?? undefined) as YamlNode | undefined;
    const valueEnd = value === undefined ? keySpan.end : Math.max(nodeSpan(ctx, value).end, keySpan.end);
    const keyRange = (item.key as { range?: readonly number[] } | null)?.range;
    const start = keyRange?.[0] === undefined ? keySpan.start : ctx.base + keyRange[0];
    pairs.push({ key, keySpan, value, span: { start, end: valueEnd } });
  }
  return pairs;
}

/** A text value with its span, or undefined (with a problem unless the value is empty). */
export function readText(ctx: YamlContext, node: YamlNode | undefined, what: string): { text: string; span: Span } | undefined {
  const target = resolve(ctx, node);
  if (isEmpty(target)) return undefined;
  const text = scalarText(target);
  if (text === undefined) {
    addProblem(ctx.problems, ctx.code, nodeSpan(ctx, node), `${what} must be text, found ${describe(target)}`);
    return undefined;
  }
  return { text, span: nodeSpan(ctx, target) };
}

/** One path or a list of paths (`bibliography`, `imports`), each with its exact span. */
export function readPaths(ctx: YamlContext, pair: KeyedPair): PathRef[] {
  const target = resolve(ctx, pair.value);
  if (isEmpty(target)) return [];
  const expected = `${quote(pair.key)} must be a path or a list of paths`;
  const one = (node: unknown, where: Span): PathRef | undefined => {
    const item = resolve(ctx, node);
    const path = scalarText(item);
    if (path === undefined || !isScalar(item) || typeof item.value !== 'string') {
      addProblem(ctx.problems, ctx.code, where, `${expected}, found ${describe(item)}`);
      return undefined;
    }
    const span = nodeSpan(ctx, item);
    if (path.trim() === '') {
      addProblem(ctx.problems, ctx.code, span.end > span.start ? span : where, `${expected}, found an empty path`);
      return undefined;
    }
    return { path, span };
  };
  if (isSeq(target)) {
    const paths: PathRef[] = [];
    for (const item of target.items) {
      const path = one(item, nodeSpan(ctx, item));
      if (path !== undefined) paths.push(path);
    }
    return paths;
  }
  const path = one(target, valueOrKeySpan(ctx, pair));
  return path === undefined ? [] : [path];
}

/**
 * A plain JSON-like value of a node, for `SourceEntry.fields`. Aliases are expanded against a budget shared by the
 * whole text (`MAX_PLAIN_NODES`), so an alias bomb gives one problem (at the value being read) instead of an
 * exponential value; cycles cannot loop because the depth is bounded too.
 */
export function plainValue(ctx: YamlContext, node: unknown): unknown {
  if (ctx.budget.remaining <= 0) return null;
  const value = plain(ctx, node, 0);
  if (ctx.budget.remaining <= 0) {
    addProblem(ctx.problems, ctx.code, nodeSpan(ctx, node),
      `value too large (more than ${MAX_PLAIN_NODES} nodes, aliases expanded): the rest of it is not read`);
  }
  return value;
}

function plain(ctx: YamlContext, node: unknown, depth: number): unknown {
  const target = resolve(ctx, node);
  if (target === undefined || ctx.budget.remaining <= 0) return null;
  ctx.budget.remaining -= 1;
  if (isScalar(target)) {
    const value = target.value;
    if (typeof value === 'bigint') return Number(value);
    return value === undefined ? null : value;
  }
  if (depth >= MAX_PLAIN_DEPTH) return null;
  if (isSeq(target)) return target.items.map((item) => plain(ctx, item, depth + 1));
  if (isMap(target)) {
    const entries: [string, unknown][] = [];
    for (const item of target.items) {
      const key = scalarText(resolve(ctx, item.key));
      if (key !== undefined) entries.push([key, plain(ctx, item.value, depth + 1)]);
    }
    return Object.fromEntries(entries);
  }
  return null;
}

/** Problems in the order of their positions (stable for equal starts); the "more problems" notice stays last. */
export function byPosition(problems: readonly SyntaxProblem[]): SyntaxProblem[] {
  const sorted = problems.slice(0, MAX_PROBLEMS).sort((a, b) => a.span.start - b.span.start);
  return [...sorted, ...problems.slice(MAX_PROBLEMS)];
}

/** Keys of a CSL item that `readCslItem` reads into named `SourceEntry` properties. */
const NAMED_CSL_KEYS: ReadonlySet<string> = new Set([
  'id', 'type', 'title', 'publisher', 'container-title', 'issued', 'URL', 'url', 'author', 'note',
]);

/** Reads one CSL item (a map) whose key and key span the caller found (map key, or the item's `id`). */
export function readCslItem(ctx: YamlContext, node: YamlNode, key: string, keySpan: Span, span: Span): SourceEntry {
  const pairs = mapPairs(ctx, node);
  const get = (name: string): KeyedPair | undefined => pairs.find((pair) => pair.key === name);
  const text = (name: string): { text: string; span: Span } | undefined => {
    const pair = get(name);
    return pair === undefined ? undefined : readText(ctx, pair.value, `${quote(name)} of source ${quote(key)}`);
  };
  const type = text('type');
  const title = text('title');
  const publisher = text('publisher');
  const containerTitle = text('container-title');
  const note = text('note');
  const url = get('URL') !== undefined ? text('URL') : text('url');
  const issuedPair = get('issued');
  const issued = issuedPair === undefined ? undefined : readDate(ctx, issuedPair, key);
  const authorPair = get('author');
  const authors = authorPair === undefined ? [] : readNames(ctx, authorPair, key);
  const fields = pairs
    .filter((pair) => !NAMED_CSL_KEYS.has(pair.key) || (pair.key === 'url' && get('URL') !== undefined))
    .map((pair): [string, unknown] => [pair.key, plainValue(ctx, pair.value)]);
  return {
    key,
    origin: ctx.origin,
    keySpan,
    span,
    ...(type && { type: type.text }),
    ...(title && { title: title.text }),
    ...((publisher ?? containerTitle) && { publisher: (publisher ?? containerTitle)?.text }),
    ...(containerTitle && { containerTitle: containerTitle.text }),
    ...(issued !== undefined && { issued }),
    ...(url && { url: url.text, urlSpan: url.span }),
    authors,
    ...(note && { note: note.text }),
    fields: Object.fromEntries(fields),
  };
}

/** A CSL date as ISO-like text: `date-parts` joined (`2026-03-18`, a range with `/`), `raw`/`literal` or a string as written. */
function readDate(ctx: YamlContext, pair: KeyedPair, key: string): string | undefined {
  const expected = `${quote('issued')} of source ${quote(key)} must be a date such as 2026-03-18, { date-parts: [[2026, 3, 18]] } or { literal: "…" }`;
  let target = resolve(ctx, pair.value);
  if (isSeq(target)) target = resolve(ctx, target.items[0]);
  if (isEmpty(target)) return undefined;
  if (isScalar(target)) {
    const text = scalarText(target);
    if (text !== undefined && text.trim() !== '') return text.trim();
  } else if (isMap(target)) {
    const pairs = mapPairs(ctx, target);
    const get = (name: string): YamlNode | undefined => resolve(ctx, pairs.find((p) => p.key === name)?.value);
    const dateParts = get('date-parts');
    if (dateParts !== undefined) {
      const parts = isSeq(dateParts) ? dateParts.items.map((part) => datePart(ctx, part)) : [];
      if (parts.length > 0 && parts.every((part) => part !== undefined)) return parts.join('/');
    } else {
      const literal = scalarText(get('literal')) ?? scalarText(get('raw'));
      if (literal !== undefined) return literal.trim();
      const ymd = datePart(ctx, [get('year'), get('month'), get('day')].filter((n) => n !== undefined));
      if (ymd !== undefined) return ymd;
    }
  }
  addProblem(ctx.problems, ctx.code, valueOrKeySpan(ctx, pair), `${expected}, found ${describe(target)}`);
  return undefined;
}

/** One `[year, month?, day?]` date part as `YYYY-MM-DD`, or undefined when it is not numbers. */
function datePart(ctx: YamlContext, node: unknown): string | undefined {
  const target = Array.isArray(node) ? undefined : resolve(ctx, node);
  const items: unknown[] = Array.isArray(node) ? node : isSeq(target) ? target.items : [];
  if (items.length < 1 || items.length > 3) return undefined;
  const numbers = items.map((item) => {
    const text = scalarText(resolve(ctx, item))?.trim();
    return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
  });
  if (numbers.some((n) => n === undefined)) return undefined;
  const [year, ...rest] = numbers as number[];
  return [String(year), ...rest.map((n) => String(n).padStart(2, '0'))].join('-');
}

/** CSL names (`author`): a list of `{ family, given }`, `{ literal }` or plain strings (a single one is accepted too). */
function readNames(ctx: YamlContext, pair: KeyedPair, key: string): SourceName[] {
  const target = resolve(ctx, pair.value);
  if (isEmpty(target)) return [];
  const items: unknown[] = isSeq(target) ? target.items : [pair.value];
  const names: SourceName[] = [];
  for (const item of items) {
    const node = resolve(ctx, item);
    const literal = scalarText(node);
    if (literal !== undefined) {
      names.push({ literal });
      continue;
    }
    if (isMap(node)) {
      const pairs = mapPairs(ctx, node);
      const get = (name: string): string | undefined => scalarText(resolve(ctx, pairs.find((p) => p.key === name)?.value));
      const particle = get('non-dropping-particle');
      const family = [particle, get('family')].filter((part) => part !== undefined).join(' ');
      const given = [get('given'), get('dropping-particle')].filter((part) => part !== undefined).join(' ');
      const name = get('literal');
      if (family !== '' || given !== '' || name !== undefined) {
        names.push({ ...(family !== '' && { family }), ...(given !== '' && { given }), ...(name !== undefined && { literal: name }) });
        continue;
      }
    }
    addProblem(ctx.problems, ctx.code, nodeSpan(ctx, item),
      `each ${quote('author')} of source ${quote(key)} must be a name such as { family, given } or { literal }, found ${describe(node)}`);
  }
  return names;
}

/**
 * Reads a collection of CSL items: a list of items with `id`, or a map key → item. A repeated key gives a problem
 * and only the first entry is kept. `where` names the collection in messages (`"sources"`, `the bibliography`).
 */
export function readSources(ctx: YamlContext, node: YamlNode | undefined, where: string, fallback: Span): SourceEntry[] {
  const target = resolve(ctx, node);
  if (isEmpty(target)) return [];
  const entries: SourceEntry[] = [];
  if (isSeq(target)) {
    const seen = new Set<string>();
    for (const raw of target.items) {
      const item = resolve(ctx, raw);
      const itemSpan = nodeSpan(ctx, raw);
      if (!isMap(item)) {
        addProblem(ctx.problems, ctx.code, itemSpan, `each source in ${where} must be a map of CSL fields with an "id", found ${describe(item)}`);
        continue;
      }
      const idPair = mapPairs({ ...ctx, problems: [] }, item).find((pair) => pair.key === 'id');
      const idValue = idPair === undefined ? undefined : resolve(ctx, idPair.value);
      const id = idPair === undefined ? undefined : readText(ctx, idPair.value, `"id" in ${where}`);
      if (id === undefined && idPair !== undefined && !isEmpty(idValue)) continue;
      if (id === undefined || id.text.trim() === '') {
        addProblem(ctx.problems, ctx.code, idPair === undefined ? nodeSpan(ctx, item) : valueOrKeySpan(ctx, idPair),
          `each source in ${where} needs an "id" (its citation key)`);
        continue;
      }
      if (seen.has(id.text)) {
        addProblem(ctx.problems, ctx.code, id.span, `duplicate source key ${quote(id.text)}: only the first one is read`);
        continue;
      }
      seen.add(id.text);
      entries.push(readCslItem(ctx, item, id.text, id.span, nodeSpan(ctx, item)));
    }
    return entries;
  }
  if (isMap(target)) {
    for (const pair of mapPairs(ctx, target)) {
      const item = resolve(ctx, pair.value);
      if (!isMap(item)) {
        addProblem(ctx.problems, ctx.code, valueOrKeySpan(ctx, pair),
          `source ${quote(pair.key)} in ${where} must be a map of CSL fields (title, issued, URL, …), found ${describe(item)}`);
        continue;
      }
      if (pair.key.trim() === '') {
        addProblem(ctx.problems, ctx.code, pair.keySpan, `a source key in ${where} must not be empty`);
        continue;
      }
      entries.push(readCslItem(ctx, item, pair.key, pair.keySpan, pair.span));
    }
    return entries;
  }
  addProblem(ctx.problems, ctx.code, isScalar(target) ? nodeSpan(ctx, target) : fallback,
    `${where} must be a map of key → CSL item or a list of CSL items with "id", found ${describe(target)}`);
  return entries;
}
