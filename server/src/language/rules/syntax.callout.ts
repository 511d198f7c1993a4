// Rule: syntax.callout. Reports a callout of an unknown type, or a `POSITION` callout without a party.
// Why: a misspelled `[!EXPLIAN]` is silently shown as a plain quote and never reaches the hover.
// ok:     `> [!POSITION Microsoft]`
// not ok: `> [!POSITION]`, `> [!EXPLIAN]`

import type { Finding, Rule } from './rule.js';

/** The callout types the format knows (GitHub's own alert types are accepted too). */
export const CALLOUT_TYPES = ['EXPLAIN', 'POSITION', 'NOTE', 'RISK', 'QUESTION', 'TODO', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION'] as const;

/** The rule. */
export const rule: Rule = {
  id: 'syntax.callout',
  defaultLevel: 'warning',
  window: 'document',
  summary: 'Unknown callout type, or `POSITION` without a party',
  docs: {
    what: 'A callout whose type the format does not know (it knows `EXPLAIN`, `POSITION`, `NOTE`, `RISK`, `QUESTION`, `TODO`, and GitHub\'s `TIP`, `IMPORTANT`, `WARNING`, `CAUTION`), or a `POSITION` callout that names no party.',
    why: 'A misspelled `[!EXPLIAN]` is shown as a plain quote and never reaches the hover; a position without a party cannot be shown beside the others.',
    ok: { document: `"Agent" means a program.\n\n> [!EXPLAIN]\n> Software acting for a user.\n` },
    notOk: { document: `"Agent" means a program.\n\n> [!EXPLIAN]\n> Software acting for a user.\n` },
  },
  *check({ model }): Iterable<Finding> {
    for (const callout of model.callouts) {
      if (!(CALLOUT_TYPES as readonly string[]).includes(callout.type)) {
        yield {
          span: callout.markerSpan,
          message: `Unknown callout type "${callout.type}": expected one of ${CALLOUT_TYPES.slice(0, 6).join(', ')}`,
        };
      } else if (callout.type === 'POSITION' && !callout.party) {
        yield { span: callout.markerSpan, message: 'POSITION callout names no party: write "[!POSITION Party]"' };
      }
    }
  },
};
