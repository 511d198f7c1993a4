// The entry point of the syntax layer: text in, document model out. Splits the text into top-level blocks,
// reads each with remark, then links what needs the whole document (clause tree, scopes, callout targets).
// Given the model of the text before an edit, it reads again only the blocks the edit touched and moves the
// others. Never throws: any text gives a model and a list of problems.

import { readBlocksText, referencesOf, shiftBlock, type BlockRead } from './blockRead.js';
import { splitBlocks, splitBlocksAfter, unclosedFrontMatter, type Block, type TextChange } from './blockSplit.js';
import { buildClauseTree, SCOPE_PHRASE } from './extract/clauses.js';
import { definitionSpans } from './extract/definitions.js';
import { FRONT_MATTER_CODE, readFrontMatter } from './frontMatter.js';
import { linkDefinitionLines, type ItemFacts } from './blockRead.js';
import type {
  Callout,
  Citation,
  Clause,
  ClauseReference,
  Definition,
  DefinitionScope,
  DocumentModel,
  FrontMatter,
  Span,
  Suppression,
  SyntaxProblem,
  TermLink,
  TextRun,
} from './model.js';
import { ownCopy, type BlockItem } from './parseBlock.js';
import { plainText } from './plainText.js';
import { partitionPoint } from './search.js';
import type { TextSource } from './textSource.js';

/** What a model keeps of its reading, for the next edit: the text and its blocks as read. */
export interface Reading {
  readonly text: string;
  readonly origin: string;
  readonly bom: number;
  readonly blocks: readonly BlockRead[];
  /** The text has no `]:` (no link definitions): blocks are fine (see `blockSplit.ts`). */
  readonly fine: boolean;
}

const readings = new WeakMap<DocumentModel, Reading>();

/**
 * A reading planned but not done: the blocks of a text, the link definitions they are read with, and for each
 * block the reading an earlier model already had (moved where the edit moved it), or undefined: to be read.
 * Hosts read the missing blocks elsewhere (worker threads, a persistent cache) and call `finishReading`.
 */
export interface ReadingPlan {
  readonly text: string;
  readonly origin: string;
  readonly bom: number;
  readonly blocks: readonly Block[];
  readonly linkDefinitions: string;
  readonly reads: readonly (BlockRead | undefined)[];
  /** The blocks are fine (no `]:` in the text). */
  readonly fine: boolean;
  /** The earlier model itself, when it read this very text (nothing to do). */
  readonly same?: DocumentModel;
}

/**
 * Reads a Clausemark document. `origin` names the file in source entries it declares (front matter `sources`).
 * `previous`, the model of an earlier text of the same document, lets the reading reuse every block the edit
 * left as it was; the model is the same as without it.
 */
export function parseDocument(text: string, origin = '', previous?: DocumentModel): DocumentModel {
  try {
    const plan = planReading(text, origin, previous);
    return plan.same ?? finishReading(plan, plan.reads);
  } catch (error) {
    return failed(text, error);
  }
}

/** Plans the reading of `text` (see `ReadingPlan`); `previous` as in `parseDocument`. */
export function planReading(text: string, origin = '', previous?: DocumentModel): ReadingPlan {
  const prior = previous ? readings.get(previous) : undefined;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (prior && previous && prior.text === text && prior.origin === origin) {
    return { text, origin, bom, blocks: prior.blocks, linkDefinitions: prior.blocks[0]?.linkDefinitions ?? '', reads: prior.blocks, fine: prior.fine, same: previous };
  }
  return { text, origin, bom, ...planBlocks(text, bom, prior?.bom === bom ? prior : undefined) };
}

/** The model from a plan and the blocks' readings, in order; a block without one (undefined) is read here. */
export function finishReading(plan: ReadingPlan, found: readonly (BlockRead | undefined)[]): DocumentModel {
  try {
    const reads = readMissing(plan, found);
    const model = assemble(plan.text, plan.origin, reads);
    readings.set(model, { text: plan.text, origin: plan.origin, bom: plan.bom, blocks: reads, fine: plan.fine });
    return model;
  } catch (error) {
    return failed(plan.text, error);
  }
}

/**
 * A run of consecutive blocks read with one parse holds at most this many characters (or one block): enough that
 * remark's set-up per parse (about 65 µs) is lost in the parse, little enough that the run's syntax tree, alive
 * until its blocks are read, stays a few megabytes.
 */
export const MAX_RUN_CHARS = 32 * 1024;

/**
 * `found` with each missing reading read here: consecutive missing blocks in runs of up to MAX_RUN_CHARS, one
 * parse each (`readBlocksText`; a run of one block reads as `readBlock` reads it).
 */
function readMissing(plan: ReadingPlan, found: readonly (BlockRead | undefined)[]): BlockRead[] {
  const reads: BlockRead[] = new Array(plan.blocks.length);
  for (const run of missingRuns(plan.blocks, found, MAX_RUN_CHARS)) {
    const blocks = plan.blocks.slice(run.from, run.to);
    const local = ownCopy(plan.text.slice(blocks[0]!.start, blocks.at(-1)!.end));
    readBlocksText(local, blocks, plan.linkDefinitions).forEach((read, k) => (reads[run.from + k] = read));
  }
  found.forEach((read, i) => {
    if (read) reads[i] = read;
  });
  return reads;
}

/**
 * The runs `[from, to)` of consecutive blocks without a reading in `found`, each of at most `maxChars` (or one block).
 * The first block is a run of its own: a parse that starts with `---` tries front matter up to the end of its text,
 * and an unclosed one that fails there leaves micromark reading the lines after it differently (a block quote as a
 * paragraph), so the first block must end where its own parse ends.
 */
export function missingRuns(blocks: readonly Block[], found: readonly (unknown | undefined)[], maxChars: number): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (let i = 0; i < blocks.length; ) {
    if (found[i]) {
      i++;
      continue;
    }
    const from = i;
    const start = blocks[i]!.start;
    i++;
    if (blocks[from]!.first) {
      runs.push({ from, to: i });
      continue;
    }
    while (i < blocks.length && !found[i] && blocks[i]!.end - start <= maxChars) i++;
    runs.push({ from, to: i });
  }
  return runs;
}

/** The blocks a model was read from (for a persistent cache of block readings), when it was read here. */
export function readingOf(model: DocumentModel): Reading | undefined {
  return readings.get(model);
}

/** A bug in an extractor must not take the editor down: the document then has no model, and says why. */
function failed(text: string, error: unknown): DocumentModel {
  return emptyModel(text, [{ code: 'syntax.internal', message: `Clausemark could not read this document: ${String(error)}`, span: { start: 0, end: 0 } }]);
}

/** A model with nothing in it but `problems`. */
export function emptyModel(text: string, problems: SyntaxProblem[] = []): DocumentModel {
  return { text, clauses: [], sections: [], definitions: [], citations: [], termLinks: [], references: [], callouts: [], suppressions: [], runs: [], problems };
}

/**
 * The first and last offsets where two texts differ: the smallest change that turns `before` into `after`. `after`
 * may be pieces (`TextSource`): the stretches compared are sliced from them, and it is never made one string.
 */
export function changeBetween(before: string, after: TextSource): TextChange {
  const min = Math.min(before.length, after.length);
  // Compared in halving chunks, so that the engine compares memory, not one character per loop turn.
  let from = 0;
  for (let step = 1 << 20; step > 0; step >>= 1) {
    while (from + step <= min && before.slice(from, from + step) === after.slice(from, from + step)) from += step;
  }
  let tail = 0;
  const maxTail = min - from;
  for (let step = 1 << 20; step > 0; step >>= 1) {
    while (tail + step <= maxTail && before.slice(before.length - tail - step, before.length - tail) === after.slice(after.length - tail - step, after.length - tail)) tail += step;
  }
  return { from, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/** The blocks of `text`, and the readings of those `prior` read on the same text, moved where the edit moved them. */
function planBlocks(text: string, bom: number, prior: Reading | undefined): Pick<ReadingPlan, 'blocks' | 'linkDefinitions' | 'reads' | 'fine'> {
  if (prior && prior.text === text) return { blocks: prior.blocks, linkDefinitions: prior.blocks[0]?.linkDefinitions ?? '', reads: prior.blocks, fine: prior.fine };
  // Fine blocks unless the text has link definitions (see blockSplit.ts); a change of mode splits afresh.
  const fine = !text.includes(']:');
  const change = prior ? changeBetween(prior.text, text) : undefined;
  const sameMode = prior !== undefined && prior.fine === fine;
  const blocks: readonly Block[] = prior && change && sameMode ? splitBlocksAfter(text, bom, prior.blocks, change, fine) : splitBlocks(text, bom, fine);
  // The previous blocks inside the change by their text: the change is one span, and two edits far apart (the
  // editor's changes since the index last took the text) leave megabytes between them as they were.
  let inside: Map<string, BlockRead> | undefined;
  const sameText = (block: Block): BlockRead | undefined => {
    if (!prior || !change) return undefined;
    if (!inside) {
      inside = new Map();
      const olds = prior.blocks;
      for (let k = partitionPoint(olds.length, (i) => olds[i]!.end <= change.from); k < olds.length && olds[k]!.start < change.oldEnd; k++) {
        inside.set(prior.text.slice(olds[k]!.start, olds[k]!.end), olds[k]!);
      }
    }
    const old = inside.get(text.slice(block.start, block.end));
    return old && old.first === block.first ? old : undefined;
  };
  const reuse = (block: Block): BlockRead | undefined => {
    if (!prior || !change) return undefined;
    const d = change.newEnd - change.oldEnd;
    const at = block.end <= change.from ? block.start : block.start >= change.newEnd ? block.start - d : -1;
    if (at < 0) return sameText(block);
    const old = blockAt(prior.blocks, at);
    return old && old.first === block.first && old.end - old.start === block.end - block.start ? old : undefined;
  };
  const reused = blocks.map(reuse);
  // Link definitions anywhere resolve references in every block: when they change, every block is read again.
  const lines: string[] = [];
  if (blocks.length > 1) {
    blocks.forEach((block, i) => {
      const own = reused[i]?.ownLinkDefinitions ?? linkDefinitionLines(text.slice(block.start, block.end));
      for (const line of own) lines.push(line);
    });
  }
  const linkDefinitions = lines.join('\n');
  const reads = blocks.map((block, i) => {
    const old = reused[i];
    return old && old.linkDefinitions === linkDefinitions ? shiftBlock(old, block.start) : undefined;
  });
  return { blocks, linkDefinitions, reads, fine };
}

/**
 * The front matter of a YAML item, read once per item: an edit outside the first block keeps that block's items
 * (same objects, not moved), so the YAML is not parsed again.
 */
const frontMatters = new WeakMap<BlockItem, { origin: string; read: ReturnType<typeof readFrontMatter> }>();
/**
 * The problem of a front matter fence that opens the text and that no later line closes, or undefined. remark reads
 * such a text without front matter (the fence is a thematic break and the YAML body text, see `unclosedFrontMatter`),
 * so its parties, sources and imports would be dropped without a word. Pandoc also closes front matter with `...`,
 * which remark-frontmatter does not: the message says so where such a line stands.
 */
function unclosedFrontMatterProblem(text: string): SyntaxProblem | undefined {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!unclosedFrontMatter(text, bom)) return undefined;
  const pandoc = /(?:\r\n|\r|\n)\.\.\.[ \t]*(?:\r\n|\r|\n|$)/.test(text) ? ' (a line of `...` does not close it here)' : '';
  return {
    code: FRONT_MATTER_CODE,
    span: { start: bom, end: bom + 3 },
    message: `front matter is never closed: end it with a line of \`---\`${pandoc}; until then it is read as body text, without its parties, sources and imports`,
  };
}

function frontMatterOf(yaml: Extract<BlockItem, { kind: 'yaml' }>, origin: string): ReturnType<typeof readFrontMatter> {
  const hit = frontMatters.get(yaml);
  if (hit && hit.origin === origin) return hit.read;
  const read = readFrontMatter(yaml.value, yaml.valueStart, yaml.span, origin);
  frontMatters.set(yaml, { origin, read });
  return read;
}

/** The read block that starts at `start`, by binary search. */
function blockAt(blocks: readonly BlockRead[], start: number): BlockRead | undefined {
  const block = blocks[partitionPoint(blocks.length, (i) => blocks[i]!.start < start)];
  return block?.start === start ? block : undefined;
}

/** The document model from its blocks, read: what needs the whole document. */
function assemble(text: string, origin: string, blocks: readonly BlockRead[]): DocumentModel {
  const items: BlockItem[] = [];
  const facts: ItemFacts[] = [];
  const citations: Citation[] = [];
  const termLinks: TermLink[] = [];
  for (const block of blocks) {
    append(items, block.items);
    append(facts, block.facts);
    append(citations, block.citations);
    append(termLinks, block.termLinks);
  }

  const problems: SyntaxProblem[] = [];
  let frontMatter: FrontMatter | undefined;
  const yaml = items.find((item) => item.kind === 'yaml');
  if (yaml && yaml.kind === 'yaml') {
    const read = frontMatterOf(yaml, origin);
    frontMatter = read.frontMatter;
    append(problems, read.problems);
  } else {
    const unclosed = unclosedFrontMatterProblem(text);
    if (unclosed) problems.push(unclosed);
  }

  const tree = buildClauseTree(items, text, (i) => facts[i]!.memo);
  append(problems, tree.problems);
  const clauses = tree.clauses;

  const definitions: Definition[] = [];
  const callouts: Callout[] = [];
  const references: ClauseReference[] = [];
  const suppressions: Suppression[] = [];
  const runs: TextRun[] = [];
  let anchor: Callout['target'];

  items.forEach((item, i) => {
    const clause = tree.clauseOfItem[i]!;
    const fact = facts[i]!;
    switch (item.kind) {
      case 'heading':
        anchor = tree.numberLength.has(i) ? { kind: 'clause', index: clause } : undefined;
        runs.push(item.run);
        append(references, referencesOf(fact, item.run, tree.numberLength.get(i) ?? 0));
        append(problems, fact.unclosed ?? []);
        break;
      case 'paragraph': {
        runs.push(item.run);
        append(references, referencesOf(fact, item.run, tree.numberLength.get(i) ?? 0));
        append(problems, fact.unclosed ?? []);
        if (item.place === 'callout') break;
        if (tree.numberLength.has(i)) anchor = { kind: 'clause', index: clause };
        const found = fact.definitions ?? [];
        const firstIndex = definitions.length;
        for (const def of found) {
          const { names, span, pointer } = definitionSpans(item.run, def);
          const scope = def.scopedToDefinition && definitions[firstIndex]
            ? { span: definitions[firstIndex]!.span, clause: -1, phrase: 'For the purposes of this definition' }
            : clauseScope(clauses, clause, item.run, def.names[0]!.span.start);
          const index = definitions.length;
          definitions.push({
            names,
            form: def.form,
            span,
            text: plainText(text.slice(span.start, span.end)),
            blockSpan: item.span,
            ...(pointer ? { pointer } : {}),
            ...(scope ? { scope } : {}),
            clause,
          });
          if (def.form !== 'parenthetical' || clause < 0) anchor = { kind: 'definition', index };
        }
        break;
      }
      case 'cell':
        runs.push(item.run);
        append(references, referencesOf(fact, item.run, 0));
        append(problems, fact.unclosed ?? []);
        break;
      case 'callout':
        callouts.push({
          type: item.type,
          ...(item.party !== undefined ? { party: item.party } : {}),
          ...(item.partySpan ? { partySpan: item.partySpan } : {}),
          markerSpan: item.markerSpan,
          span: item.span,
          text: item.text,
          ...(anchor ? { target: anchor } : {}),
        });
        break;
      case 'html':
        append(suppressions, fact.suppressions ?? []);
        break;
      case 'link':
        if (fact.linkReference) references.push(fact.linkReference);
        break;
      case 'yaml':
        break;
    }
  });

  // The text of a link says where the link points: `[§4](aws.clause.md#4)` is one reference, and
  // `[Section 7](https://example.com/statute)` names a section of another text, not of this document.
  const linkSpans = items.filter((item) => item.kind === 'link').map((item) => item.span);
  const allReferences = withoutLinkText(references, linkSpans).sort((a, b) => a.span.start - b.span.start);
  return { text, ...(frontMatter ? { frontMatter } : {}), clauses, sections: tree.sections, definitions, citations, termLinks, references: allReferences, callouts, suppressions, runs, problems };
}

/**
 * The scope of a definition written inside `clause`: the clause that opens with (or whose paragraph says before
 * the definition) "For purposes of this Section N", "In this Section N" or "As used in this Section N".
 */
function clauseScope(clauses: readonly Clause[], clause: number, run: TextRun, nameAt: number): DefinitionScope | undefined {
  if (clause < 0) return undefined;
  const phraseMatch = ownScopePhrase(run, nameAt) ?? openingScope(clauses, clause);
  if (!phraseMatch) return undefined;
  const named = phraseMatch[1]?.replace(/[.,]$/, '');
  let target = clause;
  if (named) {
    for (let c = clause; c >= 0; c = clauses[c]!.parent) {
      if (clauses[c]!.number === named || clauses[c]!.id === named) {
        target = c;
        break;
      }
    }
  }
  return { span: clauses[target]!.span, clause: target, phrase: phraseMatch[0].trim() };
}

/** The scope phrase that opens the paragraph a definition stands in, before the defined name (at run index `nameAt`). */
export function ownScopePhrase(run: TextRun, nameAt: number): RegExpExecArray | null {
  return SCOPE_PHRASE.exec(run.text.slice(0, nameAt).replace(/^\s*(?:\d+(?:\.\d+)+\.?|\([a-zA-Z0-9]{1,5}\))\s*/, ''));
}

function openingScope(clauses: readonly Clause[], clause: number): RegExpExecArray | null {
  for (let c = clause; c >= 0; c = clauses[c]!.parent) {
    const m = SCOPE_PHRASE.exec(clauses[c]!.summary);
    if (m) return m;
  }
  return null;
}

/** The references, less keyword references written inside a link's text (the link is the reference). */
export function withoutLinkText(references: readonly ClauseReference[], linkSpans: readonly Span[]): ClauseReference[] {
  if (linkSpans.length === 0) return [...references];
  const spans = [...linkSpans].sort((x, y) => x.start - y.start);
  // The latest end among spans starting at or before each index, so that one binary search answers "inside any".
  const reach: number[] = [];
  let most = -1;
  for (const s of spans) reach.push((most = Math.max(most, s.end)));
  return references.filter((r) => {
    if (r.kind === 'link') return true;
    const last = partitionPoint(spans.length, (i) => spans[i]!.start <= r.span.start) - 1;
    return last < 0 || reach[last]! < r.span.end;
  });
}

/**
 * Appends `more` to `list`. Not `list.push(...more)`: a spread passes every element as an argument, and a block with
 * some 120,000 findings (`[[` repeated) overflows the call stack that way.
 */
function append<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}
