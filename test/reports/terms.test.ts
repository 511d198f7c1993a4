// Tests of the defined-terms report's data: each status comes from its rule's diagnostics (so suppressing or
// turning off the rule drops it), undefined `[[links]]` are rows of their own, pointers fold into their target,
// scopes are named, and a one-document report lists the imported terms the document uses.

import { describe, expect, it } from 'vitest';
import { buildTermsReport, type TermRow } from '../../server/src/language/reports/index.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

const DOCUMENT = `---
parties:
  - name: Microsoft
  - name: OpenAI
sources:
  msa:
    title: Master Services Agreement
---

# Definitions

"Agent" or "Bot" means a program acting for a user [@msa, p. 3].

> [!EXPLAIN]
> Software that works for someone.

> [!POSITION Microsoft]
> Any program.

> [!POSITION OpenAI]
> Only programs that keep memory.

"Agent" means a person acting for a company.

"Fairwater" means a data-center network.

"Credit Documentation" has the meaning set forth in Section 9.15.

"Azure Exclusivity Clause" has the meaning set forth in Section 1.

# 1. Exclusivity

Every Agent is routed through Azure (the "Azure Exclusivity Clause").

# 2. Commitments

For purposes of this Section 2, "Committed Spend" means an amount an Agent commits.

2.1. The Bot's Committed Spend is $5 under the Azure Exclusivity Clause.

# 3. Other

The Committed Spend is reported. See [[Compute Credit]], [[Compute Credit|credits]] and [[Agent]].
`;

function rows(document = DOCUMENT, levels: Record<string, 'off'> = {}): Map<string, TermRow[]> {
  const { index, uri } = memoryWorkspace(document);
  const report = buildTermsReport(index, [uri], { rules: levels });
  const map = new Map<string, TermRow[]>();
  for (const row of report.terms) map.set(row.name, [...(map.get(row.name) ?? []), row]);
  return map;
}

describe('defined-terms report', () => {
  it('lists every term with its names, definition, explanation, sources, uses and place, sorted by name', () => {
    const { index, uri } = memoryWorkspace(DOCUMENT);
    const report = buildTermsReport(index, [uri]);
    expect(report.terms.map((t) => t.name)).toEqual(['Agent', 'Agent', 'Azure Exclusivity Clause', 'Committed Spend', 'Credit Documentation', 'Fairwater']);
    const agent = report.terms[0]!;
    expect(agent).toMatchObject({
      name: 'Agent',
      aliases: ['Bot'],
      form: 'means',
      definition: '"Agent" or "Bot" means a program acting for a user.',
      explanations: ['Software that works for someone.'],
      sources: [{ key: 'msa', label: 'Master Services Agreement', known: true }],
      scope: { kind: 'document', label: '' },
      defined: { uri, path: 'doc.clause.md', section: 'Definitions' },
      imported: false,
    });
    // Agent x2 in §1 and §2, the Bot's, [[Agent]]: not the uses inside its own definition.
    expect(agent.uses).toBe(4);
    expect(DOCUMENT.slice(agent.defined.span.start, agent.defined.span.end)).toBe('Agent');
    expect(report.documents).toEqual([{ uri, path: 'doc.clause.md', title: 'doc.clause.md' }]);
  });

  it('flags: duplicate on both definitions, contested, unused, pointer to no clause, uses out of scope', () => {
    const map = rows();
    const [first, second] = map.get('Agent')!;
    expect(first!.status).toEqual({ unused: false, duplicate: true, contested: true, circular: false, outOfScopeUses: 0, danglingPointer: false });
    expect(second!.status).toMatchObject({ duplicate: true, contested: false });
    expect(map.get('Fairwater')![0]!.status).toMatchObject({ unused: true, duplicate: false });
    expect(map.get('Credit Documentation')![0]!.status).toMatchObject({ danglingPointer: true, unused: true });
    const spend = map.get('Committed Spend')![0]!;
    expect(spend.scope).toEqual({ kind: 'clause', label: 'Section 2', phrase: 'For purposes of this Section 2' });
    expect(spend.status.outOfScopeUses).toBe(1);
    expect(spend.uses).toBe(2);
  });

  it('a pointer folds into the definition it points to: one row, its uses shared, the pointer listed', () => {
    const clause = rows().get('Azure Exclusivity Clause')!;
    expect(clause).toHaveLength(1);
    expect(clause[0]).toMatchObject({ form: 'parenthetical', uses: 1, defined: { clause: { number: '1', title: 'Exclusivity' } } });
    expect(clause[0]!.pointers.map((p) => p.section)).toEqual(['Definitions']);
  });

  it('undefined [[links]] are rows of their own, with every place', () => {
    const { index, uri } = memoryWorkspace(DOCUMENT);
    const report = buildTermsReport(index, [uri]);
    expect(report.undefinedTerms.map((u) => [u.name, u.uses, u.places.map((p) => p.clause?.number)])).toEqual([['Compute Credit', 2, ['3', '3']]]);
  });

  it('a status whose rule is off or suppressed is not shown (the use count still says it)', () => {
    const map = rows(DOCUMENT, { 'term.unused': 'off', 'term.duplicate': 'off', 'term.undefined': 'off' });
    expect(map.get('Fairwater')![0]!.status.unused).toBe(false);
    expect(map.get('Fairwater')![0]!.uses).toBe(0);
    expect(map.get('Agent')![0]!.status.duplicate).toBe(false);
    const suppressed = rows(DOCUMENT.replace('"Fairwater" means', '<!-- clausemark-disable-next-line term.unused -->\n"Fairwater" means'));
    expect(suppressed.get('Fairwater')![0]!.status.unused).toBe(false);
    const { index, uri } = memoryWorkspace(DOCUMENT);
    expect(buildTermsReport(index, [uri], { rules: { 'term.undefined': 'off' } }).undefinedTerms).toEqual([]);
  });

  it('a definition scoped to the definition it is written in names that definition', () => {
    const map = rows(`"Agent" means a program that works across a Working Session. For the purposes of this definition, "Working Session" means a run of interactions.\n`);
    expect(map.get('Working Session')![0]!.scope).toEqual({ kind: 'definition', label: 'the definition of "Agent"', phrase: 'For the purposes of this definition' });
  });

  it('one document: its own terms, and the imported terms it uses (marked imported), counted across the workspace', () => {
    const { index, uri } = memoryWorkspace(`---\nimports: [glossary.clause.md]\n---\n\n"Bot" means a small Agent.\n\nEach Bot is an Agent.\n`, {
      'glossary.clause.md': `"Agent" means a program.\n\n"Frontier" means a platform for Agents.\n`,
    });
    const report = buildTermsReport(index, [uri]);
    expect(report.terms.map((t) => [t.name, t.imported, t.defined.path, t.uses])).toEqual([
      ['Agent', true, 'glossary.clause.md', 3],
      ['Bot', false, 'doc.clause.md', 1],
    ]);
    const whole = buildTermsReport(index, [uri, uriOf('glossary.clause.md')]);
    expect(whole.terms.map((t) => [t.name, t.imported])).toEqual([
      ['Agent', false],
      ['Bot', false],
      ['Frontier', false],
    ]);
  });

  it('unknown URIs are ignored; no documents give an empty report', () => {
    const { index } = memoryWorkspace('"Agent" means a program.\n');
    expect(buildTermsReport(index, [uriOf('missing.clause.md')])).toEqual({ kind: 'terms', version: 1, documents: [], terms: [], undefinedTerms: [] });
  });
});
