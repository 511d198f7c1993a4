// Tests of the lookup indexes (language/lookupIndex.ts and the per-workspace groups of uses): at every offset of the
// example workspace and of a generated contract, what stands there, its occurrences and its usage count are what a
// walk over the documents finds (the walks are written out here as the reference); completion filters by the typed
// text before building entries and caps the list, marked incomplete, exactly as limiting the whole list would; and
// fenced code and HTML comments are found as the line scan finds them.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { LIMITS } from '../../server/src/language/config.js';
import { codeRegions, getCompletions, inFencedCode, inHtmlComment, limitCompletions } from '../../server/src/language/features/completion.js';
import { pointerTarget, termGroup } from '../../server/src/language/features/definition.js';
import { bisect, locate, type Located } from '../../server/src/language/features/locate.js';
import { getReferences } from '../../server/src/language/features/references.js';
import type { LinkedDocument, TermRef } from '../../server/src/language/link.js';
import { createLanguageService } from '../../server/src/language/service.js';
import { canonicalParty } from '../../server/src/language/terms.js';
import type { Location, WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';
import type { DocumentModel, Span } from '../../server/src/syntax/model.js';
import { memoryWorkspace } from '../helpers/workspace.js';

// ---------------------------------------------------------------------------------------------------------------
// The reference: walks over the whole document, as the features did before the indexes.

const within = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

function walkLocate(index: WorkspaceIndex, uri: string, offset: number): Located | undefined {
  const linked = index.linked(uri)!;
  const model = linked.model;
  for (let d = 0; d < model.definitions.length; d++) {
    const def = model.definitions[d]!;
    if (!within(def.blockSpan, offset)) continue;
    for (const name of def.names) if (within(name.span, offset)) return { kind: 'definition', span: name.span, term: { uri, definition: d }, name: name.name };
  }
  const use = bisect(linked.termUses, offset, (u) => u.span);
  if (use) return { kind: 'term-use', span: use.span, use, ...(use.term ? { term: use.term } : {}) };
  for (const c of linked.citations) {
    if (within(c.item.keySpan, offset) || (offset === c.item.keySpan.start - 1 && model.text[offset] === '@')) {
      return { kind: 'citation', span: c.item.keySpan, key: c.item.key, locator: c.item.locator, ...(c.source ? { source: c.source } : {}) };
    }
  }
  const entry = model.frontMatter?.sources.find((s) => within(s.keySpan, offset));
  if (entry) return { kind: 'source-entry', span: entry.keySpan, key: entry.key, source: entry };
  const reference = linked.references.find((r) => within(r.reference.span, offset) || within(r.reference.targetSpan, offset));
  if (reference) return { kind: 'reference', span: reference.reference.span, reference };
  for (let c = 0; c < model.clauses.length; c++) {
    const clause = model.clauses[c]!;
    if (clause.idSpan && within(clause.idSpan, offset)) return { kind: 'clause', span: clause.idSpan, clause: c, value: clause };
    if (within(clause.numberSpan, offset)) return { kind: 'clause', span: clause.numberSpan, clause: c, value: clause };
  }
  for (const party of model.frontMatter?.parties ?? []) {
    if (within(party.span, offset)) return { kind: 'party', span: party.span, party: party.name };
    const alias = party.aliases.find((a) => within(a.span, offset));
    if (alias) return { kind: 'party', span: alias.span, party: party.name };
  }
  for (const callout of model.callouts) {
    if (callout.party && callout.partySpan && within(callout.partySpan, offset)) return { kind: 'party', span: callout.partySpan, party: callout.party };
  }
  return undefined;
}

/** Occurrences of a term, citation, clause reference, clause or party, by walking every linked document. */
function walkOccurrences(index: WorkspaceIndex, uri: string, found: Located): Location[] | undefined {
  const out: Location[] = [];
  const docs = [...index.documents()];
  const add = (u: string, span: Span) => out.push({ uri: u, span });
  switch (found.kind) {
    case 'citation':
    case 'source-entry': {
      const source = found.source;
      if (source) add(source.origin, source.keySpan);
      for (const doc of docs) {
        for (const c of index.linked(doc.uri)!.citations) {
          const same = source ? c.source && (c.source === source || (c.source.origin === source.origin && c.source.key === source.key && c.source.keySpan.start === source.keySpan.start)) : !c.source && c.item.key === found.key;
          if (same) add(doc.uri, c.item.keySpan);
        }
      }
      break;
    }
    case 'reference':
    case 'clause': {
      const target = found.kind === 'clause' ? { uri, clause: found.clause } : { uri: found.reference.uri, clause: found.reference.clause };
      if (target.clause === undefined || !target.uri) return [];
      const value = index.document(target.uri)!.model.clauses[target.clause]!;
      add(target.uri, value.numberSpan);
      if (value.idSpan) add(target.uri, value.idSpan);
      for (const doc of docs) {
        for (const r of index.linked(doc.uri)!.references) if (r.uri === target.uri && r.clause === target.clause) add(doc.uri, r.reference.span);
      }
      break;
    }
    case 'party': {
      const name = canonicalParty(index.document(uri)!.model, found.party);
      for (const doc of docs) {
        for (const party of doc.model.frontMatter?.parties ?? []) {
          if (party.name !== name) continue;
          add(doc.uri, party.span);
          for (const alias of party.aliases) add(doc.uri, alias.span);
        }
        for (const callout of doc.model.callouts) {
          if (callout.party && callout.partySpan && canonicalParty(doc.model, callout.party) === name) add(doc.uri, callout.partySpan);
        }
      }
      break;
    }
    case 'term-use':
    case 'definition': {
      if (!found.term) return undefined;
      const group = termGroup(index, found.term);
      for (const member of group) {
        for (const name of index.document(member.uri)!.model.definitions[member.definition]!.names) add(member.uri, name.span);
        for (const doc of docs) {
          for (const use of index.linked(doc.uri)!.termUses) if (use.term && use.term.uri === member.uri && use.term.definition === member.definition) add(doc.uri, use.span);
        }
      }
      break;
    }
    default:
      return undefined;
  }
  const key = (l: Location) => `${l.uri}\u0000${String(l.span.start).padStart(10, '0')}\u0000${String(l.span.end).padStart(10, '0')}`;
  return [...new Map(out.map((l) => [key(l), l])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, l]) => l);
}

/** The definitions that make one term with `ref`, by walking every definition of the workspace. */
function walkTermGroup(index: WorkspaceIndex, ref: TermRef): TermRef[] {
  const group: TermRef[] = [ref];
  const has = (r: TermRef) => group.some((g) => g.uri === r.uri && g.definition === r.definition);
  const target = pointerTarget(index, ref);
  if (target && !has(target)) group.push(target);
  const names = new Set(index.document(ref.uri)?.model.definitions[ref.definition]?.names.map((n) => n.name) ?? []);
  for (const doc of index.documents()) {
    doc.model.definitions.forEach((definition, d) => {
      if (definition.form !== 'pointer' || !definition.names.some((n) => names.has(n.name))) return;
      const candidate = { uri: doc.uri, definition: d };
      if (has(candidate)) return;
      const points = pointerTarget(index, candidate);
      if (points && group.some((g) => g.uri === points.uri && g.definition === points.definition)) group.push(candidate);
    });
  }
  return group;
}

/** `Used N times in M documents.` counted from every linked document's uses. */
function walkUsageLine(index: WorkspaceIndex, group: readonly { uri: string; definition: number }[]): string {
  const places = new Set<string>();
  const documents = new Set<string>();
  for (const doc of index.documents()) {
    for (const use of index.linked(doc.uri)!.termUses) {
      if (use.term && group.some((g) => g.uri === use.term!.uri && g.definition === use.term!.definition)) {
        places.add(`${doc.uri}#${use.span.start}`);
        documents.add(doc.uri);
      }
    }
  }
  if (places.size === 0) return 'Not used anywhere.';
  return `Used ${places.size} ${places.size === 1 ? 'time' : 'times'} in ${documents.size} ${documents.size === 1 ? 'document' : 'documents'}.`;
}

/** Fenced code open at a line start, by the line scan from the body's start. */
function walkInFence(text: string, from: number, lineStart: number): boolean {
  let fence: string | undefined;
  let pos = from;
  while (pos < lineStart) {
    let eol = pos;
    while (eol < lineStart && text[eol] !== '\n' && text[eol] !== '\r') eol++;
    const line = text.slice(pos, eol).replace(/^ {0,3}(?:>[ \t]?)+/, '');
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence === undefined) {
      if (m && !(m[1]![0] === '`' && m[2]!.includes('`'))) fence = m[1]!;
    } else if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && m[2]!.trim() === '') {
      fence = undefined;
    }
    pos = text[eol] === '\r' && text[eol + 1] === '\n' ? eol + 2 : eol + 1;
  }
  return fence !== undefined;
}

function walkInComment(text: string, from: number, offset: number): boolean {
  const open = text.lastIndexOf('<!--', offset - 4);
  if (open < from) return false;
  const close = text.indexOf('-->', open + 4);
  return close < 0 || close + 3 > offset;
}

// ---------------------------------------------------------------------------------------------------------------
// Workspaces

function exampleWorkspace(): { index: WorkspaceIndex; uris: string[] } {
  const dir = new URL('../../examples/frontier-dispute/', import.meta.url);
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.clause.md') || file.endsWith('.yaml') || file === 'clausemark.json') files[file] = readFileSync(new URL(file, dir), 'utf8');
  }
  const { index } = memoryWorkspace(files['microsoft-openai.clause.md']!, files, 'microsoft-openai.clause.md');
  return { index, uris: [...index.documents()].map((d) => d.uri) };
}

const generated = generateContract({ seed: 7, targetBytes: 60_000 });

/** Offsets worth standing on: every one in a small document; in a large one, every `step`th plus both ends of every span the model names. */
function offsetsOf(linked: LinkedDocument, step: number): number[] {
  const model = linked.model;
  const set = new Set<number>();
  for (let o = 0; o <= model.text.length; o += step) set.add(o);
  const spans: Span[] = [
    ...model.definitions.flatMap((d) => d.names.map((n) => n.span)),
    ...linked.citations.map((c) => c.item.keySpan),
    ...linked.references.flatMap((r) => [r.reference.span, r.reference.targetSpan]),
    ...model.clauses.flatMap((c) => [c.numberSpan, ...(c.idSpan ? [c.idSpan] : [])]),
    ...model.callouts.flatMap((c) => (c.partySpan ? [c.partySpan] : [])),
    ...linked.termUses.map((u) => u.span),
  ];
  for (const s of spans) for (const o of [s.start - 1, s.start, s.end, s.end + 1]) if (o >= 0 && o <= model.text.length) set.add(o);
  return [...set].sort((a, b) => a - b);
}

const cases: { name: string; load: () => { index: WorkspaceIndex; uris: string[] }; step: number }[] = [
  { name: 'the example workspace', load: exampleWorkspace, step: 1 },
  {
    name: 'a generated contract',
    load: () => {
      const { index, uri } = memoryWorkspace(generated.text);
      return { index, uris: [uri] };
    },
    step: 5,
  },
];

describe.each(cases)('the indexes answer as the walk over $name', ({ load, step }) => {
  const { index, uris } = load();

  it('locates the same thing at every offset', () => {
    let found = 0;
    for (const uri of uris) {
      for (const offset of offsetsOf(index.linked(uri)!, step)) {
        const expected = walkLocate(index, uri, offset);
        expect(locate(index, uri, offset), `${uri} at ${offset}`).toEqual(expected);
        if (expected) found++;
      }
    }
    expect(found).toBeGreaterThan(100);
  }, 60_000);

  it('finds the same occurrences of terms, citations, clause references, clauses and parties', () => {
    let compared = 0;
    for (const uri of uris) {
      for (const offset of offsetsOf(index.linked(uri)!, step * 7)) {
        const found = locate(index, uri, offset);
        const expected = found && walkOccurrences(index, uri, found);
        if (!expected) continue;
        expect(getReferences(index, uri, offset, true), `${uri} at ${offset}`).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  }, 60_000);

  it('counts the uses of a term as every document lists them', () => {
    const service = createLanguageService(index, () => ({ rules: {} }));
    let compared = 0;
    for (const uri of uris) {
      for (const use of index.linked(uri)!.termUses.filter((u, i) => u.term && i % 3 === 0)) {
        const markdown = service.hover(uri, use.span.start)!.markdown;
        const line = /(?:Used \d+ times? in \d+ documents?|Not used anywhere)\./.exec(markdown)?.[0];
        expect(line, `${uri} at ${use.span.start}`).toBe(walkUsageLine(index, termGroup(index, use.term!)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  }, 60_000);

  it('groups a term with the same pointer definitions', () => {
    let pointers = 0;
    for (const uri of uris) {
      index.document(uri)!.model.definitions.forEach((definition, d) => {
        const ref = { uri, definition: d };
        expect(termGroup(index, ref), `${uri}#${d}`).toEqual(walkTermGroup(index, ref));
        if (definition.form === 'pointer') pointers++;
      });
    }
    expect(pointers).toBeGreaterThan(0);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Completion: filtered before entries are built, capped, incomplete

const clauses = (n: number) => Array.from({ length: n }, (_, i) => `# ${i + 1}. Clause ${i + 1}\n\nText ${i + 1}.\n`).join('\n');
const terms = (n: number) => Array.from({ length: n }, (_, i) => `"Term${String(i).padStart(3, '0')}" means thing ${i}.`).join('\n\n');

/** Each case: a document ending with the cursor, and what the capped list starts with. */
const completionCases: { name: string; text: string; count: number; incomplete: boolean; first: string[] }[] = [
  { name: 'after § with more clauses than the bound: the first ones in document order', text: `${clauses(300)}\nSee §`, count: LIMITS.completions, incomplete: true, first: ['1', '2', '3'] },
  { name: 'after §2: the numbers starting with 2 first, in document order', text: `${clauses(300)}\nSee §2`, count: LIMITS.completions, incomplete: true, first: ['2', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '200', '201'] },
  { name: 'after §29: those starting with 29, then those containing it', text: `${clauses(300)}\nSee §29`, count: LIMITS.completions, incomplete: true, first: ['29', '290', '291', '292', '293', '294', '295', '296', '297', '298', '299', '129', '229'] },
  { name: 'after § with fewer clauses than the bound: all of them, complete', text: `${clauses(20)}\nSee §`, count: 20, incomplete: false, first: ['1', '2'] },
  { name: 'after [[ with more terms than the bound', text: `${terms(250)}\n\nSee [[`, count: LIMITS.completions, incomplete: true, first: ['Term000', 'Term001'] },
  { name: 'after [[term24 (any case): the names starting with it', text: `${terms(250)}\n\nSee [[term24`, count: LIMITS.completions, incomplete: true, first: ['Term240', 'Term241', 'Term242'] },
  { name: 'after [[erm02: the names containing it, in order', text: `${terms(250)}\n\nSee [[erm02`, count: LIMITS.completions, incomplete: true, first: ['Term020', 'Term021', 'Term022', 'Term023', 'Term024', 'Term025', 'Term026', 'Term027', 'Term028', 'Term029', 'Term000'] },
  { name: 'after ](# with more clauses than the bound', text: `${clauses(300)}\nSee [x](#30`, count: LIMITS.completions, incomplete: true, first: ['30', '300'] },
];

describe('completion is capped and filtered by the typed text', () => {
  it.each(completionCases)('$name', ({ text, count, incomplete, first }) => {
    const { index, uri } = memoryWorkspace(text);
    const result = createLanguageService(index, () => ({ rules: {} })).completions(uri, text.length)!;
    expect(result.items).toHaveLength(count);
    expect(result.incomplete === true).toBe(incomplete);
    expect(result.items.slice(0, first.length).map((i) => i.label)).toEqual(first);
  });

  it('prepareLookups builds ahead of the first request and changes no answer', () => {
    const text = `${clauses(300)}\nSee §2`;
    const a = memoryWorkspace(text);
    const b = memoryWorkspace(text);
    const prepared = createLanguageService(a.index, () => ({ rules: {} }));
    // It never links a document: an unlinked one is left for the first lookup.
    expect(prepared.prepareLookups(a.uri)).toBeUndefined();
    expect(a.index.isLinked(a.uri)).toBe(false);
    a.index.linked(a.uri);
    // Piece by piece: stopped before the first, then after each one, it goes on from where it stopped.
    expect(prepared.prepareLookups(a.uri, 0, () => true)).toBe(0);
    let from: number | undefined = 0;
    let calls = 0;
    while (from !== undefined && calls < 100) {
      let asked = 0;
      const next: number | undefined = prepared.prepareLookups(a.uri, from, () => asked++ > 0);
      if (next !== undefined) expect(next).toBe(from + 1);
      from = next;
      calls++;
    }
    expect(calls).toBeGreaterThan(10);
    expect(prepared.prepareLookups('file:///workspace/absent.clause.md')).toBeUndefined();
    const lazy = createLanguageService(b.index, () => ({ rules: {} }));
    for (const offset of [text.length, text.length - 1, text.indexOf('# 12.') + 3]) {
      expect(prepared.completions(a.uri, offset)).toEqual(lazy.completions(b.uri, offset));
      expect(prepared.hover(a.uri, offset)).toEqual(lazy.hover(b.uri, offset));
      expect(prepared.references(a.uri, offset, true)).toEqual(lazy.references(b.uri, offset, true));
    }
  });

  it('a name whose every definition is scoped is offered inside its scope only, and counts for nothing outside', () => {
    const scoped = '# 900. Scoped\n\nIn this Section 900, "Widget" means a gadget. See [[Wid';
    const text = `${terms(250)}\n\n${scoped}\n\n# 901. Other\n\nSee [[Wid`;
    const { index, uri } = memoryWorkspace(text);
    const service = createLanguageService(index, () => ({ rules: {} }));
    const inside = text.indexOf('See [[Wid') + 'See [[Wid'.length;
    expect(service.completions(uri, inside)!.items[0]!.label).toBe('Widget');
    const outside = service.completions(uri, text.length)!;
    expect(outside.items.map((i) => i.label)).not.toContain('Widget');
    expect(outside).toEqual(limitCompletions(getCompletions(index, uri, text.length)!, 'Wid', LIMITS.completions));
  });

  it('gives a name the same entry at every offset, whichever scoped names are left out there', () => {
    const scoped = '# 900. Scoped\n\nIn this Section 900, "Aardvark" means a gadget. See [[';
    const text = `${terms(50)}\n\n${scoped}\n\n# 901. Other\n\nSee [[`;
    const { index, uri } = memoryWorkspace(text);
    const service = createLanguageService(index, () => ({ rules: {} }));
    const inside = service.completions(uri, text.indexOf('See [[') + 'See [['.length)!;
    const outside = service.completions(uri, text.length)!;
    expect(inside.items[0]!.label).toBe('Aardvark');
    expect(outside.items.map((i) => i.label)).not.toContain('Aardvark');
    // Built once: the names offered on both sides are the same entries (and the list's order is its sort keys').
    const insideByLabel = new Map(inside.items.map((i) => [i.label, i]));
    for (const item of outside.items) expect(insideByLabel.get(item.label)).toBe(item);
    for (const list of [inside, outside]) expect(list.items.map((i) => i.sortText)).toEqual(list.items.map((i) => i.sortText).sort());
  });

  it('gives what limiting the whole list gives, at every trigger and typed prefix of a generated contract', () => {
    const big = generateContract({ seed: 11, targetBytes: 120_000 });
    const { index, uri } = memoryWorkspace(big.text);
    const service = createLanguageService(index, () => ({ rules: {} }));
    const triggers = [...big.text.matchAll(/\[\[|\[@|§|\]\(#/g)].map((m) => m.index + m[0].length);
    let capped = 0;
    for (const at of triggers.filter((_, i) => i % 4 === 0)) {
      for (const typed of [0, 1, 2, 4]) {
        const offset = Math.min(at + typed, big.text.length);
        const whole = getCompletions(index, uri, offset);
        const result = service.completions(uri, offset);
        if (!whole) {
          expect(result).toBeUndefined();
          continue;
        }
        const expected = limitCompletions(whole, big.text.slice(whole.replace.start, Math.max(whole.replace.start, offset)), LIMITS.completions);
        expect(result, `at ${offset}`).toEqual(expected);
        if (expected.incomplete) capped++;
      }
    }
    expect(capped).toBeGreaterThan(10);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Code and comments

const PIECES = ['```', '````', '~~~', '``` js', '```a`', '> ```', '>> ~~~', '   ```', '    ```', '<!--', '-->', '--->', 'text', '`', ' ', '\n', '\r\n', '\r', '\n\n', '---\n', '[[', '§'];

/** Texts made of the pieces above, from a seeded generator. */
function texts(count: number): string[] {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  return Array.from({ length: count }, (_, i) => {
    const parts: string[] = i % 5 === 0 ? ['\ufeff'] : i % 7 === 0 ? ['---\ntitle: x\n---\n'] : [];
    for (let k = next() % 40; k > 0; k--) parts.push(PIECES[next() % PIECES.length]!);
    return parts.join('');
  });
}

describe('fenced code and HTML comments', () => {
  it('are found by the index as the line scan finds them, at every offset of generated texts', () => {
    for (const text of texts(200)) {
      const model: DocumentModel = parseDocument(text);
      const code = codeRegions(model);
      for (let offset = 0; offset <= text.length; offset++) {
        let lineStart = offset;
        while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
        expect(inFencedCode(code, lineStart), JSON.stringify({ text, offset })).toBe(walkInFence(text, code.bodyStart, lineStart));
        expect(inHtmlComment(code, code.bodyStart, offset), JSON.stringify({ text, offset })).toBe(walkInComment(text, code.bodyStart, offset));
      }
    }
  }, 60_000);
});
