// Hostile documents, as data: each shape is made at any size n, with the work an editor does on it. The tests
// (`pathological.test.ts`) check what the user gets at size 2n; `npm run bench:pathological` (bench/pathological.ts)
// times each shape at n and 2n and holds the growth linear.

import type { Diagnostic } from '../../server/src/language/index.js';
import { readBibliography } from '../../server/src/syntax/bibliography.js';
import type { SyntaxProblem } from '../../server/src/syntax/model.js';
import { uriOf } from '../helpers/workspace.js';
import { loadFiles, serviceOf } from './invariants.js';

/** What an editor does with a freshly opened document: read it, check it, and draw it. */
export function openAndCheck(text: string): Diagnostic[] {
  const index = loadFiles({ 'doc.clause.md': text });
  const service = serviceOf(index);
  const uri = uriOf('doc.clause.md');
  const diagnostics = service.diagnostics(uri);
  service.semanticTokens(uri);
  service.documentSymbols(uri);
  service.foldingRanges(uri);
  service.documentLinks(uri);
  service.codeLenses(uri);
  for (let i = 0; i <= 8; i++) {
    const offset = Math.floor((i * text.length) / 8);
    service.hover(uri, offset);
    service.completions(uri, offset);
    service.definition(uri, offset);
  }
  return diagnostics;
}

/** The reading alone: the document model's syntax problems. */
export function readProblems(text: string): readonly SyntaxProblem[] {
  return loadFiles({ 'doc.clause.md': text }).document(uriOf('doc.clause.md'))!.model.problems;
}

/** The check alone, with the number of clauses read. */
export function checkClauses(text: string): { diagnostics: Diagnostic[]; clauses: number } {
  const index = loadFiles({ 'doc.clause.md': text });
  return { diagnostics: serviceOf(index).diagnostics(uriOf('doc.clause.md')), clauses: index.document(uriOf('doc.clause.md'))!.model.clauses.length };
}

/** A bibliography read in each of its formats, with what each found. */
export function readAsEveryFormat(text: string): number {
  let found = 0;
  for (const format of ['csl-json', 'csl-yaml', 'bibtex'] as const) {
    const read = readBibliography(text, format, 'x');
    found += read.entries.length + read.problems.length;
  }
  return found;
}

/** Symbols that open and close every bibliography format's constructs, `n` of them, from a fixed seed. */
function symbolSoup(n: number): string {
  let seed = 11;
  const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const symbols = '{}[]@,:-"\'\n #&*!|>%\\=';
  const chunks: string[] = [];
  for (let done = 0; done < n; done += 65_536) {
    chunks.push(Array.from({ length: Math.min(65_536, n - done) }, () => symbols[Math.floor(random() * symbols.length)]).join(''));
  }
  return chunks.join('');
}

/**
 * A hostile shape: its name, the document of size `n`, the n the tests check it at (2n), the n the bench times it at
 * (and 2n; larger where n takes a few milliseconds, which a timer cannot compare, and below the 16 MB that a
 * bibliography may hold at 2n), and the work done on it.
 */
export interface Hostile<T = unknown> {
  readonly name: string;
  readonly n: number;
  readonly benchN: number;
  make(n: number): string;
  work(text: string): T;
}

const shape = <T>(name: string, n: number, make: (n: number) => string, work: (text: string) => T, benchN = n): Hostile<T> => ({ name, n, benchN, make, work });

/** 20,000 clauses, each referring to the next; clause numbers have at most four digits per part, so 20 parts of 1,000. */
function clausesReferringToTheNext(n: number): string {
  return Array.from({ length: n }, (_, i) => {
    const part = Math.floor(i / 1000) + 1;
    const sub = (i % 1000) + 1;
    const next = sub === 1000 || i === n - 1 ? `${part}.1` : `${part}.${sub + 1}`;
    return `${sub === 1 ? `# ${part}. Part\n\n` : ''}## ${part}.${sub} Clause\n\nSee Section ${next}.\n`;
  }).join('\n');
}

/** A YAML alias bomb of `n` levels: each level is nine aliases of the one before (read whole, 9^n values). */
function aliasBomb(n: number): string {
  return (
    `---\nlevels:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n` +
    Array.from({ length: n - 1 }, (_, i) => `  l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]\n`).join('') +
    `sources:\n  k:\n    title: T\n    bomb: *l${n - 1}\n---\n\nText [@k].\n`
  );
}

/** Nesting `prefix` (a container marker) `n` deep around a term link. */
const nested = (prefix: string) => (n: number) => `${prefix.repeat(n)}See [[Nobody]].\n`;

export const HOSTILE = {
  unclosedTermLinks: shape('[[ repeated', 10_000, (n) => '[['.repeat(n), openAndCheck),
  unclosedCitations: shape('[@ repeated', 10_000, (n) => '[@'.repeat(n), openAndCheck),
  unclosedOnLines: shape('[[ on lines', 40_000, (n) => '[[\n'.repeat(n), readProblems),
  straightQuotes: shape('" repeated', 100_000, (n) => '"'.repeat(n), openAndCheck),
  mixedQuotes: shape('"a" “b” repeated', 12_500, (n) => '"a" “b” '.repeat(n), openAndCheck),
  lineOfWords: shape('1 MB line of words', 104_858, (n) => 'word '.repeat(n), openAndCheck),
  lineOfTermUses: shape('1 MB line of term uses', 34_953, (n) => `"Alpha Beta" means a thing.\n\n${'Alpha Beta and '.repeat(n)}`, openAndCheck),
  clauses: shape('20,000 clauses referring to the next', 10_000, clausesReferringToTheNext, checkClauses),
  nulBytes: shape('NUL bytes', 2_000, (n) => 'a\u0000 "T\u0000" means [[x\u0000]] [@k\u0000]\n'.repeat(n), openAndCheck),
  frontMatterSources: shape('front matter of 5,000 sources', 2_500, (n) => `---\nsources:\n${Array.from({ length: n }, (_, i) => `  k${i}:\n    title: Title ${i}\n    issued: 2026\n`).join('')}---\n\nText [@k0].\n`, openAndCheck),
  aliasBomb: shape('YAML alias bomb', 1_000, aliasBomb, openAndCheck),
  nestedQuotes: shape('nested block quotes', 1_000, nested('> '), openAndCheck, 20_000),
  nestedLists: shape('nested list items', 1_000, nested('- '), openAndCheck, 20_000),
  nestedOrderedLists: shape('nested ordered list items', 1_000, nested('1. '), openAndCheck, 20_000),
  nestedQuotesInLists: shape('nested quotes in list items', 1_000, nested('> - '), openAndCheck, 20_000),
  bibtexEntryLines: shape('BibTeX: "@x{" on each line', 10_000, (n) => '@x{\n'.repeat(n), (text) => readBibliography(text, 'bibtex', 'x'), 200_000),
  bibtexAtSigns: shape('BibTeX: "@" repeated after an entry', 15_000, (n) => `@misc{a, title = {x}} ${'@'.repeat(n)}`, (text) => readBibliography(text, 'bibtex', 'x'), 5_000_000),
  bibliographySoup: shape('bibliography symbol soup, every format', 50_000, symbolSoup, readAsEveryFormat, 6_000_000),
} as const;

/** The shape's work on its document of size 2n: what the tests check. */
export function atTwiceN<T>(h: Hostile<T>): T {
  return h.work(h.make(2 * h.n));
}
