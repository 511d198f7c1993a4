// Rule: cite.unknown. Reports a citation key (`[@ft-2026-03]`) that no visible source carries: not in the
// document's `sources`, its bibliographies, its imports' sources, nor the workspace default bibliography.
// Why: a citation to nothing gives the reader no way to check the claim it backs, and hover shows nothing.
// ok:     `[@dcd-2025]` with `dcd-2025` in `sources`
// not ok: `[@dcd-2052]` (a typo)

import type { Finding, Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'cite.unknown',
  defaultLevel: 'error',
  window: 'occurrences',
  summary: 'A citation key is in no source',
  docs: {
    what:
      'A citation key (`[@key]`, `[see @key, p. 3]`, each key of `[@a; @b]`) that no source the document can see carries: its front-matter ' +
      '`sources`, its `bibliography` files, the sources of the documents it imports, and the workspace default bibliography. The finding ' +
      'carries the key, for a quick fix that adds a source entry.',
    why: 'A citation to nothing backs no claim: the reader cannot check it, hover shows nothing, and reports list it as unsourced. Most often it is a typo in the key or a source that was never added.',
    ok: {
      document: `---\nbibliography: sources.yaml\n---\n\nFees are due within 30 days [@msa-2024].\n`,
      files: { 'sources.yaml': `- id: msa-2024\n  title: Master Services Agreement\n  publisher: Example Corp\n  issued: 2024-05-01\n` },
    },
    notOk: {
      document: `---\nbibliography: sources.yaml\n---\n\nFees are due within 30 days [@msa-2042].\n`,
      files: { 'sources.yaml': `- id: msa-2024\n  title: Master Services Agreement\n  publisher: Example Corp\n  issued: 2024-05-01\n` },
    },
  },
  *check({ linked }): Iterable<Finding> {
    for (const use of linked.citations) {
      if (use.source) continue;
      const key = use.item.key;
      yield { span: use.item.keySpan, message: `No source "${key}": expected it in "sources", a bibliography or an imported document`, data: { key } };
    }
  },
};
