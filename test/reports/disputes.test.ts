// Tests of the disputes report's data: contested terms and clauses (two or more parties, an alias counting as its
// party), one column per party in the declared order, each position with its citations, and the attached notes.

import { describe, expect, it } from 'vitest';
import { buildDisputesReport } from '../../server/src/language/reports/index.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

const DOCUMENT = `---
parties:
  - name: Microsoft
  - name: OpenAI
  - name: Amazon
    aliases: [AWS]
sources:
  ft:
    title: Microsoft threatens to sue
    publisher: Financial Times
    issued: 2026-03-18
    URL: https://ft.example/sue
---

"Stateless API Call" means a request that keeps nothing after answering [@ft].

> [!EXPLAIN]
> A one-shot question.

> [!POSITION AWS]
> Agents are not stateless [@ft].

> [!POSITION Microsoft]
> Every agent is built of them [@ft; @nowhere].

> [!POSITION Amazon]
> The runtime keeps memory.

> [!RISK]
> Either reading may prevail.

"Agent" means a program.

> [!POSITION Amazon]
> A runtime.

> [!POSITION AWS]
> Same party, by its alias.

# 1. Exclusivity

All Stateless API Calls go through Azure.

> [!POSITION OpenAI]
> Only stateless ones.

> [!POSITION Microsoft]
> All of them.
`;

describe('disputes report', () => {
  const { index, uri } = memoryWorkspace(DOCUMENT);
  const report = buildDisputesReport(index, [uri]);

  it('lists contested terms and clauses in document order; an alias is its party, so one party is no dispute', () => {
    expect(report.disputes.map((d) => [d.kind, d.name])).toEqual([
      ['term', 'Stateless API Call'],
      ['clause', '§1 Exclusivity'],
    ]);
    expect(report.parties).toEqual(['Microsoft', 'Amazon', 'OpenAI']);
  });

  it('puts each party in a column, in the declared order, with every position and its citations', () => {
    const term = report.disputes[0]!;
    expect(term.columns.map((c) => [c.party, c.positions.map((p) => p.text)])).toEqual([
      ['Microsoft', ['Every agent is built of them.']],
      ['Amazon', ['Agents are not stateless.', 'The runtime keeps memory.']],
    ]);
    expect(term.columns[0]!.positions[0]!.citations).toEqual([
      { key: 'ft', label: 'Microsoft threatens to sue (Financial Times, 2026-03-18)', url: 'https://ft.example/sue', known: true },
      { key: 'nowhere', label: 'nowhere', known: false },
    ]);
    expect(term).toMatchObject({ explanations: ['A one-shot question.'], notes: [{ type: 'RISK', text: 'Either reading may prevail.' }], imported: false });
    expect(term.sources.map((s) => s.key)).toEqual(['ft']);
    expect(DOCUMENT.slice(term.columns[1]!.positions[0]!.place.span.start).startsWith('[!POSITION AWS]')).toBe(true);
  });

  it('a clause dispute names the clause and quotes its first sentences', () => {
    const clause = report.disputes[1]!;
    expect(clause.text).toBe('All Stateless API Calls go through Azure.');
    expect(clause.columns.map((c) => c.party)).toEqual(['Microsoft', 'OpenAI']);
    expect(DOCUMENT.slice(clause.place.span.start, clause.place.span.end)).toBe('1.');
  });

  it('a document that uses a contested term of an import shows that dispute too, marked imported', () => {
    const { index: two } = memoryWorkspace(`---\nimports: [doc.clause.md]\n---\n\nNo Stateless API Call leaves Azure.\n`, { 'doc.clause.md': DOCUMENT }, 'user.clause.md');
    const imported = buildDisputesReport(two, [uriOf('user.clause.md')]);
    expect(imported.disputes.map((d) => [d.name, d.imported, d.place.path])).toEqual([['Stateless API Call', true, 'doc.clause.md']]);
  });
});
