// The invariants the fuzz tests check on one generated workspace: the service never throws, every span and
// location lies inside its file, quick fixes keep the document readable and its text, rename A→B→A restores the
// bytes, and a document edited in place in the index reads exactly as a fresh parse.

import { applyEdits, editProblem, mapOffset, type FileEdit } from '../../server/src/language/features/edits.js';
import { getRenameEdits } from '../../server/src/language/features/rename.js';
import { createLanguageService, RULES, WorkspaceIndex, type Diagnostic, type LanguageConfig, type LanguageService } from '../../server/src/language/index.js';
import type { RuleLevel } from '../../server/src/language/rules/rule.js';
import type { DocumentModel, Span } from '../../server/src/syntax/model.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';
import { ROOT, uriOf } from '../helpers/workspace.js';
import type { FuzzCase } from './documents.js';

/** Every rule on: those off by default run at `info`, so that their code is fuzzed too. */
export const FUZZ_CONFIG: LanguageConfig = {
  rules: Object.fromEntries(RULES.filter((r) => r.defaultLevel === 'off').map((r) => [r.id, 'info' as RuleLevel])),
};

/** A failed invariant, with what was being checked. */
export class InvariantError extends Error {}

function fail(c: FuzzCase, what: string): never {
  throw new InvariantError(`${c.kind} (${c.path}): ${what}`);
}

/** Loads files (by relative path) into an index the way the CLI does; referenced files that are absent become missing. */
export function loadFiles(files: Readonly<Record<string, string>>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setRoots([ROOT]);
  for (const [path, text] of Object.entries(files)) {
    const uri = uriOf(path);
    if (path.endsWith('clausemark.json')) index.setConfig(uri, text);
    else if (path.endsWith('.md')) index.setDocument(uri, text);
    else index.setSourceFile(uri, text);
  }
  markWanted(index);
  return index;
}

/** Marks every file the index still wants as missing, as a host that found nothing on disk would. */
export function markWanted(index: WorkspaceIndex): void {
  for (let round = 0; round < 10; round++) {
    const wanted = index.wantedFiles();
    if (wanted.length === 0) break;
    for (const w of wanted) index.markMissing(w.uri, 'does not exist');
  }
}

/** The service over an index, with every rule on. */
export function serviceOf(index: WorkspaceIndex): LanguageService {
  return createLanguageService(index, () => FUZZ_CONFIG);
}

/** The text of any file the index holds (document, bibliography, config). */
function textOf(index: WorkspaceIndex, uri: string): string | undefined {
  return index.document(uri)?.model.text ?? index.sourceFile(uri)?.text ?? (index.config?.uri === uri ? index.config.text : undefined);
}

function isSpanInside(span: Span | undefined, length: number): boolean {
  return !!span && Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length;
}

/** Counts of what one check did, summed over a run for the report. */
export interface Stats {
  cases: number;
  offsets: number;
  diagnostics: number;
  actions: number;
  renames: number;
  roundTrips: number;
}

export function emptyStats(): Stats {
  return { cases: 0, offsets: 0, diagnostics: 0, actions: 0, renames: 0, roundTrips: 0 };
}

/** Every interesting offset of a model: the ends of its spans and their neighbours, and `spread` offsets evenly spaced. */
export function sampledOffsets(model: DocumentModel, spread: number): number[] {
  const length = model.text.length;
  const out = new Set<number>([0, length]);
  const add = (s: Span) => {
    for (const o of [s.start - 1, s.start, s.start + 1, s.end - 1, s.end, s.end + 1]) if (o >= 0 && o <= length) out.add(o);
  };
  for (const c of model.clauses) [c.numberSpan, c.headSpan, ...(c.idSpan ? [c.idSpan] : [])].forEach(add);
  for (const d of model.definitions) d.names.forEach((n) => add(n.span));
  for (const c of model.citations) c.items.forEach((i) => add(i.keySpan));
  for (const l of model.termLinks) add(l.targetSpan);
  for (const r of model.references) [r.span, r.targetSpan].forEach(add);
  for (const c of model.callouts) if (c.partySpan) add(c.partySpan);
  for (const p of model.frontMatter?.parties ?? []) add(p.span);
  for (const s of model.frontMatter?.sources ?? []) add(s.keySpan);
  for (let i = 0; i < spread; i++) out.add(Math.floor((i * length) / Math.max(1, spread)));
  return [...out].sort((a, b) => a - b);
}

/**
 * (a) and (b): every feature answers without throwing, and every span it returns lies inside its document (every
 * location inside its target file). `offsets` is 'all' (every offset, for small documents) or how many evenly
 * spaced offsets to add to the span boundaries.
 */
export function checkFeatures(c: FuzzCase, offsets: 'all' | number, stats: Stats = emptyStats()): Stats {
  const index = loadFiles(c.files);
  const service = serviceOf(index);
  const uri = uriOf(c.path);
  const model = index.document(uri)?.model;
  if (!model) fail(c, 'the document is not indexed');
  const text = model.text;
  const n = text.length;
  const internal = model.problems.find((p) => p.code === 'syntax.internal');
  if (internal) fail(c, `syntax.internal: ${internal.message}`);
  const inside = (what: string, span: Span | undefined) => {
    if (!isSpanInside(span, n)) fail(c, `${what}: span ${JSON.stringify(span)} outside a text of ${n}`);
  };
  const located = (what: string, loc: { uri: string; span: Span }) => {
    const target = textOf(index, loc.uri);
    // A location may name a file that is not indexed only to open it whole (an import path): then at 0.
    if (target === undefined) {
      if (loc.span.start !== 0 || loc.span.end !== 0) fail(c, `${what}: location in unknown file ${loc.uri} at ${JSON.stringify(loc.span)}`);
      return;
    }
    if (!isSpanInside(loc.span, target.length)) fail(c, `${what}: location ${JSON.stringify(loc.span)} outside ${loc.uri} (${target.length})`);
  };

  // Document-wide features.
  const diagnostics = service.diagnostics(uri);
  stats.diagnostics += diagnostics.length;
  for (const d of diagnostics) {
    inside(`diagnostic ${d.code}`, d.span);
    if (/^Rule \S+ failed:/.test(d.message)) fail(c, `a rule threw: ${d.message}`);
    for (const r of d.related) located(`related information of ${d.code}`, r);
  }
  for (const file of Object.keys(c.files)) if (!file.endsWith('.md')) for (const d of service.fileDiagnostics(uriOf(file))) located(`file diagnostic ${d.code}`, { uri: uriOf(file), span: d.span });
  const counts = service.counts(uri);
  if (!counts) fail(c, 'no counts');
  const symbols = service.documentSymbols(uri);
  const walk = (list: readonly (typeof symbols)[number][], parent?: Span) => {
    for (const s of list) {
      inside(`symbol ${s.name}`, s.span);
      inside(`symbol selection ${s.name}`, s.selectionSpan);
      if (s.selectionSpan.start < s.span.start || s.selectionSpan.end > s.span.end) fail(c, `symbol ${s.name}: selection ${JSON.stringify(s.selectionSpan)} outside its span ${JSON.stringify(s.span)}`);
      if (parent && (s.span.start < parent.start || s.span.end > parent.end)) fail(c, `symbol ${s.name}: ${JSON.stringify(s.span)} outside its parent ${JSON.stringify(parent)}`);
      walk(s.children, s.span);
    }
  };
  walk(symbols);
  for (const f of service.foldingRanges(uri)) inside('folding range', f);
  let previous = -1;
  for (const t of service.semanticTokens(uri)) {
    inside(`semantic token ${t.type}`, t.span);
    if (t.span.start < previous) fail(c, `semantic tokens out of order at ${t.span.start}`);
    if (/[\r\n]/.test(text.slice(t.span.start, t.span.end))) fail(c, `semantic token ${JSON.stringify(t.span)} spans lines`);
    previous = t.span.end;
  }
  for (const l of service.documentLinks(uri)) inside(`document link ${l.target}`, l.span);
  for (const l of service.codeLenses(uri)) inside(`code lens ${l.title}`, l.span);
  for (const query of ['', 'a', text.slice(0, 3), '[[']) for (const s of service.workspaceSymbols(query)) located(`workspace symbol ${s.name}`, s);

  // Features at offsets.
  const at = offsets === 'all' ? Array.from({ length: n + 1 }, (_, i) => i) : sampledOffsets(model, offsets);
  for (const o of at) {
    stats.offsets++;
    const hover = service.hover(uri, o);
    if (hover) {
      inside(`hover at ${o}`, hover.span);
      if (typeof hover.markdown !== 'string' || hover.markdown.length === 0) fail(c, `empty hover at ${o}`);
    }
    const completion = service.completions(uri, o);
    if (completion) {
      inside(`completion at ${o}`, completion.replace);
      if (completion.replace.start > o || completion.replace.end < o) fail(c, `completion at ${o} replaces ${JSON.stringify(completion.replace)}, which does not hold the cursor`);
    }
    for (const loc of service.definition(uri, o)) located(`definition at ${o}`, loc);
    for (const loc of service.references(uri, o, true)) located(`references at ${o}`, loc);
    for (const loc of service.references(uri, o, false)) located(`references without declaration at ${o}`, loc);
    for (const h of service.highlights(uri, o)) inside(`highlight at ${o}`, h.span);
    const prepared = service.prepareRename(uri, o);
    if ('span' in prepared) inside(`prepareRename at ${o}`, prepared.span);
    const findings = diagnostics.filter((d) => d.span.start <= o && o <= d.span.end);
    for (const action of service.codeActions(uri, findings)) checkActionEdits(c, index, action.title, action.edits);
  }
  stats.cases++;
  return stats;
}

/** Every edit of a quick fix lies inside its file and no two overlap. */
function checkActionEdits(c: FuzzCase, index: WorkspaceIndex, title: string, edits: readonly FileEdit[]): void {
  const byUri = new Map<string, FileEdit[]>();
  for (const e of edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  for (const [uri, list] of byUri) {
    const target = textOf(index, uri);
    if (target === undefined) fail(c, `quick fix "${title}" edits ${uri}, which is not in the workspace`);
    const problem = editProblem(target.length, list);
    if (problem) fail(c, `quick fix "${title}": ${problem}`);
  }
}

/** Quick fixes that only insert text: everything of the document stays, in order. */
const INSERTING = /^(?:Suppress |Define |Add a source entry|Mark this use)/;

/**
 * (c): applying any offered quick fix leaves files that parse without a `syntax.internal` problem; fixes that
 * insert keep every character; a suppression comment silences its finding and changes nothing else the parser
 * reads (clauses, definitions, citations, term links, references, callouts).
 */
export function checkQuickFixes(c: FuzzCase, stats: Stats = emptyStats(), maxDiagnostics = 40): Stats {
  const index = loadFiles(c.files);
  const service = serviceOf(index);
  const uri = uriOf(c.path);
  const diagnostics = service.diagnostics(uri).slice(0, maxDiagnostics);
  for (const d of diagnostics) {
    for (const action of service.codeActions(uri, [d])) {
      stats.actions++;
      checkActionEdits(c, index, action.title, action.edits);
      const after: Record<string, string> = { ...c.files };
      for (const path of Object.keys(c.files)) {
        const mine = action.edits.filter((e) => e.uri === uriOf(path));
        if (mine.length === 0) continue;
        after[path] = applyEdits(c.files[path]!, mine);
        if (INSERTING.test(action.title)) {
          if (mine.some((e) => e.span.start !== e.span.end)) fail(c, `quick fix "${action.title}" replaces text`);
        }
        if (path.endsWith('.md')) {
          const model = parseDocument(after[path]!, uriOf(path));
          const internal = model.problems.find((p) => p.code === 'syntax.internal');
          if (internal) fail(c, `after quick fix "${action.title}" for ${d.code}: ${internal.message}`);
        }
      }
      if (action.title.startsWith('Suppress ')) checkSuppression(c, index, d, action.edits, after);
    }
  }
  stats.cases++;
  return stats;
}

/** The parts of a model a suppression comment must leave as they were, as text (spans left out: they move). */
function structureOf(model: DocumentModel): string {
  return JSON.stringify({
    clauses: model.clauses.map((c) => [c.number, c.id, c.kind, c.parent, c.title]),
    definitions: model.definitions.map((d) => [d.names.map((n) => n.name), d.form, d.clause, d.pointer?.target, d.scope?.clause]),
    citations: model.citations.map((c) => c.items.map((i) => [i.key, i.locator, i.prefix])),
    termLinks: model.termLinks.map((l) => [l.target, l.shown]),
    references: model.references.map((r) => [r.target, r.kind, r.file]),
    callouts: model.callouts.map((c) => [c.type, c.party, c.target]),
    frontMatter: model.frontMatter ? [model.frontMatter.parties.map((p) => p.name), model.frontMatter.sources.map((s) => s.key)] : undefined,
  });
}

/** The suppression comment changes nothing the parser reads, and silences its finding (checked in `index`, then restored). */
function checkSuppression(c: FuzzCase, index: WorkspaceIndex, d: Diagnostic, edits: readonly FileEdit[], after: Readonly<Record<string, string>>): void {
  const uri = uriOf(c.path);
  const before = index.document(uri)!.model;
  const model = index.setDocument(uri, after[c.path]!).model;
  try {
    if (structureOf(model) !== structureOf(before)) fail(c, `"Suppress ${d.code}" at ${d.span.start} changes how the document reads`);
    const mine = edits.filter((e) => e.uri === uri);
    const moved = { start: mapOffset(mine, d.span.start), end: mapOffset(mine, d.span.end) };
    const still = serviceOf(index)
      .diagnostics(uri)
      .find((x) => x.code === d.code && x.span.start === moved.start && x.span.end === moved.end && x.message === d.message);
    if (still) fail(c, `"Suppress ${d.code}" at ${d.span.start} does not silence it`);
  } finally {
    index.setDocument(uri, c.files[c.path]!);
  }
}

/** New names a user might type, or paste: empty, spaced, multi-line, quoted, bracketed, markup, astral, reserved. */
const ODD_NAMES = ['', ' ', 'a\nb', '"Quoted"', '[[x]]', '@key', '{#id}', '**b**', '😀 Emoji', 'Section 1', '1.2', 'null', 'a b', 'x'.repeat(300), '\u0000', '-', 'Ünïcödé', 'renamed-key', 'Zorbly'];

/** A rename target: where to start, what it is, and a fresh name of the same kind. */
interface RenameTarget {
  readonly offset: number;
  readonly what: string;
  readonly fresh: string;
}

/**
 * Every definition name, explicit clause id, source key and cited key of the document, except names that are
 * not unique where they are visible: renaming one of two clauses with the same id (or two definitions of one
 * name) and back would make them the same again, which rename refuses, rightly.
 */
function renameTargets(index: WorkspaceIndex, uri: string): RenameTarget[] {
  const linked = index.linked(uri)!;
  const model = linked.model;
  const out: RenameTarget[] = [];
  // A name is a target only where it is unique in every document that sees this one: a rename back that would make
  // it ambiguous again in one of them (an importer that also imports another definition of it) is refused.
  const seenBy = [...index.documents()].map((doc) => index.linked(doc.uri)).filter((l) => l !== undefined && [...l.terms.values()].some((list) => list.some((t) => t.ref.uri === uri)));
  const ambiguous = (name: string) => seenBy.some((l) => (l!.terms.get(name)?.length ?? 0) > 1);
  // A link written in another case (`[[party]]` for "Party") gets the new name as it is written: by design (the
  // rename tests say so), the way back does not bring its case back.
  const recased = (name: string) => {
    const lower = name.toLowerCase();
    return seenBy.some((l) => l!.model.termLinks.some((link) => link.target !== name && link.target.toLowerCase() === lower));
  };
  for (const d of model.definitions) {
    for (const n of d.names) {
      if ((linked.terms.get(n.name)?.length ?? 0) > 1 || ambiguous(n.name) || recased(n.name)) continue;
      out.push({ offset: n.span.start, what: `term "${n.name}"`, fresh: /^\p{Ll}/u.test(n.name) ? 'zorbly' : 'Widget Zorbly' });
    }
  }
  for (const cl of model.clauses) {
    if (!cl.explicitId || !cl.idSpan || model.clauses.filter((o) => o.id === cl.id).length > 1) continue;
    out.push({ offset: cl.idSpan.start + 2, what: `clause id "${cl.id}"`, fresh: 'renamed-id' });
  }
  const uniqueKey = (key: string) => (linked.sources.get(key)?.length ?? 0) <= 1;
  for (const s of model.frontMatter?.sources ?? []) if (uniqueKey(s.key)) out.push({ offset: s.keySpan.start, what: `source key "${s.key}"`, fresh: 'renamed-key' });
  for (const ci of model.citations) for (const i of ci.items) if (uniqueKey(i.key)) out.push({ offset: i.keySpan.start, what: `citation key "${i.key}"`, fresh: 'renamed-key' });
  return out;
}

/**
 * (d): renaming each term, clause id and citation key of the document to a fresh name and back restores every
 * file byte for byte. A first rename may be refused (with a reason); the way back never is.
 */
export function checkRenameRoundTrips(c: FuzzCase, stats: Stats = emptyStats(), maxTargets = 12): Stats {
  const index = loadFiles(c.files);
  const service = serviceOf(index);
  const uri = uriOf(c.path);
  const targets = renameTargets(index, uri).slice(0, maxTargets);
  for (const [k, target] of targets.entries()) {
    const prepared = service.prepareRename(uri, target.offset);
    if ('error' in prepared) continue;
    stats.renames++;
    // Any new name, however odd, is refused with a reason or gives edits that apply.
    const odd = ODD_NAMES[k % ODD_NAMES.length]!;
    const tried = getRenameEdits(index, uri, target.offset, odd);
    if (!('error' in tried)) checkActionEdits(c, index, `rename to ${JSON.stringify(odd)}`, tried.edits);
    const first = getRenameEdits(index, uri, target.offset, target.fresh);
    if ('error' in first) continue;
    const there = applyPaths(c, c.files, first.edits);
    const changed = Object.keys(c.files).filter((p) => there[p] !== c.files[p]);
    const update = (texts: Readonly<Record<string, string>>) => {
      for (const p of changed) (p.endsWith('.md') ? index.setDocument(uriOf(p), texts[p]!) : index.setSourceFile(uriOf(p), texts[p]!));
    };
    update(there);
    try {
      const mapped = mapOffset(first.edits.filter((e) => e.uri === uri), prepared.span.start);
      const second = getRenameEdits(index, uri, mapped, prepared.placeholder);
      if ('error' in second) fail(c, `rename of ${target.what} to "${target.fresh}" cannot be undone: ${second.error}`);
      const back = applyPaths(c, there, second.edits);
      for (const p of Object.keys(c.files)) {
        if (back[p] !== c.files[p]) fail(c, `rename of ${target.what} to "${target.fresh}" and back changes ${p}: ${firstDifference(c.files[p]!, back[p]!)}`);
      }
      stats.roundTrips++;
    } finally {
      update(c.files);
    }
  }
  stats.cases++;
  return stats;
}

function applyPaths(c: FuzzCase, files: Readonly<Record<string, string>>, edits: readonly FileEdit[]): Record<string, string> {
  const out: Record<string, string> = { ...files };
  for (const path of Object.keys(files)) {
    const mine = edits.filter((e) => e.uri === uriOf(path));
    if (mine.length > 0) out[path] = applyEdits(files[path]!, mine);
  }
  for (const e of edits) if (!Object.keys(files).some((p) => uriOf(p) === e.uri)) fail(c, `a rename edits ${e.uri}, which is no file of the workspace`);
  return out;
}

/** Where two texts first differ, shown briefly. */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 20), i + 20))} became ${JSON.stringify(b.slice(Math.max(0, i - 20), i + 20))}`;
}

/** The model as plain data (object identity and shared references do not count). */
export function plainModel(model: DocumentModel): unknown {
  return JSON.parse(JSON.stringify(model));
}

/**
 * (e): after each edit of a sequence is given to the index (`setDocument` with the edited text), the index's model
 * equals a fresh parse of the text; at the end, its diagnostics equal those of a fresh workspace with the final text.
 */
export function checkEditSequence(c: FuzzCase, edits: readonly { at: number; length: number; insert: string }[], stats: Stats = emptyStats()): Stats {
  const index = loadFiles(c.files);
  const service = serviceOf(index);
  const uri = uriOf(c.path);
  let text = c.files[c.path]!;
  // Warm the caches a long-lived index holds (linked documents, matchers) before editing.
  service.diagnostics(uri);
  edits.forEach((edit, step) => {
    const start = Math.min(text.length, Math.floor(edit.at * text.length));
    text = text.slice(0, start) + edit.insert + text.slice(Math.min(text.length, start + edit.length));
    index.setDocument(uri, text, step + 1);
    markWanted(index);
    const got = index.document(uri)!.model;
    if (got.text !== text) fail(c, `after edit ${step + 1} the index holds other text`);
    const want = parseDocument(text, uri);
    if (JSON.stringify(plainModel(got)) !== JSON.stringify(plainModel(want))) fail(c, `after edit ${step + 1} the index's model differs from a fresh parse`);
    if (step % 3 === 2) service.diagnostics(uri); // Use the caches between edits, as an editor does.
  });
  const fresh = serviceOf(loadFiles({ ...c.files, [c.path]: text })).diagnostics(uri);
  const kept = service.diagnostics(uri);
  if (JSON.stringify(kept) !== JSON.stringify(fresh)) fail(c, `after ${edits.length} edits the diagnostics differ from a fresh workspace's: ${JSON.stringify(kept).slice(0, 300)} vs ${JSON.stringify(fresh).slice(0, 300)}`);
  stats.cases++;
  return stats;
}
