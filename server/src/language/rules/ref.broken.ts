// Rule: ref.broken. Reports a clause reference that names no clause: `Section 9.15` in a document without a
// clause 9.15, `[x](#nowhere)`, or a link into a file that is not a Clausemark document of the workspace.
// Why: a cross-reference to nowhere is the most common drafting error in contracts (CrossCheck found one in 95%
// of EDGAR filings it analysed), and the reader who follows it is left with nothing.
// ok:     `See Section 1.1.` where clause 1.1 exists
// not ok: `See Section 9.15.` where it does not

import type { ClauseReference, DocumentModel } from '../../syntax/model.js';
import { selfClause } from './ref.self-mismatch.js';
import type { Finding, Rule } from './rule.js';
import { paragraphFrom, textOf, type TextSource } from '../../syntax/textSource.js';

const NUM = String.raw`(?:\d{1,4}(?:\.\d{1,4})*(?:\([a-zA-Z0-9]{1,5}\))*|[IVXLCDM]{1,8})`;
/**
 * Blank space inside one paragraph: a space, or a line break that does not end the paragraph (a block quote's
 * `>` after it). One character per repetition, so that runs of blanks cannot make the pattern backtrack.
 */
const S = String.raw`(?:[ \t\u00a0]|(?:\r\n?|\n)(?![ \t]*(?:\r\n?|\n))>?)`;
/**
 * After a reference: a letter the number reader leaves out (`409A`), the rest of its list (`and 2.2`), then
 * `of the Code` / `of Exhibit B`.
 */
const OF_OTHER = new RegExp(
  String.raw`\p{Lu}?(?:${S}*(?:,|and|or|through|to|-|–)${S}*(?:§${S}*)?${NUM})*${S}*(?:,${S}*)?of${S}+(?:[Tt]he${S}+)?([\p{L}\p{N}][\p{L}\p{N}'’.–-]*)`,
  'uy',
);
/** Before a reference: an abbreviated statute (`42 U.S.C. §`, `ERISA Section`). */
const ACRONYM_BEFORE = /(?<![\p{L}\p{N}.])(?:\p{Lu}\.?){2,6}[ \t\u00a0]+$/u;
/** After a reference: an abbreviated statute (`Article 28(3) GDPR`, `§ 823 BGB`): capitals that are not a list word and not followed by more capitals. */
const STATUTE = new RegExp(String.raw`${S}+(?!(?:AND|OR|TO|THROUGH)(?!\p{L}))(?:\p{Lu}\.?){2,8}(?![\p{L}\p{N}])(?!${S}+\p{Lu}{2})`, 'uy');

/**
 * True when a keyword reference names a clause of another instrument: `Section 409A of the Code`,
 * `Sections 2 and 3 of the Credit Agreement`, `Article 6 of the GDPR`, `Article 28(3) GDPR`, `§ 823 BGB`,
 * `42 U.S.C. § 1983`. `of this Agreement`, `of these terms`, a lower-case word (`Section 2 of such notice`) and
 * text set in capitals (`SECTION 9 DOES NOT APPLY`) keep the reference in the document.
 */
export function namesOtherInstrument(source: TextSource, reference: ClauseReference): boolean {
  if (reference.kind !== 'keyword' || reference.self) return false;
  const { text, offset } = paragraphFrom(source, reference.span.end);
  // In text set in capitals (`SECTION 9 DOES NOT APPLY`) capitals say nothing about another instrument.
  const before = source.slice(Math.max(0, reference.span.start - 40), reference.span.start);
  const phrase = reference.text.replace(/(?<!\p{L})[IVXLCDM]+(?!\p{L})/gu, '');
  const capitals = /\p{Lu}{2}/u.test(phrase) || /\p{Lu}{2,}[^\p{L}]+\p{Lu}{2,}[^\p{L}]*$/u.test(before);
  if (!capitals) {
    STATUTE.lastIndex = reference.span.end - offset;
    // `Article 28(3) GDPR`; `42 U.S.C. § 1983`, `ERISA Section 3(21)`.
    if (STATUTE.test(text) || ACRONYM_BEFORE.test(before)) return true;
  }
  OF_OTHER.lastIndex = reference.span.end - offset;
  const m = OF_OTHER.exec(text);
  if (!m) return false;
  const word = m[1]!;
  return /^\p{Lu}/u.test(word) && !/^(?:this|these|that|such|hereof)$/i.test(word);
}

const slugCache = new WeakMap<DocumentModel, Set<string>>();

/**
 * The anchors the document's headings get on GitHub and in most Markdown renderers (`# Definitions` ->
 * `definitions`), with and without a `{#id}` written at the end. A link to one of them is a working link, not a
 * broken clause reference.
 */
export function headingAnchors(model: DocumentModel): Set<string> {
  let anchors = slugCache.get(model);
  if (anchors) return anchors;
  anchors = new Set();
  const seen = new Map<string, number>();
  const add = (slug: string) => {
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors!.add(n === 0 ? slug : `${slug}-${n}`);
  };
  const heads = [
    ...model.sections.map((s) => s.headSpan),
    ...model.clauses.filter((c) => c.kind === 'heading').map((c) => c.headSpan),
  ].sort((a, b) => a.start - b.start);
  for (const span of heads) {
    const line = textOf(model).slice(span.start, span.end).split(/\r?\n|\r/)[0] ?? '';
    const text = line.replace(/^ {0,3}#{1,6}[ \t]*/, '').replace(/[ \t]+#+[ \t]*$/, '').trim();
    add(slug(text));
    const withoutId = text.replace(/\s*\{#[^}]*\}\s*$/, '');
    if (withoutId !== text) anchors.add(slug(withoutId));
  }
  slugCache.set(model, anchors);
  return anchors;
}

/** GitHub's heading slug: lower case, punctuation dropped, each space a hyphen. */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The rule. */
export const rule: Rule = {
  id: 'ref.broken',
  defaultLevel: 'error',
  window: 'occurrences',
  summary: 'A clause reference names no clause',
  docs: {
    what:
      'A clause reference (`§ 4`, `Section 9.15`, `Article IV`, `[the terms](#exclusivity)`) that names no clause of the document, or a link ' +
      '(`[§ 4](aws.clause.md#4)`) into a file that is not a Clausemark document of the workspace or to a fragment that is neither a clause id nor a ' +
      'clause number there. A link to a heading\'s own anchor (`#definitions`) is a working link and is not reported. A reference that names ' +
      'another instrument is not checked: followed by `of` and a capitalised name (`Section 409A of the Code`, `Sections 2 and 3 of the Credit ' +
      'Agreement`; `of this Agreement` stays in the document), or next to an abbreviation outside capitalised text (`Article 28(3) GDPR`, ' +
      '`42 U.S.C. § 1983`). A `this Section N` to nowhere names the clause it stands in, and the finding carries that number for a quick fix.',
    why: 'A cross-reference to nowhere is the most common drafting error in contracts: clauses get renumbered or deleted and the references to them are left behind. The reader who follows one finds nothing, or the wrong clause.',
    ok: { document: `# 1. Payment\n\n1.1. Fees are due within 30 days.\n\n1.2. Late fees under Section 1.1 accrue monthly.\n` },
    notOk: { document: `# 1. Payment\n\n1.1. Fees are due within 30 days.\n\n1.2. Late fees under Section 1.3 accrue monthly.\n` },
  },
  *check({ index, linked, model }): Iterable<Finding> {
    for (const use of linked.references) {
      if (use.clause !== undefined || use.candidates > 0) continue;
      const ref = use.reference;
      if (namesOtherInstrument(textOf(model), ref)) continue;
      const data = { target: ref.target, ...(ref.file ? { file: ref.file } : {}) };
      if (ref.file) {
        const target = use.uri ? index.document(use.uri) : undefined;
        if (!target) {
          yield { span: ref.span, message: `No Clausemark document "${ref.file}" in the workspace`, data };
        } else if (!hasAnchor(target.model, ref.target)) {
          yield { span: ref.targetSpan, message: `No clause "${ref.target}" in "${ref.file}"`, data };
        }
      } else if (ref.kind === 'keyword') {
        // A `this Section N` to nowhere is reported here only, with the clause it stands in (what ref.self-mismatch would propose).
        const meant = ref.self ? selfClause(model, ref) : undefined;
        yield meant
          ? { span: ref.span, message: `No clause "${ref.target}" in this document: "${ref.text}" stands in clause ${meant.number}`, data: { ...data, expected: meant.number } }
          : { span: ref.span, message: `No clause "${ref.target}" in this document`, data };
      } else if (!hasAnchor(model, ref.target)) {
        yield { span: ref.targetSpan, message: `No clause "${ref.target}" in this document`, data };
      }
    }
  },
};

function hasAnchor(model: DocumentModel, fragment: string): boolean {
  return headingAnchors(model).has(fragment.toLowerCase());
}
