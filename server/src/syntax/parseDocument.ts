// The entry point of the syntax layer: text in, document model out. Splits the text into top-level blocks,
// parses each with remark, then links what needs the whole document (clause tree, scopes, callout targets).
// Never throws: any text gives a model and a list of problems.

import { splitBlocks } from './blockSplit.js';
import { buildClauseTree } from './extract/clauses.js';
import { definitionSpans, findDefinitions } from './extract/definitions.js';
import { findKeywordReferences, linkReference } from './extract/references.js';
import { findSuppressions } from './extract/suppressions.js';
import { readFrontMatter } from './frontMatter.js';
import type {
  Callout,
  Citation,
  Clause,
  ClauseReference,
  Definition,
  DefinitionScope,
  DocumentModel,
  FrontMatter,
  Suppression,
  SyntaxProblem,
  TermLink,
  TextRun,
} from './model.js';
import { parseBlock, type BlockItem } from './parseBlock.js';
import { plainText } from './plainText.js';
import { runSpan } from './runs.js';

const LINK_DEFINITION = /^ {0,3}\[(?:[^\]\n\\]|\\.)+\]:[^\n]*$/gm;
const SCOPE_PHRASE = /^\s*(?:for\s+(?:the\s+)?purposes?\s+of|in|as\s+used\s+in)\s+this\s+(?:§|section|clause|article)\s*([\w.()]*)/i;

/** Reads a Clausemark document. `origin` names the file in source entries it declares (front matter `sources`). */
export function parseDocument(text: string, origin = ''): DocumentModel {
  try {
    return parseUnsafe(text, origin);
  } catch (error) {
    // A bug in an extractor must not take the editor down: the document then has no model, and says why.
    return emptyModel(text, [{ code: 'syntax.internal', message: `Clausemark could not read this document: ${String(error)}`, span: { start: 0, end: 0 } }]);
  }
}

/** A model with nothing in it but `problems`. */
export function emptyModel(text: string, problems: SyntaxProblem[] = []): DocumentModel {
  return { text, clauses: [], sections: [], definitions: [], citations: [], termLinks: [], references: [], callouts: [], suppressions: [], runs: [], problems };
}

function parseUnsafe(text: string, origin: string): DocumentModel {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const blocks = splitBlocks(text, bom);
  const linkDefinitions = blocks.length > 1 ? (text.match(LINK_DEFINITION) ?? []).join('\n') : '';
  const items: BlockItem[] = [];
  const citations: Citation[] = [];
  const termLinks: TermLink[] = [];
  for (const block of blocks) {
    const result = parseBlock(text, block, linkDefinitions);
    append(items, result.items);
    append(citations, result.citations);
    append(termLinks, result.termLinks);
  }

  const problems: SyntaxProblem[] = [];
  let frontMatter: FrontMatter | undefined;
  const yaml = items.find((item) => item.kind === 'yaml');
  if (yaml && yaml.kind === 'yaml') {
    const read = readFrontMatter(yaml.value, yaml.valueStart, yaml.span, origin);
    frontMatter = read.frontMatter;
    append(problems, read.problems);
  }

  const tree = buildClauseTree(items, text);
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
    switch (item.kind) {
      case 'heading':
        anchor = tree.numberLength.has(i) ? { kind: 'clause', index: clause } : undefined;
        runs.push(item.run);
        append(references, findKeywordReferences(item.run, tree.numberLength.get(i) ?? 0));
        append(problems, unclosedIn(item.run, text));
        break;
      case 'paragraph': {
        runs.push(item.run);
        append(references, findKeywordReferences(item.run, tree.numberLength.get(i) ?? 0));
        append(problems, unclosedIn(item.run, text));
        if (item.place === 'callout') break;
        if (tree.numberLength.has(i)) anchor = { kind: 'clause', index: clause };
        const found = findDefinitions(item.run);
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
        append(references, findKeywordReferences(item.run));
        append(problems, unclosedIn(item.run, text));
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
        append(suppressions, findSuppressions(item));
        break;
      case 'link': {
        const ref = linkReference(item, text);
        if (ref) references.push(ref);
        break;
      }
      case 'yaml':
        break;
    }
  });

  // The text of a link says where the link points: `[§4](aws.clause.md#4)` is one reference, and
  // `[Section 7](https://example.com/statute)` names a section of another text, not of this document.
  const linkSpans = items.filter((item) => item.kind === 'link').map((item) => item.span);
  const allReferences = references
    .filter((r) => r.kind === 'link' || !linkSpans.some((s) => r.span.start >= s.start && r.span.end <= s.end))
    .sort((a, b) => a.span.start - b.span.start);
  return { text, ...(frontMatter ? { frontMatter } : {}), clauses, sections: tree.sections, definitions, citations, termLinks, references: allReferences, callouts, suppressions, runs, problems };
}

/**
 * The scope of a definition written inside `clause`: the clause that opens with (or whose paragraph says before
 * the definition) "For purposes of this Section N", "In this Section N" or "As used in this Section N".
 */
function clauseScope(clauses: readonly Clause[], clause: number, run: TextRun, nameAt: number): DefinitionScope | undefined {
  if (clause < 0) return undefined;
  // The phrase may open the paragraph the definition stands in, before the defined name.
  const own = SCOPE_PHRASE.exec(run.text.slice(0, nameAt).replace(/^\s*(?:\d+(?:\.\d+)+\.?|\([a-zA-Z0-9]{1,5}\))\s*/, ''));
  const phraseMatch = own ?? openingScope(clauses, clause);
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

function openingScope(clauses: readonly Clause[], clause: number): RegExpExecArray | null {
  for (let c = clause; c >= 0; c = clauses[c]!.parent) {
    const m = SCOPE_PHRASE.exec(clauses[c]!.summary);
    if (m) return m;
  }
  return null;
}

/** `[[` or `[@` left in a run is one our inline syntax did not close on its line (escaped ones excepted). */
function unclosedIn(run: TextRun, source: string): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const text = run.text;
  // Per line, where the last "]]" and "]" stand, so that each opener is checked in constant time.
  let lineEnd = -1;
  let lastDouble = -1;
  let lastSingle = -1;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) {
    const next = text[i + 1];
    if (next !== '[' && next !== '@') continue;
    if (i > lineEnd) {
      const eol = text.indexOf('\n', i);
      lineEnd = eol < 0 ? text.length : eol;
      // Searched in the line only: `lastIndexOf` on the whole text walks back to its start when the line has no
      // "]]", which made a paragraph of many such lines quadratic.
      const lineStart = text.lastIndexOf('\n', i) + 1;
      const line = text.slice(lineStart, lineEnd);
      const double = line.lastIndexOf(']]');
      const single = line.lastIndexOf(']');
      lastDouble = double < 0 ? -1 : lineStart + double;
      lastSingle = single < 0 ? -1 : lineStart + single;
    }
    const span = runSpan(run, i, i + 2);
    if (source[span.start - 1] === '\\' || source[span.start] !== '[') continue;
    if (next === '[' && lastDouble < i + 2) {
      problems.push({ code: 'syntax.unclosed', message: 'Term link "[[" is not closed with "]]" on its line', span });
      i++;
    } else if (next === '@' && lastSingle < i + 2) {
      problems.push({ code: 'syntax.unclosed', message: 'Citation "[@" is not closed with "]" on its line', span });
    }
  }
  return problems;
}

/**
 * Appends `more` to `list`. Not `list.push(...more)`: a spread passes every element as an argument, and a block with
 * some 120,000 findings (`[[` repeated) overflows the call stack that way.
 */
function append<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}
