// Tests of the rule term.circular: chains without a cycle, a recursive definition, a two- and a three-member
// cycle (each member reported with the cycle from itself), overlapping cycles, the related uses, a cycle through
// imported documents, the rule off, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';
import { documentDiagnostics } from '../../server/src/language/diagnostics.js';

/** Documents without a cycle between definitions. */
const acyclic: [string, string][] = [
  ['a chain of definitions', '"Agent Loop" means repeated Model Turns.\n\n"Model Turn" means one Request.\n\n"Request" means a message.'],
  ['a recursive definition', '"Affiliate" means an entity that controls a party, including an Affiliate of an Affiliate.'],
  ['a term quoted, not used, in another definition', '"Contribution" means work submitted to the Licensor. For the purposes of this definition, "submitted" means sent, excluding communication marked "Not a Contribution."'],
  ['mutual uses outside definitions', '"Agent Loop" means a repetition.\n\n"Model Turn" means a step.\n\nEach Agent Loop makes Model Turns; each Model Turn belongs to an Agent Loop.'],
];

describe('term.circular', () => {
  it.each(acyclic)('finds nothing on %s', (_name, document) => {
    checkRule('term.circular', document);
  });

  it('reports every member of a cycle on its name', () => {
    checkRule(
      'term.circular',
      [
        '"Agent Loop" means the repeated Model Turns of one task.',
        ' ^^^^^^^^^^ warning term.circular',
        '',
        '"Model Turn" means one step of an Agent Loop.',
        ' ^^^^^^^^^^ warning term.circular',
      ].join('\n'),
    );
  });

  it('shows the shortest cycle through each member, starting from it, with the use behind each step', () => {
    const document = '"A Loop" means B Steps.\n\n"B Step" means part of a C Turn.\n\n"C Turn" means the end of an A Loop.';
    const found = findingsOf('term.circular', document);
    expect(found.map((f) => f.message)).toEqual([
      'Circular definition: "A Loop" → "B Step" → "C Turn" → "A Loop"',
      'Circular definition: "B Step" → "C Turn" → "A Loop" → "B Step"',
      'Circular definition: "C Turn" → "A Loop" → "B Step" → "C Turn"',
    ]);
    expect(found[0]!.related.map((r) => [document.slice(r.span.start, r.span.end), r.message])).toEqual([
      ['B Steps', '"A Loop" uses "B Step"'],
      ['C Turn', '"B Step" uses "C Turn"'],
      ['A Loop', '"C Turn" uses "A Loop"'],
    ]);
  });

  it('reports each member of overlapping cycles once, with its own shortest cycle', () => {
    const found = findingsOf('term.circular', '"Alpha" means a Beta.\n\n"Beta" means an Alpha or a Gamma.\n\n"Gamma" means a Beta.');
    expect(found.map((f) => f.message)).toEqual([
      'Circular definition: "Alpha" → "Beta" → "Alpha"',
      'Circular definition: "Beta" → "Alpha" → "Beta"',
      'Circular definition: "Gamma" → "Beta" → "Gamma"',
    ]);
  });

  it('follows cycles through imported documents, reporting each member in its own document', () => {
    const { index, uri } = memoryWorkspace('---\nimports: [glossary.clause.md]\n---\n\n"Agent Loop" means repeated Model Turns.\n', {
      'glossary.clause.md': '---\nimports: [doc.clause.md]\n---\n\n"Model Turn" means one step of an Agent Loop.\n',
    });
    const here = documentDiagnostics(index, uri, { rules: {} }).filter((d) => d.code === 'term.circular');
    const there = documentDiagnostics(index, uriOf('glossary.clause.md'), { rules: {} }).filter((d) => d.code === 'term.circular');
    expect(here.map((d) => d.message)).toEqual(['Circular definition: "Agent Loop" → "Model Turn" → "Agent Loop"']);
    expect(there.map((d) => d.message)).toEqual(['Circular definition: "Model Turn" → "Agent Loop" → "Model Turn"']);
    expect(here[0]!.related.map((r) => r.uri)).toEqual([uri, uriOf('glossary.clause.md')]);
  });

  it('follows a use of a pointer definition to the definition it points to', () => {
    const found = findingsOf(
      'term.circular',
      '---\nimports: [glossary.clause.md]\n---\n\n"Agent Loop" means repeated Model Turns.\n',
      { files: { 'glossary.clause.md': '---\nimports: [doc.clause.md]\n---\n\n"Model Turn" has the meaning set forth in Section 1.\n\n# 1. Turns\n\nA step of an Agent Loop (a "Model Turn") is billed.\n' } },
    );
    expect(found.map((f) => f.message)).toEqual(['Circular definition: "Agent Loop" → "Model Turn" → "Agent Loop"']);
  });

  it('says nothing when switched off', () => {
    checkRule('term.circular', '"Alpha" means a Beta.\n\n"Beta" means an Alpha.', { levels: { 'term.circular': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('term.circular', '<!-- clausemark-disable-next-line term.circular -->\n"Alpha" means a Beta.\n\n"Beta" means an Alpha.\n ^^^^ warning term.circular');
  });
});
