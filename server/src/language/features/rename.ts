// Rename: what can be renamed at an offset (a defined term or one of its alternative names, a citation key, a
// clause id) and the edits that rename it everywhere in the workspace. Every rename is checked before it is
// offered: the new name must be well formed and free, every place it rewrites must hold exactly the old text, and
// the edited files are read again to prove that they say the same thing under the new name (the same term uses,
// the same definitions, clauses, references, citations and callouts, the same keys and ids), so that a rename
// never silently changes what a text means (a new name that would make plain text a use, or merge a use into a
// longer term, is refused with the place it would change) and renaming back restores the files.
//
// Clause ids are renamed at `{#id}`, in every link fragment that names the clause (`#id`, `file.clause.md#id`),
// and in reference-style link definitions (`[t]: #id`, outside fenced code), which the model does not read.
// Citation keys are renamed in every citation that resolves to the source and at the entry's key in its file; a
// plain YAML key that would not read back as text (`null`) is written in quotes.
//
// Term uses keep their written form. A use is read as: the name (with a capital first letter when the name is
// written in lower case and the use starts a sentence), or its plural (the plural the term matcher knows: `-ies`
// for a consonant + `y`, `-es` after s, x, z, ch, sh, otherwise `-s`), then a tail: nothing, `s` (a plural the
// writer formed by hand, e.g. `Partys`), `'s`, `'`, `s'` (straight or curly apostrophe). The new text is the new name
// in the same form, its plural formed by the same rule: `Party` -> `Member` turns `Parties` into `Members` and
// `Party's` into `Member's`, and back. Where the old form carries information the new name cannot hold, the rename
// is still made but cannot be undone exactly: a lower-case name renamed to a capitalized one (sentence-start
// capitals merge with the rest), a singular possessive `Jones'` after a new name that does not end in `s` (written
// `Smith's`), a hand-made plural `Partys` that coincides with the new name's regular plural, and a `[[link]]` that
// wrote the name in another case.

import { readBibliography, bibliographyFormat } from '../../syntax/bibliography.js';
import { closesFence, fenceOpened } from '../../syntax/fenceLines.js';
import type { Clause, DocumentModel, SourceEntry, Span } from '../../syntax/model.js';
import { parseDocument } from '../../syntax/parseDocument.js';
import { LIMITS } from '../config.js';
import { clausesByName, linkDocument, type TermRef, type TermUse } from '../link.js';
import { LineIndex } from '../lineIndex.js';
import { lineIndexOf } from '../lookupIndex.js';
import { termKey, workspaceTermUses } from '../terms.js';
import { isInside, relativePath, resolvePath } from '../uri.js';
import type { IndexedDocument, WorkspaceIndex } from '../workspaceIndex.js';
import { editProblem, groupByUri, mapOffset, sortEdits, applyEdits, type FileEdit, type TextEdit } from './edits.js';
import { locate } from './locate.js';

/** What a rename at an offset would rename, and the text it covers there. */
export type RenameTarget =
  | { readonly kind: 'term'; readonly span: Span; readonly ref: TermRef; readonly name: string }
  | { readonly kind: 'source'; readonly span: Span; readonly source: SourceEntry }
  | { readonly kind: 'clause'; readonly span: Span; readonly uri: string; readonly clause: number; readonly value: Clause };

/** The answer of `prepareRename`: the text to select and its current name, or why nothing can be renamed there. */
export type PrepareRenameResult = { readonly span: Span; readonly placeholder: string } | { readonly error: string };

/** The answer of `getRenameEdits`: edits across the workspace, sorted by file and position, or why not. */
export type RenameEditsResult = { readonly edits: FileEdit[] } | { readonly error: string };

const NOTHING = 'Nothing to rename here: put the cursor on a defined term, a citation key or a clause id ({#id})';

/** Says what can be renamed at `offset` of `uri`: its span and current name, or an error message. */
export function prepareRename(index: WorkspaceIndex, uri: string, offset: number): PrepareRenameResult {
  const target = renameTarget(index, uri, offset);
  if ('error' in target) return target;
  switch (target.kind) {
    case 'term':
      return { span: target.span, placeholder: target.name };
    case 'source':
      return { span: target.span, placeholder: target.source.key };
    case 'clause':
      return { span: target.span, placeholder: target.value.id };
  }
}

/** The edits that rename what stands at `offset` of `uri` to `newName`, in every file of the workspace. */
export function getRenameEdits(index: WorkspaceIndex, uri: string, offset: number, newName: string): RenameEditsResult {
  const target = renameTarget(index, uri, offset);
  if ('error' in target) return target;
  // A document above the size limit is not analysed: its uses could not be renamed, so nothing is.
  for (const doc of index.documents()) {
    if (doc.tooLarge !== undefined) return { error: `Cannot rename: ${display(index, doc.uri)} is larger than the file size limit and is not analysed, so its uses would not be renamed` };
  }
  switch (target.kind) {
    case 'term':
      return termRename(index, target.ref, target.name, newName);
    case 'source':
      return sourceRename(index, target.source, newName);
    case 'clause':
      return clauseRename(index, target.uri, target.clause, newName);
  }
}

/** What stands at `offset` that a rename can change: a term, a source's key, a clause's explicit id. */
export function renameTarget(index: WorkspaceIndex, uri: string, offset: number): RenameTarget | { error: string } {
  const file = index.document(uri) ? undefined : index.sourceFile(uri);
  if (file) {
    const source = file.entries.find((e) => offset >= e.keySpan.start && offset <= e.keySpan.end);
    return source ? { kind: 'source', span: source.keySpan, source } : { error: NOTHING };
  }
  const at = locate(index, uri, offset);
  if (!at) return { error: NOTHING };
  switch (at.kind) {
    case 'definition':
      return { kind: 'term', span: at.span, ref: at.term, name: at.name };
    case 'term-use': {
      const use = at.use;
      if (!use.term) return { error: `No definition for term "${use.name}": there is no term to rename` };
      return { kind: 'term', span: useNameSpan(use), ref: use.term, name: use.name };
    }
    case 'citation':
      if (!at.source) return { error: `No source for citation key "${at.key}": there is no source to rename` };
      return { kind: 'source', span: at.span, source: at.source };
    case 'source-entry':
      return { kind: 'source', span: at.span, source: at.source };
    case 'reference': {
      const use = at.reference;
      const reference = use.reference;
      const clause = use.uri !== undefined && use.clause !== undefined ? index.document(use.uri)?.model.clauses[use.clause] : undefined;
      if (!clause || use.uri === undefined || use.clause === undefined) {
        return { error: `No clause "${reference.target}"${reference.file ? ` in ${reference.file}` : ''}: there is no clause id to rename` };
      }
      if (reference.kind === 'link' && clause.explicitId && reference.target === clause.id) {
        const written = index.document(uri)!.model.text.slice(reference.targetSpan.start, reference.targetSpan.end);
        if (written !== clause.id) return { error: `This link does not write "#${clause.id}" plainly (a reference-style link or an escaped fragment?): rename the id at {#${clause.id}} instead` };
        return { kind: 'clause', span: reference.targetSpan, uri: use.uri, clause: use.clause, value: clause };
      }
      return { error: numberNotRenameable(clause) };
    }
    case 'clause': {
      const clause = at.value;
      const inner = clause.idSpan ? idInnerSpan(index.document(uri)!.model.text, clause) : undefined;
      if (clause.explicitId && inner && at.span === clause.idSpan) return { kind: 'clause', span: inner, uri, clause: at.clause, value: clause };
      return { error: numberNotRenameable(clause) };
    }
    case 'party':
      return { error: `Party names cannot be renamed: change "${at.party}" in the front matter and in each [!POSITION ${at.party}] callout` };
  }
}

/** Why a clause cannot be renamed by its number, and what to do instead. */
function numberNotRenameable(clause: Clause): string {
  if (clause.explicitId) {
    return `Clause ${clause.number} is named by its number here, which changes by renumbering, not by rename; rename its id "${clause.id}" at {#${clause.id}} or in a link to #${clause.id}`;
  }
  if (clause.kind !== 'heading') return `Clause ${clause.number} has no id to rename: only a clause heading can carry one ({#id} at its end)`;
  return `Clause ${clause.number} has no id to rename: give its heading one with {#id} at its end; a clause number changes by renumbering, not by rename`;
}

/** The id inside `{#id}`, when written exactly so. */
function idInnerSpan(text: string, clause: Clause): Span | undefined {
  const span = clause.idSpan;
  if (!span || text.slice(span.start, span.end) !== `{#${clause.id}}`) return undefined;
  return { start: span.start + 2, end: span.end - 1 };
}

/** The part of a use that writes the name: the link target, or the name (or its plural) without its tail. */
function useNameSpan(use: TermUse): Span {
  if (use.explicit) return use.targetSpan ?? use.span;
  const form = formOf(use.text, use.name);
  return form ? { start: use.span.start, end: use.span.start + form.baseLength } : use.span;
}

// ---------------------------------------------------------------------------------------------------------------
// Written forms of a term use

/** How an automatic use writes its name. */
interface WrittenForm {
  /** The name is written in lower case and the use capitalizes its first letter. */
  readonly capitalized: boolean;
  readonly plural: boolean;
  /** What follows the name or its plural: `''`, `s`, `'s`, `'`, `s'` (straight or curly apostrophe). */
  readonly tail: string;
  /** Length of the name (or its plural) as written, before the tail. */
  readonly baseLength: number;
}

const TAILS = new Set(['', 's', "'s", '’s', "'", '’', "s'", 's’']);

/**
 * The plural the term matcher knows for a name (besides name + `s` with any name): `-ies` after a consonant + `y`,
 * `-es` after s, x, z, ch, sh; otherwise name + `s`. Keep in step with `variantsOf` in `termMatcher.ts` (the check
 * after every rename would refuse a rename whose uses the matcher reads otherwise).
 */
function pluralOf(name: string): string {
  if (/[^aeiouAEIOU]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/** The name with a capital first letter (the matcher's sentence-start form), or the name when it has none. */
function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Reads `text` (a use as written) as a form of `name`, or undefined when it is not one. */
function formOf(text: string, name: string): WrittenForm | undefined {
  const capital = capitalize(name);
  const bases: [string, boolean][] = capital === name ? [[name, false]] : [[name, false], [capital, true]];
  for (const [base, capitalized] of bases) {
    const plural = pluralOf(base);
    if (text.startsWith(plural) && TAILS.has(text.slice(plural.length))) {
      return { capitalized, plural: true, tail: text.slice(plural.length), baseLength: plural.length };
    }
    if (text.startsWith(base) && TAILS.has(text.slice(base.length))) {
      return { capitalized, plural: false, tail: text.slice(base.length), baseLength: base.length };
    }
  }
  return undefined;
}

/** Writes `name` in `form`. */
function writeForm(name: string, form: WrittenForm): string {
  let base = form.capitalized ? capitalize(name) : name;
  if (form.plural) base = pluralOf(base);
  let tail = form.tail;
  // `Jones'` is the possessive of a name ending in s; another name takes `'s`.
  if (!form.plural && (tail === "'" || tail === '’') && !base.endsWith('s')) tail += 's';
  return base + tail;
}

// ---------------------------------------------------------------------------------------------------------------
// Terms

/** Why `name` cannot be a term's name, or undefined when it can. */
export function termNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'The new name is empty';
  if (/[\r\n\u2028\u2029]/.test(name)) return 'A term name must stay on one line: the new name has a line break';
  if (name !== name.trim()) return `A term name cannot start or end with a space: "${name}"`;
  if (/["“”„«»]/.test(name)) return `A term name cannot contain quotes: ${name}`;
  if (/^['‘’]|['‘’]$/.test(name)) return `A term name cannot start or end with an apostrophe: ${name}`;
  if (/[[\]{}<>|]/.test(name)) return `A term name cannot contain brackets or "|": ${name}`;
  if (/[`*\\]/.test(name)) return `A term name cannot contain Markdown markup ("\`", "*", "\\"): ${name}`;
  if (/[\u0000-\u001F\u007F-\u009F]/.test(name)) return 'A term name cannot contain tabs or control characters';
  if (!/[\p{L}\p{N}]/u.test(name)) return `A term name needs a letter or digit: ${name}`;
  return undefined;
}

/** A definition and its document. */
interface DefinitionAt {
  readonly ref: TermRef;
  readonly model: DocumentModel;
}

function definitionAt(index: WorkspaceIndex, ref: TermRef): DefinitionAt | undefined {
  const model = index.document(ref.uri)?.model;
  return model?.definitions[ref.definition] ? { ref, model } : undefined;
}

/**
 * The definitions that rename together under `name`: the definition itself (or, for a pointer definition, the
 * definitions it can see that it points to) and every pointer definition of the same name that sees them.
 */
function termFamily(index: WorkspaceIndex, ref: TermRef, name: string): TermRef[] {
  const own = definitionAt(index, ref)!;
  const sameRef = (a: TermRef, b: TermRef) => a.uri === b.uri && a.definition === b.definition;
  let real: TermRef[] = [ref];
  if (own.model.definitions[ref.definition]!.form === 'pointer') {
    const seen = (index.linked(ref.uri)?.terms.get(name) ?? []).filter((v) => v.definition.form !== 'pointer').map((v) => v.ref);
    real = [ref, ...seen];
  }
  const family = [...real];
  for (const doc of index.documents()) {
    doc.model.definitions.forEach((definition, d) => {
      if (definition.form !== 'pointer' || !definition.names.some((n) => n.name === name)) return;
      const candidate = { uri: doc.uri, definition: d };
      if (family.some((f) => sameRef(f, candidate))) return;
      const visible = index.linked(doc.uri)?.terms.get(name) ?? [];
      if (visible.some((v) => real.some((r) => sameRef(r, v.ref)))) family.push(candidate);
    });
  }
  return family;
}

function termRename(index: WorkspaceIndex, ref: TermRef, oldName: string, newName: string): RenameEditsResult {
  const problem = termNameProblem(newName);
  if (problem) return { error: problem };
  if (!definitionAt(index, ref)) return { error: `The definition of "${oldName}" is no longer in the workspace` };
  if (newName === oldName) return { edits: [] };
  const family = termFamily(index, ref, oldName);
  const familyKeys = new Set(family.map(termKey));

  // The new name must be free: not another name of the same definition, not a term any affected document sees.
  for (const member of family) {
    const definition = definitionAt(index, member)!.model.definitions[member.definition]!;
    if (definition.names.some((n) => n.name === newName)) {
      return { error: `Cannot rename "${oldName}" to "${newName}": "${newName}" is already a name of the same definition` };
    }
  }
  const affected: string[] = [];
  for (const doc of index.documents()) {
    const linked = index.linked(doc.uri);
    if (!linked?.terms.get(oldName)?.some((v) => familyKeys.has(termKey(v.ref)))) continue;
    affected.push(doc.uri);
    const other = linked.terms.get(newName)?.find((v) => !familyKeys.has(termKey(v.ref)));
    if (other) {
      const where = place(index, other.ref.uri, other.definition.names[0]!.span.start);
      const seenFrom = other.ref.uri === doc.uri ? '' : ` (and ${display(index, doc.uri)} sees it)`;
      return { error: `Cannot rename "${oldName}" to "${newName}": the term "${newName}" is already defined at ${where}${seenFrom}` };
    }
  }

  const edits: FileEdit[] = [];
  /** Per document, per use start: what the use reads as after the rename. */
  const expected = new Map<string, Map<number, { text: string; name: string }>>();
  for (const member of family) {
    const { model } = definitionAt(index, member)!;
    for (const written of model.definitions[member.definition]!.names) {
      if (written.name !== oldName) continue;
      if (model.text.slice(written.span.start, written.span.end) !== oldName) {
        return { error: `Cannot rename "${oldName}": its name at ${place(index, member.uri, written.span.start)} is not written plainly inside its quotes` };
      }
      edits.push({ uri: member.uri, span: written.span, newText: newName });
    }
  }
  const uses = workspaceTermUses(index);
  for (const key of familyKeys) {
    for (const { uri, use } of uses.get(key) ?? []) {
      if (use.name !== oldName) continue;
      const text = index.document(uri)!.model.text;
      const perDoc = expected.get(uri) ?? new Map<number, { text: string; name: string }>();
      expected.set(uri, perDoc);
      if (use.explicit) {
        if (!use.targetSpan) return { error: `Cannot rename the link "${use.text}" at ${place(index, uri, use.span.start)}: its target is not found` };
        const link = index.document(uri)!.model.termLinks.find((l) => l.span.start === use.span.start);
        edits.push({ uri, span: use.targetSpan, newText: newName });
        perDoc.set(use.span.start, { text: link?.shown ?? newName, name: newName });
        continue;
      }
      const form = formOf(text.slice(use.span.start, use.span.end), oldName);
      if (!form) {
        return { error: `Cannot rename "${oldName}": the use "${use.text}" at ${place(index, uri, use.span.start)} is not written as "${oldName}" or its plural or possessive (markup or an escape inside it?); edit it by hand first` };
      }
      const newText = writeForm(newName, form);
      edits.push({ uri, span: use.span, newText });
      perDoc.set(use.span.start, { text: newText, name: newName });
    }
  }
  const sorted = sortFileEdits(edits);
  const broken = checkEdits(index, sorted);
  if (broken) return { error: broken };
  const changed = verifyTermRename(index, affected, sorted, expected, family, oldName, newName);
  return changed ? { error: changed } : { edits: sorted };
}

/**
 * Reads the edited documents again and links every affected document against the workspace as it would be after
 * the edits (an overlay of the index in which the edited documents are replaced), then compares every term use and
 * definition with what the rename should give. Says what differs.
 */
function verifyTermRename(
  index: WorkspaceIndex,
  affected: readonly string[],
  edits: readonly FileEdit[],
  expected: ReadonlyMap<string, ReadonlyMap<number, { text: string; name: string }>>,
  family: readonly TermRef[],
  oldName: string,
  newName: string,
): string | undefined {
  const byUri = groupByUri(edits);
  const edited = new Map<string, IndexedDocument>();
  for (const [uri, list] of byUri) {
    const doc = index.document(uri);
    if (doc) edited.set(uri, { uri, version: doc.version, model: parseDocument(applyEdits(doc.model.text, list), uri) });
  }
  const next = overlay(index, edited);
  const needed = new Set([...affected, ...edited.keys()]);
  const change = `Renaming "${oldName}" to "${newName}" would change what the text says`;
  for (const uri of needed) {
    const before = index.linked(uri);
    const doc = edited.get(uri) ?? index.document(uri);
    if (!before || !doc) continue;
    const after = linkDocument(next, doc);
    const docEdits = byUri.get(uri) ?? [];
    const newText = after.model.text;
    // Definitions: the same ones, with the renamed name changed.
    const defsBefore = before.model.definitions;
    const defsAfter = after.model.definitions;
    for (let d = 0; d < Math.max(defsBefore.length, defsAfter.length); d++) {
      const a = defsBefore[d];
      const b = defsAfter[d];
      const renamed = family.some((f) => f.uri === uri && f.definition === d);
      const want = a?.names.map((n) => (renamed && n.name === oldName ? newName : n.name)).join('\u0000');
      if (!a || !b || want !== b.names.map((n) => n.name).join('\u0000') || a.form !== b.form || Boolean(a.scope) !== Boolean(b.scope)) {
        const at = a ? place(index, uri, a.span.start) : place(index, uri, b!.span.start, newText);
        return `${change}: the definition at ${at} would no longer read the same`;
      }
    }
    // The rest of the document's structure: clauses, references, citations, links and callouts, in order.
    if (edited.has(uri)) {
      const changedAt = structureChange(before.model, after.model, docEdits);
      if (changedAt !== undefined) return `${change}: the text at ${place(index, uri, changedAt)} would read as another clause, reference, citation or callout`;
    }
    if (!affected.includes(uri)) continue;
    // Term uses: the same places, the same definitions, the renamed ones under the new name.
    const renamedHere = expected.get(uri);
    const want = before.termUses.map((u) => {
      const r = renamedHere?.get(u.span.start);
      return { old: u.span.start, start: mapOffset(docEdits, u.span.start), text: r?.text ?? u.text, name: r?.name ?? u.name, key: u.term ? termKey(u.term) : '', out: u.outOfScope };
    });
    const got = after.termUses.map((u) => ({ start: u.span.start, text: u.text, name: u.name, key: u.term ? termKey(u.term) : '', out: u.outOfScope }));
    let i = 0;
    let j = 0;
    while (i < want.length || j < got.length) {
      const w = want[i];
      const g = got[j];
      if (w && g && w.start === g.start) {
        if (w.text !== g.text || w.name !== g.name || w.key !== g.key || w.out !== g.out) {
          return `${change}: "${g.text}" at ${place(index, uri, w.old)} would be read as "${g.name}"${g.key !== w.key ? ' of another definition' : ''} instead of "${w.name}"`;
        }
        i++;
        j++;
      } else if (g && (!w || g.start < w.start)) {
        return `${change}: "${g.text}" at ${place(index, uri, g.start, newText)} would become a use of "${g.name}"`;
      } else {
        return `${change}: "${w!.text}" at ${place(index, uri, w!.old)} would no longer be a use of "${w!.name}"`;
      }
    }
  }
  return undefined;
}

/**
 * Where the structure of an edited document differs from the old one (an offset of the old text), or undefined:
 * every clause (number, id, kind), clause reference (target), citation (keys), term link and callout (type, party)
 * must stand where the edits move it.
 */
function structureChange(before: DocumentModel, after: DocumentModel, edits: readonly TextEdit[]): number | undefined {
  const shapes = (model: DocumentModel, map: (offset: number) => number): [number, string][] => [
    ...model.clauses.map((c): [number, string] => [map(c.headSpan.start), `clause ${c.number} ${c.id} ${c.kind}`]),
    ...model.references.map((r): [number, string] => [map(r.span.start), `reference ${r.target} ${r.file ?? ''}`]),
    ...model.citations.map((c): [number, string] => [map(c.span.start), `citation ${c.items.map((i) => i.key).join(';')}`]),
    ...model.termLinks.map((l): [number, string] => [map(l.span.start), 'link']),
    ...model.callouts.map((c): [number, string] => [map(c.span.start), `callout ${c.type} ${c.party ?? ''}`]),
  ];
  const old = shapes(before, (o) => mapOffset(edits, o));
  const now = shapes(after, (o) => o);
  const key = ([at, shape]: [number, string]) => `${at}\u0000${shape}`;
  const oldKeys = new Set(old.map(key));
  const nowKeys = new Set(now.map(key));
  const lost = old.findIndex((entry) => !nowKeys.has(key(entry)));
  if (lost >= 0) return unmap(edits, old[lost]![0]);
  const gained = now.find((entry) => !oldKeys.has(key(entry)));
  return gained ? unmap(edits, gained[0]) : undefined;
}

/** An offset of the edited text back in the old text (the start of an edit for an offset inside its new text). */
function unmap(edits: readonly TextEdit[], offset: number): number {
  let shift = 0;
  for (const edit of edits) {
    const newStart = edit.span.start + shift;
    if (newStart >= offset) break;
    const newEnd = newStart + edit.newText.length;
    if (newEnd > offset) return edit.span.start;
    shift += edit.newText.length - (edit.span.end - edit.span.start);
  }
  return offset - shift;
}

/**
 * The index as it would be with `edited` in place of its documents, for linking only: `document()` answers with the
 * edited models, every other member is the index's own. Front matter is never edited by a term rename, so imports
 * and bibliographies resolve as before.
 */
function overlay(index: WorkspaceIndex, edited: ReadonlyMap<string, IndexedDocument>): WorkspaceIndex {
  const document = (uri: string) => edited.get(uri) ?? index.document(uri);
  return new Proxy(index, {
    get(target, property) {
      if (property === 'document') return document;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Citation keys

/** Why `key` cannot be a citation key (letters, digits, `_`, and `-.:/` between them), or undefined when it can. */
export function citationKeyProblem(key: string): string | undefined {
  if (key === '') return 'The new key is empty';
  if (/[^\u0000-\uFFFF]/u.test(key) || !/^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[-.:/](?=[\p{L}\p{N}_]))*$/u.test(key)) {
    return `A citation key is letters, digits and "_", with "-", ".", ":" or "/" only between them: ${JSON.stringify(key)}`;
  }
  return undefined;
}

function sourceRename(index: WorkspaceIndex, source: SourceEntry, newKey: string): RenameEditsResult {
  const problem = citationKeyProblem(newKey);
  if (problem) return { error: problem };
  const oldKey = source.key;
  if (newKey === oldKey) return { edits: [] };
  const origin = source.origin;
  const file = index.document(origin) ? undefined : index.sourceFile(origin);
  const originText = index.document(origin)?.model.text ?? file?.text;
  if (originText === undefined) return { error: `The file that declares source "${oldKey}" (${display(index, origin)}) is not in the workspace` };
  if (originText.slice(source.keySpan.start, source.keySpan.end) !== oldKey) {
    return { error: `Cannot rename source "${oldKey}": its key at ${place(index, origin, source.keySpan.start)} is not written plainly` };
  }
  if (bibliographyFormat(origin) === 'bibtex') {
    // Another entry may inherit from this one by key; those fields are not citations, so say so instead.
    for (const m of originText.matchAll(/\b(crossref|xref|xdata)\s*=\s*[{"]?([^}"\r\n]*)/gi)) {
      if (m[2]!.split(',').some((k) => k.trim() === oldKey)) {
        return { error: `Cannot rename "${oldKey}": the ${m[1]!.toLowerCase()} field at ${place(index, origin, m.index!)} names it; rename the entry by hand` };
      }
    }
  }
  if (file?.kept?.includes(oldKey)) return { error: `Cannot rename "${oldKey}": ${display(index, origin)} cannot be read whole and its entry is the one last read; correct the file first` };
  const clash = file?.entries.find((e) => e !== source && e.key === newKey);
  if (clash) return { error: `Cannot rename "${oldKey}" to "${newKey}": ${describeSource(index, clash)} already has that key` };

  const edits: FileEdit[] = [{ uri: origin, span: source.keySpan, newText: newKey }];
  for (const doc of index.documents()) {
    const linked = index.linked(doc.uri);
    if (!linked?.sources.get(oldKey)?.includes(source)) continue;
    const other = linked.sources.get(newKey)?.[0];
    if (other) return { error: `Cannot rename "${oldKey}" to "${newKey}": ${describeSource(index, other)} already has that key, and ${display(index, doc.uri)} sees both` };
    for (const use of linked.citations) {
      if (use.source !== source) continue;
      const span = use.item.keySpan;
      if (doc.model.text.slice(span.start, span.end) !== oldKey) {
        return { error: `Cannot rename "${oldKey}": the citation at ${place(index, doc.uri, span.start)} does not write the key plainly` };
      }
      edits.push({ uri: doc.uri, span, newText: newKey });
    }
  }
  let sorted = sortFileEdits(edits);
  const broken = checkEdits(index, sorted);
  if (broken) return { error: broken };
  let changed = verifyKeys(index, sorted, source, newKey, false);
  if (changed && needsYamlCheck(origin, file)) {
    // A plain YAML scalar can read as a number, a date or a boolean: write the key in quotes then.
    const quoted = sortFileEdits(edits.map((e) => (e.uri === origin && e.span === source.keySpan ? { ...e, newText: `"${newKey}"` } : e)));
    if (!verifyKeys(index, quoted, source, newKey, true)) {
      sorted = quoted;
      changed = undefined;
    }
  }
  return changed ? { error: changed } : { edits: sorted };
}

/** True when the key is a plain (unquoted) YAML scalar: front matter or a CSL-YAML file. */
function needsYamlCheck(origin: string, file: { text: string } | undefined): boolean {
  return !file || bibliographyFormat(origin) === 'csl-yaml';
}

/** A source for messages: its title and where its key is written. */
function describeSource(index: WorkspaceIndex, source: SourceEntry): string {
  return `the source ${source.title ? `"${source.title}" ` : ''}at ${place(index, source.origin, source.keySpan.start)}`;
}

/** Reads the edited files again: the entry and every renamed citation must carry the new key. */
function verifyKeys(index: WorkspaceIndex, edits: readonly FileEdit[], source: SourceEntry, newKey: string, quoted: boolean): string | undefined {
  const failure = `Renaming "${source.key}" to "${newKey}" would not read back as the same source`;
  for (const [uri, list] of groupByUri(edits)) {
    const doc = index.document(uri);
    if (doc) {
      const model = parseDocument(applyEdits(doc.model.text, list), uri);
      const keys = new Map<number, string>();
      for (const c of model.citations) for (const item of c.items) keys.set(item.keySpan.start, item.key);
      for (const edit of list) {
        const at = mapOffset(list, edit.span.start);
        if (uri === source.origin && edit.span === source.keySpan) {
          const entry = model.frontMatter?.sources.find((s) => s.key === newKey);
          const count = index.document(uri)!.model.frontMatter?.sources.length ?? 0;
          if (!entry || entry.keySpan.start !== at + (quoted ? 1 : 0) || model.frontMatter!.sources.length !== count) return `${failure}: its entry at ${place(index, uri, edit.span.start)}`;
        } else if (keys.get(at) !== newKey) return `${failure}: the citation at ${place(index, uri, edit.span.start)}`;
      }
      continue;
    }
    const file = index.sourceFile(uri);
    const format = bibliographyFormat(uri);
    if (!file || !format) return `${failure}: ${display(index, uri)} is not a bibliography`;
    const read = readBibliography(applyEdits(file.text, list), format, uri);
    const at = mapOffset(list, source.keySpan.start) + (quoted ? 1 : 0);
    if (read.entries.length !== file.entries.length || !read.entries.some((e) => e.key === newKey && e.keySpan.start === at)) {
      return `${failure}: its entry at ${place(index, uri, source.keySpan.start)}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Clause ids

/** Why `id` cannot be a clause id (a letter or digit, then letters, digits, `_`, `-`, `.`, `:`), or undefined. */
export function clauseIdProblem(id: string): string | undefined {
  if (id === '') return 'The new id is empty';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/.test(id)) return `A clause id is ASCII letters, digits, "_", "-", "." and ":", starting with a letter or digit: ${JSON.stringify(id)}`;
  if (/^\d+(?:\.\d+)*\.?(?:\([A-Za-z0-9]+\))*$/.test(id) || /^[IVXLCDM]+$/.test(id)) return `"${id}" reads as a clause number; choose an id with a word in it`;
  return undefined;
}

function clauseRename(index: WorkspaceIndex, uri: string, clauseIndex: number, newId: string): RenameEditsResult {
  const problem = clauseIdProblem(newId);
  if (problem) return { error: problem };
  const model = index.document(uri)?.model;
  const clause = model?.clauses[clauseIndex];
  if (!model || !clause?.explicitId) return { error: 'The clause is no longer in the workspace' };
  const oldId = clause.id;
  if (newId === oldId) return { edits: [] };
  const taken = clausesByName(model).get(newId)?.find((c) => c !== clauseIndex);
  if (taken !== undefined) {
    const other = model.clauses[taken]!;
    return { error: `Cannot rename "${oldId}" to "${newId}": clause ${other.number}${other.title ? ` (${other.title})` : ''} at ${place(index, uri, other.headSpan.start)} is already named "${newId}"` };
  }
  const inner = idInnerSpan(model.text, clause);
  if (!inner) return { error: `Cannot rename "${oldId}": its id at ${place(index, uri, clause.numberSpan.start)} is not written as {#${oldId}}` };
  const edits: FileEdit[] = [{ uri, span: inner, newText: newId }];
  const links: FileEdit[] = [];
  for (const doc of index.documents()) {
    for (const use of index.linked(doc.uri)?.references ?? []) {
      const reference = use.reference;
      if (use.uri !== uri || use.clause !== clauseIndex || reference.kind !== 'link' || reference.target !== oldId) continue;
      const span = reference.targetSpan;
      if (doc.model.text.slice(span.start, span.end) !== oldId) {
        return { error: `Cannot rename "${oldId}": the link at ${place(index, doc.uri, reference.span.start)} does not write "#${oldId}" plainly (a reference-style link or an escaped fragment?); edit it by hand first` };
      }
      links.push({ uri: doc.uri, span, newText: newId });
    }
  }
  // Reference-style links (`[t]: #id`) are no clause references in the model, but they name the id too.
  const definitions: FileEdit[] = [];
  for (const doc of index.documents()) {
    for (const at of linkDefinitionFragments(doc.model.text)) {
      if (at.fragment !== oldId || (at.file ? resolvePath(doc.uri, at.file) : doc.uri) !== uri) continue;
      definitions.push({ uri: doc.uri, span: at.span, newText: newId });
    }
  }
  const sorted = sortFileEdits([...edits, ...links, ...definitions]);
  const broken = checkEdits(index, sorted);
  if (broken) return { error: broken };
  // Read the edited documents again: the clause carries the new id and every renamed link names it.
  for (const [docUri, list] of groupByUri(sorted)) {
    const next = parseDocument(applyEdits(index.document(docUri)!.model.text, list), docUri);
    for (const edit of list) {
      if (definitions.includes(edit)) continue;
      const at = mapOffset(list, edit.span.start);
      const ok =
        docUri === uri && edit.span === inner
          ? next.clauses.some((c) => c.explicitId && c.id === newId && c.idSpan?.start === at - 2)
          : next.references.some((r) => r.kind === 'link' && r.target === newId && r.targetSpan.start === at);
      if (!ok) return { error: `Renaming "${oldId}" to "${newId}" would not read back as the same clause id at ${place(index, docUri, edit.span.start)}` };
    }
  }
  return { edits: sorted };
}

/**
 * The fragments of link reference definitions (`[label]: file.clause.md#id`) outside fenced code, with the span of
 * the fragment. A line scan: link definitions are not in the model, and only rename needs them.
 */
function linkDefinitionFragments(text: string): { file: string; fragment: string; span: Span }[] {
  const found: { file: string; fragment: string; span: Span }[] = [];
  let fence: string | undefined;
  for (const m of text.matchAll(/^.*$/gm)) {
    const line = m[0].replace(/\r$/, '');
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    const opened = fenceOpened(line);
    if (opened) {
      fence = opened;
      continue;
    }
    const d = /^( {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*<?)([^\s<>#]*)#([^\s<>]+)/.exec(line);
    if (!d || (d[2] && !/\.md$/i.test(d[2]))) continue;
    const start = m.index! + d[1]!.length + d[2]!.length + 1;
    found.push({ file: d[2]!, fragment: d[3]!, span: { start, end: start + d[3]!.length } });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** File edits sorted by URI, then by position. */
function sortFileEdits(edits: readonly FileEdit[]): FileEdit[] {
  return [...groupByUri(edits)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, list]) => sortEdits(list));
}

/** Says why the edits could not be applied to their files (a bug, never expected), or undefined. */
function checkEdits(index: WorkspaceIndex, edits: readonly FileEdit[]): string | undefined {
  if (edits.length > LIMITS.renameEdits) {
    return `Cannot rename: it would change ${edits.length} places, more than the ${LIMITS.renameEdits} one rename may change; use search and replace`;
  }
  for (const [uri, list] of groupByUri(edits)) {
    const text = index.document(uri)?.model.text ?? index.sourceFile(uri)?.text;
    if (text === undefined) return `Cannot rename: ${display(index, uri)} is not in the workspace`;
    const problem = editProblem(text.length, list as readonly TextEdit[]);
    if (problem) return `Cannot rename: the edits of ${display(index, uri)} conflict (${problem})`;
  }
  return undefined;
}

/** A file's path for messages, relative to its workspace folder. */
function display(index: WorkspaceIndex, uri: string): string {
  return relativePath(index.roots.find((root) => isInside(root, uri)), uri);
}

/** `file:line` of an offset, for messages; `text` defaults to the file's indexed text. */
function place(index: WorkspaceIndex, uri: string, offset: number, text?: string): string {
  const owner = text === undefined ? (index.document(uri)?.model ?? index.sourceFile(uri)) : undefined;
  const lines = owner ? lineIndexOf(owner, owner.text) : new LineIndex(text ?? '');
  return `${display(index, uri)}:${lines.position(offset).line + 1}`;
}
