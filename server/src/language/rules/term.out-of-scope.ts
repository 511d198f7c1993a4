// Rule: term.out-of-scope. Reports a use of a term whose only definitions are scoped ("For purposes of this
// Section 2, …", "For the purposes of this definition, …") when the use stands outside every such scope; the
// linker marks these uses. Related information: the scoped definition.
// Why: outside its scope the word has no defined meaning, yet it reads as if it had; the writer either meant
// the term to apply more widely or used the word loosely.
// A term written without capitals ("control", "submitted") is an ordinary word outside its scope, which is why it
// was scoped: its automatic uses there are not reported (Apache 2.0 scopes "control" to one definition and
// speaks of "source code control systems" elsewhere). An explicit `[[control]]` link outside the scope is.
// ok:     a use of "Committed Spend" inside Section 2, which defines it for Section 2
// not ok: the same use in Section 3

import type { Finding, Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'term.out-of-scope',
  defaultLevel: 'warning',
  window: 'occurrences',
  summary: 'A scoped term is used outside its scope',
  docs: {
    what:
      'A use of a term whose only definitions are scoped (to a clause: "For purposes of this Section 2, …"; or to a definition: "For the purposes of this definition, …") and that stands outside every such scope. The related information points to the scoped definition. A term written without capitals ("control") is an ordinary word outside its scope: only explicit `[[control]]` links to it are reported there.',
    why: 'Outside its scope the word has no defined meaning, yet it reads as if it had one: either the definition should apply more widely, or the word is used loosely.',
    ok: {
      document: `# 2. Commitments\n\nFor purposes of this Section 2, "Committed Spend" means an amount committed under this partnership.\n\n2.1. Amazon's Committed Spend is $50 billion.\n`,
    },
    notOk: {
      document: `# 2. Commitments\n\nFor purposes of this Section 2, "Committed Spend" means an amount committed under this partnership.\n\n# 3. Background\n\nAmazon's Committed Spend is $50 billion.\n`,
    },
  },
  *check({ index, linked, uri, model: own }): Iterable<Finding> {
    for (const use of linked.termUses) {
      if (!use.outOfScope || !use.term) continue;
      if (!use.explicit && use.name === use.name.toLowerCase()) continue;
      const model = use.term.uri === uri ? own : index.document(use.term.uri)?.model;
      const definition = model?.definitions[use.term.definition];
      const scope = definition?.scope;
      if (!model || !definition || !scope) continue;
      const clause = model.clauses[scope.clause];
      const host = model.definitions.find((o) => o !== definition && o.span.start === scope.span.start && o.span.end === scope.span.end);
      const where = clause ? `Section ${clause.number}` : host ? `the definition of "${host.names[0]!.name}"` : 'the definition it is written in';
      yield {
        span: use.span,
        message: `"${use.text}" is used outside its scope: "${use.name}" is defined for ${where} only`,
        related: [{ uri: use.term.uri, span: definition.names.find((n) => n.name === use.name)?.span ?? definition.names[0]!.span, message: `"${use.name}" is defined here, for ${where} only` }],
        data: { name: use.name },
      };
    }
  },
};
