// Renders `docs/rules.md` from the rule registry: one section per rule with its id, default level, what it
// reports, why, and an ok and a not-ok example. A test keeps the file equal to this rendering and runs the examples.

import type { Rule, RuleExample } from './rule.js';

/** The anchor of a rule's section in `docs/rules.md` (the rule id itself). */
export function ruleAnchor(id: string): string {
  return id;
}

/** The documentation URL of a rule, relative to the repository, for `codeDescription`. */
export const RULES_DOC_URL = 'https://github.com/clausemark/clausemark/blob/main/docs/rules.md';

/** The whole `docs/rules.md`. */
export function renderRulesDoc(rules: readonly Rule[]): string {
  const out: string[] = [
    '# Diagnostic rules',
    '',
    'Every finding Clausemark reports comes from one of these rules. Each rule has a stable id (the diagnostic\'s',
    'code), a default level, and can be set to `off`, `hint`, `info`, `warning` or `error` in `clausemark.json`',
    '(`"rules": { "term.unused": "off" }`) or in the editor setting `clausemark.rules`. A finding is silenced in',
    'place with a suppression comment: `<!-- clausemark-disable-next-line term.unused -->` (see',
    '[the format](format.md)). This page is generated from the rules themselves; its examples are run by the tests.',
    '',
    '| rule | default | reports |',
    '|---|---|---|',
    ...rules.map((r) => `| [\`${r.id}\`](#${ruleAnchor(r.id)}) | ${r.defaultLevel} | ${r.summary} |`),
    '',
  ];
  for (const rule of rules) {
    out.push(
      `<a id="${ruleAnchor(rule.id)}"></a>`,
      `## \`${rule.id}\``,
      '',
      `Default: **${rule.defaultLevel}**.`,
      '',
      rule.docs.what,
      '',
      `**Why:** ${rule.docs.why}`,
      '',
      '**Not ok:**',
      '',
      ...example(rule.docs.notOk),
      '**Ok:**',
      '',
      ...example(rule.docs.ok),
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function example(ex: RuleExample): string[] {
  const lines: string[] = [];
  for (const [path, text] of Object.entries(ex.files ?? {})) lines.push(`\`${path}\`:`, '', fence(text), '');
  if (ex.files) lines.push('The document:', '');
  lines.push(fence(ex.document), '');
  return lines;
}

function fence(text: string): string {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}markdown\n${text.replace(/\n$/, '')}\n${ticks}`;
}
