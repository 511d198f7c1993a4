// Feature: code actions. Quick fixes for the findings in a range, built from the data each rule attaches:
// define an undefined term in the Definitions section, add a source entry for an unknown citation key, correct
// the case of a term, remove or suppress an unused definition, mark a use "(defined below)", and, for any rule,
// add a suppression comment that silences that one finding without changing how the document parses.

import type { DocumentModel, Span, TextRun } from '../../syntax/model.js';
import { lineEnd, lineStart as startOfLine, nextLine } from '../../syntax/blockSplit.js';
import { isBlankLine } from '../../syntax/fenceLines.js';
import { partitionPoint } from '../../syntax/search.js';
import { textOf, type TextSource } from '../../syntax/textSource.js';
import { resolvePath } from '../uri.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { editProblem, groupByUri, type FileEdit } from './edits.js';

/** A finding as the editor hands it back: its rule id, where it stands and the data its rule attached. */
export interface FindingRef {
  readonly code: string;
  readonly span: Span;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A quick fix: a title, the finding it fixes and the edits, possibly in several files. */
export interface CodeActionEntry {
  readonly title: string;
  readonly kind: 'quickfix';
  readonly finding: FindingRef;
  readonly edits: readonly FileEdit[];
  readonly preferred: boolean;
}

const PLACEHOLDER_DEFINITION = '(definition to be written)';
const PLACEHOLDER_TITLE = '(title to be added)';

/**
 * The quick fixes for `findings` (those the editor reports in the selected range) of document `uri`, whose model is
 * `model` (the indexed one, or an edited text's from its keystroke's window: `codeActionsAfterEdit`).
 */
export function getCodeActions(index: WorkspaceIndex, uri: string, findings: readonly FindingRef[], model: DocumentModel | undefined = index.document(uri)?.model): CodeActionEntry[] {
  if (!model) return [];
  const actions: CodeActionEntry[] = [];
  for (const finding of findings) {
    const add = (title: string, edits: FileEdit[] | undefined, preferred = false) => {
      if (edits && edits.length > 0 && applicable(index, edits, uri, model)) actions.push({ title, kind: 'quickfix', finding, edits, preferred });
    };
    const data = finding.data ?? {};
    switch (finding.code) {
      case 'term.undefined':
        if (typeof data.name === 'string' && !data.target) add(`Define "${data.name}" in the Definitions section`, defineTerm(model, uri, data.name), true);
        break;
      case 'cite.unknown':
        if (typeof data.key === 'string') add(`Add a source entry for "${data.key}"`, addSource(index, model, uri, data.key), true);
        break;
      case 'term.case-mismatch':
        // A finding of an older version of the text (the editor hands back what it was shown) fixes nothing now.
        if (typeof data.expected === 'string' && textOf(model).slice(finding.span.start, finding.span.end).toLowerCase() === data.expected.toLowerCase()) add(`Write "${data.expected}"`, [{ uri, span: finding.span, newText: data.expected }], true);
        break;
      case 'term.unused':
        if (data.wholeBlock === true && isSpan(data.blockSpan) && isDefinitionBlock(model, data.blockSpan)) {
          add(`Remove the unused definition of "${String(data.name)}"`, [{ uri, span: blockWithBlankLine(textOf(model), data.blockSpan), newText: '' }]);
        }
        break;
      case 'term.used-before-definition': {
        const insert = data.insert as { offset?: unknown; text?: unknown } | undefined;
        if (insert && typeof insert.offset === 'number' && typeof insert.text === 'string') {
          add('Mark this use "(defined below)"', [{ uri, span: { start: insert.offset, end: insert.offset }, newText: insert.text }]);
        }
        break;
      }
      case 'term.pointer-mismatch':
        if (typeof data.replacement === 'string') add(`Point to Section ${data.replacement}`, pointerFix(model, uri, finding, data.replacement), true);
        break;
      case 'party.unknown':
        if (typeof data.suggestion === 'string') add(`Write "${data.suggestion}"`, [{ uri, span: finding.span, newText: data.suggestion }], true);
        break;
      default:
        break;
    }
    if (/^[\w.-]+$/.test(finding.code) && finding.code !== 'syntax.internal') {
      add(`Suppress ${finding.code} here`, suppressHere(model, uri, finding.code, finding.span));
    }
  }
  return actions;
}

/**
 * Whether `edits` apply to the files as they are now: every span inside its file, none overlapping. A finding the
 * editor hands back may come from an older version of the text, and its spans and data with it.
 */
function applicable(index: WorkspaceIndex, edits: readonly FileEdit[], here: string, model: DocumentModel): boolean {
  for (const [uri, list] of groupByUri(edits)) {
    const text = uri === here ? textOf(model) : (index.document(uri)?.model.text ?? index.sourceFile(uri)?.text);
    if (text === undefined || editProblem(text.length, list) !== undefined) return false;
  }
  return true;
}

/** Whether `span` is the block of one of the document's definitions now. */
function isDefinitionBlock(model: DocumentModel, span: Span): boolean {
  return model.definitions.some((d) => d.blockSpan.start === span.start && d.blockSpan.end === span.end);
}

function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number';
}

/** `"Name" means (definition to be written).` at the end of the Definitions section, or after the front matter. */
function defineTerm(model: DocumentModel, uri: string, name: string): FileEdit[] {
  const text = textOf(model);
  const paragraph = `"${name.replace(/"/g, '')}" means ${PLACEHOLDER_DEFINITION}.`;
  const section = model.sections.find((s) => /definition|interpretation/i.test(s.title));
  if (section) {
    const end = sectionEnd(model, section.headSpan.start, section.depth);
    const at = trimBack(text, end);
    return [{ uri, span: { start: at, end: at }, newText: `\n\n${paragraph}` }];
  }
  const at = model.frontMatter ? afterLine(text, model.frontMatter.span.end) : contentStart(text);
  return [{ uri, span: { start: at, end: at }, newText: `${paragraph}\n\n` }];
}

/** Where a section of heading depth `depth` ends: the next heading of the same or a higher level. */
function sectionEnd(model: DocumentModel, start: number, depth: number): number {
  const text = textOf(model);
  let end = text.length;
  for (const other of model.sections) if (other.headSpan.start > start && other.depth <= depth) end = Math.min(end, other.headSpan.start);
  for (const clause of model.clauses) {
    if (clause.kind !== 'heading' || clause.headSpan.start <= start) continue;
    const level = /^#+/.exec(text.slice(clause.headSpan.start, clause.headSpan.start + 7))?.[0].length ?? 7;
    if (level <= depth) end = Math.min(end, clause.headSpan.start);
  }
  return end;
}

/**
 * Where the document's first line starts for an edit: after a leading byte-order mark, which must stay the text's
 * first character (the reader skips it only there; anywhere else it is a character of the line, and a heading or
 * a front matter fence behind it is no longer one).
 */
function contentStart(text: TextSource): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** The offset just past the line ending of the line that holds `at` (or the text's end). */
function afterLine(text: TextSource, at: number): number {
  const eol = text.indexOf('\n', at);
  return eol < 0 ? text.length : eol + 1;
}

function trimBack(text: TextSource, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(String.fromCharCode(text.charCodeAt(i - 1)))) i--;
  return i;
}

/** The start of the line that holds `at`, as the line index reads lines: a place inside a CRLF is on the line it ends. */
function lineHolding(text: TextSource, at: number): number {
  return startOfLine(text, text.charCodeAt(at) === 10 && text.charCodeAt(at - 1) === 13 ? at - 1 : at);
}

/** A new source entry: in the document's CSL-YAML or BibTeX bibliography when it has one, else in its front matter. */
function addSource(index: WorkspaceIndex, model: DocumentModel, uri: string, key: string): FileEdit[] {
  for (const path of model.frontMatter?.bibliography ?? []) {
    const fileUri = resolvePath(uri, path.path);
    const file = fileUri ? index.sourceFile(fileUri) : undefined;
    if (!file || !fileUri) continue;
    const sep = file.text === '' || file.text.endsWith('\n') ? '' : '\n';
    const at = { start: file.text.length, end: file.text.length };
    if (/\.ya?ml$/i.test(fileUri) && (file.text.trim() === '' || /^\s*-/m.test(file.text))) {
      return [{ uri: fileUri, span: at, newText: `${sep}- id: ${key}\n  title: "${PLACEHOLDER_TITLE}"\n` }];
    }
    if (/\.bib$/i.test(fileUri)) return [{ uri: fileUri, span: at, newText: `${sep}\n@misc{${key},\n  title = {${PLACEHOLDER_TITLE}}\n}\n` }];
  }
  const text = textOf(model);
  const entry = (indent: string) => `${indent}${key}:\n${indent}  title: "${PLACEHOLDER_TITLE}"\n`;
  const fm = model.frontMatter;
  if (!fm) {
    const at = contentStart(text);
    return [{ uri, span: { start: at, end: at }, newText: `---\nsources:\n${entry('  ')}---\n\n` }];
  }
  const block = text.slice(fm.span.start, fm.span.end);
  const sources = /^sources:[ \t]*\r?\n/m.exec(block);
  if (sources) {
    const after = fm.span.start + sources.index + sources[0].length;
    const indent = /^([ \t]+)\S/.exec(text.slice(after, lineEnd(text, after)))?.[1] ?? '  ';
    return [{ uri, span: { start: after, end: after }, newText: entry(indent) }];
  }
  const closing = block.search(/\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/);
  const at = closing >= 0 ? fm.span.start + closing + (block[closing] === '\r' ? 2 : 1) : fm.span.end;
  return [{ uri, span: { start: at, end: at }, newText: `sources:\n${entry('  ')}` }];
}

/** Removes a block and the blank line after it, so that no double blank line is left. */
function blockWithBlankLine(text: TextSource, block: Span): Span {
  let end = block.end;
  // The pattern reads at most two lines.
  const rest = /^[ \t]*\r?\n(?:[ \t]*\r?\n)?/.exec(text.slice(end, afterLine(text, afterLine(text, end))));
  if (rest) end += rest[0].length;
  return { start: block.start, end };
}

function pointerFix(model: DocumentModel, uri: string, finding: FindingRef, replacement: string): FileEdit[] {
  const def = model.definitions.find((d) => d.pointer && finding.span.start >= d.pointer.span.start && finding.span.start <= d.pointer.span.end);
  const span = def?.pointer?.span ?? finding.span;
  return [{ uri, span, newText: replacement }];
}

/**
 * A `disable-next-line` comment for one finding that leaves the document's structure as it is: on its own line
 * above a block's first line (or a heading), at the end of the previous line inside a paragraph (an HTML comment
 * on its own line would split the paragraph), and as a `disable-file` comment after the front matter for a
 * finding inside the front matter. In a table cell, where a line of its own would end the table, a `disable` and
 * an `enable` comment inside the cell around the finding.
 */
export function suppressHere(model: DocumentModel, uri: string, rule: string, finding: Span): FileEdit[] {
  // The text as the model holds it (an edited text's pieces after a keystroke): only the finding's lines are read.
  const text = textOf(model);
  const offset = finding.start;
  const fm = model.frontMatter;
  if (fm && offset >= fm.span.start && offset < fm.span.end) {
    const at = afterLine(text, fm.span.end);
    return [{ uri, span: { start: at, end: at }, newText: `<!-- clausemark-disable-file ${rule} -->\n` }];
  }
  const held = lineHolding(text, offset);
  const cell = cellAround(model, finding, held);
  if (cell) {
    if (opensComment(text.slice(cell.runStart, cell.start))) return [];
    // A row without a leading pipe: `<!--` first on its line would start an HTML block and end the table.
    const rowStart = Math.max(startOfLine(text, cell.start), contentStart(text));
    const pipe = /^[ \t]*$/.test(text.slice(rowStart, cell.start)) ? '| ' : '';
    return [
      { uri, span: { start: cell.start, end: cell.start }, newText: `${pipe}<!-- clausemark-disable ${rule} -->` },
      { uri, span: { start: cell.end, end: cell.end }, newText: `<!-- clausemark-enable ${rule} -->` },
    ];
  }
  const eol = lineEnd(text, offset);
  // A finding in a table row but outside its cells' text (a link's destination): a comment line above a row would
  // end the table, and no comment can be written inside the destination. Found by the long fuzz run.
  if (inTableRow(model, held, eol)) return [];
  const first = held === 0;
  const lineStart = first ? contentStart(text) : held;
  const previousStart = first ? 0 : lineHolding(text, held - 1);
  const lineText = text.slice(lineStart, nextLine(text, eol)).replace(/\r?\n$/, '');
  const previousText = first ? '' : text.slice(previousStart, lineStart).replace(/\r?\n$/, '');
  const quote = /^[ \t]*(?:>[ \t]?)*/.exec(lineText)?.[0] ?? '';
  const previousEnd = lineStart - (text.charCodeAt(lineStart - 2) === 13 ? 2 : 1);
  const paragraph = first ? undefined : paragraphHolding(model, previousStart, previousEnd);
  // Markdown's white space is spaces and tabs: a line of no-break spaces is a paragraph's text, and `#` before one
  // is no heading.
  const startsBlock =
    first ||
    previousText.replace(/[ \t>]/g, '') === '' ||
    ATX_HEADING.test(lineText) ||
    ATX_HEADING.test(previousText) ||
    // A comment appended to a line that is no paragraph's (a closing fence, code, a thematic break, a setext
    // underline) would be read as part of that line, or change what it is.
    paragraph === undefined;
  const comment = `<!-- clausemark-disable-next-line ${rule} -->`;
  if (startsBlock && readsOtherAfterIndentedCode(previousText, lineText, quote)) return [];
  if (startsBlock) {
    const lineBreak = text.indexOf('\r\n') >= 0 ? '\r\n' : '\n';
    // Above a callout's `[!TYPE]` line the comment stands outside its block quote: as the quote's first line it
    // would push the marker down, and the callout would be read as a plain quote.
    const outer = lineText.slice(quote.length).startsWith('[!') ? quote.replace(/>[ \t]?$/, '') : quote;
    return [{ uri, span: { start: lineStart, end: lineStart }, newText: `${outer}${comment}${lineBreak}` }];
  }
  // After an unclosed `<!--` of the paragraph, the comment's `-->` would close it, and turn the text between into a
  // comment: no suppression can be written there without changing what the paragraph says.
  if (opensComment(text.slice(paragraph!, previousEnd))) return [];
  return [{ uri, span: { start: previousEnd, end: previousEnd }, newText: ` ${comment}` }];
}

/** A line that is an ATX heading (after block quote markers): one to six `#`, then a space, a tab or the line's end. */
const ATX_HEADING = /^[ \t>]*#{1,6}(?:[ \t]|$)/;

/**
 * Whether a line stands right after indented code and starts with what micromark reads differently there than after
 * a comment line: after indented code it reads the line as interrupting (as it would a paragraph), so an ordered list
 * that starts at another number than 1, an empty list item or a tag is paragraph text (` 2. Fees` then `---` is a
 * setext heading); after the comment the same line would open a list or an HTML block. Found by the long fuzz run.
 */
function readsOtherAfterIndentedCode(previousText: string, lineText: string, quote: string): boolean {
  const depth = (quote.match(/>/g) ?? []).length;
  const previous = previousText.replace(new RegExp(`^(?:[ \\t]*>[ \\t]?){${depth}}`), '');
  if (!/^(?: {4}|[ ]{0,3}\t)/.test(previous) || isBlankLine(previous)) return false;
  const inner = lineText.slice(quote.length);
  const ordered = /^(\d{1,9})[.)](?:[ \t]|$)/.exec(inner);
  return (ordered !== null && (Number(ordered[1]) !== 1 || isBlankLine(inner.slice(ordered[0].length)))) || /^[-+*][ \t]*$/.test(inner) || inner.startsWith('<');
}

/** Whether `text` holds a `<!--` that no `-->` closes. */
function opensComment(text: string): boolean {
  return text.lastIndexOf('<!--') > text.lastIndexOf('-->');
}

/**
 * When `span` starts in a table cell's text: where comments around it go, widened to whole inline constructs
 * (a comment inside `[[…]]` or a citation would break it). Undefined outside cells.
 */
function cellAround(model: DocumentModel, span: Span, lineStart: number): (Span & { readonly runStart: number }) | undefined {
  const pieceEnd = (p: TextRun['pieces'][number]) => p.sourceEnd ?? p.sourceStart + p.length;
  // A cell's pieces lie on its row: only the runs that start between the line's start and the finding are read.
  const runs = model.runs;
  for (let k = firstRunFrom(runs, lineStart); k < runs.length && runStart(runs, k) <= span.start; k++) {
    const run = runs[k]!;
    if (run.kind !== 'cell') continue;
    const first = run.pieces.find((p) => p.sourceStart <= span.start && span.start < pieceEnd(p));
    if (!first) continue;
    const last = run.pieces.find((p) => p.sourceStart < span.end && span.end <= pieceEnd(p)) ?? first;
    let start = first.sourceEnd !== undefined ? first.sourceStart : span.start;
    let end = Math.max(span.end, last.sourceEnd !== undefined ? last.sourceEnd : span.end);
    // A clause reference of a phrase (`Sections 1 through 3`) is one of several: a comment inside the phrase would
    // cut it in two, so the comments go around the whole phrase.
    const runEnd = pieceEnd(run.pieces[run.pieces.length - 1]!);
    const inRun = model.references.filter((r) => r.kind === 'keyword' && r.span.start >= run.pieces[0]!.sourceStart && r.span.end <= runEnd);
    for (const r of inRun) {
      if (r.span.start >= end || r.span.end <= start) continue;
      for (const other of inRun) {
        if (other.text !== r.text) continue;
        start = Math.min(start, other.span.start);
        end = Math.max(end, other.span.end);
      }
    }
    return { runStart: run.pieces[0]!.sourceStart, start, end };
  }
  return undefined;
}

/**
 * Where the run at `k` starts: its first piece's offset. A run without pieces (an empty cell or heading) holds no
 * text; it counts as starting where the run before it does, which keeps the runs in order for a search (read as 0,
 * an empty cell after the one sought sent the search past it).
 */
function runStart(runs: readonly TextRun[], k: number): number {
  for (let j = k; j >= 0; j--) {
    const piece = runs[j]!.pieces[0];
    if (piece) return piece.sourceStart;
  }
  return -1;
}

/** The index of the first run that starts at or after `offset` (the runs are in the order of their first pieces). */
function firstRunFrom(runs: readonly TextRun[], offset: number): number {
  return partitionPoint(runs.length, (i) => runStart(runs, i) < offset);
}

/**
 * Whether a table cell has text on the line `[start, end)`. A cell's pieces lie on its row: only the runs that start
 * on the line are read (a scan of every run took 3.5 ms on a 10 MB contract).
 */
function inTableRow(model: DocumentModel, start: number, end: number): boolean {
  const runs = model.runs;
  for (let k = firstRunFrom(runs, start); k < runs.length && runStart(runs, k) < end; k++) {
    const run = runs[k]!;
    if (run.kind === 'cell' && run.pieces.some((p) => p.sourceStart >= start && p.sourceStart < end)) return true;
  }
  return false;
}

/**
 * Where the paragraph or heading starts that has some text in `[start, end)` (a table cell's text does not count);
 * undefined when none has.
 */
function paragraphHolding(model: DocumentModel, start: number, end: number): number | undefined {
  const run = model.runs.find((r) => r.kind !== 'cell' && r.pieces.some((p) => p.sourceStart < end && (p.sourceEnd ?? p.sourceStart + p.length) > start));
  return run?.pieces[0]?.sourceStart;
}
