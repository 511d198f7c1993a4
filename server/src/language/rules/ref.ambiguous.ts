// Rule: ref.ambiguous. Reports two clauses that carry the same number (or the same `{#id}`), on each of them, and
// every reference to such a number. Why: "Section 2.1" means nothing when there are two of them; a reader (and
// go-to-definition) picks one and may pick the wrong one.
// ok:     `1.1.` then `1.2.`
// not ok: `1.1.` then `1.1.` again, and `Section 1.1`

import type { Clause, DocumentModel } from '../../syntax/model.js';
import { clausesByName } from '../link.js';
import { namesOtherInstrument } from './ref.broken.js';
import type { Finding, RelatedPlace, Rule } from './rule.js';
import { skeletonMemo } from '../skeletonMemo.js';
import { textOf } from '../../syntax/textSource.js';

/** The rule. */
export const rule: Rule = {
  id: 'ref.ambiguous',
  defaultLevel: 'error',
  window: 'occurrences',
  summary: 'Two clauses carry the same number',
  docs: {
    what:
      'Two clauses that carry the same number (`1.1.` twice) or the same `{#id}`: each of them is reported, with the other as related ' +
      'information. A sub-clause whose parent\'s number is repeated is not reported again (`1.1(a)` under two clauses `1.1`). Every ' +
      'reference to a repeated number (`Section 1.1`, `[§ 1.1](other.clause.md#1.1)`) is reported too, with the clauses it may mean; ' +
      'a reference by `{#id}` names one clause and stays quiet.',
    why: 'A reference to a number two clauses carry cannot be followed: the reader, and go-to-definition, pick one of them and may pick the wrong one. Repeated numbers are usually a copy-paste or renumbering slip.',
    ok: { document: `# 1. Payment\n\n1.1. Fees are due within 30 days.\n\n1.2. Late fees under Section 1.1 accrue monthly.\n` },
    notOk: { document: `# 1. Payment\n\n1.1. Fees are due within 30 days.\n\n1.1. Late fees under Section 1.1 accrue monthly.\n` },
  },
  *check({ index, linked, model, uri }): Iterable<Finding> {
    yield* repeated(model, uri, (c) => c.number, 'number');
    yield* repeated(model, uri, (c) => (c.explicitId ? c.id : undefined), 'id');
    for (const use of linked.references) {
      if (use.candidates < 2) continue;
      const ref = use.reference;
      if (namesOtherInstrument(textOf(model), ref)) continue;
      const targetUri = use.uri ?? uri;
      const target = targetUri === uri ? model : index.document(targetUri)?.model;
      const candidates = target ? (clausesByName(target).get(ref.target) ?? []) : [];
      const written = ref.kind === 'keyword' ? textOf(model).slice(ref.span.start, ref.span.end) : ref.text;
      yield {
        span: ref.span,
        message: `"${written}" is ambiguous: ${use.candidates} clauses are numbered "${ref.target}", expected one`,
        related: candidates.map((i) => place(targetUri, target!.clauses[i]!, `Clause numbered "${ref.target}"`)),
        data: { target: ref.target },
      };
    }
  },
};

/**
 * Findings on clauses that share a key (number or explicit id). The groups of two or more are found in one pass over
 * the clauses, once per skeleton: they hold indexes, not offsets, so an edit that leaves the clauses as they were
 * keeps them.
 */
function* repeated(model: DocumentModel, uri: string, keyOf: (c: Clause) => string | undefined, what: 'number' | 'id'): Iterable<Finding> {
  // Only the groups of two or more are kept (most documents have none): a workspace holds thousands of models.
  const repeats = skeletonMemo(model, `ref.ambiguous:${what}`, () => {
    const groups = new Map<string, number[]>();
    model.clauses.forEach((clause, i) => {
      const key = keyOf(clause);
      if (key === undefined) return;
      const list = groups.get(key);
      if (list) list.push(i);
      else groups.set(key, [i]);
    });
    return new Map([...groups].filter(([, members]) => members.length > 1));
  });
  if (repeats.size === 0) return;
  for (const [key, members] of repeats) {
    for (const i of members) {
      const clause = model.clauses[i]!;
      // Under a repeated parent every child repeats too: the parent's finding says it all.
      if (what === 'number' && clause.parent >= 0 && repeats.has(model.clauses[clause.parent]!.number)) continue;
      const others = members.filter((j) => j !== i);
      yield {
        span: what === 'id' ? (clause.idSpan ?? clause.numberSpan) : clause.numberSpan,
        message:
          what === 'id'
            ? `Clause id "{#${key}}" is used by ${members.length} clauses: expected each id once`
            : `Clause number "${key}" is used by ${members.length} clauses: expected each number once`,
        related: others.map((j) => place(uri, model.clauses[j]!, what === 'id' ? `Also has the id "{#${key}}"` : `Also numbered "${key}"`)),
        data: { [what]: key },
      };
    }
  }
}

function place(uri: string, clause: Clause, message: string): RelatedPlace {
  return { uri, span: clause.numberSpan, message };
}
