// Rule: term.used-once (off by default). Reports a definition whose names are used exactly once in the
// workspace, with the one use as related information.
// Why: a term used once could often be written out where it is used; commonform-lint reports the same as info.
// It is off by default because short documents legitimately define a term for one important use.
// Uses are counted as by term.unused (not inside the definition itself; a pointer shares its target's uses and
// is not reported beside it).
// ok:     `"Agent" means a program.` and two uses of Agent
// not ok: `"Equity Stake" means …` and one use

import type { Finding, Rule } from './rule.js';
import { useCountsOfDefinitions } from './term.unused.js';

/** The rule. */
export const rule: Rule = {
  id: 'term.used-once',
  defaultLevel: 'off',
  window: 'document',
  summary: 'A term is used once only',
  docs: {
    what:
      'A definition whose names are used exactly once in the workspace (uses inside the definition\'s own text do not count). The related information points to the one use. Off by default: turn it on in `clausemark.json` (`"rules": { "term.used-once": "info" }`).',
    why: 'A term used once could often be written out where it is used, which saves the reader a trip to the definitions.',
    ok: { document: `"Agent" means an AI system that carries out work for a user.\n\nEach Agent acts alone. No Agent keeps memory.\n` },
    notOk: {
      document: `"Equity Stake" means the 27% shareholding in OpenAI that Microsoft received in 2025.\n\nMicrosoft holds the Equity Stake.\n`,
    },
  },
  *check({ index, model, uri }): Iterable<Finding> {
    const uses = useCountsOfDefinitions(index, uri, model);
    for (const [d, definition] of model.definitions.entries()) {
      const { count, only } = uses[d]!;
      if (count !== 1 || !only) continue;
      // A pointer and the definition it points to share their uses: report the term once, on the definition.
      if (definition.form === 'pointer' && model.definitions.some((o) => o.form !== 'pointer' && o.names.some((n) => n.name === definition.names[0]!.name))) continue;
      const name = definition.names[0]!.name;
      yield {
        span: definition.names[0]!.span,
        message: `"${name}" is used only once`,
        related: [{ uri: only.uri, span: only.use.span, message: `The only use of "${name}"` }],
        data: { name },
      };
    }
  },
};
