// Editor settings (the `clausemark.*` section of package.json) mapped to the language service's configuration.
// Settings flow one way: package.json -> this file -> LanguageConfig; defaults live in language/config.ts.

import { DEFAULT_MATCHING, type LanguageConfig, type MatchingOptions, type RuleLevel } from '../language/index.js';

/** The settings as the client sends them (every field optional, every value untrusted). */
export interface Settings {
  readonly rules?: Readonly<Record<string, unknown>>;
  readonly citationStyle?: unknown;
  readonly terms?: { readonly plurals?: unknown; readonly capitalizedAtSentenceStart?: unknown };
  readonly bibliography?: unknown;
  readonly imports?: unknown;
  readonly maxFileSize?: unknown;
}

const LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

/** Maps settings to the service's configuration, dropping values of the wrong type. */
export function toLanguageConfig(settings: Settings | undefined): LanguageConfig {
  const rules: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(settings?.rules ?? {})) {
    if (typeof level === 'string' && (LEVELS as readonly string[]).includes(level)) rules[id] = level as RuleLevel;
  }
  const citationStyle = typeof settings?.citationStyle === 'string' && /^[\w-]{1,64}$/.test(settings.citationStyle) ? settings.citationStyle : undefined;
  return citationStyle ? { rules, citationStyle } : { rules };
}

/** The term-matching options of the settings; a value of the wrong type keeps the default. */
export function toMatchingOptions(settings: Settings | undefined): MatchingOptions {
  const terms = settings?.terms;
  return {
    plurals: typeof terms?.plurals === 'boolean' ? terms.plurals : DEFAULT_MATCHING.plurals,
    capitalizedAtSentenceStart: typeof terms?.capitalizedAtSentenceStart === 'boolean' ? terms.capitalizedAtSentenceStart : DEFAULT_MATCHING.capitalizedAtSentenceStart,
  };
}

/** The file size limit of the settings in bytes (a positive number), or undefined to leave it to `clausemark.json` and the default. */
export function toMaxFileSize(settings: Settings | undefined): number | undefined {
  const value = settings?.maxFileSize;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Default imports and bibliographies of the settings, as lists of paths. */
export function toDefaultPaths(settings: Settings | undefined): { imports: string[]; bibliography: string[] } {
  const list = (value: unknown) => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return { imports: list(settings?.imports), bibliography: list(settings?.bibliography) };
}
