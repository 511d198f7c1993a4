// The one helper rule tests call: runs the whole diagnostics pass on a fixture (so severities and suppressions
// apply) and compares the findings of one rule with the fixture's `^^^ severity rule-id` marks.

import { expect } from 'vitest';
import { documentDiagnostics, type Diagnostic } from '../../server/src/language/diagnostics.js';
import { LineIndex } from '../../server/src/language/lineIndex.js';
import type { RuleLevel } from '../../server/src/language/rules/rule.js';
import { readFixture } from './fixture.js';
import { memoryWorkspace } from './workspace.js';

/** Options of a rule check: other files of the workspace and rule levels (as editor settings would set them). */
export interface RuleCheckOptions {
  readonly files?: Readonly<Record<string, string>>;
  readonly levels?: Readonly<Record<string, RuleLevel>>;
}

/** The diagnostics of `document` that carry `ruleId`. */
export function findingsOf(ruleId: string, document: string, options: RuleCheckOptions = {}): Diagnostic[] {
  const { index, uri } = memoryWorkspace(document, options.files);
  return documentDiagnostics(index, uri, { rules: options.levels ?? {} }).filter((d) => d.code === ruleId);
}

/** Asserts that the findings of `ruleId` on the fixture are exactly its `^^^` marks (line, columns, severity). */
export function checkRule(ruleId: string, fixture: string, options: RuleCheckOptions = {}): Diagnostic[] {
  const { text, expected } = readFixture(fixture);
  const found = findingsOf(ruleId, text, options);
  const lines = new LineIndex(text);
  const sourceLines = text.split(/\r?\n/);
  // A finding that runs past its line is marked up to the line's end.
  const got = found.map((d) => {
    const start = lines.position(d.span.start);
    const end = lines.position(d.span.end);
    const endColumn = end.line === start.line ? end.character : sourceLines[start.line]!.length;
    return { line: start.line, start: start.character, end: endColumn, severity: d.severity, code: d.code };
  });
  const want = expected.filter((e) => e.code === ruleId);
  expect(got, found.map((d) => d.message).join('\n')).toEqual(want);
  return found;
}
