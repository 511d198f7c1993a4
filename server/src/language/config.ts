// The language service's configuration: rule levels and limits, with every default in this one place.
// Settings flow one way: editor settings or `clausemark.json` -> this shape -> the features.

import type { RuleLevel } from './rules/rule.js';

/** What the service reads from the configuration. */
export interface LanguageConfig {
  /** Rule levels that override the rules' defaults (`off` disables a rule). */
  readonly rules: Readonly<Record<string, RuleLevel>>;
  /** The CSL style sources are shown in (hovers, reports); the formatter's default when absent. */
  readonly citationStyle?: string;
}

/** The defaults: every rule at its own default level. */
export const DEFAULT_CONFIG: LanguageConfig = { rules: {} };

/** Merges rule levels: later sources win (defaults, then `clausemark.json`, then editor settings). */
export function mergeRuleLevels(...layers: (Readonly<Record<string, RuleLevel>> | undefined)[]): Record<string, RuleLevel> {
  return Object.assign({}, ...layers.filter(Boolean));
}
