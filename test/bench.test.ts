// The scaled-down benchmark in the normal suite: a 100 KB generated contract through the cold pipeline once (and a tiny generated workspace), asserting that the parser finds exactly what the generator planted. No timing assertions.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateContract, writeWorkspace } from '../bench/generate.js';
import { loadWorkspace } from '../server/src/cli/loadWorkspace.js';
import { createLanguageService, DEFAULT_CONFIG, documentDiagnostics, WorkspaceIndex } from '../server/src/language/index.js';
import { lookupRequests, quantileOf, spread, timeLookups } from '../bench/lookupTimes.js';

/** Findings that mean the generator wrote something it did not mean to (a broken reference, an unknown key …). */
const GENERATOR_MISTAKES = [
  'ref.broken', 'ref.ambiguous', 'ref.self-mismatch', 'cite.unknown', 'term.undefined', 'term.duplicate', 'term.pointer-mismatch',
  'term.circular', 'term.out-of-scope', 'term.used-before-definition', 'term.case-mismatch', 'party.unknown', 'clause.numbering',
  'import.missing', 'syntax.front-matter', 'syntax.unclosed', 'syntax.callout', 'syntax.internal',
];

const URI = 'file:///bench/contract.clause.md';
const contract = generateContract({ seed: 42, targetBytes: 100_000 });
const { text, truth } = contract;
const index = new WorkspaceIndex();
index.setRoots(['file:///bench']);
index.setDocument(URI, text);
const linked = index.linked(URI)!;
const model = linked.model;
const diagnostics = documentDiagnostics(index, URI, DEFAULT_CONFIG);

describe('the contract generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateContract({ seed: 42, targetBytes: 100_000 }).text).toBe(text);
    expect(generateContract({ seed: 43, targetBytes: 100_000 }).text).not.toBe(text);
  });

  it('writes about the size asked for, with clauses and terms growing with it', () => {
    expect(truth.bytes).toBe(text.length);
    expect(Math.abs(text.length - 100_000)).toBeLessThan(5_000);
    expect(truth.clauses).toBeGreaterThan(400);
    expect(truth.terms).toBeGreaterThan(40);
    expect(truth.termUses).toBeGreaterThan(10 * truth.terms);
    const small = generateContract({ seed: 42, targetBytes: 30_000 }).truth;
    expect(small.clauses).toBeLessThan(truth.clauses / 2);
    expect(small.terms).toBeLessThan(truth.terms);
  });

  it('plants every construct of the format', () => {
    expect(truth.headingClauses).toBeGreaterThan(0);
    expect(truth.paragraphClauses).toBeGreaterThan(0);
    expect(truth.subclauses).toBeGreaterThan(0);
    expect(truth.parentheticalDefinitions).toBeGreaterThan(0);
    expect(truth.pointerDefinitions).toBeGreaterThan(0);
    expect(truth.scopedDefinitions).toBeGreaterThan(0);
    expect(truth.names).toBeGreaterThan(truth.definitions - truth.pointerDefinitions); // Alternative names.
    expect(truth.explicitTermUses).toBeGreaterThan(0);
    expect(truth.positions).toBeGreaterThan(0);
    expect(truth.callouts).toBeGreaterThan(truth.positions);
    expect(truth.citationItems).toBeGreaterThan(truth.citations);
    expect(truth.tables + truth.lists).toBeGreaterThan(0);
    expect(text).toMatch(/\[@[\w.-]+, p\. \d+\]/);
    expect(text).toMatch(/Sections \d+ (?:through|and) \d+/);
    expect(text).toMatch(/\n\(i\) /);
  });
});

describe('the cold pipeline on a generated 100 KB contract', () => {
  it('finds exactly the clauses planted, of each kind', () => {
    expect(model.problems).toEqual([]);
    expect(model.clauses).toHaveLength(truth.clauses);
    expect(model.clauses.filter((c) => c.kind === 'heading')).toHaveLength(truth.headingClauses);
    expect(model.clauses.filter((c) => c.kind === 'paragraph')).toHaveLength(truth.paragraphClauses);
    expect(model.clauses.filter((c) => c.kind === 'subclause')).toHaveLength(truth.subclauses);
  });

  it('finds exactly the definitions planted, of each form', () => {
    expect(model.definitions).toHaveLength(truth.definitions);
    expect(model.definitions.filter((d) => d.form === 'parenthetical')).toHaveLength(truth.parentheticalDefinitions);
    expect(model.definitions.filter((d) => d.form === 'pointer')).toHaveLength(truth.pointerDefinitions);
    expect(model.definitions.filter((d) => d.scope)).toHaveLength(truth.scopedDefinitions);
    expect(model.definitions.reduce((n, d) => n + d.names.length, 0)).toBe(truth.names);
    expect(new Set(model.definitions.flatMap((d) => d.names.map((n) => n.name))).size).toBe(truth.names - truth.pointerDefinitions);
  });

  it('finds exactly the term uses planted, each resolved to a definition', () => {
    expect(linked.termUses).toHaveLength(truth.termUses);
    expect(linked.termUses.filter((u) => u.explicit)).toHaveLength(truth.explicitTermUses);
    expect(linked.termUses.filter((u) => !u.term || u.outOfScope)).toEqual([]);
    const spans = linked.termUses.map((u) => u.span);
    for (const offset of truth.termUseSamples) expect(spans.some((s) => offset >= s.start && offset < s.end)).toBe(true);
  });

  it('finds exactly the references, citations and callouts planted, all resolved', () => {
    expect(model.references).toHaveLength(truth.references);
    expect(linked.references.filter((r) => r.clause === undefined)).toEqual([]);
    expect(model.citations).toHaveLength(truth.citations);
    expect(linked.citations).toHaveLength(truth.citationItems);
    expect(linked.citations.filter((c) => !c.source)).toEqual([]);
    expect(model.frontMatter?.sources).toHaveLength(truth.sources);
    expect(model.callouts).toHaveLength(truth.callouts);
    expect(model.callouts.filter((c) => c.type === 'POSITION')).toHaveLength(truth.positions);
    expect(model.callouts.filter((c) => !c.target)).toEqual([]);
  });

  it('reports none of the findings a well-formed contract must not have', () => {
    expect(diagnostics.filter((d) => GENERATOR_MISTAKES.includes(d.code)).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });

  it("gives the edit bench a keystroke that breaks one reference in the document's middle", () => {
    const { offset, insert, target } = truth.edit;
    expect(text.slice(offset - target.length, offset)).toBe(target);
    expect(Math.abs(offset - text.length / 2)).toBeLessThan(text.length / 4);
    const edited = new WorkspaceIndex();
    edited.setDocument(URI, text.slice(0, offset) + insert + text.slice(offset));
    const broken = documentDiagnostics(edited, URI, DEFAULT_CONFIG).filter((d) => d.code === 'ref.broken');
    expect(broken.map((d) => d.span.start <= offset && d.span.end >= offset + insert.length)).toEqual([true]);
  });
});

describe("the in-process lookups' timing (bench/lookupTimes.ts), on the same contract", () => {
  const service = createLanguageService(index, () => DEFAULT_CONFIG);
  const ask = lookupRequests(service, URI);
  const timing = { reps: 2, budgetMs: 60_000, gc: () => undefined };

  it('asks every kind at the planted term uses, and each finds something there', () => {
    const uses = spread(truth.termUseSamples, 50);
    for (const kind of ['hover', 'definition', 'references', 'highlights'] as const) {
      const row = timeLookups(kind, 'term uses', ask[kind], uses, timing);
      expect(row.positions, kind).toBe(uses.length);
      expect(row.empty, kind).toBe(0);
      expect(row.p50, kind).toBeLessThanOrEqual(row.p99);
    }
  });

  it('counts an empty answer as empty', () => {
    const row = timeLookups('hover', 'a blank line', ask.hover, [text.indexOf('\n\n') + 1], timing);
    expect(row).toMatchObject({ positions: 1, empty: 1 });
  });

  it('takes nearest-rank quantiles and spreads positions evenly', () => {
    expect(quantileOf([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantileOf([5, 1, 4, 2, 3], 0.99)).toBe(5);
    expect(quantileOf([], 0.5)).toBeNaN();
    expect(spread([0, 1, 2, 3, 4, 5, 6, 7], 4)).toEqual([0, 2, 4, 6]);
    expect(spread([0, 1], 4)).toEqual([0, 1]);
  });
});

describe('the workspace generator, scaled down', () => {
  const root = mkdtempSync(join(tmpdir(), 'clausemark-bench-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes contracts that import shared glossaries and cite a shared bibliography', () => {
    const ws = writeWorkspace(root, { seed: 7, files: 12, fileBytes: 6_000, glossaries: 2, termsPerGlossary: 20, sources: 15 });
    expect(ws.documents).toHaveLength(14);
    expect(JSON.parse(readFileSync(join(root, 'clausemark.json'), 'utf8')).imports).toHaveLength(2);
    const { index: loaded, documents } = loadWorkspace([root], root);
    expect(documents).toHaveLength(14);
    const contractUri = pathToFileURL(ws.edit.path).href;
    const linkedContract = loaded.linked(contractUri)!;
    const glossaryUris = ws.glossaries.map((p) => pathToFileURL(p).href);
    expect(linkedContract.visible.slice(1).sort()).toEqual([...glossaryUris].sort());
    expect(linkedContract.termUses.some((u) => u.term && glossaryUris.includes(u.term.uri))).toBe(true);
    expect(linkedContract.citations.length).toBeGreaterThan(0);
    for (const uri of documents) {
      const found = documentDiagnostics(loaded, uri, DEFAULT_CONFIG).filter((d) => GENERATOR_MISTAKES.includes(d.code));
      expect(found.map((d) => `${uri}: ${d.code}: ${d.message}`)).toEqual([]);
    }
  });
});
