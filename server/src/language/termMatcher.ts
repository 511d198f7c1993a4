// Finds automatic term uses in text runs with one scan against all names at once (a character trie): the cost
// grows with the text, not with the number of terms. Matching is case-sensitive as the term is written, on word
// boundaries, longest name first, with the regular plural (`Calls`, `Parties`) and the possessive (`Licensor's`).
// A name written in lower case also matches with a capital first letter at a sentence start and in headings.

import type { TextRun } from '../syntax/model.js';
import { DEFAULT_MATCHING, type MatchingOptions } from './config.js';
import { runSpan } from '../syntax/runs.js';

/** A match of a name in a run: run indexes and the name matched (as defined). */
export interface NameMatch {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** A node of the character trie. */
export interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** The defined name ending here, and whether only its capitalized-first-letter form ends here. */
  name?: string;
  capitalized?: boolean;
}

/** Numbers matchers, so that a composed matcher's scans are remembered under the parts it is made of. */
let nextMatcherId = 1;

/** A compiled set of names. Build once per set of visible terms; `scan` is pure. */
export class TermMatcher {
  readonly #root: TrieNode = { next: new Map() };
  readonly size: number;
  /** Identifies the trie (see `rememberedScan`). */
  readonly id = nextMatcherId++;

  readonly #plurals: boolean;

  constructor(names: Iterable<string>, options: MatchingOptions = DEFAULT_MATCHING) {
    this.#plurals = options.plurals;
    const forms = (name: string) => (options.plurals ? variantsOf(name) : [name]);
    let size = 0;
    for (const name of names) {
      if (!name) continue;
      size++;
      for (const variant of forms(name)) this.#insert(variant, name, false);
      const first = name.charAt(0);
      if (options.capitalizedAtSentenceStart && first !== first.toUpperCase()) {
        const capital = first.toUpperCase() + name.slice(1);
        for (const variant of forms(capital)) this.#insert(variant, name, true);
      }
    }
    this.size = size;
  }

  #insert(text: string, name: string, capitalized: boolean): void {
    let node = this.#root;
    for (let i = 0; i < text.length; i++) {
      const c = isSpace(text.charCodeAt(i)) ? 32 : text.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map() };
        node.next.set(c, child);
      }
      node = child;
    }
    // An exact form wins over a capitalized or inflected form of another name that is spelled the same.
    if (node.name === undefined || (node.capitalized && !capitalized)) {
      node.name = name;
      node.capitalized = capitalized;
    }
  }

  /** Every match in `run`, left to right, longest first, never overlapping. */
  scan(run: TextRun): readonly NameMatch[] {
    return this.size === 0 ? NO_MATCHES : rememberedScan(String(this.id), [this.#root], this.#plurals, run, false);
  }

  /** The trie's root, for a composed scan (`ComposedMatcher`). */
  get root(): TrieNode {
    return this.#root;
  }

  /** Whether plurals are matched. */
  get plurals(): boolean {
    return this.#plurals;
  }
}

/**
 * Several matchers scanned as one: the matches are those a single matcher of the union of their names (in sorted
 * order, as `TermMatcher` is built from `[...names].sort()`) would find. Lets every importer of a glossary share the
 * glossary's trie and add a small one of its own names. The parts must share their matching options.
 */
export class ComposedMatcher {
  readonly #roots: readonly TrieNode[];
  readonly #plurals: boolean;
  readonly #key: string;
  readonly size: number;

  constructor(parts: readonly TermMatcher[]) {
    const used = parts.filter((p) => p.size > 0);
    this.#roots = used.map((p) => p.root);
    this.#key = used.map((p) => p.id).join('|');
    this.#plurals = used[0]?.plurals ?? DEFAULT_MATCHING.plurals;
    this.size = used.reduce((n, p) => n + p.size, 0);
  }

  /** Every match in `run`, left to right, longest first, never overlapping. */
  scan(run: TextRun): readonly NameMatch[] {
    return this.#roots.length === 0 ? NO_MATCHES : rememberedScan(this.#key, this.#roots, this.#plurals, run, false);
  }

  /**
   * `scan` of the run's text in lower case (`lowerAligned`), for names given in lower case. Remembered under the
   * run's own text, which the model holds anyway: neither a hit nor the table keeps a lower-cased copy.
   */
  scanLowerCase(run: TextRun): readonly NameMatch[] {
    return this.#roots.length === 0 ? NO_MATCHES : rememberedScan(this.#key, this.#roots, this.#plurals, run, true);
  }
}

/** The answer of a scan that finds nothing (most runs): one shared empty list, not one per remembered run. */
const NO_MATCHES: readonly NameMatch[] = Object.freeze([]);

/** Lower case, one UTF-16 unit for one: a character whose lower case changes length is kept as it is. */
export function lowerAligned(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * The matches of the last few sets of tries, by run text: a scan depends only on the tries, the run's text and
 * whether it is a heading, so after an edit every run but the edited one is answered from here (a run moved by the
 * edit keeps its text string). Bounded: a few sets of tries, and a budget of text per set, past which it starts over.
 * Kept packed (`PackedMatches`): the linker's table and term.case-mismatch's hold a few hundred thousand matches each
 * on a large document, for as long as the document is open.
 */
const remembered = new Map<string, { chars: number; byKind: Map<boolean, Map<string, PackedMatches>> }>();

/** Remembered matches of one run, flat: the name, `from` and `to` of each in turn (a third of the memory of the match objects). */
type PackedMatches = readonly (string | number)[];

/** Packs matches; the array is made at its final length (one grown by `push` keeps spare room). */
function pack(matches: readonly NameMatch[]): PackedMatches {
  if (matches.length === 0) return NO_PACKED;
  const packed = new Array<string | number>(matches.length * 3);
  matches.forEach((m, i) => {
    packed[3 * i] = m.name;
    packed[3 * i + 1] = m.from;
    packed[3 * i + 2] = m.to;
  });
  return packed;
}

const NO_PACKED: PackedMatches = Object.freeze([]);

function unpack(packed: PackedMatches): readonly NameMatch[] {
  if (packed.length === 0) return NO_MATCHES;
  const matches: NameMatch[] = [];
  for (let i = 0; i < packed.length; i += 3) matches.push({ name: packed[i] as string, from: packed[i + 1] as number, to: packed[i + 2] as number });
  return matches;
}
const REMEMBERED_SETS = 8;
const REMEMBERED_CHARS = 32 * 1024 * 1024;

function rememberedScan(tries: string, roots: readonly TrieNode[], plurals: boolean, run: TextRun, lowerCase: boolean): readonly NameMatch[] {
  const key = lowerCase ? `${tries}\nlower` : tries;
  let entry = remembered.get(key);
  if (entry) {
    remembered.delete(key); // Most recently used last.
  } else {
    if (remembered.size >= REMEMBERED_SETS) remembered.delete(remembered.keys().next().value!);
    entry = { chars: 0, byKind: new Map() };
  }
  remembered.set(key, entry);
  const heading = run.kind === 'heading';
  let table = entry.byKind.get(heading);
  if (!table) entry.byKind.set(heading, (table = new Map()));
  const hit = table.get(run.text);
  if (hit) return unpack(hit);
  const found = scanTries(roots, plurals, lowerCase ? { ...run, text: lowerAligned(run.text) } : run);
  entry.chars += run.text.length;
  if (entry.chars > REMEMBERED_CHARS) {
    entry.byKind.clear();
    entry.chars = run.text.length;
    entry.byKind.set(heading, (table = new Map()));
  }
  table.set(run.text, pack(found));
  return found;
}

/**
 * The scan: at each word start, walks every trie in step and keeps the longest form that ends on a word boundary.
 * Where forms of several tries end at the same place, the one a trie of their union would hold wins: an exact form
 * over a capitalized one, then the name first in sorted order (a trie built from sorted names keeps the first).
 */
function scanTries(roots: readonly TrieNode[], plurals: boolean, run: TextRun): readonly NameMatch[] {
  const matches: NameMatch[] = [];
  const text = run.text;
  const heading = run.kind === 'heading';
  const count = roots.length;
  const nodes: (TrieNode | undefined)[] = new Array<TrieNode | undefined>(count);
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && (isWordChar(text.charCodeAt(i - 1)) || isCompoundJoint(text, i - 1))) continue;
    for (let k = 0; k < count; k++) nodes[k] = roots[k];
    let best: NameMatch | undefined;
    for (let j = i; j < text.length; j++) {
      const code = text.charCodeAt(j);
      // A space in a name matches any run of white space: names wrap across lines in hard-wrapped text.
      const space = isSpace(code);
      const key = space ? 32 : code;
      let alive = false;
      let name: string | undefined;
      let capitalized = false;
      for (let k = 0; k < count; k++) {
        const node = nodes[k];
        if (!node) continue;
        const next = node.next.get(key);
        nodes[k] = next;
        if (!next) continue;
        alive = true;
        if (next.name === undefined) continue;
        const cap = next.capitalized === true;
        if (name === undefined || (capitalized && !cap) || (capitalized === cap && next.name < name)) {
          name = next.name;
          capitalized = cap;
        }
      }
      if (!alive) break;
      if (space) while (j + 1 < text.length && isSpace(text.charCodeAt(j + 1))) j++;
      if (name === undefined) continue;
      const end = suffixEnd(text, j + 1, plurals);
      if (end < 0) continue;
      if (capitalized && !heading && !atSentenceStart(text, i)) continue;
      best = { name, from: i, to: end };
    }
    if (best) {
      matches.push(best);
      i = best.to - 1;
    }
  }
  return matches.length === 0 ? NO_MATCHES : matches;
}

/** The written forms of a name: itself and its regular plural(s). */
function variantsOf(name: string): string[] {
  const forms = [name];
  if (/[^aeiouAEIOU]y$/.test(name)) forms.push(`${name.slice(0, -1)}ies`);
  if (/(?:s|x|z|ch|sh)$/.test(name)) forms.push(`${name}es`);
  return forms;
}

/** Where a match ending at `at` really ends, past a plural (when matched) or possessive suffix; -1 when no word boundary follows. */
function suffixEnd(text: string, at: number, plurals: boolean): number {
  const candidates = [at];
  const c = text[at];
  if (c === 's' && plurals) {
    candidates.push(at + 1);
    if (text[at + 1] === "'" || text[at + 1] === '’') candidates.push(at + 2);
  }
  if ((c === "'" || c === '’') && text[at + 1] === 's') candidates.push(at + 2);
  if ((c === "'" || c === '’') && text[at - 1] === 's') candidates.push(at + 1);
  for (let k = candidates.length - 1; k >= 0; k--) {
    const end = candidates[k]!;
    if (end >= text.length || !(isWordChar(text.charCodeAt(end)) || isCompoundJoint(text, end))) return end;
  }
  return -1;
}

/** True at the start of the run or after a sentence end (`.`, `!`, `?`, `:`) and spaces or an opening quote. */
function atSentenceStart(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && /[\s"“(*_]/.test(text[k]!)) k--;
  if (k < 0 || /[.!?:;\uFFFC]/.test(text[k]!)) return true;
  // Right after a sub-clause marker that opens the paragraph: `(b) Stateless calls …`.
  return text[k] === ')' && /^\s*\([a-zA-Z0-9]{1,5}\)$/.test(text.slice(0, k + 1));
}

/** Space, tab, line breaks and the no-break space. */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 160;
}

/** A hyphen between two word characters (`Party-based`): a term does not end or start at it. */
function isCompoundJoint(text: string, at: number): boolean {
  return text.charCodeAt(at) === 45 && at > 0 && isWordChar(text.charCodeAt(at - 1)) && isWordChar(text.charCodeAt(at + 1));
}

/** Letters, digits and the underscore: what a term's boundary must not touch. */
export function isWordChar(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(code));
}

/** Converts a match's run indexes into a document span. */
export function matchSpan(run: TextRun, match: NameMatch): { start: number; end: number } {
  return runSpan(run, match.from, match.to);
}
