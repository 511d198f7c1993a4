// Tests of the rule term.used-before-definition: uses after the definition, a first use before it (reported
// once), forward references the drafter flagged, Definitions sections, uses inside definitions and headings,
// pointer definitions, imported terms, the related information and quick-fix data, the rule off, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

/** Documents with uses before a definition that must not be reported. */
const fine: [string, string][] = [
  ['uses after the definition', '"Agent" means a program.\n\nEach Agent acts alone.'],
  ['"(defined below)" after the first use, and the later uses', 'Each Agent (defined below) acts alone. Every Agent keeps memory.\n\n"Agent" means a program.'],
  ['"(as defined below)" and "(as hereinafter defined)"', 'The Cover Page (as defined below) and the Services (as hereinafter defined).\n\n"Cover Page" means the first page.\n\n"Services" means the work.'],
  ['"(as defined in Section 9)"', 'Each Agent (as defined in Section 9) acts alone.\n\n# 9. Terms\n\n"Agent" means a program.'],
  ['uses in a Definitions section, callouts included', '# Definitions\n\n"Agent" means a program that makes Model Turns.\n\n> [!EXPLAIN]\n> An Agent makes Model Turns.\n\n"Model Turn" means one step.\n\n# 1. Use\n\nEach Agent acts.'],
  ['uses in a numbered Definitions clause', '# 1. Definitions\n\n> [!NOTE]\n> Model Turns are billed.\n\n1.1. "Model Turn" means one step.\n\n# 2. Use\n\nEach Model Turn is billed.'],
  ['uses inside another definition', '1.1. "Agent" means a program that makes Model Turns.\n\n1.2. "Model Turn" means one step.'],
  ['a use in the sentence of its own parenthetical definition', 'This Agreement (the "Agreement") binds both parties.'],
  ['uses in headings', '# 3. Committed Spend\n\n"Committed Spend" means an amount.'],
  ['a pointer definition before the uses', '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.\n\n# 1. Use\n\nThe Azure Exclusivity Clause is strict.\n\n## 1.1 Azure\n\nAll calls go to Azure (the "Azure Exclusivity Clause").'],
  ['imported terms', '---\nimports: [glossary.clause.md]\n---\n\nEach Agent acts alone.'],
];

describe('term.used-before-definition', () => {
  it.each(fine)('finds nothing on %s', (_name, document) => {
    checkRule('term.used-before-definition', document, { files: { 'glossary.clause.md': '"Agent" means a program.\n' } });
  });

  it('reports the first use before the definition, once per term', () => {
    checkRule(
      'term.used-before-definition',
      [
        '# 1. Scope',
        '',
        'Each Agent acts alone. No Agent keeps memory; each makes [[Model Turn|turns]].',
        '     ^^^^^ info term.used-before-definition',
        '                                                         ^^^^^^^^^^^^^^^^^^^^ info term.used-before-definition',
        '',
        '# 2. Terms',
        '',
        '2.1. "Agent" means a program.',
        '',
        '2.2. "Model Turn" means one step.',
      ].join('\n'),
    );
  });

  it('reports a use after a flagged-out first use inside a definition', () => {
    checkRule(
      'term.used-before-definition',
      ['1.1. "Agent" means a program that makes Model Turns.', '', '1.2. Each Model Turn is logged.', '          ^^^^^^^^^^ info term.used-before-definition', '', '1.3. "Model Turn" means one step.'].join('\n'),
    );
  });

  it('points to the definition and offers "(defined below)"', () => {
    const [found] = findingsOf('term.used-before-definition', 'Each Agent acts.\n\n# 2. Terms\n\n"Agent" means a program.');
    expect(found!.message).toBe('"Agent" is used before its definition in Section 2: move the definition up or write "(defined below)"');
    expect(found!.related).toEqual([{ uri: 'file:///workspace/doc.clause.md', span: { start: 31, end: 36 }, message: 'Definition of "Agent"' }]);
    expect(found!.data).toEqual({ name: 'Agent', insert: { offset: 10, text: ' (defined below)' } });
  });

  it('says nothing when switched off', () => {
    checkRule('term.used-before-definition', 'Each Agent acts.\n\n"Agent" means a program.', { levels: { 'term.used-before-definition': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('term.used-before-definition', '<!-- clausemark-disable-next-line term.used-before-definition -->\nEach Agent acts.\n\n"Agent" means a program.');
  });
});
