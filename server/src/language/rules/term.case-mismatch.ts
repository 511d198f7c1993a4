// Rule: term.case-mismatch. Reports body text that matches a multi-word defined term in another case
// (`stateless api call` for "Stateless API Call"); the quick fix gets the correct spelling.
// Why: term uses are matched case-sensitively, so a miscapitalised term is silently not a use: no hover, no
// count, and the reader cannot tell whether the defined meaning was intended. Commercial proofreaders all report
// inconsistent capitalisation, and its false positives are their users' first complaint, hence the limits:
// multi-word terms only (one word like "services" is too often ordinary English), and never a capital at a
// sentence start, title case in a heading, the heading that is the term itself, ALL-CAPS text, text inside
// quotes (titles, quoted words), code (never in a text run), or the text of the term's own definition, where
// drafters introduce the phrase they define (`the receiving party ("Receiving Party")`).
// One pass per run: term matchers over the lower-cased names (one per visible document, shared by importers) scan
// the run in lower case, remembered under the run's own text.
// ok:     `All Stateless API Calls are routed through Azure.`
// not ok: `All stateless api calls are routed through Azure.`

import { readLeadingNumber } from '../../syntax/clauseNumber.js';
import { partitionPoint } from '../../syntax/search.js';
import type { Span, TextRun } from '../../syntax/model.js';
import { skeletonMemo } from '../skeletonMemo.js';
import { LayeredMap, namesOf } from '../link.js';
import { ComposedMatcher, lowerAligned, matchSpan } from '../termMatcher.js';
import type { Finding, Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'term.case-mismatch',
  defaultLevel: 'warning',
  window: 'occurrences',
  summary: 'Text matches a multi-word term in another case',
  docs: {
    what:
      'Body text that matches a multi-word defined term in another case (`stateless api call` when "Stateless API Call" is defined). Not reported: a capital first letter at a sentence start, title case in a heading, a heading that is the term itself, ALL-CAPS text, text inside quotes, code, and the text of the term\'s own definition (`the receiving party ("Receiving Party")`). One-word terms are never checked.',
    why: 'Term uses are matched as the term is written, so a miscapitalised term is silently not a use: no hover, no use count, and the reader cannot tell whether the defined meaning was intended.',
    ok: {
      document: `"Stateless API Call" means a request that keeps nothing after answering.\n\nAll Stateless API Calls are routed through Azure. The guide "Why stateless api calls matter" explains why.\n`,
    },
    notOk: { document: `"Stateless API Call" means a request that keeps nothing after answering.\n\nAll stateless api calls are routed through Azure.\n` },
  },
  *check({ index, linked, model }): Iterable<Finding> {
    const terms = linked.terms;
    // Multi-word names by their lower case: the own names once per skeleton (a window's model shares them), the
    // imported ones once per set of imports (every importer shares them); the own names first, as `terms.keys()` has them.
    const own = terms instanceof LayeredMap ? skeletonMemo(model, 'term.case-mismatch:byLower', () => namesByLower(terms.own)) : namesByLower(terms);
    const shared = terms instanceof LayeredMap ? memoBy(sharedByLower, terms.shared, () => namesByLower(terms.shared)) : new Map<string, string[]>();
    if (own.size === 0 && shared.size === 0) return;
    const ownNames = terms instanceof LayeredMap ? terms.own : terms;
    const spellingsOf = new Map<string, string[]>();
    const byLower = {
      has: (lower: string) => own.has(lower) || shared.has(lower),
      get: (lower: string): string[] | undefined => {
        let list = spellingsOf.get(lower);
        if (!list && (own.has(lower) || shared.has(lower))) {
          list = [...(own.get(lower) ?? []), ...(shared.get(lower) ?? []).filter((name) => !ownNames.has(name))];
          spellingsOf.set(lower, list);
        }
        return list;
      },
    };
    // One trie per visible document (an imported one shared by its importers), scanned together.
    const matcher = new ComposedMatcher(
      linked.visible.flatMap((visibleUri, i) => {
        const visibleModel = index.document(visibleUri)?.model;
        if (!visibleModel) return [];
        return [
          i === 0
            ? index.matcherFor(skeletonMemo(visibleModel, 'term.case-mismatch:own', () => lowerMultiWord(namesOf(visibleModel, true))))
            : index.modelMatcher(visibleModel, 'case-imported', () => lowerMultiWord(namesOf(visibleModel, false))),
        ];
      }),
    );
    // The name of the automatic use the linker found at `start` (it accepts a capital at a sentence start and
    // title-case headings), the last one there. Searched in the uses, which `linkDocument` sorts by start, rather
    // than copied into a map: only the few matches written in another case ask.
    const termUses = linked.termUses;
    const automaticUseAt = (start: number): string | undefined => {
      let name: string | undefined;
      for (let i = partitionPoint(termUses.length, (k) => termUses[k]!.span.start < start); i < termUses.length && termUses[i]!.span.start === start; i++) {
        if (!termUses[i]!.explicit) name = termUses[i]!.name;
      }
      return name;
    };
    // Each name's own definitions in this document (indexes, once per skeleton: their texts are read where they are now).
    const ownDefinitions = skeletonMemo(model, 'term.case-mismatch:ownDefinitions', () => {
      const map = new Map<string, number[]>();
      model.definitions.forEach((definition, d) => {
        for (const { name } of definition.names) {
          const lower = lowerAligned(name);
          const list = map.get(lower);
          if (list) list.push(d);
          else map.set(lower, [d]);
        }
      });
      return map;
    });
    const inOwnText = (lower: string, span: Span) =>
      ownDefinitions.get(lower)?.some((d) => {
        const t = model.definitions[d]!.span;
        return span.start >= t.start && span.end <= t.end;
      }) ?? false;
    for (const run of model.runs) {
      const matches = matcher.scanLowerCase(run);
      let quoted: QuotedRanges | undefined;
      for (const match of matches) {
        const written = run.text.slice(match.from, match.to);
        const spellings = byLower.get(match.name)!.map((name) => respell(name, written));
        if (spellings.includes(written)) continue;
        const span = matchSpan(run, match);
        const use = automaticUseAt(span.start);
        if (use !== undefined && lowerAligned(use) === match.name) continue;
        // Among the forms the term is written in, the one whose first letter has the case written here.
        const expected = spellings.find((form) => form.charAt(0) === written.charAt(0)) ?? spellings[0]!;
        if (isAllCaps(written) || acceptedCapitals(run, match.from, written, expected)) continue;
        if (inOwnText(match.name, span)) continue;
        quoted ??= new QuotedRanges(run.text);
        if (quoted.has(match.from, match.to)) continue;
        yield {
          span,
          message: `"${written}" does not match the case of the term "${byLower.get(match.name)![0]}": write "${expected}"`,
          data: { expected },
        };
      }
    }
  },
};

/** The multi-word names of a map of terms, by their lower case. */
function namesByLower(part: ReadonlyMap<string, unknown>): Map<string, string[]> {
  const byLower = new Map<string, string[]>();
  for (const name of part.keys()) {
    if (!/\s/.test(name.trim())) continue;
    const lower = lowerAligned(name);
    const list = byLower.get(lower) ?? [];
    list.push(name);
    byLower.set(lower, list);
  }
  return byLower;
}

/** The lower-case tables of the imported names, per set of imports. */
const sharedByLower = new WeakMap<object, Map<string, string[]>>();

/** A value kept per key object. */
function memoBy<K extends object, V>(memo: WeakMap<K, V>, key: K, build: () => V): V {
  let value = memo.get(key);
  if (value === undefined) memo.set(key, (value = build()));
  return value;
}

/** The multi-word names among `names`, lower case, each once, sorted. */
function lowerMultiWord(names: readonly string[]): string[] {
  return [...new Set(names.filter((name) => /\s/.test(name.trim())).map(lowerAligned))].sort();
}

/** The defined name spelled as `written` inflects it (plural, possessive): `Stateless API Call` + `s`. */
function respell(name: string, written: string): string {
  if (lowerAligned(written).startsWith(lowerAligned(name))) return name + written.slice(name.length);
  return name.slice(0, -1) + written.slice(name.length - 1); // `Third Party` written `third parties`
}

function isAllCaps(text: string): boolean {
  return text === text.toUpperCase() && text !== text.toLowerCase();
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A capital first letter at a sentence start; title case (any word capitalised) or the term itself as a heading. */
function acceptedCapitals(run: TextRun, from: number, written: string, expected: string): boolean {
  if (written === capitalized(expected) && atSentenceStart(run.text, from)) return true;
  if (run.kind !== 'heading') return false;
  const title = headingTitle(run.text);
  if (lowerAligned(title) === lowerAligned(written)) return true;
  const w = written.split(/([\s-]+)/);
  const e = expected.split(/([\s-]+)/);
  return w.length === e.length && w.every((word, i) => word === e[i] || word === capitalized(e[i]!));
}

/** A heading's text without its clause number and `{#id}`. */
function headingTitle(text: string): string {
  let title = text.replace(/\{#[^}]*\}\s*$/, '').trim();
  const number = readLeadingNumber(title);
  if (number) title = title.slice(number.length);
  return title.trim();
}

/** True at the start of the run (or past a leading `(a)` marker), or after a sentence end and spaces, quotes or emphasis. */
function atSentenceStart(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && /[\s"“(*_]/.test(text[k]!)) k--;
  return k < 0 || /[.!?:;\uFFFC]/.test(text[k]!) || /^\s*\([a-zA-Z0-9]{1,5}\)$/.test(text.slice(0, k + 1));
}

/** The parts of a run inside double quotes (`"…"`, `“…”`, `«…»`); an unclosed quote runs to the end of the run. */
export class QuotedRanges {
  /** Sorted, disjoint pairs: the index of an opening quote and of its closing quote (or the run's length). */
  readonly #ranges: [number, number][] = [];

  constructor(text: string) {
    let open = -1;
    let close = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (open < 0) {
        if (c === '"' || c === '“' || c === '«') {
          open = i;
          close = c === '«' ? '»' : '”';
        }
      } else if (c === close || (close === '”' && c === '"')) {
        this.#ranges.push([open, i]);
        open = -1;
      }
    }
    if (open >= 0) this.#ranges.push([open, text.length]);
  }

  /** True when `[from, to)` lies inside one quoted part (binary search). */
  has(from: number, to: number): boolean {
    let lo = 0;
    let hi = this.#ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [open, close] = this.#ranges[mid]!;
      if (from <= open) hi = mid - 1;
      else if (from > close) lo = mid + 1;
      else return to <= close;
    }
    return false;
  }
}
