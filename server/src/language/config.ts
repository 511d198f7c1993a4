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

/**
 * Bounds on what one file or one request may cost (docs/reliability.md, "Limits"). A file larger than `maxFileSize`
 * is not analysed; a request that would answer more than its bound answers the first ones and says so, or refuses.
 */
export const LIMITS = {
  /** Largest file analysed, in bytes of UTF-8 (20 MiB), unless the setting or `clausemark.json` says otherwise. */
  maxFileSize: 20 * 1024 * 1024,
  /** Most locations find-all-references answers (the first ones by file and position; the server says how many more). */
  references: 10_000,
  /** Most highlights in one document. */
  highlights: 10_000,
  /** Most completion items (those matching the typed text first; the list is then marked incomplete, so the editor asks again as the user types). */
  completions: 200,
  /** Most places one rename may change; a larger rename is refused with the count. */
  renameEdits: 10_000,
  /** Most related places one diagnostic lists. */
  related: 20,
  /** Most symbols in a document's outline: past it, the deepest levels of clauses are left out (`boundOutline`). */
  documentSymbols: 20_000,
} as const;

/** How automatic term uses are matched (editor settings `clausemark.terms.*`). */
export interface MatchingOptions {
  /** Match regular plurals (`Calls`, `Parties`) as uses of the singular. */
  readonly plurals: boolean;
  /** Match a term defined in lower case with a capital first letter at a sentence start and in headings. */
  readonly capitalizedAtSentenceStart: boolean;
}

/** The matching the format describes. */
export const DEFAULT_MATCHING: MatchingOptions = { plurals: true, capitalizedAtSentenceStart: true };

/** Merges rule levels: later sources win (defaults, then `clausemark.json`, then editor settings). */
export function mergeRuleLevels(...layers: (Readonly<Record<string, RuleLevel>> | undefined)[]): Record<string, RuleLevel> {
  return Object.assign({}, ...layers.filter(Boolean));
}
