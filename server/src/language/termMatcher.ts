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

interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** The defined name ending here, and whether only its capitalized-first-letter form ends here. */
  name?: string;
  capitalized?: boolean;
}

/** A compiled set of names. Build once per set of visible terms; `scan` is pure. */
export class TermMatcher {
  readonly #root: TrieNode = { next: new Map() };
  readonly size: number;

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
  scan(run: TextRun): NameMatch[] {
    const matches: NameMatch[] = [];
    if (this.size === 0) return matches;
    const text = run.text;
    const heading = run.kind === 'heading';
    for (let i = 0; i < text.length; i++) {
      if (i > 0 && (isWordChar(text.charCodeAt(i - 1)) || isCompoundJoint(text, i - 1))) continue;
      let node: TrieNode | undefined = this.#root;
      let best: NameMatch | undefined;
      for (let j = i; j < text.length; j++) {
        const code = text.charCodeAt(j);
        // A space in a name matches any run of white space: names wrap across lines in hard-wrapped text.
        const space = isSpace(code);
        node = node.next.get(space ? 32 : code);
        if (!node) break;
        if (space) while (j + 1 < text.length && isSpace(text.charCodeAt(j + 1))) j++;
        if (node.name === undefined) continue;
        const end = suffixEnd(text, j + 1, this.#plurals);
        if (end < 0) continue;
        if (node.capitalized && !heading && !atSentenceStart(text, i)) continue;
        best = { name: node.name, from: i, to: end };
      }
      if (best) {
        matches.push(best);
        i = best.to - 1;
      }
    }
    return matches;
  }
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
