// Rule: syntax.front-matter. Reports front matter that is not valid YAML or has a wrong type, at the place of
// the error. Why: a broken front matter silently drops parties, sources and imports.
// ok:     `parties: [{ name: Microsoft }]`
// not ok: `parties: Microsoft, OpenAI` (a string where a list is expected)

import { problemsOf, type Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'syntax.front-matter',
  defaultLevel: 'error',
  summary: 'Front matter is not valid YAML or has a wrong type',
  check: ({ model }) => problemsOf(model, 'syntax.front-matter'),
};
