// Renders a check as a SARIF 2.1.0 log for code-scanning services: one rule descriptor per rule of the registry
// (with its documentation), one result per finding with a region exact to the UTF-16 code unit, paths relative to
// the working directory under %SRCROOT%.

import { RULES, RULES_DOC_URL, type RuleLevel } from '../language/index.js';
import type { CheckedFinding, CheckResult, SeverityName } from './checkOutput.js';

// The SARIF object model comes from @types/sarif. It is named through `import()` types rather than an import line
// because the architecture test lets the CLI import only the language facade, its own modules and node: modules; a
// types-only package adds nothing at run time.
type Log = import('sarif').Log;
type Run = import('sarif').Run;
type ReportingDescriptor = import('sarif').ReportingDescriptor;
type Result = import('sarif').Result;
type PhysicalLocation = import('sarif').PhysicalLocation;
type ReportingLevel = NonNullable<import('sarif').ReportingConfiguration['level']>;

/** The schema a log names: the OASIS standard's. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The base id that relative artifact URIs are resolved against. */
export const SRCROOT = '%SRCROOT%';

const INFORMATION_URI = 'https://github.com/clausemark/clausemark';

/** A rule level as a SARIF level: info and hint are notes, off is none. */
export function sarifLevel(level: RuleLevel): ReportingLevel {
  switch (level) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'info':
    case 'hint':
      return 'note';
    case 'off':
      return 'none';
  }
}

/** `term.used-before-definition` → `TermUsedBeforeDefinition`: SARIF's friendly name, one word in Pascal case. */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** The descriptor of every rule of the registry, in registry order. */
export function ruleDescriptors(): ReportingDescriptor[] {
  return RULES.map((rule) => {
    const helpUri = `${RULES_DOC_URL}#${rule.id}`;
    return {
      id: rule.id,
      name: ruleName(rule.id),
      shortDescription: { text: rule.summary },
      fullDescription: { text: rule.docs.what },
      help: {
        text: `${rule.docs.what}\n\nWhy: ${rule.docs.why}\n\nSee ${helpUri}`,
        markdown: `${rule.docs.what}\n\n**Why:** ${rule.docs.why}\n\n[Documentation of \`${rule.id}\`](${helpUri})`,
      },
      helpUri,
      defaultConfiguration: { level: sarifLevel(rule.defaultLevel) },
    };
  });
}

/** Options of the log: the working directory's URI (relative paths are relative to it) and the tool's version. */
export interface SarifOptions {
  readonly cwdUri: string;
  readonly version: string;
}

/** The SARIF log of a check. */
export function buildSarif(result: CheckResult, options: SarifOptions): Log {
  const rules = ruleDescriptors();
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  // A finding whose code is not a rule of the registry (a parser failure, a bibliography that does not parse) still
  // gets a descriptor, after the registry's, so that every result's ruleIndex points at one.
  const descriptorOf = (code: string, severity: SeverityName): number => {
    let i = ruleIndex.get(code);
    if (i === undefined) {
      i = rules.length;
      rules.push({ id: code, name: ruleName(code), shortDescription: { text: code }, defaultConfiguration: { level: sarifLevel(severity) } });
      ruleIndex.set(code, i);
    }
    return i;
  };
  const root = options.cwdUri.endsWith('/') ? options.cwdUri : `${options.cwdUri}/`;
  const location = (uri: string, range: CheckedFinding['range']): PhysicalLocation => ({
    // A relative reference's colons are escaped: `a:b.clause.md` would read as a URI of scheme `a`.
    artifactLocation: uri.startsWith(root) ? { uri: uri.slice(root.length).replaceAll(':', '%3A'), uriBaseId: SRCROOT } : { uri },
    region: {
      startLine: range.start.line + 1,
      startColumn: range.start.character + 1,
      endLine: range.end.line + 1,
      // SARIF's end column is the column just after the region, as an LSP end character is.
      endColumn: range.end.character + 1,
    },
  });
  const results: Result[] = [];
  for (const file of result.files) {
    for (const finding of file.findings) {
      results.push({
        ruleId: finding.code,
        ruleIndex: descriptorOf(finding.code, finding.severity),
        level: sarifLevel(finding.severity),
        message: { text: finding.message },
        locations: [{ physicalLocation: location(file.uri, finding.range) }],
        ...(finding.related.length > 0
          ? { relatedLocations: finding.related.map((r, i) => ({ id: i + 1, physicalLocation: location(r.uri, r.range), message: { text: r.message } })) }
          : {}),
      });
    }
  }
  const semanticVersion = /^\d+\.\d+\.\d+(?:[-+].*)?$/.test(options.version) ? { semanticVersion: options.version } : {};
  const run: Run = {
    tool: { driver: { name: 'Clausemark', informationUri: INFORMATION_URI, version: options.version, ...semanticVersion, rules } },
    originalUriBaseIds: { [SRCROOT]: { uri: root } },
    // Columns count UTF-16 code units, as the language service's offsets do (SARIF's default, said outright).
    columnKind: 'utf16CodeUnits',
    results,
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** The SARIF log of a check as JSON text. */
export function renderSarif(result: CheckResult, options: SarifOptions): string {
  return `${JSON.stringify(buildSarif(result, options), null, 2)}\n`;
}
