// The clause-number grammar of the format (section 2): an optional `§` / `Section` / `Clause` / `Article`
// keyword, then `N(.N)*` with an optional trailing `.` and `(a)`, `(i)`, `(A)` parts; Roman numerals after `Article`.

/** A clause number read at the start of a text. */
export interface LeadingNumber {
  /** Normalized number: `1.1`, `2.3(a)`, `IV`. */
  readonly number: string;
  /** How many characters of the text the number (keyword and trailing `.` included) takes. */
  readonly length: number;
  /** Dotted parts plus parenthesized parts: `2.3(a)` has 3. */
  readonly parts: number;
  readonly keyword?: string;
}

const LEADING =
  /^(?:(§{1,2}|section|clause|article)[ \t\u00a0]*)?(?:(\d{1,4}(?:\.\d{1,4})*)(\.)?((?:\([a-zA-Z0-9]{1,5}\))*)|([IVXLCDM]{1,8})\b)/i;
const PAREN_PART = /\(([a-zA-Z0-9]{1,5})\)/g;

/** Reads a clause number at the start of `text`, or undefined. Roman numerals count only after `Article`. */
export function readLeadingNumber(text: string): LeadingNumber | undefined {
  const m = LEADING.exec(text);
  if (!m) return undefined;
  const keyword = m[1];
  if (m[5] !== undefined) {
    if (!keyword || keyword.toLowerCase() !== 'article') return undefined;
    return { number: m[5].toUpperCase(), length: m[0].length, parts: 1, keyword };
  }
  const dotted = m[2]!;
  const parens = m[4] ?? '';
  const parenCount = parens ? parens.match(PAREN_PART)!.length : 0;
  return {
    number: normalizeNumber(dotted + parens),
    length: m[0].length,
    parts: dotted.split('.').length + parenCount,
    ...(keyword ? { keyword } : {}),
  };
}

/** Normalizes a written clause number for comparison: no keyword, no trailing dot, no spaces. */
export function normalizeNumber(written: string): string {
  return written
    .replace(/^(?:§{1,2}|section|clause|article)\s*/i, '')
    .replace(/\s+/g, '')
    .replace(/\.(?=\(|$)/, '');
}

/** The parts of a normalized number: `2.3(a)(i)` -> `['2', '3', '(a)', '(i)']`. */
export function numberParts(number: string): string[] {
  const paren = number.indexOf('(');
  const dotted = paren < 0 ? number : number.slice(0, paren);
  const rest = paren < 0 ? '' : number.slice(paren);
  const parts = dotted ? dotted.split('.') : [];
  for (const m of rest.matchAll(PAREN_PART)) parts.push(`(${m[1]})`);
  return parts;
}

/** True when clause `inner` lies inside clause `outer` by number (`1.1` and `1.1(a)` lie inside `1`). */
export function isInsideNumber(inner: string, outer: string): boolean {
  // Normalized numbers are parts joined by `.` or opened by `(`: `inner` lies inside when it goes on after all of
  // `outer` with a new part (`1.10` does not lie inside `1.1`). No arrays: the clause tree asks this per clause.
  if (outer === '') return numberParts(inner).length > 0;
  if (inner.length <= outer.length || !inner.startsWith(outer)) return false;
  const next = inner.charCodeAt(outer.length);
  return next === 46 /* . */ || next === 40 /* ( */;
}

/** The kind of a sub-clause marker, used to nest `(i)` inside `(a)`. */
export type MarkerClass = 'lower' | 'upper' | 'roman' | 'ROMAN' | 'digit';

const ROMAN_LOWER = /^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii|xiv|xv|xvi|xvii|xviii|xix|xx)$/;

/**
 * Classifies a sub-clause marker's inside (`a`, `iv`, `B`, `III`, `3`). `previousLetter` is the open letter
 * marker of the same case, if any: `i` after `h` (or `I` after `H`) is a letter, otherwise a Roman numeral.
 */
export function markerClass(inner: string, previousLetter?: string): MarkerClass {
  if (/^\d+$/.test(inner)) return 'digit';
  const lower = inner === inner.toLowerCase();
  const roman = ROMAN_LOWER.test(inner.toLowerCase()) && (lower || inner === inner.toUpperCase());
  if (roman && !(inner.length === 1 && previousLetter !== undefined && isNextLetter(previousLetter, inner))) return lower ? 'roman' : 'ROMAN';
  return lower ? 'lower' : 'upper';
}

function isNextLetter(previous: string, current: string): boolean {
  return previous.length === 1 && current.charCodeAt(0) === previous.charCodeAt(0) + 1;
}
