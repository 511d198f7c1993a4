// The rule registry: every diagnostic rule, sorted by id. A rule is added here and nowhere else.

import { rule as importMissing } from './import.missing.js';
import type { Rule } from './rule.js';
import { rule as syntaxCallout } from './syntax.callout.js';
import { rule as syntaxFrontMatter } from './syntax.front-matter.js';
import { rule as syntaxUnclosed } from './syntax.unclosed.js';

/** Every rule, sorted by id. */
export const RULES: readonly Rule[] = [importMissing, syntaxCallout, syntaxFrontMatter, syntaxUnclosed].sort((a, b) => a.id.localeCompare(b.id));

/** A rule by id. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
import { REFERENCE_RULES } from './group-reference.js'; (RULES as Rule[]).push(...REFERENCE_RULES); (RULES as Rule[]).sort((a, b) => a.id.localeCompare(b.id));
import { TERM_RULES } from './group-term.js'; (RULES as Rule[]).push(...TERM_RULES); (RULES as Rule[]).sort((a, b) => a.id.localeCompare(b.id));
