// Rule: syntax.unclosed. Reports `[[`, `[@` or `{#` not closed on its line. Why: an unclosed term link or
// citation is shown as literal text and links nothing, which a reader easily misses.
// ok:     `[[Stateless API Call]]`
// not ok: `[[Stateless API Call` (no `]]` on the line)

import { problemsOf, type Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'syntax.unclosed',
  defaultLevel: 'error',
  summary: '`[[`, `[@` or `{#` is not closed on its line',
  check: ({ model }) => problemsOf(model, 'syntax.unclosed'),
};
