// Turns the term-link and citation tokens of `inlineSyntax.ts` into `termLink` and `citation` mdast nodes with exact positions.
//
// Positions come from micromark's token points, which are exact source offsets even inside block quotes and table
// cells; strings come from `sliceSerialize`, which drops container prefixes (`> `) on wrapped lines.
import type { CompileContext, Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Point as TokenPoint, Token } from 'micromark-util-types';

/** A point in the source: 1-based line and column, 0-based UTF-16 offset. */
export interface InlinePoint {
  line: number;
  column: number;
  offset: number;
}

/** A range of the source, `end` exclusive. */
export interface InlinePosition {
  start: InlinePoint;
  end: InlinePoint;
}

/** An explicit term link `[[target]]` or `[[target|shown]]`; strings are trimmed and their positions cover the trimmed text. */
export interface TermLinkNode {
  type: 'termLink';
  target: string;
  shown?: string;
  targetPosition: InlinePosition;
  shownPosition?: InlinePosition;
  position: InlinePosition;
}

/** A pandoc citation in brackets, `[see @a, p. 3; -@b]`; `value` is its text (without `> ` prefixes of wrapped lines). */
export interface CitationNode {
  type: 'citation';
  value: string;
  items: CitationItemNode[];
  position: InlinePosition;
}

/** One item of a citation: `prefix` and `locator` trimmed (the locator's leading `,` removed), `key` as written. */
export interface CitationItemNode {
  prefix: string;
  key: string;
  keyPosition: InlinePosition;
  locator: string;
  suppressAuthor: boolean;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    termLink: TermLinkNode;
    citation: CitationNode;
  }
  interface RootContentMap {
    termLink: TermLinkNode;
    citation: CitationNode;
  }
}

declare module 'mdast-util-from-markdown' {
  interface CompileData {
    /** From the first to the last text chunk of the term-link part (target or shown text) being compiled. */
    termLinkTextRange?: { start: TokenPoint; end: TokenPoint } | undefined;
  }
}

/** The mdast-util-from-markdown extension that builds `termLink` and `citation` nodes. */
export function clauseInlineFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      termLink: enterTermLink,
      termLinkTarget: startTextRange,
      termLinkShown: startTextRange,
      citation: enterCitation,
      citationItem: enterCitationItem,
    },
    exit: {
      termLinkText: extendTextRange,
      termLinkTarget: exitTermLinkTarget,
      termLinkShown: exitTermLinkShown,
      termLink: exitNode,
      citationPrefix: exitCitationPrefix,
      citationSuppressAuthor: exitCitationSuppressAuthor,
      citationKey: exitCitationKey,
      citationLocator: exitCitationLocator,
      citation: exitCitation,
    },
  };
}

function point(p: TokenPoint): InlinePoint {
  return { line: p.line, column: p.column, offset: p.offset };
}

function position(range: { start: TokenPoint; end: TokenPoint }): InlinePosition {
  return { start: point(range.start), end: point(range.end) };
}

function currentTermLink(context: CompileContext): TermLinkNode | undefined {
  const node = context.stack[context.stack.length - 1];
  return node?.type === 'termLink' ? node : undefined;
}

function currentCitationItem(context: CompileContext): CitationItemNode | undefined {
  const node = context.stack[context.stack.length - 1];
  return node?.type === 'citation' ? node.items[node.items.length - 1] : undefined;
}

function enterTermLink(this: CompileContext, token: Token): undefined {
  const empty = position(token);
  this.enter({ type: 'termLink', target: '', targetPosition: empty, position: empty }, token);
}

function startTextRange(this: CompileContext): undefined {
  this.data.termLinkTextRange = undefined;
}

function extendTextRange(this: CompileContext, token: Token): undefined {
  const range = this.data.termLinkTextRange;
  if (range) range.end = token.end;
  else this.data.termLinkTextRange = { start: token.start, end: token.end };
}

/** The trimmed text of the term-link part just closed, or undefined when it had no text (the tokenizer forbids that). */
function takeTextRange(context: CompileContext): { text: string; position: InlinePosition } | undefined {
  const range = context.data.termLinkTextRange;
  context.data.termLinkTextRange = undefined;
  return range && { text: context.sliceSerialize(range), position: position(range) };
}

function exitTermLinkTarget(this: CompileContext): undefined {
  const node = currentTermLink(this);
  const part = takeTextRange(this);
  if (!node || !part) return;
  node.target = part.text;
  node.targetPosition = part.position;
}

function exitTermLinkShown(this: CompileContext): undefined {
  const node = currentTermLink(this);
  const part = takeTextRange(this);
  if (!node || !part) return;
  node.shown = part.text;
  node.shownPosition = part.position;
}

function exitNode(this: CompileContext, token: Token): undefined {
  this.exit(token);
}

function enterCitation(this: CompileContext, token: Token): undefined {
  this.enter({ type: 'citation', value: '', items: [], position: position(token) }, token);
}

function enterCitationItem(this: CompileContext, token: Token): undefined {
  const node = this.stack[this.stack.length - 1];
  if (node?.type !== 'citation') return;
  const empty = position({ start: token.start, end: token.start });
  node.items.push({ prefix: '', key: '', keyPosition: empty, locator: '', suppressAuthor: false });
}

function exitCitationPrefix(this: CompileContext, token: Token): undefined {
  const item = currentCitationItem(this);
  if (item) item.prefix = this.sliceSerialize(token).trim();
}

function exitCitationSuppressAuthor(this: CompileContext): undefined {
  const item = currentCitationItem(this);
  if (item) item.suppressAuthor = true;
}

function exitCitationKey(this: CompileContext, token: Token): undefined {
  const item = currentCitationItem(this);
  if (!item) return;
  item.key = this.sliceSerialize(token);
  item.keyPosition = position(token);
}

function exitCitationLocator(this: CompileContext, token: Token): undefined {
  const item = currentCitationItem(this);
  if (item) item.locator = this.sliceSerialize(token).trim().replace(/^,\s*/, '');
}

function exitCitation(this: CompileContext, token: Token): undefined {
  const node = this.stack[this.stack.length - 1];
  if (node?.type === 'citation') node.value = this.sliceSerialize(token);
  this.exit(token);
}
