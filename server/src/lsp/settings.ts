// Editor settings (the `clausemark.*` section of package.json) mapped to the language service's configuration.
// Settings flow one way: package.json -> this file -> LanguageConfig; defaults live in language/config.ts.

import type { LanguageConfig, RuleLevel } from '../language/index.js';

/** The settings as the client sends them (every field optional, every value untrusted). */
export interface Settings {
  readonly rules?: Readonly<Record<string, unknown>>;
  readonly citationStyle?: unknown;
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
