// Rule: syntax.unclosed. Reports `[[`, `[@` or `{#` not closed on its line. Why: an unclosed term link or
// citation is shown as literal text and links nothing, which a reader easily misses.
// ok:     `[[Stateless API Call]]`
// not ok: `[[Stateless API Call` (no `]]` on the line)

import { problemsOf, type Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'syntax.unclosed',
  defaultLevel: 'error',
  window: 'occurrences',
  summary: '`[[`, `[@` or `{#` is not closed on its line',
  docs: {
    what: '`[[`, `[@` or `{#` that is not closed on its line.',
    why: 'An unclosed term link or citation is shown as literal text and links nothing, which a reader easily misses.',
    ok: { document: `"Stateless API Call" means a request.\n\nEvery [[Stateless API Call]] is routed through Azure.\n` },
    notOk: { document: `"Stateless API Call" means a request.\n\nEvery [[Stateless API Call is routed through Azure.\n` },
  },
  check: ({ model }) => problemsOf(model, 'syntax.unclosed'),
};
