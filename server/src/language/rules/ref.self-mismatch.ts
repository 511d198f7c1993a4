// Rule: ref.self-mismatch. Reports "this Section 3" written where the text does not stand inside Section 3 (nor
// inside a clause of 3), when a clause 3 exists elsewhere (otherwise ref.broken reports it). Why: the phrase is
// copied along with the clause it was written in, and then quietly points at another clause; in a scope phrase
// ("For purposes of this Section 7") it scopes its definition wrongly.
// ok:     `For purposes of this Section 4, …` inside clause 4.2
// not ok: `For purposes of this Section 3, …` inside clause 4.2

import type { Clause, ClauseReference, DocumentModel } from '../../syntax/model.js';
import { numberParts } from '../../syntax/clauseNumber.js';
import type { Finding, Rule } from './rule.js';
import { textOf } from '../../syntax/textSource.js';

/** The clauses that hold `offset`, innermost first. Clauses are in document order and nest, so a binary search finds the innermost. */
export function enclosingClauses(model: DocumentModel, offset: number): Clause[] {
  const clauses = model.clauses;
  let lo = 0;
  let hi = clauses.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (clauses[mid]!.span.start <= offset) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const chain: Clause[] = [];
  for (let i = last; i >= 0; i = clauses[i]!.parent) {
    const clause = clauses[i]!;
    if (offset < clause.span.end) chain.push(clause);
  }
  return chain;
}

/**
 * The clause a `this Section N` stands in and most likely means: the enclosing clause with as many number parts
 * as N, else the innermost; undefined outside every clause.
 */
export function selfClause(model: DocumentModel, ref: ClauseReference, chain = enclosingClauses(model, ref.span.start)): Clause | undefined {
  if (chain.length === 0) return undefined;
  const depth = numberParts(ref.target).length;
  return chain.find((c) => numberParts(c.number).length === depth) ?? chain[0]!;
}

/** The rule. */
export const rule: Rule = {
  id: 'ref.self-mismatch',
  defaultLevel: 'warning',
  window: 'occurrences',
  summary: '"this Section 3" written inside another clause',
  docs: {
    what:
      'A reference written as `this Section N` (or `this § N`, `this Article IV`) that does not stand inside clause N: any enclosing clause may ' +
      'match, so `this Section 4` inside clause 4.2(a) is fine. The message proposes the enclosing clause with as many number parts as the one ' +
      'written; the related information points at it. A `this Section N` outside every clause is reported too. When no clause carries N ' +
      'at all the reference is broken, and `ref.broken` reports it (naming the clause it stands in) instead.',
    why: 'The phrase travels with the text when a clause is copied, moved or renumbered, and then silently points at another clause. In a scope phrase ("For purposes of this Section 7, …") it also gives a definition the wrong reach.',
    ok: { document: `# 3. Term\n\n3.1. This agreement lasts one year.\n\n# 4. Confidentiality\n\n4.1. For purposes of this Section 4, "Confidential Information" means any information marked as such.\n` },
    notOk: { document: `# 3. Term\n\n3.1. This agreement lasts one year.\n\n# 4. Confidentiality\n\n4.1. For purposes of this Section 3, "Confidential Information" means any information marked as such.\n` },
  },
  *check({ linked, model, uri }): Iterable<Finding> {
    for (const use of linked.references) {
      const ref = use.reference;
      // A number no clause carries is ref.broken's (its message names the clause the phrase stands in).
      if (!ref.self || use.candidates === 0) continue;
      const chain = enclosingClauses(model, ref.span.start);
      if (chain.some((c) => c.number === ref.target || (c.explicitId && c.id === ref.target))) continue;
      const written = textOf(model).slice(ref.targetSpan.start, ref.targetSpan.end);
      const meant = selfClause(model, ref, chain);
      if (!meant) {
        yield { span: ref.span, message: `"${ref.text}" stands in no clause: expected it inside clause ${ref.target}`, data: { target: ref.target } };
        continue;
      }
      const at = ref.text.lastIndexOf(written);
      const expected = at >= 0 ? ref.text.slice(0, at) + meant.number + ref.text.slice(at + written.length) : `this Section ${meant.number}`;
      yield {
        span: ref.span,
        message: `"${ref.text}" stands in clause ${meant.number}: expected "${expected}"`,
        related: [{ uri, span: meant.numberSpan, message: `The clause it stands in: ${meant.number}` }],
        data: { target: ref.target, expected: meant.number },
      };
    }
  },
};
