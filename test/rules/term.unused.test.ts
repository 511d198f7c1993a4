// Tests of the rule term.unused: used terms (here, through an alias, through an import, through a pointer), an
// unused definition with its tag and quick-fix data, a use inside the definition itself, the rule off, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';
import { documentDiagnostics } from '../../server/src/language/diagnostics.js';

/** Documents in which every definition is used. */
const used: [string, string][] = [
  ['a use in the body', '"Agent" means a program.\n\nEach Agent acts alone.'],
  ['a use of an alternative name', '"Stateful Runtime Environment" or "SRE" means the runtime.\n\nThe SRE keeps memory.'],
  ['a plural and an explicit link', '"Agent" means a program.\n\n"Model Turn" means a step.\n\nAgents act; see [[Model Turn|each turn]].'],
  ['a pointer and the definition it points to', '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.\n\n## 1.1 Azure\n\nAll calls go to Azure (the "Azure Exclusivity Clause").\n\n1.2. The Azure Exclusivity Clause survives.'],
  ['a use inside another definition', '"Agent" means a program that makes Model Turns.\n\n"Model Turn" means one step.\n\nEach Agent acts alone.'],
];

describe('term.unused', () => {
  it.each(used)('finds nothing on %s', (_name, document) => {
    checkRule('term.unused', document);
  });

  it('counts uses in the documents that import the definition', () => {
    const { index } = memoryWorkspace('---\nimports: [glossary.clause.md]\n---\n\nEach Agent acts alone.', { 'glossary.clause.md': '"Agent" means a program.\n\n"Frontier" means a platform.\n' });
    const found = documentDiagnostics(index, uriOf('glossary.clause.md'), { rules: {} }).filter((d) => d.code === 'term.unused');
    expect(found.map((d) => d.message)).toEqual(['"Frontier" is defined but never used']);
  });

  it('reports a definition nobody uses, and one used only inside its own text', () => {
    checkRule(
      'term.unused',
      [
        '"Fairwater" means Microsoft\'s data-center network.',
        ' ^^^^^^^^^ warning term.unused',
        '',
        '"Agent" means a program that calls another Agent.',
        ' ^^^^^ warning term.unused',
        '',
        'Microsoft struck a deal (the "October 2025 Restructuring").',
        '                              ^^^^^^^^^^^^^^^^^^^^^^^^^^ warning term.unused',
      ].join('\n'),
    );
  });

  it('tags the finding unnecessary and gives the quick fix the block', () => {
    const document = 'Intro.\n\n"Fairwater" means a network.\n\nA deal (the "Restructuring") was struck.';
    const [fairwater, restructuring] = findingsOf('term.unused', document);
    expect(fairwater!.tags).toEqual(['unnecessary']);
    expect(fairwater!.data).toEqual({ name: 'Fairwater', blockSpan: { start: 8, end: 36 }, wholeBlock: true });
    expect(restructuring!.data).toMatchObject({ name: 'Restructuring', wholeBlock: false });
  });

  // Bug in termMatcher.ts (not this rule's file): a lower-case term with a capital first letter right after a
  // sub-clause marker `(b)` is not taken as a sentence start, so the use is missed and the term looks unused.
  it('counts a capitalised lower-case term after a sub-clause marker as a use (termMatcher bug)', () => {
    checkRule('term.unused', '"stateless" means keeping nothing.\n\n# 1. Calls\n\n1.1. Calls:\n\n(b) Stateless calls are cheap.');
  });

  it('says nothing when switched off', () => {
    checkRule('term.unused', '"Fairwater" means a network.', { levels: { 'term.unused': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('term.unused', '<!-- clausemark-disable-next-line term.unused -->\n"Fairwater" means a network.\n\n"Maia" means a chip.\n ^^^^ warning term.unused');
  });
});
