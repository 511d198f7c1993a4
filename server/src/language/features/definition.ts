// Go to definition: from a term use to the definition's name (and, for a pointer definition, to the definition in
// the clause it points to), from a citation to its source entry, from a clause reference to the clause, from an
// import or bibliography path to the file, from a party in a POSITION callout to the party in front matter.

import type { Definition, DocumentModel, Span } from '../../syntax/model.js';
import { clausesByName, type TermRef } from '../link.js';
import { canonicalParty, termKey } from '../terms.js';
import type { Location, WorkspaceIndex } from '../workspaceIndex.js';
import { locate } from './locate.js';

/** Where the thing at `offset` of `uri` is defined; empty when nothing stands there or it is defined nowhere. */
export function getDefinition(index: WorkspaceIndex, uri: string, offset: number): Location[] {
  const linked = index.linked(uri);
  if (!linked) return [];
  const path = filePathAt(index, uri, offset);
  if (path) return [{ uri: path, span: { start: 0, end: 0 } }];
  const found = locate(index, uri, offset);
  if (!found) return [];
  switch (found.kind) {
    case 'term-use':
      return found.term ? termDefinitionLocations(index, found.term, found.use.name) : [];
    case 'definition': {
      const target = pointerTarget(index, found.term);
      const own = { uri, span: found.span };
      return target ? [own, ...termDefinitionLocations(index, target, found.name).filter((l) => !sameLocation(l, own))] : [own];
    }
    case 'citation':
    case 'source-entry':
      return found.source ? [{ uri: found.source.origin, span: found.source.keySpan }] : [];
    case 'reference': {
      const { reference } = found;
      const model = reference.uri ? index.document(reference.uri)?.model : undefined;
      const clause = reference.clause !== undefined ? model?.clauses[reference.clause] : undefined;
      return clause && reference.uri ? [{ uri: reference.uri, span: clause.headSpan }] : [];
    }
    case 'clause':
      return [{ uri, span: found.value.headSpan }];
    case 'party': {
      const party = declaredParty(linked.model, found.party);
      return party ? [{ uri, span: party.span }] : [];
    }
  }
}

/**
 * The definition's name for a use of `name` (the alias when the use names one), then, for a pointer definition,
 * the definition of the same name in the clause it points to (or the clause itself when none is there).
 */
function termDefinitionLocations(index: WorkspaceIndex, ref: TermRef, name: string): Location[] {
  const definition = index.document(ref.uri)?.model.definitions[ref.definition];
  if (!definition) return [];
  const named = definition.names.find((n) => n.name === name) ?? definition.names[0]!;
  const out: Location[] = [{ uri: ref.uri, span: named.span }];
  if (definition.pointer) {
    const target = pointerTarget(index, ref);
    if (target) {
      const real = index.document(target.uri)!.model.definitions[target.definition]!;
      const realName = real.names.find((n) => n.name === name) ?? real.names.find((n) => definition.names.some((d) => d.name === n.name)) ?? real.names[0]!;
      out.push({ uri: target.uri, span: realName.span });
    } else {
      const clause = pointerClause(index, ref);
      if (clause) out.push(clause);
    }
  }
  return out;
}

function sameLocation(a: Location, b: Location): boolean {
  return a.uri === b.uri && a.span.start === b.span.start && a.span.end === b.span.end;
}

/** The clause a pointer definition names (`has the meaning set forth in Section 1.1`), in the document it names. */
function pointerClause(index: WorkspaceIndex, ref: TermRef): Location | undefined {
  const definition = index.document(ref.uri)?.model.definitions[ref.definition];
  const pointer = definition?.pointer;
  if (!pointer) return undefined;
  const uri = pointerDocument(index, ref.uri, pointer.document);
  const model = index.document(uri)?.model;
  const clause = model ? clausesByName(model).get(pointer.target)?.[0] : undefined;
  return clause !== undefined ? { uri, span: model!.clauses[clause]!.headSpan } : undefined;
}

/**
 * The document a pointer names: an imported document whose title or id matches the name written (`the Credit
 * Agreement`), else the pointer's own document.
 */
function pointerDocument(index: WorkspaceIndex, uri: string, document: string | undefined): string {
  if (!document) return uri;
  const wanted = document.toLowerCase().replace(/^the\s+/, '').trim();
  const visible = index.linked(uri)?.visible ?? [uri];
  for (const other of visible.slice(1)) {
    const fm = index.document(other)?.model.frontMatter;
    const names = [fm?.title, fm?.id].filter((n): n is string => Boolean(n)).map((n) => n.toLowerCase());
    if (names.some((n) => n === wanted || n.includes(wanted))) return other;
  }
  return uri;
}

/**
 * For a pointer definition, the definition it points to: a non-pointer definition sharing one of its names,
 * written inside the clause the pointer names. Undefined for other definitions or when none is found.
 */
export function pointerTarget(index: WorkspaceIndex, ref: TermRef): TermRef | undefined {
  const definition = index.document(ref.uri)?.model.definitions[ref.definition];
  if (!definition?.pointer) return undefined;
  // Remembered per workspace state: hovers ask for the same pointers over and over.
  const cache = index.memo('features.pointerTargets', () => new Map<string, TermRef | undefined>());
  const key = termKey(ref);
  if (cache.has(key)) return cache.get(key);
  const target = findPointerTarget(index, ref, definition);
  cache.set(key, target);
  return target;
}

function findPointerTarget(index: WorkspaceIndex, ref: TermRef, definition: Definition): TermRef | undefined {
  const pointer = definition.pointer!;
  const uri = pointerDocument(index, ref.uri, pointer.document);
  const model = index.document(uri)?.model;
  if (!model) return undefined;
  const names = new Set(definition.names.map((n) => n.name));
  for (const c of clausesByName(model).get(pointer.target) ?? []) {
    const span = model.clauses[c]!.span;
    const d = model.definitions.findIndex(
      (other, i) => (uri !== ref.uri || i !== ref.definition) && other.form !== 'pointer' && inside(other.span, span) && other.names.some((n) => names.has(n.name)),
    );
    if (d >= 0) return { uri, definition: d };
  }
  return undefined;
}

/**
 * The definitions that make one term: `ref` itself, the definition its pointer leads to, and every pointer
 * definition in the workspace that leads to either. Uses of any of them are uses of the term. `ref` comes first.
 */
export function termGroup(index: WorkspaceIndex, ref: TermRef): TermRef[] {
  const group: TermRef[] = [ref];
  const has = (r: TermRef) => group.some((g) => g.uri === r.uri && g.definition === r.definition);
  const target = pointerTarget(index, ref);
  if (target && !has(target)) group.push(target);
  const names = new Set(index.document(ref.uri)?.model.definitions[ref.definition]?.names.map((n) => n.name) ?? []);
  for (const candidate of pointerDefinitions(index)) {
    const definition = index.document(candidate.uri)!.model.definitions[candidate.definition]!;
    if (!definition.names.some((n) => names.has(n.name)) || has(candidate)) continue;
    const points = pointerTarget(index, candidate);
    if (points && group.some((g) => g.uri === points.uri && g.definition === points.definition)) group.push(candidate);
  }
  return group;
}

/** Every pointer definition of the workspace, in document order, listed once per workspace state. */
function pointerDefinitions(index: WorkspaceIndex): readonly TermRef[] {
  return index.memo('features.pointerDefinitions', () => {
    const out: TermRef[] = [];
    for (const doc of index.documents()) {
      doc.model.definitions.forEach((definition, d) => {
        if (definition.form === 'pointer') out.push({ uri: doc.uri, definition: d });
      });
    }
    return out;
  });
}

/** The party declared in front matter under `written` as its name or an alias (case-insensitive). */
export function declaredParty(model: DocumentModel, written: string): { name: string; span: Span; aliases: readonly { name: string; span: Span }[] } | undefined {
  const name = canonicalParty(model, written);
  return model.frontMatter?.parties.find((p) => p.name === name);
}

/** The file an import or bibliography path written in front matter at `offset` leads to, when it is available. */
function filePathAt(index: WorkspaceIndex, uri: string, offset: number): string | undefined {
  const fm = index.document(uri)?.model.frontMatter;
  if (!fm || offset < fm.span.start || offset > fm.span.end) return undefined;
  const ref = index.referencesOf(uri).find((r) => offset >= r.path.span.start && offset <= r.path.span.end);
  return ref?.uri && !ref.problem ? ref.uri : undefined;
}

function inside(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}
