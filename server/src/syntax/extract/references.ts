// Finds clause references in a text run (a number glued to a letter, `4A` or `4.1A`, is no clause number) (`§1.1`, `Section 2`, `Sections 1 through 9`, `Article IV`, `this
// Section 3`; keywords in any case) and in Markdown links to a clause id (`[x](#exclusivity)`, `[§4](aws.clause.md#4)`).

import { normalizeNumber } from '../clauseNumber.js';
import type { ClauseReference, TextRun } from '../model.js';
import type { LinkItem } from '../parseBlock.js';
import { runSpan } from '../runs.js';

const NUM = String.raw`(?:\d{1,4}(?:\.\d{1,4})*(?:\([a-zA-Z0-9]{1,5}\))*(?!\.?[\p{L}\p{N}])|[IVXLCDM]{1,8}(?![\p{L}\p{N}]))`;
// The lookahead names the characters a match can start with (`this` or a keyword, in any case): irregexp then skips
// the other positions at once instead of trying the lookbehind and the optional `this` at each (half the time on
// contract prose, the same matches: `test/syntax/keywordReferences.test.ts`).
export const KEYWORD_REF = new RegExp(
  String.raw`(?=[tsca§])(?<![\p{L}\p{N}])(this\s+)?(§§?|sections?|clauses?|articles?)\s*(${NUM})((?:\s*(?:,\s*(?:and|or)\b|,|and|or|through|to|-|–)\s*(?:§\s*)?${NUM})*)`,
  'giu',
);
const FOLLOWING = new RegExp(String.raw`(\s*(?:,\s*(?:and|or)\b|,|and|or|through|to|-|–)\s*(?:§\s*)?)(${NUM})`, 'giu');

/** Reads keyword references in `run`, skipping its first `skip` characters (a clause's own number). */
export function findKeywordReferences(run: TextRun, skip = 0): ClauseReference[] {
  const refs: ClauseReference[] = [];
  const text = run.text;
  KEYWORD_REF.lastIndex = skip;
  for (let m = KEYWORD_REF.exec(text); m; m = KEYWORD_REF.exec(text)) {
    const keyword = m[2]!;
    const first = m[3]!;
    // Roman numbers only follow "Article"; "section I" in running text is most often a pronoun or a typo.
    if (/^[IVXLCDM]+$/i.test(first) && !/^article/i.test(keyword)) continue;
    const self = m[1] !== undefined;
    const plural = /^(?:§§|sections|clauses|articles)$/i.test(keyword);
    const firstAt = m.index + m[0].indexOf(first, (m[1]?.length ?? 0) + keyword.length);
    // Only a plural keyword ("Sections 1 through 9", "§§ 2 and 3") names more than one clause: after a singular
    // one, "Section 2 to 4 weeks" is a number of weeks.
    const whole = plural ? m[0] : m[0].slice(0, firstAt + first.length - m.index);
    refs.push({
      text: whole.trim(),
      target: normalizeTarget(first),
      span: runSpan(run, m.index + (m[1]?.length ?? 0), firstAt + first.length),
      targetSpan: runSpan(run, firstAt, firstAt + first.length),
      kind: 'keyword',
      self,
    });
    const tail = plural ? (m[4] ?? '') : '';
    if (!plural) KEYWORD_REF.lastIndex = firstAt + first.length;
    const tailAt = firstAt + first.length;
    for (const f of tail.matchAll(FOLLOWING)) {
      const at = tailAt + f.index + f[1]!.length;
      const span = runSpan(run, at, at + f[2]!.length);
      refs.push({ text: whole.trim(), target: normalizeTarget(f[2]!), span, targetSpan: span, kind: 'keyword', self: false });
    }
  }
  return refs;
}

/** A written number as clauses are numbered: Roman numerals in capitals (`article iv` names Article IV). */
function normalizeTarget(written: string): string {
  return /^[ivxlcdm]+$/i.test(written) ? written.toUpperCase() : normalizeNumber(written);
}

/**
 * Reads a clause reference out of a Markdown link, when its destination names a fragment. `source` is the text the
 * link's span indexes, less `base`.
 */
export function linkReference(link: LinkItem, source: string, base = 0): ClauseReference | undefined {
  const hash = link.url.indexOf('#');
  if (hash < 0) return undefined;
  const file = link.url.slice(0, hash);
  if (file && (/^[a-z][a-z0-9+.-]*:/i.test(file) || !/\.md$/i.test(file))) return undefined;
  let fragment = link.url.slice(hash + 1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // A malformed escape: keep the fragment as written.
  }
  if (!fragment) return undefined;
  const slice = source.slice(link.span.start - base, link.span.end - base);
  const at = slice.lastIndexOf(`#${link.url.slice(hash + 1)}`);
  const targetSpan = at >= 0 ? { start: link.span.start + at + 1, end: link.span.start + at + 1 + (link.url.length - hash - 1) } : link.span;
  return {
    text: slice,
    target: fragment,
    span: link.span,
    targetSpan,
    kind: 'link',
    ...(file ? { file } : {}),
    self: false,
  };
}
