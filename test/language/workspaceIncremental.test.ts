// Differential test of the incremental workspace: after each random edit to a random file of a small generated
// workspace (contracts importing two glossaries and a bibliography through clausemark.json), the index that was
// updated file by file gives the same linked documents, workspace-wide facts and diagnostics as a fresh index built
// from the same texts; a keystroke in a contract re-links that contract only; and a file's diagnostics kept across
// changes elsewhere while `stillValid` says nothing they read changed (`WorkspaceIndex.observe`) equal the ones
// computed again, after each of many random edits.

import { describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { DEFAULT_CONFIG } from '../../server/src/language/config.js';
import { checkBasis, documentDiagnostics, fileDiagnostics } from '../../server/src/language/diagnostics.js';
import { diagnosticsAfterEdit } from '../../server/src/language/editDiagnostics.js';
import { workspaceTermUses } from '../../server/src/language/terms.js';
import { WorkspaceIndex, type IndexReads } from '../../server/src/language/workspaceIndex.js';

const ROOT = 'file:///ws';
/** Every rule on: term.used-once is off by default. */
const CONFIG = { ...DEFAULT_CONFIG, rules: { 'term.used-once': 'info' as const } };
const uri = (path: string) => `${ROOT}/${path}`;

const GLOSSARY_A = ['Zeta Ledger', 'Orbit Fee', 'Harbor Credit', 'Signal Window'];
const GLOSSARY_B = ['Quartz Register', 'Vessel Notice', 'Amber Threshold'];
// The glossaries cite the first four; the fifth is cited only when an edit types it.
const KEYS = ['alpha-2020', 'beta-2021', 'gamma-2022', 'delta-2023', 'epsilon-2024'];

function glossary(title: string, names: readonly string[], uses: readonly string[]): string {
  const lines = ['---', `title: ${title}`, '---', '', `# ${title}`, ''];
  names.forEach((name, i) => lines.push(`"${name}" means a thing of kind ${i}${uses[i] ? `, as the ${uses[i]} says` : ''} [@${KEYS[i % 4]}].`, ''));
  return lines.join('\n');
}

function bibliography(keys: readonly string[]): string {
  return keys.map((key, i) => `- id: ${key}\n  type: report\n  title: Report ${i}\n  issued:\n    date-parts: [[2020]]\n`).join('\n');
}

/** The generated workspace: file texts by path, documents in the order they are indexed. */
function generated(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('clausemark.json', JSON.stringify({ imports: ['glossary/a.clause.md', 'glossary/b.clause.md'], bibliography: 'sources.yaml' }));
  files.set('sources.yaml', bibliography(KEYS));
  files.set('glossary/a.clause.md', glossary('Glossary A', GLOSSARY_A, ['Quartz Register']));
  // Zeta Ledger and Quartz Register use each other: a cycle across the glossaries.
  files.set('glossary/b.clause.md', glossary('Glossary B', GLOSSARY_B, ['Zeta Ledger', 'Orbit Fee']));
  for (let i = 0; i < 4; i++) {
    const { text } = generateContract({ seed: 100 + i, targetBytes: 2500, terms: 4, externalTerms: [...GLOSSARY_A, ...GLOSSARY_B], sourceKeys: KEYS, title: `Contract ${i}`, id: `c${i}` });
    files.set(`contracts/c${i}.clause.md`, text);
  }
  return files;
}

/** Puts one file into the index, as the CLI and the server do. */
function put(index: WorkspaceIndex, path: string, text: string): void {
  if (path === 'clausemark.json') index.setConfig(uri(path), text);
  else if (path.endsWith('.md')) index.setDocument(uri(path), text);
  else index.setSourceFile(uri(path), text);
}

/** Marks every referenced file that is not there as missing, as the hosts do. */
function settle(index: WorkspaceIndex): void {
  for (let round = 0; round < 10; round++) {
    const wanted = index.wantedFiles();
    if (wanted.length === 0) break;
    for (const w of wanted) index.markMissing(w.uri, 'does not exist');
  }
}

/** A fresh index of `files`, documents put in `order`. */
function fresh(files: ReadonlyMap<string, string>, order: readonly string[]): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setRoots([ROOT]);
  for (const [path, text] of files) if (!path.endsWith('.md')) put(index, path, text);
  for (const path of order) put(index, path, files.get(path)!);
  settle(index);
  return index;
}

/** Everything the index answers that the incremental work could get wrong, as plain data. */
function observe(index: WorkspaceIndex): unknown {
  const docs = [...index.documents()].map((d) => d.uri);
  const uses = workspaceTermUses(index);
  return {
    docs,
    linked: docs.map((u) => {
      const linked = index.linked(u)!;
      return {
        visible: linked.visible,
        terms: [...linked.terms].map(([name, list]) => [name, list.map((v) => `${v.ref.uri}#${v.ref.definition}${v.local ? ' local' : ''}`)]),
        sources: [...linked.sources].map(([key, list]) => [key, list.map((s) => `${s.origin}:${s.keySpan.start}`)]),
        termUses: linked.termUses.map((t) => [t.name, t.text, t.span.start, t.span.end, t.explicit, t.term ? `${t.term.uri}#${t.term.definition}` : '', t.outOfScope]),
        citations: linked.citations.map((c) => [c.citation, c.item.key, c.source ? `${c.source.origin}:${c.source.keySpan.start}` : '']),
        references: linked.references.map((r) => [r.reference.span.start, r.uri, r.clause, r.candidates]),
      };
    }),
    facts: [...uses].map(([key, list]) => [key, list.map((u) => `${u.uri}@${u.use.span.start}`)]),
    diagnostics: docs.map((u) => documentDiagnostics(index, u, CONFIG)),
    files: [...index.sourceFiles()].map((f) => fileDiagnostics(index, f.uri, CONFIG)),
  };
}

/** A seeded random number generator (a linear congruential one: enough for picking edits). */
function rng(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

/** A seeded random number generator whose low bits are as random as its high ones (mulberry32). */
function mulberry(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/** A random edit of a document's text: typing names, links, citations, references, definitions, or deleting. */
function editDocument(text: string, random: (n: number) => number): string {
  const all = [...GLOSSARY_A, ...GLOSSARY_B];
  const name = all[random(all.length)]!;
  const at = random(text.length + 1);
  const snippets = [
    ` ${name} `,
    ` ${name}s `,
    ` [[${name}]] `,
    ` [[Nothing Defined]] `,
    `\n\n"Fresh Term ${random(3)}" means a ${name}.\n\n`,
    `\n\n"${name}" means a local ${all[random(all.length)]}.\n\n`,
    ` [@${KEYS[random(KEYS.length)]}] `,
    ` [@unknown-key] `,
    ` Section 1.${random(4)} `,
    `\n\n# ${random(9)}. Extra\n\nText about the ${name}.\n`,
    'x',
  ];
  if (random(3) === 0) {
    const end = Math.min(text.length, at + random(60));
    return text.slice(0, at) + text.slice(end);
  }
  return text.slice(0, at) + snippets[random(snippets.length)]! + text.slice(at);
}

/** A workspace as the tests change it: file texts by path, documents in index order, contracts taken out, the index. */
interface Workspace {
  readonly files: Map<string, string>;
  readonly order: string[];
  readonly removed: Map<string, string>;
  readonly index: WorkspaceIndex;
}

/**
 * One random change to `ws`, put into its index too: a contract removed or put back (at the end of the index's
 * order), the bibliography rewritten, or a document edited, mostly a contract. With `factsEdits`, also the edits that
 * only workspace facts carry from one contract to another: the first citation of a key the bibliography holds (its
 * cite.unused goes), a name another contract defines (term.undefined says where), every citation of it removed.
 * Returns what it did.
 */
function randomChange(ws: Workspace, random: (n: number) => number, factsEdits: boolean): string {
  const { files, order, removed, index } = ws;
  const roll = random(20);
  const contracts = order.filter((p) => p.startsWith('contracts/'));
  const rewrite = (path: string, text: string) => {
    files.set(path, text);
    put(index, path, text);
  };
  if (roll === 0 && contracts.length > 1) {
    const path = contracts[random(contracts.length)]!;
    removed.set(path, files.get(path)!);
    files.delete(path);
    order.splice(order.indexOf(path), 1);
    index.remove(uri(path));
    return `remove ${path}`;
  }
  if (roll === 1 && removed.size > 0) {
    const [path, text] = [...removed][0]!;
    removed.delete(path);
    order.push(path);
    rewrite(path, text);
    return `restore ${path}`;
  }
  if (roll === 2) {
    const keys = KEYS.filter(() => random(4) > 0);
    rewrite('sources.yaml', bibliography(keys));
    return `sources.yaml: ${keys.join(', ')}`;
  }
  if (factsEdits && (roll === 3 || roll === 4)) {
    const path = contracts[random(contracts.length)]!;
    const line = roll === 3 ? ' As cited [@epsilon-2024].' : ` See [[Fresh Term ${random(3)}]].`;
    const text = files.get(path)!;
    rewrite(path, random(3) === 0 ? text.split(line).join('') : `${text}\n\n${line.trim()}\n`);
    return `facts edit ${path}`;
  }
  if (factsEdits && roll === 5) {
    for (const path of contracts) {
      const text = files.get(path)!.split('[@epsilon-2024]').join('');
      if (text !== files.get(path)) rewrite(path, text);
    }
    return 'uncite epsilon-2024';
  }
  const candidates = random(5) === 0 ? order.filter((p) => p.startsWith('glossary/')) : contracts;
  const path = candidates[random(candidates.length)]!;
  rewrite(path, editDocument(files.get(path)!, random));
  return `edit ${path}`;
}

describe('incremental workspace', () => {
  it('equals a fresh index after each of 30 random edits (seeded)', () => {
    const files = generated();
    const order = [...files.keys()].filter((p) => p.endsWith('.md'));
    const index = fresh(files, order);
    const random = rng(2026);
    const ws: Workspace = { files, order, removed: new Map(), index };
    const codes = new Set<string>();
    for (let step = 0; step < 30; step++) {
      // Ask everything first, so that the caches the edit must update are there.
      observe(index);
      const what = randomChange(ws, random, false);
      settle(index);
      const seen = observe(index) as { diagnostics: { code: string }[][]; files: { code: string }[][] };
      for (const d of [...seen.diagnostics.flat(), ...seen.files.flat()]) codes.add(d.code);
      expect(seen, `step ${step}: ${what}`).toEqual(observe(fresh(files, order)));
    }
    // The edits reached the rules that ask for workspace-wide facts.
    expect([...codes].sort()).toEqual(expect.arrayContaining(['cite.unused', 'term.circular', 'term.undefined', 'term.unused', 'term.used-once']));
  }, 120_000);

  it.each([4242, 7, 99])('keeps a file\'s diagnostics while nothing they read changed, and they equal a new check after each of 200 random edits (seed %i)', (seed) => {
    const files = generated();
    // A contract that uses no glossary term: the glossaries' checks do not read it until it does (a first use reaches
    // them through the workspace facts only).
    files.set('contracts/plain.clause.md', '---\ntitle: Plain\n---\n\n# 1. Meetings\n\nThe parties meet once a year.\n');
    const order = [...files.keys()].filter((p) => p.endsWith('.md'));
    const index = fresh(files, order);
    const random = mulberry(seed);
    const ws: Workspace = { files, order, removed: new Map(), index };
    // The diagnostics of every file as a host keeps them: with what they read, checked again only when it changed.
    const kept = new Map<string, { value: unknown; reads: IndexReads }>();
    const check = (u: string) => (index.document(u) ? documentDiagnostics(index, u, CONFIG) : fileDiagnostics(index, u, CONFIG));
    // After an edit of one contract, the other contracts: kept, or checked again.
    let othersKept = 0;
    let othersChecked = 0;
    // Keystrokes answered in their windows, and how many of them from a full check made before a change elsewhere.
    let windows = 0;
    let olderBases = 0;
    for (let step = 0; step < 200; step++) {
      const what = randomChange(ws, random, true);
      settle(index);
      // Before the files are checked: a keystroke in a contract, found in its window from the last full check,
      // which may be from before this step's change elsewhere; the same as a full check of a fresh index with it.
      const live = order.filter((p) => p.startsWith('contracts/'));
      if (step % 5 === 0 && live.length > 0) {
        const path = live[random(live.length)]!;
        const text = files.get(path)!;
        const at = random(text.length);
        const typed = `${text.slice(0, at)}x${text.slice(at)}`;
        const basis = checkBasis(index.linked(uri(path))!);
        if (basis && basis.reads.generation !== index.generation) olderBases++;
        const answer = diagnosticsAfterEdit(index, uri(path), CONFIG, typed);
        if (!('refused' in answer)) {
          windows++;
          const expected = documentDiagnostics(fresh(new Map([...files, [path, typed]]), order), uri(path), CONFIG);
          expect(answer.diagnostics, `step ${step} (${what}): keystroke in ${path}`).toEqual(expected);
        }
      }
      const uris = [...order.map(uri), ...[...index.sourceFiles()].map((f) => f.uri)];
      // Files in a random order: a file checked first may link what another reads.
      for (let i = uris.length - 1; i > 0; i--) {
        const j = random(i + 1);
        [uris[i], uris[j]] = [uris[j]!, uris[i]!];
      }
      const other = (u: string) => what.startsWith('edit contracts/') && u.includes('/contracts/') && !what.endsWith(u.slice(ROOT.length + 1));
      for (const u of uris) {
        const hit = kept.get(u);
        if (hit && index.stillValid(hit.reads)) {
          if (other(u)) othersKept++;
          expect(hit.value, `step ${step} (${what}): ${u} kept`).toEqual(check(u));
        } else {
          if (other(u) && hit) othersChecked++;
          const { value, reads } = index.observe(() => check(u));
          kept.set(u, { value, reads });
        }
      }
      for (const u of [...kept.keys()]) if (!uris.includes(u)) kept.delete(u);
    }
    expect(windows).toBeGreaterThan(10);
    expect(olderBases).toBeGreaterThan(5);
    // An edit of one contract changes what the other contracts read only when it defines a name they use undefined.
    expect(othersKept).toBeGreaterThan(30);
    expect(othersChecked).toBeLessThan(othersKept / 5);
  }, 120_000);

  it('re-links only the edited contract after a keystroke, and every importer after a glossary edit', () => {
    const files = generated();
    const order = [...files.keys()].filter((p) => p.endsWith('.md'));
    const index = fresh(files, order);
    observe(index);
    const before = new Map(order.map((p) => [p, index.linked(uri(p))]));
    const edited = 'contracts/c2.clause.md';
    index.setDocument(uri(edited), `${files.get(edited)!}\nMore about the Orbit Fee.\n`);
    documentDiagnostics(index, uri(edited), DEFAULT_CONFIG);
    for (const path of order) {
      if (path === edited) expect(index.linked(uri(path)), path).not.toBe(before.get(path));
      else expect(index.linked(uri(path)), path).toBe(before.get(path));
    }
    const glossaryPath = 'glossary/a.clause.md';
    index.setDocument(uri(glossaryPath), `${files.get(glossaryPath)!}\n"Late Term" means a thing.\n`);
    // Every document imports the glossaries through clausemark.json (glossary B too).
    for (const path of order.filter((p) => p !== glossaryPath)) expect(index.linked(uri(path)), path).not.toBe(before.get(path));
  });
});
