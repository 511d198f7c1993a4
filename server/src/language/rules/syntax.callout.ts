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
  summary: 'Unknown callout type, or `POSITION` without a party',
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
