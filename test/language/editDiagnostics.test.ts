// The differential test of an edit's diagnostics found in its window (issue 6): after each edit of seeded edit
// sequences (typing, deleting, pasting headings, definitions, references, citations, markers, comments) on
// generated contracts and on the example workspace, `diagnosticsAfterEdit` either refuses or gives exactly the
// diagnostics of a full check of the new text; the index keeps the previous text, as the server does between
// keystrokes, and sometimes takes the new one. Typing in clause text must be answered in the window.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { DEFAULT_CONFIG, LIMITS } from '../../server/src/language/config.js';
import { documentDiagnostics } from '../../server/src/language/diagnostics.js';
import { diagnosticsAfterEdit, prepareEdits } from '../../server/src/language/editDiagnostics.js';
import { readEditWindow } from '../../server/src/syntax/editWindow.js';
import { encodeSemanticTokens, encodedSemanticTokens, encodedTokensAfterEdit, getSemanticTokens } from '../../server/src/language/features/semanticTokens.js';
import { codeActionsAfterEdit, codeLensesAfterEdit, documentLinksAfterEdit, documentSymbolsAfterEdit, foldingRangesAfterEdit } from '../../server/src/language/features/editedViews.js';
import { getCodeActions } from '../../server/src/language/features/codeActions.js';
import { getCodeLenses } from '../../server/src/language/features/codeLens.js';
import { getCompletions } from '../../server/src/language/features/completion.js';
import { completionsAfterEdit } from '../../server/src/language/features/completionAfterEdit.js';
import { definitionAfterEdit, highlightsAfterEdit, hoverAfterEdit, referencesAfterEdit } from '../../server/src/language/features/lookupsAfterEdit.js';
import { getReferences } from '../../server/src/language/features/references.js';
import { getHighlights } from '../../server/src/language/features/highlights.js';
import { getHover } from '../../server/src/language/features/hover.js';
import { getDefinition } from '../../server/src/language/features/definition.js';
import { getDocumentLinks } from '../../server/src/language/features/documentLinks.js';
import { LineIndex } from '../../server/src/language/lineIndex.js';
import { getDocumentSymbols } from '../../server/src/language/features/symbols.js';
import { getFoldingRanges } from '../../server/src/language/features/folding.js';
import { changeBetween } from '../../server/src/syntax/parseDocument.js';
import { EditedText, flatCopies } from '../../server/src/syntax/textSource.js';
import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { EXAMPLE_FILES, FORMAT_SAMPLE } from '../fuzz/documents.js';

/** More sequences with CLAUSEMARK_INCREMENTAL_SCALE (the suite runs 1×). */
const SCALE = Number(process.env.CLAUSEMARK_INCREMENTAL_SCALE ?? 1) || 1;
/** Other seeds with CLAUSEMARK_INCREMENTAL_SEED (added to each property's seed and each generated contract's): 0 in the suite. */
const SEED = Number(process.env.CLAUSEMARK_INCREMENTAL_SEED ?? 0) || 0;
const TIMEOUT = 120_000 * SCALE;
const ROOT = 'file:///ws';
/** Every rule on (term.used-once is off by default). */
const CONFIG = { ...DEFAULT_CONFIG, rules: { 'term.used-once': 'info' as const } };

/** An edit: where (a fraction of the length), how much to delete, what to insert. */
type Edit = readonly [at: number, remove: number, insert: string];

const SNIPPETS = [
  'x', 'e', ' ', '9', '.', ',', '\n', '\n\n', '#', '## 3. Pasted Heading\n', '"', '"Pasted Term" means a term pasted in.\n\n', '[[', ']]',
  '[[Customer]]', '[[Nothing Defined]]', 'Customer', 'customer', 'Customers', 'Supplier', '[@', '[@unknown-key]', '§ 1.1', 'Section 2', 'Section 999',
  'this Section 4', 'Section 3 of the Credit Agreement', '(a) ', '(b)', '1.2. ', '> [!EXPLAIN]\n> why\n', '<!-- clausemark-disable -->',
  '<!-- clausemark-disable-next-line -->\n', '(defined below)', '[x](#nowhere)', '`code`', '**', '_', '{#an-id}', ']:',
];

const editArb: fc.Arbitrary<Edit> = fc.tuple(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.oneof(fc.constant(0), fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 30 })),
  fc.oneof(fc.constantFrom(...SNIPPETS), fc.constant(''), fc.string({ maxLength: 4 })),
);

function apply(text: string, [at, remove, insert]: Edit): string {
  const start = Math.min(text.length, Math.floor(at * (text.length + 1)));
  return text.slice(0, start) + insert + text.slice(Math.min(text.length, start + remove));
}

/** A workspace: file texts by path, and the path of the document that is edited. */
interface Workspace {
  readonly files: Readonly<Record<string, string>>;
  readonly path: string;
}

function indexOf(files: Readonly<Record<string, string>>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [path, text] of Object.entries(files)) {
    const uri = `${ROOT}/${path}`;
    if (path === 'clausemark.json') index.setConfig(uri, text);
    else if (path.endsWith('.md')) index.setDocument(uri, text);
    else index.setSourceFile(uri, text);
  }
  for (let round = 0; round < 5; round++) for (const w of index.wantedFiles()) index.markMissing(w.uri, 'does not exist');
  return index;
}

/** Counts of the answers, to show that the window answers often and refuses for the right reasons. */
const tally = { answered: 0, refused: new Map<string, number>() };
/** How often the outline and folding ranges of an answered edit came from the indexed text's, moved. */
const views = { asked: 0, tokens: 0, symbols: 0, folding: 0, links: 0, lenses: 0 };
/** How often completion in an answered edit was asked, answered from the indexed text's lists, and listed something. */
const completion = { asked: 0, answered: 0, listed: 0 };
/** How often a hover and a definition outside an answered edit's window were asked, and answered from the indexed text. */
const actions = { asked: 0, answered: 0, fixes: 0 };
const lookups = { asked: 0, answered: 0, found: 0, definitions: 0, highlights: 0, highlightsAsked: 0, highlighted: 0, inside: 0, insideAsked: 0 };

/** `text` as the server's editor copy holds it: `indexed` with one stretch replaced. */
function asPieces(indexed: string, text: string): EditedText {
  const c = changeBetween(indexed, text);
  return new EditedText(indexed, c.from, c.oldEnd, text.slice(c.from, c.newEnd));
}

/** A step of a writer at a cursor: text typed at it, a character deleted before it, the cursor moved. */
type CursorStep = { readonly type: string } | { readonly remove: 1 } | { readonly by: number };

/** The edits of `steps` taken at a cursor that starts at `cursor` in `text`. */
function cursorEdits(text: string, cursor: number, steps: readonly CursorStep[]): Edit[] {
  const edits: Edit[] = [];
  for (const step of steps) {
    if ('by' in step) cursor = Math.max(0, Math.min(text.length, cursor + step.by));
    const edit: Edit = 'type' in step ? [(cursor + 0.5) / (text.length + 1), 0, step.type] : 'remove' in step && cursor > 0 ? [(cursor - 0.5) / (text.length + 1), 1, ''] : [(cursor + 0.5) / (text.length + 1), 0, ''];
    text = apply(text, edit);
    if ('type' in step) cursor += step.type.length;
    else if ('remove' in step && cursor > 0) cursor--;
    edits.push(edit);
  }
  return edits;
}

/** Runs a sequence; `commit` says after which edits the index takes the new text (the server's flush). */
function checkSequence(ws: Workspace, edits: readonly Edit[], commit: readonly boolean[]): void {
  const uri = `${ROOT}/${ws.path}`;
  const index = indexOf(ws.files);
  documentDiagnostics(index, uri, CONFIG);
  let text = ws.files[ws.path]!;
  edits.forEach((edit, i) => {
    text = apply(text, edit);
    // Every other edit reaches the window as the server gives it: the indexed text and the replaced stretch.
    const answer = diagnosticsAfterEdit(index, uri, CONFIG, i % 2 === 0 ? asPieces(index.document(uri)!.model.text, text) : text);
    if ('refused' in answer) {
      tally.refused.set(answer.refused, (tally.refused.get(answer.refused) ?? 0) + 1);
    } else {
      tally.answered++;
      const fresh = indexOf({ ...ws.files, [ws.path]: text });
      expect(answer.diagnostics).toEqual(documentDiagnostics(fresh, uri, CONFIG));
      // The semantic tokens of the edited text, the window's spliced into the indexed text's encoding, as the server
      // answers them: the encoding of a full reading's tokens.
      const newLines = new LineIndex(text);
      const indexedLines = new LineIndex(index.document(uri)!.model.text);
      const position = (offset: number) => newLines.position(offset);
      const indexedPosition = (offset: number) => indexedLines.position(offset);
      const tokens = answer.window ? encodedTokensAfterEdit(index, uri, answer.window, position, indexedPosition) : encodedSemanticTokens(index, uri, indexedPosition);
      expect(tokens && [...tokens]).toEqual(encodeSemanticTokens(getSemanticTokens(fresh, uri), newLines));
      if (answer.window) views.tokens++;
      // The outline and folding ranges, from the indexed text's moved, where they can be.
      if (answer.window) {
        const symbols = documentSymbolsAfterEdit(index, uri, answer.window);
        if (symbols) expect(symbols).toEqual(getDocumentSymbols(fresh, uri));
        const folding = foldingRangesAfterEdit(index, uri, answer.window);
        if (folding) expect(folding).toEqual(getFoldingRanges(fresh.document(uri)!.model));
        const links = documentLinksAfterEdit(index, uri, answer.window.change);
        if (links) expect(links).toEqual(getDocumentLinks(fresh, uri));
        const lines = new LineIndex(text);
        const lenses = codeLensesAfterEdit(index, uri, answer.window, (offset) => lines.position(offset).line);
        if (lenses) expect(lenses).toEqual(getCodeLenses(fresh, uri));
        // Quick fixes for the findings inside the window (where the cursor rests as the writer types), each alone and
        // all at once, from the window's model: what a full reading gives for them.
        const inside = answer.diagnostics.filter((d) => d.span.start >= answer.window!.start && d.span.end <= answer.window!.newEnd).map((d) => ({ code: d.code, span: d.span, ...(d.data ? { data: d.data } : {}) }));
        for (const findings of [...inside.slice(0, 3).map((f) => [f]), inside]) {
          if (findings.length === 0) continue;
          actions.asked++;
          const found = codeActionsAfterEdit(index, uri, answer.window, findings);
          if (found === undefined) continue;
          expect(found).toEqual(getCodeActions(fresh, uri, findings));
          actions.answered++;
          actions.fixes += found.length;
        }
        // Completion where the writer types (after the inserted text), where the change starts, from the indexed
        // text's lists: what a full reading gives there;
        // and after the first `[[`, `§` and `Section ` of the window, where lists are offered.
        const w = answer.window;
        const triggers = ['[[', '§', 'Section '].map((mark) => text.indexOf(mark, w.start)).filter((at) => at >= 0 && at < w.newEnd);
        for (const offset of new Set([w.change.newEnd, w.change.from, ...triggers.map((at) => at + (text.startsWith('[[', at) ? 2 : text.startsWith('§', at) ? 1 : 8))])) {
          const found = completionsAfterEdit(index, uri, answer.window, offset, LIMITS.completions);
          const full = getCompletions(fresh, uri, offset, LIMITS.completions) ?? null;
          completion.asked++;
          if (found === undefined) continue;
          expect(found).toEqual(full);
          completion.answered++;
          if (found) completion.listed++;
        }
        // Hover and definition outside the window, at terms, definitions, citations, references and clauses spread
        // through the text, from the indexed text's answers moved: what a full reading gives there.
        const linked = fresh.linked(uri)!;
        const outside = [
          ...linked.termUses.map((u) => u.span.start + 1),
          ...linked.model.definitions.flatMap((d) => d.names.map((n) => n.span.start)),
          ...linked.citations.map((c) => c.item.keySpan.start),
          ...linked.references.map((r) => r.reference.span.start),
          ...linked.model.clauses.map((c) => c.headSpan.start),
        ].filter((o) => o < w.start || o >= w.newEnd);
        for (let k = 0; k < Math.min(4, outside.length); k++) {
          const offset = outside[Math.floor(((k + 0.5) * outside.length) / 4)]!;
          lookups.asked++;
          const hover = hoverAfterEdit(index, uri, w, offset);
          const definition = definitionAfterEdit(index, uri, w, offset);
          if (definition) {
            expect(definition).toEqual(getDefinition(fresh, uri, offset));
            lookups.definitions++;
          }
          if (!hover) continue;
          expect(hover.hover).toEqual(getHover(fresh, uri, offset));
          lookups.answered++;
          if (hover.hover) lookups.found++;
        }
        // Hover inside the window: at its term uses, its clause references, its citations and the cursor (nothing
        // there, or refused).
        for (const offset of new Set([...w.linked.termUses.slice(0, 3).map((u) => u.span.start + 1), ...w.linked.references.slice(0, 3).map((r) => r.reference.span.start + 1), ...w.linked.citations.slice(0, 2).map((c) => c.item.keySpan.start), w.change.newEnd])) {
          lookups.insideAsked++;
          const hover = hoverAfterEdit(index, uri, w, offset);
          if (!hover) continue;
          expect(hover.hover).toEqual(getHover(fresh, uri, offset));
          lookups.inside++;
        }
        // Highlights (VS Code asks them as the cursor moves), and references, answered with them: at the cursor, where
        // the change starts, and, inside the window and outside it, at term uses, citations (at the key and its `@`),
        // clause references, clause numbers and ids, and callouts' parties.
        const edited = (o: number) => o >= w.start && o < w.newEnd;
        const kinds = [
          linked.termUses.map((u) => u.span.start + 1),
          linked.citations.flatMap((c) => [c.item.keySpan.start - 1, c.item.keySpan.end]),
          linked.references.map((r) => r.reference.span.start + 1),
          linked.model.clauses.flatMap((c) => [c.numberSpan.start, ...(c.idSpan ? [c.idSpan.start + 1] : [])]),
          linked.model.callouts.flatMap((c) => (c.partySpan ? [c.partySpan.start + 1] : [])),
        ];
        const places = kinds.flatMap((list) => {
          const inside = list.filter(edited);
          const out = list.filter((o) => !edited(o));
          return [...inside.slice(0, 2), ...(out.length > 0 ? [out[Math.floor(out.length / 2)]!] : [])];
        });
        for (const offset of new Set([w.change.newEnd, w.change.from, ...places])) {
          lookups.highlightsAsked++;
          const found = highlightsAfterEdit(index, uri, w, offset);
          if (found === undefined) continue;
          expect(found).toEqual(getHighlights(fresh, uri, offset));
          expect(referencesAfterEdit(index, uri, w, offset, true)).toEqual(getReferences(fresh, uri, offset, true));
          expect(referencesAfterEdit(index, uri, w, offset, false)).toEqual(getReferences(fresh, uri, offset, false));
          lookups.highlights++;
          if (found.length > 0) lookups.highlighted++;
        }
        views.asked++;
        if (symbols) views.symbols++;
        if (folding) views.folding++;
        if (links) views.links++;
        if (lenses) views.lenses++;
      }
    }
    if (commit[i]) {
      index.setDocument(uri, text, i + 1);
      documentDiagnostics(index, uri, CONFIG);
    }
  });
}

const CONTRACTS: Workspace[] = [0, 1, 2].map((k) => ({
  path: 'contract.clause.md',
  files: { 'contract.clause.md': generateContract({ seed: 7100 + SEED + k, targetBytes: 12_000 + 6_000 * k }).text },
}));
const EXAMPLE: Workspace = { path: 'microsoft-openai.clause.md', files: EXAMPLE_FILES };
const SAMPLE: Workspace = { path: 'format-sample.clause.md', files: { ...EXAMPLE_FILES, 'format-sample.clause.md': FORMAT_SAMPLE } };

describe('diagnostics after an edit, found in its window', () => {
  it('keeps the diagnostic of a finding the edit does not move as the same object, and makes one for a moved finding', () => {
    // "Broker" is never used (term.unused, moved by the window, never found again); the edit is after it, then before.
    const text = '"Agent" means a program.\n\n"Broker" means a firm.\n\nEach Agent acts.\n\nEach Agent waits.\n';
    const uri = `${ROOT}/doc.clause.md`;
    const index = indexOf({ 'doc.clause.md': text });
    const unused = <T extends { code: string }>(list: readonly T[]) => list.find((d) => d.code === 'term.unused');
    const full = documentDiagnostics(index, uri, CONFIG);
    const after = diagnosticsAfterEdit(index, uri, CONFIG, text.replace('waits.', 'waits long.'));
    const before = diagnosticsAfterEdit(index, uri, CONFIG, text.replace('a program.', 'a long program.'));
    if ('refused' in after || 'refused' in before) throw new Error('refused');
    expect(unused(full)).toBeDefined();
    expect(unused(after.diagnostics)).toBe(unused(full));
    expect(unused(before.diagnostics)).not.toBe(unused(full));
    expect(unused(before.diagnostics)).toMatchObject({ span: { start: unused(full)!.span.start + 5 } });
  });

  it('equal a full check after every edit, or are refused (seeded sequences)', () => {
    const sequence = fc.tuple(fc.constantFrom(...CONTRACTS, EXAMPLE, SAMPLE), fc.array(fc.tuple(editArb, fc.boolean()), { minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(sequence, ([ws, steps]) => checkSequence(ws, steps.map(([e]) => e), steps.map(([, c]) => c))),
      { seed: 6066 + SEED, numRuns: 60 * SCALE },
    );
    // What the window answered and why it refused, for the record (the test's output).
    console.log(`edit window: ${tally.answered} answered; refused: ${[...tally.refused].map(([why, n]) => `${why} ${n}`).join('; ')}`);
    expect(tally.answered).toBeGreaterThan(0);
  }, TIMEOUT);

  it('answer most typing and deleting at a cursor, and equal a full check (seeded sequences)', () => {
    // A cursor in the clauses (the second half of a generated contract; front matter and definitions come first):
    // characters typed at it, deleted before it, the cursor moved a little.
    const action = fc.oneof(
      fc.constantFrom('a', 'e', 's', ' ', '9', ',', '.', 'the ', 'Customer', ' [[', ' Section ', ' § 1', ' [@').map((text) => ({ type: text })),
      fc.constant({ remove: 1 }),
      fc.integer({ min: -40, max: 40 }).map((by) => ({ by })),
    );
    const before = tally.answered;
    let edits = 0;
    fc.assert(
      fc.property(fc.constantFrom(...CONTRACTS), fc.double({ min: 0.5, max: 0.98, noNaN: true }), fc.array(fc.tuple(action, fc.boolean()), { minLength: 1, maxLength: 16 }), (ws, at, steps) => {
        const text = ws.files[ws.path]!;
        const edits_ = cursorEdits(text, Math.floor(at * text.length), steps.map(([step]) => step));
        edits += edits_.length;
        checkSequence(ws, edits_, steps.map(([, commit]) => commit));
      }),
      { seed: 6067 + SEED, numRuns: 40 * SCALE },
    );
    const answered = tally.answered - before;
    console.log(`edit window, at a cursor: ${answered} of ${edits} edits answered; all refusals so far: ${[...tally.refused].map(([why, n]) => `${why} ${n}`).join('; ')}`);
    expect(answered).toBeGreaterThan(edits * 0.6);
  }, TIMEOUT);

  for (const [where, seedOffset, atEnd] of [['inside', 0, false], ['at the end of', 1000, true]] as const)
  it(`answer most typing and deleting ${where} a definition's text, and equal a full check (seeded sequences)`, () => {
    // A cursor after the names of a definition (means-definitions of the definitions section, parenthetical ones in
    // the clauses), or at the end of its text (the writer going on with it): words, sentence ends, quotation marks
    // and other terms' names typed, characters deleted.
    const spans = CONTRACTS.map((ws) => {
      const uri = `${ROOT}/${ws.path}`;
      const model = indexOf(ws.files).document(uri)!.model;
      return {
        ws,
        names: model.definitions.map((d) => d.names[0]!.name),
        places: model.definitions.map((d) => ({ from: d.names.at(-1)!.span.end + 1, to: d.span.end })).filter((p) => p.to - p.from > 4),
      };
    });
    const action = fc.oneof(
      fc.constantFrom('a', 'e', 's', ' ', ',', '.', '. The', '"', 'the ').map((text) => ({ type: text })),
      fc.nat().map((k) => ({ term: k })),
      fc.constant({ remove: 1 }),
      fc.integer({ min: -12, max: 12 }).map((by) => ({ by })),
    );
    const before = tally.answered;
    let edits = 0;
    fc.assert(
      fc.property(fc.constantFrom(...spans), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(action, fc.boolean()), { minLength: 1, maxLength: 12 }), ({ ws, names, places }, p, at, steps) => {
        const place = places[p % places.length]!;
        const cursorSteps = steps.map(([step]): CursorStep => ('term' in step ? { type: ` ${names[step.term % names.length]}` } : step));
        const edits_ = cursorEdits(ws.files[ws.path]!, atEnd ? place.to : place.from + Math.floor(at * (place.to - place.from)), cursorSteps);
        edits += edits_.length;
        checkSequence(ws, edits_, steps.map(([, commit]) => commit));
      }),
      { seed: 6068 + seedOffset + SEED, numRuns: 40 * SCALE },
    );
    const answered = tally.answered - before;
    console.log(`edit window, ${where} a definition: ${answered} of ${edits} edits answered; all refusals so far: ${[...tally.refused].map(([why, n]) => `${why} ${n}`).join('; ')}`);
    console.log(`tokens spliced: ${views.tokens}; outline, folding, links and lenses moved: ${views.symbols}, ${views.folding}, ${views.links} and ${views.lenses} of ${views.asked} answered edits`);
    console.log(`completion in answered edits: ${completion.answered} of ${completion.asked} asked answered from the indexed lists, ${completion.listed} of them listing entries`);
    console.log(`quick fixes for findings inside the window: ${actions.answered} of ${actions.asked} asked answered from the window's model, ${actions.fixes} fixes`);
    console.log(`hover and definition outside answered edits: ${lookups.answered} of ${lookups.asked} asked answered from the indexed text, ${lookups.found} of them finding something; definitions ${lookups.definitions} of ${lookups.asked}; hovers inside the window ${lookups.inside} of ${lookups.insideAsked}; highlights and references ${lookups.highlights} of ${lookups.highlightsAsked} answered, ${lookups.highlighted} of them marking places`);
    expect(answered).toBeGreaterThan(edits * 0.5);
  }, TIMEOUT);

  it('answer words typed in a definition\'s text, and refuse what may change its cycles, its own uses or its quotes', () => {
    const text = [
      '# 1. Definitions', '',
      '"Agent Loop" means the repeated Model Turns of one task.', '',
      '"Model Turn" means one request to a model and its answer.', '',
      '"Task" means a unit of work, in an Agent Loop if it loops.', '',
      '"Harness" means the runner, not a Task harness or a Harness of a Harness.', '',
      '"Job" means a Task run from a Job Queue.', '',
      '"Job Queue" means the queue of each Job.', '',
      '"Runner" means a process that runs.', '',
      '# 2. Use', '',
      'Each Agent Loop runs Model Turns. An Agent Loop ends. A Harness may ask. Each Task ends. A Job waits in a Job Queue.', '',
      'A Runner runs. Each Runner stops.', '',
    ].join('\n');
    const uri = `${ROOT}/retold.clause.md`;
    const index = indexOf({ 'retold.clause.md': text });
    const before = documentDiagnostics(index, uri, CONFIG);
    const codes = (list: readonly { code: string }[]) => list.map((d) => d.code).sort();
    const edit = (at: string, insert: string) => {
      const offset = text.indexOf(at) + at.length;
      const edited = text.slice(0, offset) + insert + text.slice(offset);
      return { edited, answer: diagnosticsAfterEdit(index, uri, CONFIG, asPieces(text, edited)) };
    };
    const full = (edited: string) => documentDiagnostics(indexOf({ 'retold.clause.md': edited }), uri, CONFIG);
    // Words: answered, as a full check answers; the window's model holds the definition's new text. At the end of
    // the text too (the writer going on with it): a space, a word after the full stop, a word after a space typed
    // there; the text then ends where the window reads it.
    for (const [at, insert] of [['one request to', ' a large'], ['its answer', ' and nothing else'], ['repeated', ' and numbered'], ['its answer.', ' '], ['its answer.', ' and'], ['its answer.', ' More words'], ['a unit of work, in an Agent Loop if it loops.', ' Or not']]) {
      const { edited, answer } = edit(at!, insert!);
      expect('refused' in answer ? `${insert}: ${answer.refused}` : 'answered').toBe('answered');
      expect('refused' in answer ? answer.refused : answer.diagnostics).toEqual(full(edited));
      const window = readEditWindow(index.document(uri)!.model, edited);
      const texts = 'refused' in window ? [] : window.model.definitions.map((d) => d.text);
      expect(texts).toEqual(indexOf({ 'retold.clause.md': edited }).document(uri)!.model.definitions.map((d) => d.text));
    }
    // A term that closes a cycle: a full check reports it, the window refuses.
    const cycle = edit('its answer', ' in an Agent Loop');
    expect(codes(full(cycle.edited))).toContain('term.circular');
    expect('refused' in cycle.answer ? cycle.answer.refused : 'answered').toBe('the terms a definition uses may change a cycle');
    // A term that leads nowhere back ("Model Turn" uses no term): answered, as a full check answers.
    const open = edit('a process that', ' handles Model Turns and');
    expect('refused' in open.answer ? open.answer.refused : open.answer.diagnostics).toEqual(full(open.edited));
    // On a cycle, a term used earlier than before moves the use the cycle's finding points to: refused.
    const earlier = edit('"Job" means', ' the Job Queue feeding');
    expect(full(earlier.edited).find((d) => d.code === 'term.circular' && d.message.startsWith('Circular definition: "Job" '))?.related[0]?.span.start).toBe(earlier.edited.indexOf('Job Queue feeding'));
    expect('refused' in earlier.answer ? earlier.answer.refused : 'answered').toBe('the terms a definition uses may change a cycle');
    // A sentence ended before a definition's own uses: they count now, and "Harness" is no longer used once.
    const own = edit('the runner', '. Then');
    expect(codes(full(own.edited))).not.toEqual(codes(before));
    expect('refused' in own.answer ? own.answer.refused : 'answered').toBe('a definition whose text uses its own term changed');
    // A quotation mark makes the rest of a definition a mention: "Job Queue" no longer uses "Job" (the cycle goes).
    expect(codes(before)).toContain('term.circular');
    const quote = edit('the queue of', ' "');
    expect(codes(full(quote.edited))).not.toContain('term.circular');
    expect('refused' in quote.answer ? quote.answer.refused : 'answered').toMatch(/definition changed|blocks changed/);
  });

  it('answer typing in clause text, character by character, without a full check', () => {
    const { text, truth } = generateContract({ seed: 7200 + SEED, targetBytes: 40_000 });
    const uri = `${ROOT}/typing.clause.md`;
    const index = indexOf({ 'typing.clause.md': text });
    documentDiagnostics(index, uri, CONFIG);
    // Type a word after the planted clause reference, one character at a time, then delete it again.
    const word = ' and Section 999 also';
    let answered = 0;
    let current = text;
    const steps: string[] = [];
    for (let i = 1; i <= word.length; i++) steps.push(text.slice(0, truth.edit.offset) + word.slice(0, i) + text.slice(truth.edit.offset));
    for (let i = word.length - 1; i >= 0; i--) steps.push(text.slice(0, truth.edit.offset) + word.slice(0, i) + text.slice(truth.edit.offset));
    for (const step of steps) {
      current = step;
      const copies = flatCopies();
      const answer = diagnosticsAfterEdit(index, uri, CONFIG, asPieces(text, current));
      if ('refused' in answer) continue;
      // Read through its pieces: the edited text was never made one string.
      expect(flatCopies()).toBe(copies);
      answered++;
      expect(answer.diagnostics).toEqual(documentDiagnostics(indexOf({ 'typing.clause.md': current }), uri, CONFIG));
    }
    expect(answered).toBe(steps.length);
    // The broken reference typed in the middle was reported, then went.
    const middle = diagnosticsAfterEdit(index, uri, CONFIG, steps[word.length - 1]!);
    expect('diagnostics' in middle && middle.diagnostics.some((d) => d.code === 'ref.broken' && d.message.includes('"999"'))).toBe(true);
  }, TIMEOUT);

  it('answer typing next to a later citation of sources first cited before the window, as a full check does', () => {
    // Sources that cite.incomplete and cite.bad-url report at their first citation, cited again far below it: the
    // window must know of the earlier citations (and only of those of the sources it cites) to report nothing.
    const filler = Array.from({ length: 30 }, (_, i) => `# ${i + 3}. Filler ${i + 3}\n\nPlain words about nothing in particular.\n`).join('\n');
    const text = [
      '---',
      'bibliography: refs.json',
      'sources:',
      '  thin:',
      '    title: Only a title',
      '  other:',
      '    title: Another page',
      '---',
      '',
      '# 1. First',
      '',
      'Claims [@thin] and [@odd-url, p. 2].',
      '',
      '# 2. Second',
      '',
      'The other source is cited here first [@other].',
      '',
      filler,
      '# 99. Last',
      '',
      'Again [@thin; @odd-url] and once more.',
      '',
    ].join('\n');
    // A source from a bibliography file: cite.bad-url reports it at its first citation (an own source, at its URL).
    const refs = JSON.stringify([{ id: 'odd-url', type: 'webpage', title: 'A page', issued: { 'date-parts': [[2026]] }, URL: 'javascript:alert(1)' }]);
    const files = (body: string) => ({ 'citations.clause.md': body, 'refs.json': refs });
    const uri = `${ROOT}/citations.clause.md`;
    const index = indexOf(files(text));
    const full = documentDiagnostics(index, uri, CONFIG);
    expect(full.filter((d) => d.code === 'cite.incomplete' || d.code === 'cite.bad-url').map((d) => d.code).sort()).toEqual(['cite.bad-url', 'cite.incomplete', 'cite.incomplete']);
    // Typed, and deleted, in the paragraph of the later citations: the window holds them.
    const at = text.indexOf(' and once more');
    const cases: [remove: number, insert: string][] = [[0, ' x'], [0, ', again,'], [4, ''], [0, ' the [[Nothing]]']];
    for (const [remove, insert] of cases) {
      const edited = text.slice(0, at) + insert + text.slice(at + remove);
      const answer = diagnosticsAfterEdit(index, uri, CONFIG, asPieces(text, edited));
      expect('refused' in answer ? `${insert}: ${answer.refused}` : 'answered').toBe('answered');
      if (!('refused' in answer)) expect(answer.diagnostics).toEqual(documentDiagnostics(indexOf(files(edited)), uri, CONFIG));
    }
  });

  it('never answers from the window when an edit moves the first use of a term out of it (what the window hands on)', () => {
    // "Late Fee" is used before its definition three times; its first use settles it and is reported. Taking that use
    // out of the paragraph moves the finding to the next use, far outside the window: a window answer would lose it.
    const text = [
      '# 1. Terms', '', 'The Late Fee is due monthly.', '',
      ...Array.from({ length: 12 }, (_, i) => [`# 1.${i + 1} Filler`, '', 'Plain words about nothing.', '']).flat(),
      '# 2. Payment', '', 'A Late Fee accrues daily.', '',
      '# 3. Caps', '', 'Each Late Fee is capped.', '',
      '# 4. Fees', '', '"Late Fee" means a fee for late payment.', '',
    ].join('\n');
    const uri = `${ROOT}/carry.clause.md`;
    const index = indexOf({ 'carry.clause.md': text });
    const full = documentDiagnostics(index, uri, CONFIG);
    expect(full.filter((d) => d.code === 'term.used-before-definition').map((d) => d.span.start)).toEqual([text.indexOf('Late Fee is due')]);
    const edited = text.replace('The Late Fee is due', 'The charge is due');
    const answer = diagnosticsAfterEdit(index, uri, CONFIG, asPieces(text, edited));
    const fresh = documentDiagnostics(indexOf({ 'carry.clause.md': edited }), uri, CONFIG);
    expect(fresh.filter((d) => d.code === 'term.used-before-definition').map((d) => d.span.start)).toEqual([edited.indexOf('Late Fee accrues')]);
    if (!('refused' in answer)) expect(answer.diagnostics).toEqual(fresh);
    else expect(answer.refused).toBe('what the window hands on to the rest changed for term.used-before-definition');
  });

  it('prepares a document for its first keystroke without changing anything or copying its text', () => {
    const { text } = generateContract({ seed: 7500 + SEED, targetBytes: 30_000 });
    const uri = `${ROOT}/prepare.clause.md`;
    const index = indexOf({ 'prepare.clause.md': text });
    const before = documentDiagnostics(index, uri, CONFIG);
    const generation = index.generation;
    const copies = flatCopies();
    prepareEdits(index, uri, CONFIG, undefined, 6);
    expect(flatCopies()).toBe(copies);
    expect(index.generation).toBe(generation);
    expect(index.document(uri)!.model.text).toBe(text);
    expect(documentDiagnostics(index, uri, CONFIG)).toEqual(before);
  });

  it('refuses edits that change what the rest of the document reads', () => {
    const { text } = generateContract({ seed: 7300 + SEED, targetBytes: 30_000 });
    const uri = `${ROOT}/refuse.clause.md`;
    const index = indexOf({ 'refuse.clause.md': text });
    documentDiagnostics(index, uri, CONFIG);
    const middle = text.indexOf('\n\n', text.length >> 1) + 2;
    const cases: [string, string, RegExp][] = [
      ['a definition', '"Pasted Term" means a thing.\n\n', /definition|blocks changed/],
      ['a heading', '# 99. Pasted\n\n', /heading|blocks changed/],
      ['a suppression comment', '<!-- clausemark-disable -->\n\n', /comment|blocks changed/],
    ];
    for (const [what, insert, reason] of cases) {
      const answer = diagnosticsAfterEdit(index, uri, CONFIG, text.slice(0, middle) + insert + text.slice(middle));
      expect('refused' in answer ? answer.refused : `answered (${what})`).toMatch(reason);
    }
  });

  it('refuses edits that open a front matter fence no line closes, or close one (found by the long fuzz run)', () => {
    const body = '# Definitions\n\n"Alpha Fee" means a thing.\n\n> [!EXPLAIN]\n> In plain words.\n\n' + 'Plain words fill the space. '.repeat(40) + '\n\nThe Alpha Fee is due.\n';
    const uri = `${ROOT}/fence.clause.md`;
    const cases: [string, string, string][] = [
      // A fence typed first: a thematic break (no item), so every item stayed; the full check reports the fence.
      ['an opening fence typed', body, `---\n${body}`],
      // A `---` line typed far below an open fence: it closes it, and the text up to there becomes front matter.
      ['a closing fence typed', `---\ntitle: X\n\n${body}`, `---\ntitle: X\n\n${body.replace('The Alpha Fee is due.', '---\n\nThe Alpha Fee is due.')}`],
      // Words typed in the body of a text whose fence is open: the full way too (a writer typing the front matter).
      ['words typed under an open fence', `---\ntitle: X\n\n${body}`, `---\ntitle: X\n\n${body.replace('is due', 'is due now')}`],
    ];
    for (const [what, before, after] of cases) {
      const index = indexOf({ 'fence.clause.md': before });
      documentDiagnostics(index, uri, CONFIG);
      const answer = diagnosticsAfterEdit(index, uri, CONFIG, asPieces(before, after));
      expect('refused' in answer ? answer.refused : `answered (${what})`).toBe('the front matter changed');
    }
    // The full check of the first two differs from the text before: what the refusal guards.
    const codes = (text: string) => documentDiagnostics(indexOf({ 'fence.clause.md': text }), uri, CONFIG).map((d) => d.code).join();
    expect(codes(`---\n${body}`)).not.toBe(codes(body));
    expect(codes(`---\ntitle: X\n\n${body.replace('The Alpha Fee is due.', '---\n\nThe Alpha Fee is due.')}`)).not.toBe(codes(`---\ntitle: X\n\n${body}`));
  });

  it('refuses a change that spans more than a window reads (two places far apart), and answers each alone', () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `# ${i + 1}. Clause ${i + 1}\n\nPlain words about clause ${i + 1} and nothing else.\n`).join('\n');
    expect(text.length).toBeGreaterThan(300_000);
    const uri = `${ROOT}/far.clause.md`;
    const index = indexOf({ 'far.clause.md': text });
    documentDiagnostics(index, uri, CONFIG);
    const near = text.indexOf('about clause 2 ');
    const far = text.indexOf('about clause 4999 ');
    const both = `${text.slice(0, near)}x${text.slice(near, far)}x${text.slice(far)}`;
    const answer = diagnosticsAfterEdit(index, uri, CONFIG, both);
    expect('refused' in answer ? answer.refused : 'answered').toBe('the change spans more than 256 KB');
    for (const at of [near, far]) {
      const one = diagnosticsAfterEdit(index, uri, CONFIG, asPieces(text, `${text.slice(0, at)}x${text.slice(at)}`));
      expect('refused' in one ? one.refused : 'answered').toBe('answered');
    }
  }, TIMEOUT);

  it('answer a term typed in clause text when its definition stays used twice or more, and refuse it otherwise', () => {
    const glossary = '# 1. Definitions\n\n"Service Credit" means a credit.\n\n"Late Fee" means a fee.\n\n';
    const body = '# 2. Terms\n\nThe Service Credit is due. A Service Credit is paid monthly.\n\nThe fee is payable on demand.\n';
    const text = glossary + body;
    const uri = `${ROOT}/counts.clause.md`;
    const index = indexOf({ 'counts.clause.md': text });
    documentDiagnostics(index, uri, CONFIG);
    const at = text.indexOf('payable on demand');
    const cases: [string, string | RegExp][] = [
      ['Service Credit ', 'answered'], // Used twice before, three times after.
      ['Late Fee ', /less than twice/], // Unused before: term.unused goes.
    ];
    for (const [insert, expected] of cases) {
      const edited = text.slice(0, at) + insert + text.slice(at);
      const answer = diagnosticsAfterEdit(index, uri, CONFIG, edited);
      if (expected === 'answered') {
        expect('diagnostics' in answer ? answer.diagnostics : answer).toEqual(documentDiagnostics(indexOf({ 'counts.clause.md': edited }), uri, CONFIG));
      } else {
        expect('refused' in answer ? answer.refused : 'answered').toMatch(expected);
      }
    }
  });

  it('answers a finding whose related place meets the change with the use the window read there (the only use of a term, typed on)', () => {
    // term.used-once points at the only use; a character typed right after it may make the use longer ("Fees") or
    // not (","), and typed inside a plural ("Fee,s") shorter: moving the place cannot tell, the window's reading can.
    const text = '# 1. Definitions\n\n"Expansion Fee" means a fee.\n\n# 2. Terms\n\nThe Customer pays the Expansion Fees monthly and on time.\n';
    const uri = `${ROOT}/once.clause.md`;
    const index = indexOf({ 'once.clause.md': text });
    documentDiagnostics(index, uri, CONFIG);
    const fee = text.indexOf('Expansion Fees') + 'Expansion Fee'.length;
    for (const [at, remove, insert] of [[fee, 0, ','], [fee + 1, 0, ','], [fee, 1, ''], [fee + 1, 0, ' '], [text.indexOf('on time'), 0, 'always ']] as const) {
      const edited = text.slice(0, at) + insert + text.slice(at + remove);
      const answer = diagnosticsAfterEdit(index, uri, CONFIG, edited);
      const full = documentDiagnostics(indexOf({ 'once.clause.md': edited }), uri, CONFIG);
      expect(full.some((d) => d.code === 'term.used-once')).toBe(true);
      expect('diagnostics' in answer ? answer.diagnostics : answer).toEqual(full);
    }
  });
});
