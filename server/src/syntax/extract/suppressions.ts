// Reads suppression comments (format section 7): `<!-- clausemark-disable RULE[, RULE] -->`, `-enable`,
// `-disable-next-line` and `-disable-file`; no rule id means every rule.

import type { Suppression } from '../model.js';
import type { HtmlItem } from '../parseBlock.js';

const COMMENT = /<!--\s*clausemark-(disable-next-line|disable-file|disable|enable)\b([^]*?)-->/g;

/** Every suppression comment in an HTML node, in order. */
export function findSuppressions(item: HtmlItem): Suppression[] {
  const found: Suppression[] = [];
  for (const m of item.value.matchAll(COMMENT)) {
    const rules = m[2]!.split(/[\s,]+/).filter(Boolean);
    const start = item.span.start + m.index;
    found.push({ kind: m[1] as Suppression['kind'], rules, span: { start, end: start + m[0].length } });
  }
  return found;
}
