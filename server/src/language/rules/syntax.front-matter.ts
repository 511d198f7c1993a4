// Rule: syntax.front-matter. Reports front matter that is not valid YAML or has a wrong type, at the place of
// the error, and a front matter fence never closed. Why: a broken front matter silently drops parties, sources and
// imports.
// ok:     `parties: [{ name: Microsoft }]`
// not ok: `parties: Microsoft, OpenAI` (a string where a list is expected)

import { problemsOf, type Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'syntax.front-matter',
  defaultLevel: 'error',
  window: 'document',
  summary: 'Front matter is not valid YAML, has a wrong type, or is never closed',
  docs: {
    what: 'Front matter that is not valid YAML, or a key with the wrong type (`parties` not a list, a party without a name, `clausemark` not 1). The finding stands at the place of the YAML error. Also a front matter whose opening `---` no later line of `---` closes (pandoc\'s `...` does not close it here): the text is then read without front matter, and the finding stands at the opening fence.',
    why: 'A broken front matter silently drops the parties, sources and imports it declares: every citation and imported term after it would look wrong.',
    ok: { document: `---\nclausemark: 1\nparties:\n  - name: Microsoft\n---\n\n# 1. Scope\n` },
    notOk: { document: `---\nclausemark: 1\nparties: [\n---\n\n# 1. Scope\n` },
  },
  check: ({ model }) => problemsOf(model, 'syntax.front-matter'),
};
