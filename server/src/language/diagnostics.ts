// Computes the diagnostics of a document: runs every rule that is not off, sets each finding's severity and
// drops what suppression comments silence. Also reports problems of bibliography files and `clausemark.json`.
// A file above the size limit gets only the finding of `limit.file-size`; a rule that throws gives one finding
// naming it, and the other rules still run. Given a `FindingsStore`, a check whose key (`storedFindings.ts`) the store
// holds takes the rules' findings from it instead of running the rules; the rest is the same.

import type { Severity, Span, SyntaxProblem } from '../syntax/model.js';
import type { LinkedDocument } from './link.js';
import { LIMITS, type LanguageConfig } from './config.js';
import { rule as citeUnused, unusedSourcesOf } from './rules/cite.unused.js';
import { RULES } from './rules/index.js';
import { rule as fileSize } from './rules/limit.file-size.js';
import type { Finding, RelatedPlace, Rule, RuleContext, RuleLevel } from './rules/rule.js';
import { keepFindings, lookUpFindings, type FindingsStore } from './storedFindings.js';
import { suppressionsOf, type SuppressionCheck } from './suppression.js';
import type { IndexReads, WorkspaceIndex } from './workspaceIndex.js';

/** A diagnostic in the service's own words; the LSP shell and the CLI turn it into their formats. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedPlace[];
  readonly tags: readonly 'unnecessary'[];
  readonly data?: Readonly<Record<string, unknown>>;
}

/** The level a rule runs at: editor settings over `clausemark.json` over the rule's default. */
export function levelOf(index: WorkspaceIndex, config: LanguageConfig, ruleId: string, defaultLevel: RuleLevel): RuleLevel {
  return config.rules[ruleId] ?? index.config?.config.rules[ruleId] ?? defaultLevel;
}

/**
 * What the last full check of a linked document found, rule by rule, before levels and suppressions apply: the
 * basis against which an edit is checked again in its window only (`editDiagnostics.ts`).
 */
export interface CheckBasis {
  /** What the check read of the index (with the generation it ran at): the basis holds while `stillValid` says so. */
  readonly reads: IndexReads;
  readonly rules: readonly Rule[];
  /** Each rule's level then (`off`: it did not run). */
  readonly levels: ReadonlyMap<string, RuleLevel>;
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  readonly suppressed: SuppressionCheck;
}

const bases = new WeakMap<LinkedDocument, CheckBasis>();

/** The basis the last full check of `linked` left (see `CheckBasis`). */
export function checkBasis(linked: LinkedDocument): CheckBasis | undefined {
  return bases.get(linked);
}

/**
 * The diagnostics of one Clausemark document, sorted by position; `rules` defaults to the registry. With `store`, the
 * rules' findings come from it when it holds those of this very check (same key), and a check that ran its rules to
 * the end without a failure gives it what they found; the diagnostics and the basis are the same either way.
 */
export function documentDiagnostics(index: WorkspaceIndex, uri: string, config: LanguageConfig, rules: readonly Rule[] = RULES, store?: FindingsStore): Diagnostic[] {
  return index.observe(() => checkDocument(index, uri, config, rules, store)).value;
}

/** `documentDiagnostics` under an observation of the index (which leaves the basis what the check read). */
function checkDocument(index: WorkspaceIndex, uri: string, config: LanguageConfig, rules: readonly Rule[], store: FindingsStore | undefined): Diagnostic[] {
  const linked = index.linked(uri);
  if (!linked) return [];
  const context = { index, linked, model: linked.model, uri };
  // A file too large to analyse has an empty model: only the rule that says so runs.
  const tooLarge = index.document(uri)?.tooLarge !== undefined;
  const run = tooLarge ? [fileSize] : rules;
  const levels = new Map<string, RuleLevel>();
  for (const rule of run) levels.set(rule.id, levelOf(index, config, rule.id, rule.defaultLevel));
  // The stored findings' key digests the whole workspace; they are what the rules would find, so an observation of
  // this check (see WorkspaceIndex.observe) does not depend on it.
  const lookup = store && !tooLarge ? index.unobserved(() => lookUpFindings(store, index, uri, config, run.filter((rule) => levels.get(rule.id) !== 'off').map((rule) => rule.id))) : undefined;
  let findings = lookup?.found;
  if (!findings) {
    findings = new Map<string, readonly Finding[]>();
    let failed = false;
    for (const rule of run) {
      if (levels.get(rule.id) === 'off') continue;
      const checked = checkRule(rule, context);
      failed ||= checked.failed;
      findings.set(rule.id, checked.findings);
    }
    if (store && lookup && !failed) keepFindings(store, uri, lookup.key, findings);
  }
  const suppressed = suppressionsOf(linked.model);
  if (!tooLarge) bases.set(linked, { reads: index.currentReads()!, rules, levels, findings, suppressed });
  return finishDiagnostics(run, levels, findings, suppressed, linked.model.problems);
}

/** A rule's findings; one that throws gives one finding naming it. */
export function runRule(rule: Rule, context: RuleContext): Finding[] {
  return checkRule(rule, context).findings;
}

/** A rule's findings, and whether it threw (then its one finding names it). */
function checkRule(rule: Rule, context: RuleContext): { findings: Finding[]; failed: boolean } {
  try {
    return { findings: [...rule.check(context)], failed: false };
  } catch (error) {
    // One failing rule must not hide the others' findings.
    return { findings: [{ span: { start: 0, end: 0 }, message: `Rule ${rule.id} failed: ${String(error)}` }], failed: true };
  }
}

/** Diagnostics from the rules' findings: levels set, suppressed ones dropped, internal problems added, sorted. */
export function finishDiagnostics(
  rules: readonly Rule[],
  levels: ReadonlyMap<string, RuleLevel>,
  findings: ReadonlyMap<string, readonly Finding[]>,
  suppressed: SuppressionCheck,
  problems: readonly SyntaxProblem[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    const level = levels.get(rule.id);
    if (level === undefined || level === 'off') continue;
    for (const f of findings.get(rule.id) ?? []) {
      if (suppressed(rule.id, f.span.start)) continue;
      out.push(toDiagnostic(rule.id, level, f));
    }
  }
  for (const p of problems) {
    if (p.code === 'syntax.internal') out.push(toDiagnostic(p.code, 'error', { span: p.span, message: p.message }));
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** The diagnostics of a non-document file: a bibliography or `clausemark.json`. */
export function fileDiagnostics(index: WorkspaceIndex, uri: string, config: LanguageConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (code: string, fallback: RuleLevel, finding: Finding) => {
    const level = levelOf(index, config, code, fallback);
    if (level !== 'off') out.push(toDiagnostic(code, level, finding));
  };
  const source = index.sourceFile(uri);
  if (source) {
    for (const p of source.problems) add(p.code, p.code === fileSize.id ? fileSize.defaultLevel : 'error', { span: p.span, message: p.message });
    // Entries of a bibliography file that no document cites are reported on the file itself.
    for (const f of unusedSourcesOf(index, uri)) add(citeUnused.id, citeUnused.defaultLevel, f);
  }
  if (index.config?.uri === uri) {
    for (const p of index.config.problems) add(p.code, 'error', { span: p.span, message: p.message });
    for (const ref of index.defaultReferences()) {
      if (ref.problem) add('import.missing', 'error', { span: ref.path.span, message: `${ref.kind === 'import' ? 'Import' : 'Bibliography'} "${ref.path.path}": ${ref.problem}` });
    }
  }
  return out;
}

/** The diagnostic made of each finding, so that a finding kept as it was (an edit elsewhere) gives the same object. */
const diagnosticOf = new WeakMap<Finding, Diagnostic>();

function toDiagnostic(code: string, severity: Severity, f: Finding): Diagnostic {
  const known = diagnosticOf.get(f);
  if (known && known.code === code && known.severity === severity) return known;
  const made = makeDiagnostic(code, severity, f);
  diagnosticOf.set(f, made);
  return made;
}

function makeDiagnostic(code: string, severity: Severity, f: Finding): Diagnostic {
  return {
    code,
    severity,
    message: f.message,
    span: f.span,
    // A finding may name many other places (every clause with the same number); a diagnostic lists the first ones.
    related: (f.related ?? []).slice(0, LIMITS.related),
    tags: f.tags ?? [],
    ...(f.data ? { data: f.data } : {}),
  };
}
