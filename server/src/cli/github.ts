// Renders a check as GitHub Actions workflow commands (`::error file=…,line=…::message`), which the runner turns
// into annotations on the pull request's changed lines, then the summary as a plain log line.

import { summaryLine, type CheckResult, type SeverityName } from './checkOutput.js';

/** The workflow command of each severity: GitHub has three, so info and hint are notices. */
export const GITHUB_COMMAND: Readonly<Record<SeverityName, 'error' | 'warning' | 'notice'>> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
  hint: 'notice',
};

/** Escapes a command's message the way the runner unescapes it: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a command property's value: as a message, and also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * One command a finding, then the summary. Columns are 1-based UTF-16 columns, `endColumn` the one after the last
 * character (as in SARIF); GitHub takes columns only for a one-line range, so a longer range gives lines alone.
 */
export function renderGithub(result: CheckResult): string {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const d of file.findings) {
      const { start, end } = d.range;
      const properties = [`file=${escapeProperty(file.path)}`, `line=${start.line + 1}`];
      if (start.line === end.line) properties.push(`col=${start.character + 1}`);
      properties.push(`endLine=${end.line + 1}`);
      if (start.line === end.line) properties.push(`endColumn=${end.character + 1}`);
      properties.push(`title=${escapeProperty(d.code)}`);
      lines.push(`::${GITHUB_COMMAND[d.severity]} ${properties.join(',')}::${escapeData(d.message)}`);
    }
  }
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}
