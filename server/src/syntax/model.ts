// The document model: plain, readonly data that the syntax layer reads out of one Clausemark file.
// Every position is a UTF-16 offset into the document text (after a leading byte-order mark is removed
// by the reader, the offsets still count it, so they index the text exactly as the editor holds it).

/** A half-open range `[start, end)` of UTF-16 offsets into a text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Severity names used across the project, from most to least severe (`off` disables a rule). */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A problem found while reading a file: the `syntax.*` and `import.*` rules come from here. */
export interface SyntaxProblem {
  /** The rule id, e.g. `syntax.front-matter`. */
  readonly code: string;
  readonly message: string;
  readonly span: Span;
}

/** A party declared in front matter. */
export interface Party {
  readonly name: string;
  readonly span: Span;
  readonly aliases: readonly { readonly name: string; readonly span: Span }[];
}

/** A path written in front matter (`bibliography`, `imports`), as written, relative to the file. */
export interface PathRef {
  readonly path: string;
  readonly span: Span;
}

/** A person's name in a source, as CSL writes it. */
export interface SourceName {
  readonly family?: string;
  readonly given?: string;
  readonly literal?: string;
}

/**
 * One source a citation can name: a CSL item with the few fields we read, and where its key is written.
 * `origin` says which file holds it: the document itself (front matter `sources`) or a bibliography file.
 */
export interface SourceEntry {
  readonly key: string;
  /** URI or path of the file the entry is written in (as given to the reader). */
  readonly origin: string;
  /** The key as written, in the origin file's text. */
  readonly keySpan: Span;
  /** The whole entry, in the origin file's text. */
  readonly span: Span;
  readonly type?: string;
  readonly title?: string;
  /** `publisher`, or the `container-title` when there is no publisher. */
  readonly publisher?: string;
  readonly containerTitle?: string;
  /** The issued date as ISO text (`2026-03-18`, `2026-03`, `2026`), or the literal date text. */
  readonly issued?: string;
  readonly url?: string;
  /** Span of the URL value in the origin file, for `cite.bad-url`. */
  readonly urlSpan?: Span;
  readonly authors: readonly SourceName[];
  readonly note?: string;
  /** Every other CSL field, for reports and citation formatting. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** What front matter declares. Absent keys give empty lists. */
export interface FrontMatter {
  /** The whole block, fences included. */
  readonly span: Span;
  readonly version?: number;
  readonly title?: string;
  readonly id?: string;
  readonly parties: readonly Party[];
  readonly sources: readonly SourceEntry[];
  readonly bibliography: readonly PathRef[];
  readonly imports: readonly PathRef[];
}

/** How a clause is written. */
export type ClauseKind = 'heading' | 'paragraph' | 'subclause';

/** A clause: a numbered heading, a numbered paragraph or list item, or an `(a)` sub-clause. */
export interface Clause {
  /** Normalized number: `1`, `1.1`, `2.3(a)`, `IV`. */
  readonly number: string;
  /** The stable id: `{#id}` when written, otherwise the number. */
  readonly id: string;
  readonly explicitId: boolean;
  readonly title: string;
  readonly kind: ClauseKind;
  /** From the clause's start to the start of the next clause of the same or a higher level. */
  readonly span: Span;
  /** The heading, or the paragraph that opens the clause. */
  readonly headSpan: Span;
  /** The number as written (`§ 4`, `Section 4`, `1.2.`, `(a)`). */
  readonly numberSpan: Span;
  /** The `{#id}` as written, when there is one. */
  readonly idSpan?: Span;
  /** Index of the enclosing clause in `DocumentModel.clauses`, or -1. */
  readonly parent: number;
  /** The first sentences of the clause's text (for hovers). */
  readonly summary: string;
}

/** A section heading without a number (`# Definitions`): it groups clauses but is not one. */
export interface Section {
  readonly title: string;
  readonly depth: number;
  readonly headSpan: Span;
}

/** The form a definition is written in. */
export type DefinitionForm = 'means' | 'parenthetical' | 'pointer';

/** A name a definition declares, as written inside its quotes. */
export interface DefinedName {
  readonly name: string;
  readonly span: Span;
}

/** Where a scoped definition applies: a clause, or the definition it is written inside. */
export interface DefinitionScope {
  /** The text the definition is limited to. */
  readonly span: Span;
  /** The clause (index into `clauses`) the definition is limited to, or -1 when limited to a definition. */
  readonly clause: number;
  /** The phrase that limits it, e.g. `For purposes of this Section 7`. */
  readonly phrase: string;
}

/** A pointer definition: `"X" has the meaning set forth in Section 9.15`. */
export interface DefinitionPointer {
  /** The clause number or id named. */
  readonly target: string;
  readonly span: Span;
  /** An imported document named instead of (or with) a clause, e.g. `the Credit Agreement`. */
  readonly document?: string;
}

/** A definition: one or more names (the first is the term, the rest its alternative names) and their meaning. */
export interface Definition {
  readonly names: readonly DefinedName[];
  readonly form: DefinitionForm;
  /** The defining text: the paragraph of a means-definition, the sentence holding a parenthetical. */
  readonly span: Span;
  /** The defining text as plain text (markup removed), for hovers and reports. */
  readonly text: string;
  /** The block (paragraph or list item) that holds the definition. */
  readonly blockSpan: Span;
  readonly pointer?: DefinitionPointer;
  readonly scope?: DefinitionScope;
  /** Index of the clause the definition is written in, or -1. */
  readonly clause: number;
}

/** One item of a citation: `see @key, p. 3`. */
export interface CitationItem {
  readonly key: string;
  readonly keySpan: Span;
  readonly prefix: string;
  readonly locator: string;
  readonly suppressAuthor: boolean;
}

/** A pandoc citation in brackets: `[@a, p. 3; @b]`. */
export interface Citation {
  readonly span: Span;
  readonly items: readonly CitationItem[];
}

/** An explicit term link: `[[Term]]` or `[[Term|shown text]]`. */
export interface TermLink {
  readonly span: Span;
  readonly target: string;
  readonly targetSpan: Span;
  readonly shown?: string;
  readonly shownSpan?: Span;
}

/** A reference to a clause: `§1.1`, `Section 2`, `Sections 1 through 9` (one per number), `[x](#id)`. */
export interface ClauseReference {
  /** The whole phrase as written (`Sections 1 through 9`). */
  readonly text: string;
  /** The clause number or id named (`1.1`, `exclusivity`). */
  readonly target: string;
  /** The span to report and navigate from: the keyword and number, or the number alone in a list. */
  readonly span: Span;
  /** The span of the target number or id alone (for rename). */
  readonly targetSpan: Span;
  readonly kind: 'keyword' | 'link';
  /** Another file named by a link (`aws.clause.md#4`), as written. */
  readonly file?: string;
  /** `this Section 3`: the writer says the reference is to the clause it stands in. */
  readonly self: boolean;
}

/** A callout (GitHub alert syntax) and what it annotates. */
export interface Callout {
  /** Upper-case type: `EXPLAIN`, `POSITION`, `NOTE`, `RISK`, `QUESTION`, `TODO`, or anything else written. */
  readonly type: string;
  readonly party?: string;
  readonly partySpan?: Span;
  /** The `[!TYPE …]` marker. */
  readonly markerSpan: Span;
  /** The whole block quote. */
  readonly span: Span;
  /** The callout's text after the marker, as plain text. */
  readonly text: string;
  /** What it attaches to: the nearest preceding definition or clause in the same section, if any. */
  readonly target?: { readonly kind: 'definition' | 'clause'; readonly index: number };
}

/** A suppression comment (`<!-- clausemark-disable term.unused -->`). */
export interface Suppression {
  readonly kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-file';
  /** Rule ids named; empty means every rule. */
  readonly rules: readonly string[];
  readonly span: Span;
}

/**
 * A run of body text in which defined terms are matched: the text of one paragraph, heading, table cell or
 * list item, with everything that must never match (code, citations, term links, HTML, URLs) replaced by U+FFFC.
 * An HTML comment, invisible when rendered, is left out: the text around it reads as if it were not there.
 * `map` turns an index into `text` into a document offset.
 */
export interface TextRun {
  readonly text: string;
  readonly kind: 'paragraph' | 'heading' | 'cell';
  /** Piecewise map from `text` indexes to document offsets: see `offsetInRun`. */
  readonly pieces: readonly RunPiece[];
}

/**
 * A piece of a text run: `length` characters starting at `textStart` in the run. Without `offsets`, they stand at
 * `sourceStart…` in the document one for one; otherwise `offsets` gives each character's document offset, relative
 * to `sourceStart` (so that a piece moved by an edit elsewhere shares the array).
 */
export interface RunPiece {
  readonly textStart: number;
  readonly length: number;
  readonly sourceStart: number;
  readonly offsets?: readonly number[];
  /** For an opaque character (U+FFFC): where the inline content it stands for ends in the document. */
  readonly sourceEnd?: number;
}

/** Everything the syntax layer reads out of one file. */
export interface DocumentModel {
  readonly text: string;
  readonly frontMatter?: FrontMatter;
  readonly clauses: readonly Clause[];
  readonly sections: readonly Section[];
  readonly definitions: readonly Definition[];
  readonly citations: readonly Citation[];
  readonly termLinks: readonly TermLink[];
  readonly references: readonly ClauseReference[];
  readonly callouts: readonly Callout[];
  readonly suppressions: readonly Suppression[];
  readonly runs: readonly TextRun[];
  readonly problems: readonly SyntaxProblem[];
}
