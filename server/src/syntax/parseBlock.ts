// Parses one top-level block with remark (remark-parse, remark-gfm, remark-frontmatter and our inline
// extension) and walks its mdast tree into flat, document-ordered items with absolute offsets. The tree is
// dropped afterwards: only the items are kept.

import type { Blockquote, Heading, Html, Link, Nodes, Paragraph, PhrasingContent, Root, RootContent, Table, Yaml } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { unified } from 'unified';
import { unclosedFrontMatter, type Block } from './blockSplit.js';
import type { CitationNode, TermLinkNode } from './inlineFromMarkdown.js';
import type { Citation, Span, TermLink, TextRun } from './model.js';
import { remarkClauseInline } from './remarkClauseInline.js';
import { mayAutolink, plainParagraphs, standIn, type PlainParagraph, type StoodIn } from './plainParagraphs.js';
import { plainText } from './plainText.js';
import { RunBuilder } from './runs.js';

const remark = () => unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkClauseInline);
const processor = remark().freeze();

/**
 * The same processor without remark-gfm's autolink literals, for a text where they can change nothing: neither the
 * syntax nor the transform.
 * - The syntax (micromark-extension-gfm-autolink-literal) tries a construct at every letter, digit, `_`, `+`, `-`
 *   and `.` that follows no other such character: a fifth of a parse on contract prose. It can make a link only
 *   from `www.`, `http://` or `https://` (in any case), or from such a character followed by `@`, in the source
 *   (escapes and character references are not decoded for it).
 * - The transform walks every text node with four patterns (a twentieth of a parse), and each needs the same
 *   sequences in one text node's value. A value is the source's characters, except that escapes and character
 *   references decode and line prefixes go: so a source without those sequences, `\` and `&` gives the same tree
 *   with or without the transform.
 * Where the syntax makes no link, removing it leaves the events the same: the text's data, cut at every letter
 * where the constructs were tried, is joined again before the tree is built.
 */
const withoutAutolink = remark().use(function dropAutolink(this: { data(key: string): unknown }) {
  const transforms = new Set(gfmAutolinkLiteralFromMarkdown().transforms ?? []);
  const stripTransforms = (extension: unknown): unknown => {
    if (Array.isArray(extension)) return extension.map(stripTransforms);
    const e = extension as { transforms?: unknown[] };
    return e.transforms ? { ...e, transforms: e.transforms.filter((t) => !transforms.has(t as never)) } : e;
  };
  const fromMarkdown = this.data('fromMarkdownExtensions') as unknown[];
  fromMarkdown.splice(0, fromMarkdown.length, ...fromMarkdown.map(stripTransforms));
  const constructs = new Set<unknown>(Object.values(gfmAutolinkLiteral().text ?? {}).flat());
  const stripConstructs = (extension: unknown): unknown => {
    if (Array.isArray(extension)) return extension.map(stripConstructs);
    const e = extension as { text?: Record<string, unknown> };
    if (!e.text) return e;
    const text: Record<string, unknown[]> = {};
    for (const [code, listed] of Object.entries(e.text)) {
      const kept = [listed].flat().filter((construct) => !constructs.has(construct));
      if (kept.length > 0) text[code] = kept;
    }
    return { ...e, text };
  };
  const syntax = this.data('micromarkExtensions') as unknown[];
  syntax.splice(0, syntax.length, ...syntax.map(stripConstructs));
}).freeze();

/**
 * The processor without remark-frontmatter, for a source that opens a front matter fence and never closes it: there
 * micromark-extension-frontmatter leaves lists and block quotes unread for the rest of the document (they come out
 * as paragraphs of `- ` and `> ` text; micromark/micromark-extension-frontmatter#5, open), so a writer who has typed
 * the opening `---` of a front matter would see every callout go. Without it the `---` is a thematic break, as
 * CommonMark reads it, and there was no front matter to read anyway.
 */
const withoutFrontmatter = unified().use(remarkParse).use(remarkGfm).use(remarkClauseInline).freeze();
/** remark's tree of `source`, without autolink literals when they can change nothing (see above). */
export function parseMdast(source: string, transform = mayAutolink(source)): Root {
  if (unclosedFrontMatter(source, 0)) return withoutFrontmatter.parse(source);
  return (transform ? processor : withoutAutolink).parse(source);
}

/** Whether an inline HTML node is one whole comment (`<!-- … -->`). */
function isComment(value: string): boolean {
  return value.startsWith('<!--') && value.endsWith('-->');
}

/** Where a paragraph stands: in the body, in a list item, in a plain block quote or in a callout. */
export type ParagraphPlace = 'body' | 'list' | 'quote' | 'callout';

/** A heading, with its text run and its source text. */
export interface HeadingItem {
  readonly kind: 'heading';
  readonly depth: number;
  readonly span: Span;
  readonly run: TextRun;
}

/** A paragraph (or table cell), with its text run. */
export interface ParagraphItem {
  readonly kind: 'paragraph';
  readonly place: ParagraphPlace;
  readonly span: Span;
  readonly run: TextRun;
  /** True for the first paragraph of a list item. */
  readonly opensListItem: boolean;
}

/** A table cell's run (term uses and references only). */
export interface CellItem {
  readonly kind: 'cell';
  readonly span: Span;
  readonly run: TextRun;
}

/** A block quote whose first line is `[!TYPE …]`. */
export interface CalloutItem {
  readonly kind: 'callout';
  readonly span: Span;
  readonly type: string;
  readonly party?: string;
  readonly partySpan?: Span;
  readonly markerSpan: Span;
  readonly text: string;
}

/** An HTML node (flow or inline): suppression comments live here. */
export interface HtmlItem {
  readonly kind: 'html';
  readonly span: Span;
  readonly value: string;
}

/** A Markdown link (reference candidates: `#id`, `file.clause.md#4`). */
export interface LinkItem {
  readonly kind: 'link';
  readonly span: Span;
  readonly url: string;
  readonly text: string;
}

/** The YAML front matter node. */
export interface YamlItem {
  readonly kind: 'yaml';
  readonly span: Span;
  readonly value: string;
  /** Offset of the YAML text itself. */
  readonly valueStart: number;
}

/** Anything a block yields, in document order. */
export type BlockItem = HeadingItem | ParagraphItem | CellItem | CalloutItem | HtmlItem | LinkItem | YamlItem;

/** What one block yields. */
export interface BlockResult {
  readonly items: readonly BlockItem[];
  readonly citations: readonly Citation[];
  readonly termLinks: readonly TermLink[];
}

const CALLOUT = /^\[!([A-Za-z][\w-]*)(?:[ \t]+([^\]\n]*?))?[ \t]*\](?:[ \t]*(?:\r?\n|$))?/;

/**
 * Parses `text[block.start, block.end)`. `linkDefinitions` are the document's link reference and footnote
 * definition lines, appended so that references resolve as in a whole-document parse; nodes they produce
 * fall past the block's end and are dropped.
 */
export function parseBlock(text: string, block: Block, linkDefinitions = ''): BlockResult {
  return parseBlockText(ownCopy(text.slice(block.start, block.end)), block.start, linkDefinitions);
}

/**
 * A copy of `slice` that does not share the document's text. V8 keeps a slice as a view of its parent, and every
 * string the parser cuts from it would keep the whole text alive for as long as the block's reading is reused:
 * one 10 MB text per edit.
 */
export function ownCopy(slice: string): string {
  return slice.length < 16 ? slice : (` ${slice}`).slice(1);
}

/**
 * Parses `slice`, a block's own text standing at offset `base` of its document; the result has document offsets.
 * Its plain paragraphs (see plainParagraphs.ts) are read without remark when `standIns` is on (the default): remark
 * parses the text with each of them stood in, and they are read from the text. Should a stand-in not come out as a
 * top-level paragraph of its own, the text is parsed again as it is.
 */
export function parseBlockText(slice: string, base: number, linkDefinitions = '', standIns = true): BlockResult {
  slice = capNesting(slice);
  const defs = linkDefinitions ? `\n\n${linkDefinitions}` : '';
  const plain = standIns ? plainParagraphs(slice) : [];
  if (plain.length > 0) {
    const stood = standIn(slice, plain);
    const read = walkTree(slice, base, stood.source + defs, stood);
    if (read) return read;
  }
  return walkTree(slice, base, slice + defs) ?? { items: [], citations: [], termLinks: [] };
}

/**
 * remark's reading of `source` (`slice` and the appended link definitions, or with its plain paragraphs stood in as
 * `stood` says) walked into items; undefined when a stand-in did not come out as the top-level paragraph it stands
 * for.
 */
function walkTree(slice: string, base: number, source: string, stood?: StoodIn): BlockResult | undefined {
  let root: Root;
  try {
    root = parseMdast(source);
  } catch {
    // micromark does not throw on any input we know of; if it ever does, the block yields nothing, never a crash.
    return { items: [], citations: [], termLinks: [] };
  }
  fillPositions(root, source);
  const walker = new Walker(slice, base, stood?.original);
  let next = 0;
  for (const child of root.children) {
    const at = stood?.starts[next];
    if (at !== undefined && child.type === 'paragraph' && child.position?.start.offset === at) {
      if (!isStandIn(child, at)) return undefined;
      walker.plainParagraph(stood!.plain[next]!);
      next++;
    } else {
      walker.flow(child, 'body');
    }
  }
  return next === (stood?.plain.length ?? 0) ? { items: walker.items, citations: walker.citations, termLinks: walker.termLinks } : undefined;
}

/** Whether `node`, a paragraph at `at`, is a stand-in as remark reads it alone: a paragraph of the one letter `x`. */
function isStandIn(node: Paragraph, at: number): boolean {
  const only = node.children.length === 1 ? node.children[0] : undefined;
  return node.position?.end.offset === at + 1 && only?.type === 'text' && only.value === 'x';
}

/**
 * The deepest nesting of containers (block quotes, list items) one line may open; the markers past it are read as
 * text. micromark and mdast-util-from-markdown take time quadratic in the depth (they copy or walk the stack of open
 * containers per construct): 2,000 levels of `> - ` in an 8 KB line took 16 s. No contract nests 64 deep.
 */
export const MAX_NESTING = 64;
const CONTAINER_MARKER = / {0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?/y;

/**
 * `text` with the container markers of each line past the `MAX_NESTING`th replaced by no-break spaces (one for one,
 * so every offset stays): the line's rest is then text of the innermost container kept. Unchanged (the same string)
 * when no line nests that deep.
 */
export function capNesting(text: string): string {
  let chars: string[] | undefined;
  for (let lineStart = 0; lineStart < text.length; ) {
    let eol = text.indexOf('\n', lineStart);
    if (eol < 0) eol = text.length;
    let pos = lineStart;
    let depth = 0;
    let capAt = -1;
    for (;;) {
      CONTAINER_MARKER.lastIndex = pos;
      const m = pos < eol ? CONTAINER_MARKER.exec(text) : null;
      if (!m || m[0].length === 0) break;
      pos += m[0].length;
      if (++depth === MAX_NESTING) capAt = pos;
    }
    if (depth > MAX_NESTING) {
      chars ??= text.split(''); // UTF-16 units, one for one.
      for (let i = capAt; i < pos; i++) if (chars[i] !== ' ' && chars[i] !== '\t') chars[i] = '\u00a0';
    }
    lineStart = eol + 1;
  }
  return chars ? chars.join('') : text;
}

/** A node as `fillPositions` sees it: any mdast node, with children or not. */
type AnyNode = { type: string; value?: string; children?: AnyNode[]; position?: { start: { offset?: number }; end: { offset?: number } } };

/**
 * Where `shown` (the text of a link that remark-gfm's autolink transform cut from a text node, whose value has its
 * character references and escapes decoded) is written in `source[from, limit)`: as it is, or with characters written
 * as references (`&amp;`) or escaped. Undefined when it is not found there.
 */
export function writtenAt(source: string, from: number, limit: number, shown: string): [number, number] | undefined {
  const plain = source.slice(from, limit).indexOf(shown);
  if (plain >= 0) return [from + plain, from + plain + shown.length];
  for (let start = from; start < limit; start++) {
    const end = writtenEnd(source, start, limit, shown);
    if (end !== undefined) return [start, end];
  }
  return undefined;
}

const CHARACTER_REFERENCE = /&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{1,31}));/y;

/** Where `shown`, written from `source[at]` on (literally, as character references or escaped), ends; undefined if it is not. */
function writtenEnd(source: string, at: number, limit: number, shown: string): number | undefined {
  let p = at;
  for (let i = 0; i < shown.length; ) {
    if (p >= limit) return undefined;
    // A reference first (`&amp;` is a reference where the text shows `&`), then the character itself, then escaped.
    CHARACTER_REFERENCE.lastIndex = p;
    const m = source[p] === '&' ? CHARACTER_REFERENCE.exec(source) : null;
    const decoded = m && (m[3] !== undefined ? decodeNamedCharacterReference(m[3]) : String.fromCodePoint(Math.min(0x10ffff, Number.parseInt(m[1] ?? m[2]!, m[1] !== undefined ? 10 : 16)) || 0xfffd));
    if (m && decoded && shown.startsWith(decoded, i)) {
      p += m[0].length;
      i += decoded.length;
    } else if (source[p] === shown[i]) {
      p++;
      i++;
    } else if (source[p] === '\\' && source[p + 1] === shown[i]) {
      p += 2;
      i++;
    } else {
      return undefined;
    }
  }
  return p <= limit ? p : undefined;
}

/**
 * Gives a position to the nodes that remark-gfm's autolink-literal transform makes without one: it splits a text
 * node around a URL or an e-mail address that micromark left as text (after an unbalanced `[`), and the pieces had
 * no position, so their text mapped to the block's first character (term uses, references and spans all there).
 * Each link is found by its text in the source between the positioned siblings around it; the text nodes take the
 * gaps between (the run builder aligns a value with a wider slice of source).
 */
function fillPositions(parent: AnyNode, source: string): void {
  const children = parent.children;
  if (!children) return;
  let cursor = parent.position?.start.offset ?? 0;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.position) {
      fillPositions(child, source);
      cursor = child.position.end.offset ?? cursor;
      continue;
    }
    let k = i;
    while (k < children.length && !children[k]!.position) k++;
    const limit = k < children.length ? (children[k]!.position!.start.offset ?? cursor) : (parent.position?.end.offset ?? source.length);
    const ranges: ([number, number] | undefined)[] = [];
    // Searched in [at, limit) only, and no further once a link is not found: linear where each link is found.
    let at = cursor;
    for (let j = i; j < k; j++) {
      if (children[j]!.type !== 'link') continue;
      const shown = (children[j]!.children ?? []).map((c) => c.value ?? '').join('');
      const found = shown ? writtenAt(source, at, limit, shown) : undefined;
      if (!found) break;
      ranges[j] = found;
      at = found[1];
    }
    let from = cursor;
    for (let j = i; j < k; j++) {
      const found = ranges[j];
      if (found) {
        from = found[1];
      } else {
        let to = limit;
        for (let m = j + 1; m < k; m++) {
          const next = ranges[m];
          if (next) {
            to = next[0];
            break;
          }
        }
        ranges[j] = [from, Math.max(from, to)];
      }
      setPosition(children[j]!, ranges[j]!);
    }
    cursor = limit;
    i = k - 1;
  }
}

function setPosition(node: AnyNode, [start, end]: [number, number]): void {
  node.position = { start: { offset: start }, end: { offset: end } };
  for (const child of node.children ?? []) if (!child.position) setPosition(child, [start, end]);
}

class Walker {
  readonly items: BlockItem[] = [];
  readonly citations: Citation[] = [];
  readonly termLinks: TermLink[] = [];
  /** The block's own text, which starts at document offset `#base`. */
  readonly #text: string;
  readonly #base: number;
  readonly #length: number;
  /** The offset of the block's text that an offset of the parsed source stands for (see `standIn`). */
  readonly #original: (offset: number) => number;

  constructor(text: string, base: number, original: (offset: number) => number = (offset) => offset) {
    this.#text = text;
    this.#base = base;
    this.#length = text.length;
    this.#original = original;
  }

  /** The document offset of a point of the parsed source. */
  #point(p: { offset?: number } | undefined): number {
    return this.#base + this.#original(p?.offset ?? 0);
  }

  #span(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Span {
    return { start: this.#point(node.position?.start), end: this.#point(node.position?.end) };
  }

  flow(node: RootContent, place: ParagraphPlace): void {
    if (this.#point(node.position?.start) - this.#base >= this.#length) return; // Produced by the appended definitions.
    switch (node.type) {
      case 'yaml':
        this.#yaml(node);
        return;
      case 'heading':
        this.#heading(node);
        return;
      case 'paragraph':
        this.#paragraph(node, place, false);
        return;
      case 'list':
        for (const item of node.children) {
          item.children.forEach((child, i) => {
            if (child.type === 'paragraph') this.#paragraph(child, place === 'body' ? 'list' : place, i === 0);
            else this.flow(child, place === 'body' ? 'list' : place);
          });
        }
        return;
      case 'blockquote':
        this.#blockquote(node, place);
        return;
      case 'table':
        this.#table(node);
        return;
      case 'html':
        this.#html(node);
        return;
      case 'footnoteDefinition':
        for (const child of node.children) this.flow(child, place);
        return;
      default:
        return; // Code, thematic breaks, link definitions: nothing to read.
    }
  }

  #yaml(node: Yaml): void {
    const span = this.#span(node);
    const local = span.start - this.#base;
    const found = node.value ? this.#text.indexOf(node.value, local) : -1;
    const valueStart = this.#base + (found >= 0 ? found : this.#text.indexOf('\n', local) + 1);
    this.items.push({ kind: 'yaml', span, value: node.value, valueStart });
  }

  #heading(node: Heading): void {
    const run = this.#run(node.children, 'heading');
    this.items.push({ kind: 'heading', depth: node.depth, span: this.#span(node), run });
  }

  /** A plain paragraph, read from the text: what remark's tree of it (a paragraph holding its text) gives. */
  plainParagraph(p: PlainParagraph): void {
    const span = { start: this.#base + p.start, end: this.#base + p.end };
    const builder = new RunBuilder(this.#text, this.#base);
    builder.addText(this.#text.slice(p.start, p.end), span.start, span.end);
    this.items.push({ kind: 'paragraph', place: 'body', span, run: builder.finish('paragraph'), opensListItem: false });
  }

  #paragraph(node: Paragraph, place: ParagraphPlace, opensListItem: boolean): void {
    const run = this.#run(node.children, 'paragraph');
    this.items.push({ kind: 'paragraph', place, span: this.#span(node), run, opensListItem });
  }

  #blockquote(node: Blockquote, place: ParagraphPlace): void {
    const first = node.children[0];
    const firstText = first?.type === 'paragraph' && first.children[0]?.type === 'text' ? first.children[0] : undefined;
    const marker = firstText ? CALLOUT.exec(firstText.value) : null;
    if (!firstText || !marker) {
      for (const child of node.children) this.flow(child, place === 'callout' ? 'callout' : 'quote');
      return;
    }
    const textStart = this.#point(firstText.position?.start);
    const markerEnd = textStart + marker[0].replace(/\r?\n$/, '').length;
    const type = marker[1]!.toUpperCase();
    const partyText = marker[2]?.trim();
    let partySpan: Span | undefined;
    if (partyText) {
      const found = this.#text.indexOf(partyText, textStart - this.#base + 2 + marker[1]!.length);
      const at = this.#base + found;
      if (found >= 0 && at < markerEnd) partySpan = { start: at, end: at + partyText.length };
    }
    const itemIndex = this.items.length;
    const callout: CalloutItem = {
      kind: 'callout',
      span: this.#span(node),
      type,
      ...(partyText ? { party: partyText } : {}),
      ...(partySpan ? { partySpan } : {}),
      markerSpan: { start: textStart, end: markerEnd },
      text: '',
    };
    this.items.push(callout);
    for (const child of node.children) this.flow(child, 'callout');
    // The callout's text, for hovers: the quote's source as plain text, the marker removed.
    const body = this.#text.slice(markerEnd - this.#base, callout.span.end - this.#base);
    this.items[itemIndex] = { ...callout, text: plainText(body) };
  }

  #table(node: Table): void {
    for (const row of node.children) {
      for (const cell of row.children) {
        this.items.push({ kind: 'cell', span: this.#span(cell), run: this.#run(cell.children, 'cell') });
      }
    }
  }

  #html(node: Html): void {
    this.items.push({ kind: 'html', span: this.#span(node), value: node.value });
  }

  #run(children: readonly PhrasingContent[], kind: TextRun['kind']): TextRun {
    const builder = new RunBuilder(this.#text, this.#base);
    this.#inline(children, builder);
    return builder.finish(kind);
  }

  #inline(children: readonly (PhrasingContent | Nodes)[], builder: RunBuilder): void {
    for (const child of children) {
      const span = this.#span(child as Nodes);
      switch (child.type) {
        case 'text':
          builder.addText(child.value, span.start, span.end);
          break;
        case 'emphasis':
        case 'strong':
        case 'delete':
          this.#inline(child.children, builder);
          break;
        case 'link':
          this.#link(child, span, builder);
          break;
        case 'linkReference':
          this.#inline(child.children, builder);
          break;
        case 'break':
          builder.addSeparator('\n', span.start);
          break;
        case 'html':
          this.items.push({ kind: 'html', span, value: child.value });
          // A comment is invisible when rendered, and reads as nothing: a suppression comment written at the end of
          // a line must not cut a phrase that goes on after the line break (`this <!-- … -->⏎definition`). Other
          // inline HTML stands as opaque content.
          if (!isComment(child.value)) builder.addOpaque(span);
          break;
        case 'termLink':
          this.#termLink(child as TermLinkNode, span);
          builder.addOpaque(span);
          break;
        case 'citation':
          this.#citation(child as CitationNode, span);
          builder.addOpaque(span);
          break;
        default:
          builder.addOpaque(span); // Inline code, images, footnote references: never matched.
      }
    }
  }

  #link(node: Link, span: Span, builder: RunBuilder): void {
    const isAutolink = this.#text[span.start - this.#base] !== '[';
    const text = node.children.map((c) => ('value' in c ? c.value : '')).join('');
    this.items.push({ kind: 'link', span, url: node.url, text });
    if (isAutolink) builder.addOpaque(span);
    else this.#inline(node.children, builder);
  }

  #termLink(node: TermLinkNode, span: Span): void {
    this.termLinks.push({
      span,
      target: node.target,
      targetSpan: { start: this.#point(node.targetPosition.start), end: this.#point(node.targetPosition.end) },
      ...(node.shown !== undefined ? { shown: node.shown } : {}),
      ...(node.shownPosition
        ? { shownSpan: { start: this.#point(node.shownPosition.start), end: this.#point(node.shownPosition.end) } }
        : {}),
    });
  }

  #citation(node: CitationNode, span: Span): void {
    this.citations.push({
      span,
      items: node.items.map((item) => ({
        key: item.key,
        keySpan: { start: this.#point(item.keyPosition.start), end: this.#point(item.keyPosition.end) },
        prefix: item.prefix,
        locator: item.locator,
        suppressAuthor: item.suppressAuthor,
      })),
    });
  }
}
