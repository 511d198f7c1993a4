// Reads a Clausemark front-matter block (YAML) into the model's `FrontMatter`, with exact spans and positioned problems.

import { isMap, isScalar, isSeq } from 'yaml';
import type { FrontMatter, Party, PathRef, SourceEntry, Span, SyntaxProblem } from './model.js';
import {
  addProblem, byPosition, describe, errorMessage, isEmpty, mapPairs, nodeSpan, parseYaml, quote, readPaths, readSources, readText,
  resolve, scalarText, valueOrKeySpan, type KeyedPair, type YamlContext,
} from './yamlSpans.js';

/** The problem code of every front-matter problem. */
export const FRONT_MATTER_CODE = 'syntax.front-matter';

/** The only format version this reader knows. */
export const FORMAT_VERSION = 1;

/**
 * Reads front matter. `yamlText` is the YAML between the fences, `base` its offset in the Markdown document
 * (every span and problem is in document offsets), `blockSpan` the whole block with its fences. Never throws.
 */
export function readFrontMatter(
  yamlText: string,
  base: number,
  blockSpan: Span,
  origin: string,
): { frontMatter: FrontMatter; problems: SyntaxProblem[] } {
  try {
    return readChecked(yamlText, base, blockSpan, origin);
  } catch (error) {
    return {
      frontMatter: { span: blockSpan, parties: [], sources: [], bibliography: [], imports: [] },
      problems: [{ code: FRONT_MATTER_CODE, span: { start: base, end: base }, message: `cannot read front matter: ${errorMessage(error)}` }],
    };
  }
}

/** `readFrontMatter` without the safety net. */
function readChecked(yamlText: string, base: number, blockSpan: Span, origin: string): { frontMatter: FrontMatter; problems: SyntaxProblem[] } {
  const ctx = parseYaml(yamlText, base, FRONT_MATTER_CODE, origin, 'YAML');
  const root = resolve(ctx, ctx.root);
  let version: number | undefined;
  let title: string | undefined;
  let id: string | undefined;
  let parties: Party[] = [];
  let sources: SourceEntry[] = [];
  let bibliography: PathRef[] = [];
  let imports: PathRef[] = [];
  if (!isEmpty(root) && !isMap(root)) {
    addProblem(ctx.problems, ctx.code, nodeSpan(ctx, root),
      `front matter must be a map of keys (clausemark, title, parties, sources, …), found ${describe(root)}`);
  }
  for (const pair of root === undefined ? [] : mapPairs(ctx, root)) {
    switch (pair.key) {
      case 'clausemark':
        version = readVersion(ctx, pair);
        break;
      case 'title':
        title = readText(ctx, pair.value, '"title"')?.text;
        break;
      case 'id':
        id = readText(ctx, pair.value, '"id"')?.text;
        break;
      case 'parties':
        parties = readParties(ctx, pair);
        break;
      case 'sources':
        sources = readSources(ctx, pair.value, '"sources"', valueOrKeySpan(ctx, pair));
        break;
      case 'bibliography':
        bibliography = readPaths(ctx, pair);
        break;
      case 'imports':
        imports = readPaths(ctx, pair);
        break;
      default:
        break;
    }
  }
  const frontMatter: FrontMatter = {
    span: blockSpan,
    ...(version !== undefined && { version }),
    ...(title !== undefined && { title }),
    ...(id !== undefined && { id }),
    parties,
    sources,
    bibliography,
    imports,
  };
  return { frontMatter, problems: byPosition(ctx.problems) };
}

/** `clausemark: 1`: any number is kept as the version (a problem unless it is 1); anything else is a problem. */
function readVersion(ctx: YamlContext, pair: KeyedPair): number | undefined {
  const node = resolve(ctx, pair.value);
  if (isEmpty(node)) return undefined;
  if (isScalar(node) && typeof node.value === 'number') {
    if (node.value !== FORMAT_VERSION) {
      addProblem(ctx.problems, ctx.code, nodeSpan(ctx, node),
        `"clausemark" must be ${FORMAT_VERSION} (the format version this reader knows), found ${describe(node)}`);
    }
    return node.value;
  }
  addProblem(ctx.problems, ctx.code, valueOrKeySpan(ctx, pair), `"clausemark" must be the number ${FORMAT_VERSION}, found ${describe(node)}`);
  return undefined;
}

/** `parties`: a list whose items are `{ name, aliases? }` or a bare name. */
function readParties(ctx: YamlContext, pair: KeyedPair): Party[] {
  const list = resolve(ctx, pair.value);
  if (isEmpty(list)) return [];
  if (!isSeq(list)) {
    addProblem(ctx.problems, ctx.code, valueOrKeySpan(ctx, pair), `"parties" must be a list of { name, aliases }, found ${describe(list)}`);
    return [];
  }
  const parties: Party[] = [];
  for (const raw of list.items) {
    const party = readParty(ctx, raw);
    if (party !== undefined) parties.push(party);
  }
  return parties;
}

/** One party item: a bare name or `{ name, aliases? }`. */
function readParty(ctx: YamlContext, raw: unknown): Party | undefined {
  const item = resolve(ctx, raw);
  if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') {
    return { name: item.value, span: nodeSpan(ctx, item), aliases: [] };
  }
  if (!isMap(item)) {
    addProblem(ctx.problems, ctx.code, nodeSpan(ctx, raw), `each party must be a name or { name, aliases }, found ${describe(item)}`);
    return undefined;
  }
  const pairs = mapPairs(ctx, item);
  const namePair = pairs.find((p) => p.key === 'name');
  if (namePair === undefined || isEmpty(resolve(ctx, namePair.value))) {
    addProblem(ctx.problems, ctx.code, namePair === undefined ? nodeSpan(ctx, item) : namePair.keySpan,
      'each party needs a "name": { name, aliases }');
    return undefined;
  }
  const name = readName(ctx, namePair.value, '"name" of a party');
  if (name === undefined) return undefined;
  const aliasPair = pairs.find((p) => p.key === 'aliases');
  return { name: name.name, span: name.span, aliases: aliasPair === undefined ? [] : readAliases(ctx, aliasPair, name.name) };
}

/** `aliases`: a list of names (a single name is accepted too). */
function readAliases(ctx: YamlContext, pair: KeyedPair, party: string): { name: string; span: Span }[] {
  const node = resolve(ctx, pair.value);
  if (isEmpty(node)) return [];
  if (!isSeq(node) && !isScalar(node)) {
    addProblem(ctx.problems, ctx.code, valueOrKeySpan(ctx, pair),
      `"aliases" of party ${quote(party)} must be a list of names, found ${describe(node)}`);
    return [];
  }
  const items: unknown[] = isSeq(node) ? node.items : [pair.value];
  const aliases: { name: string; span: Span }[] = [];
  for (const item of items) {
    const alias = readName(ctx, item, `each alias of party ${quote(party)}`);
    if (alias !== undefined) aliases.push(alias);
  }
  return aliases;
}

/** A party name or alias: non-empty text (numbers are taken as written). */
function readName(ctx: YamlContext, raw: unknown, what: string): { name: string; span: Span } | undefined {
  const node = resolve(ctx, raw);
  const text = scalarText(node);
  if (text === undefined || text.trim() === '' || (isScalar(node) && typeof node.value === 'boolean')) {
    addProblem(ctx.problems, ctx.code, nodeSpan(ctx, raw), `${what} must be a name, found ${describe(node)}`);
    return undefined;
  }
  return { name: text, span: nodeSpan(ctx, node) };
}
