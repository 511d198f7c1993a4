// Reads a workspace's `clausemark.json` (default bibliography and imports, rule severities, size limit) with positioned problems.

import { isMap, isScalar } from 'yaml';
import type { PathRef, Severity, Span, SyntaxProblem } from './model.js';
import {
  addProblem, byPosition, describe, errorMessage, isEmpty, mapPairs, nodeSpan, parseYaml, quote, readPaths, resolve, scalarText,
  valueOrKeySpan, type KeyedPair, type YamlContext,
} from './yamlSpans.js';

/** The problem code of every `clausemark.json` problem. */
export const CONFIG_CODE = 'syntax.config';

/** A rule's configured level: a severity, or `off`. */
export type RuleLevel = Severity | 'off';

/** The levels a rule may be set to, in the order messages list them. */
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

/** What `clausemark.json` declares. Absent keys give empty lists and an empty rule record. */
export interface WorkspaceConfig {
  /** Default bibliography files, relative to the folder holding `clausemark.json`. */
  readonly bibliography: readonly PathRef[];
  /** Default imports (a shared glossary), relative to the folder holding `clausemark.json`. */
  readonly imports: readonly PathRef[];
  /** Rule id → level, as written (rule ids are not checked here: the rule registry knows them). */
  readonly rules: Readonly<Record<string, RuleLevel>>;
  /** Rule id → span of the id as written, for problems about unknown rule ids. */
  readonly ruleSpans: Readonly<Record<string, Span>>;
  /** Largest file to read, as written (a positive number; the caller decides the unit, bytes by convention). */
  readonly maxFileSize?: number;
}

/** Keys `clausemark.json` may hold; `$schema` is allowed for editors' JSON validation. */
const CONFIG_KEYS: readonly string[] = ['bibliography', 'imports', 'rules', 'maxFileSize'];

/** Reads `clausemark.json` (JSON, read as YAML 1.2 so that every value keeps its position). Never throws. */
export function readWorkspaceConfig(text: string, origin: string): { config: WorkspaceConfig; problems: SyntaxProblem[] } {
  try {
    return readChecked(text, origin);
  } catch (error) {
    return {
      config: { bibliography: [], imports: [], rules: {}, ruleSpans: {} },
      problems: [{ code: CONFIG_CODE, span: { start: 0, end: 0 }, message: `cannot read clausemark.json: ${errorMessage(error)}` }],
    };
  }
}

/** `readWorkspaceConfig` without the safety net. */
function readChecked(text: string, origin: string): { config: WorkspaceConfig; problems: SyntaxProblem[] } {
  const ctx = parseYaml(text, 0, CONFIG_CODE, origin, 'JSON');
  const root = resolve(ctx, ctx.root);
  let bibliography: PathRef[] = [];
  let imports: PathRef[] = [];
  let rules: [string, RuleLevel, Span][] = [];
  let maxFileSize: number | undefined;
  if (!isEmpty(root) && !isMap(root)) {
    addProblem(ctx.problems, ctx.code, nodeSpan(ctx, root),
      `clausemark.json must hold an object { "bibliography", "imports", "rules", "maxFileSize" }, found ${describe(root)}`);
  }
  for (const pair of root === undefined ? [] : mapPairs(ctx, root)) {
    switch (pair.key) {
      case 'bibliography':
        bibliography = readPaths(ctx, pair);
        break;
      case 'imports':
        imports = readPaths(ctx, pair);
        break;
      case 'rules':
        rules = readRules(ctx, pair);
        break;
      case 'maxFileSize':
        maxFileSize = readMaxFileSize(ctx, pair);
        break;
      case '$schema':
        break;
      default:
        addProblem(ctx.problems, ctx.code, pair.keySpan,
          `unknown key ${quote(pair.key)} in clausemark.json; expected ${CONFIG_KEYS.map((key) => `"${key}"`).join(', ')}`);
    }
  }
  const config: WorkspaceConfig = {
    bibliography,
    imports,
    rules: Object.fromEntries(rules.map(([id, level]) => [id, level])),
    ruleSpans: Object.fromEntries(rules.map(([id, , span]) => [id, span])),
    ...(maxFileSize !== undefined && { maxFileSize }),
  };
  return { config, problems: byPosition(ctx.problems) };
}

/** `rules`: an object rule id → level. */
function readRules(ctx: YamlContext, pair: KeyedPair): [string, RuleLevel, Span][] {
  const node = resolve(ctx, pair.value);
  if (isEmpty(node)) return [];
  if (!isMap(node)) {
    addProblem(ctx.problems, ctx.code, valueOrKeySpan(ctx, pair),
      `"rules" must be an object { "<rule-id>": "off" | "hint" | "info" | "warning" | "error" }, found ${describe(node)}`);
    return [];
  }
  const rules: [string, RuleLevel, Span][] = [];
  for (const rule of mapPairs(ctx, node)) {
    const value = resolve(ctx, rule.value);
    const level = scalarText(value);
    if (level === undefined || !(RULE_LEVELS as readonly string[]).includes(level) || !isScalar(value) || typeof value.value !== 'string') {
      addProblem(ctx.problems, ctx.code, valueOrKeySpan(ctx, rule),
        `rule ${quote(rule.key)} must be set to one of ${RULE_LEVELS.map((l) => `"${l}"`).join(', ')}, found ${describe(value)}`);
      continue;
    }
    rules.push([rule.key, level as RuleLevel, rule.keySpan]);
  }
  return rules;
}

/** `maxFileSize`: a positive number. */
function readMaxFileSize(ctx: YamlContext, pair: KeyedPair): number | undefined {
  const node = resolve(ctx, pair.value);
  if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value) && node.value > 0) return node.value;
  addProblem(ctx.problems, ctx.code, valueOrKeySpan(ctx, pair), `"maxFileSize" must be a positive number, found ${describe(node)}`);
  return undefined;
}
