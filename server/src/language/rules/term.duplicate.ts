// Rule: term.duplicate. Reports a name defined a second time in the same scope of one document, on the later
// definition, with the first one as related information.
// Why: two meanings for one word leave the reader to guess which applies; duplicate definitions were found in
// most EDGAR contracts CrossCheck analysed.
// Not duplicates: a pointer definition (`"X" has the meaning set forth in Section 1.1`) beside the definition it
// points to; a scoped definition ("For purposes of this Section 7, …") beside an unscoped one or one scoped to
// another clause (the inner meaning shadows the outer, which is what scoping is for); a local definition that
// shadows one of an imported glossary.
// ok:     `"Agent" means …` once, and `For purposes of this Section 2, "Agent" means …`
// not ok: `"Agent" means a program.` … `"Agent" means a person.`

import type { DefinedName } from '../../syntax/model.js';
import type { Finding, Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'term.duplicate',
  defaultLevel: 'error',
  window: 'document',
  summary: 'A term is defined twice in the same scope',
  docs: {
    what:
      'A name (term or alternative name) defined a second time in the same scope of a document. The finding stands on the later definition; the related information points to the first. A pointer definition is not a second definition, and a definition scoped to a clause ("For purposes of this Section 7, …") does not clash with an unscoped one.',
    why: 'Two meanings for one word leave the reader, and every hover, to guess which one applies.',
    ok: {
      document: `"Agent" means a program acting for a user.\n\n# 2. Commitments\n\nFor purposes of this Section 2, "Agent" means a sales representative of Amazon.\n`,
    },
    notOk: {
      document: `"Agent" means a program acting for a user.\n\n"Agent" means a sales representative of Amazon.\n`,
    },
  },
  *check({ model, uri }): Iterable<Finding> {
    const first = new Map<string, { definition: number; name: DefinedName }>();
    for (const [d, definition] of model.definitions.entries()) {
      if (definition.form === 'pointer') continue;
      const scope = definition.scope ? `${definition.scope.span.start}:${definition.scope.span.end}` : '';
      for (const name of definition.names) {
        const key = `${scope}\u0000${name.name}`;
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, { definition: d, name });
          continue;
        }
        if (earlier.definition === d) continue;
        const clause = model.clauses[model.definitions[earlier.definition]!.clause];
        yield {
          span: name.span,
          message: `Duplicate definition of "${name.name}": already defined ${clause ? `in Section ${clause.number}` : 'above'}`,
          related: [{ uri, span: earlier.name.span, message: `First definition of "${name.name}"` }],
          data: { name: name.name },
        };
      }
    }
  },
};
