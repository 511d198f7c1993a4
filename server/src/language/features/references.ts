// Find all references: every use of a term, every citation of a source, every reference to a clause and every
// POSITION of a party, across the workspace, with the declaration (definition names, source entry, clause number
// or id, front-matter party) when asked for. Highlights reuse the same occurrences within one document. Uses are
// grouped once per workspace state (by term, source, key, clause, party), so a request reads one group.

import type { SourceEntry, Span } from '../../syntax/model.js';
import type { TermRef, TermUse } from '../link.js';
import { canonicalParty, termKey, workspaceTermUses } from '../terms.js';
import type { Location, WorkspaceIndex } from '../workspaceIndex.js';
import { termGroup } from './definition.js';
import { locate, type Located } from './locate.js';

/** One place the thing at the cursor occurs, and whether it is where it is declared. */
export interface Occurrence {
  readonly uri: string;
  readonly span: Span;
  readonly declaration: boolean;
}

/** Every place the thing at `offset` of `uri` is used, sorted by uri then offset, without duplicates. */
export function getReferences(index: WorkspaceIndex, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  return occurrencesAt(index, uri, offset)
    .filter((o) => includeDeclaration || !o.declaration)
    .map((o) => ({ uri: o.uri, span: o.span }));
}

/** The occurrences of what stands at `offset` (uses and declarations), sorted and without duplicates. */
export function occurrencesAt(index: WorkspaceIndex, uri: string, offset: number): Occurrence[] {
  const found = locate(index, uri, offset);
  if (!found) return [];
  const term = found.kind === 'definition' ? found.term : found.kind === 'term-use' ? found.term : undefined;
  if (term) {
    const group = termGroup(index, term);
    return (group.length === 1 && sortedTermOccurrences(index, term)) || sortUnique(termOccurrences(index, term, group));
  }
  return sortUnique(occurrencesOf(index, uri, found));
}

/**
 * The occurrences of a term of one definition, sorted and without duplicates as `sortUnique` gives them, built
 * without sorting them all: the workspace's uses of a term come document by document, each document's sorted by
 * position, so only the documents are put in order and the definition's names merged in. Undefined when the uses
 * are not in that order (the caller then sorts).
 */
function sortedTermOccurrences(index: WorkspaceIndex, ref: TermRef): Occurrence[] | undefined {
  const uses = workspaceTermUses(index).get(termKey(ref)) ?? [];
  const runs = new Map<string, { from: number; to: number }>();
  let uri: string | undefined;
  for (let i = 0; i < uses.length; i++) {
    const { uri: u, use } = uses[i]!;
    if (u !== uri) {
      if (runs.has(u)) return undefined;
      runs.set(u, { from: i, to: i + 1 });
      uri = u;
      continue;
    }
    const previous = uses[i - 1]!.use.span;
    if (use.span.start < previous.start || (use.span.start === previous.start && use.span.end < previous.end)) return undefined;
    runs.get(u)!.to = i + 1;
  }
  const names = (index.document(ref.uri)?.model.definitions[ref.definition]?.names ?? [])
    .map((n) => n.span)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  if (!runs.has(ref.uri) && names.length > 0) runs.set(ref.uri, { from: 0, to: 0 });
  const out: Occurrence[] = [];
  const add = (o: Occurrence) => {
    const last = out[out.length - 1];
    if (last && last.uri === o.uri && last.span.start === o.span.start && last.span.end === o.span.end) return;
    out.push(o);
  };
  for (const u of [...runs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { from, to } = runs.get(u)!;
    let n = u === ref.uri ? 0 : names.length;
    for (let i = from; i < to; i++) {
      const span = uses[i]!.use.span;
      // A name at the same place comes first: the declaration wins over a use there.
      while (n < names.length && (names[n]!.start < span.start || (names[n]!.start === span.start && names[n]!.end <= span.end))) add({ uri: u, span: names[n++]!, declaration: true });
      add({ uri: u, span, declaration: false });
    }
    while (n < names.length) add({ uri: u, span: names[n++]!, declaration: true });
  }
  return out;
}

function occurrencesOf(index: WorkspaceIndex, uri: string, found: Located): Occurrence[] {
  switch (found.kind) {
    case 'term-use':
      return found.term ? termOccurrences(index, found.term) : unresolvedLinkOccurrences(index, found.use.name);
    case 'definition':
      return termOccurrences(index, found.term);
    case 'citation':
      return found.source ? sourceOccurrences(index, found.source) : unknownKeyOccurrences(index, found.key);
    case 'source-entry':
      return sourceOccurrences(index, found.source);
    case 'reference':
      return found.reference.clause !== undefined && found.reference.uri
        ? clauseOccurrences(index, found.reference.uri, found.reference.clause)
        : [];
    case 'clause':
      return clauseOccurrences(index, uri, found.clause);
    case 'party':
      return partyOccurrences(index, uri, found.party);
  }
}

/** Uses of every definition of the term (a pointer and the definition it leads to are one term), and their names. */
export function termOccurrences(index: WorkspaceIndex, ref: TermRef, group: readonly TermRef[] = termGroup(index, ref)): Occurrence[] {
  const all = workspaceTermUses(index);
  const out: Occurrence[] = [];
  for (const member of group) {
    const definition = index.document(member.uri)?.model.definitions[member.definition];
    for (const name of definition?.names ?? []) out.push({ uri: member.uri, span: name.span, declaration: true });
    for (const { uri, use } of all.get(termKey(member)) ?? []) out.push({ uri, span: use.span, declaration: false });
  }
  return out;
}

/** What makes `[[X]]` links to no term one subject: their text in lower case; undefined for any other use. */
export function unresolvedLinkKey(use: TermUse): string | undefined {
  return !use.term && use.explicit ? use.name.toLowerCase() : undefined;
}

/** `[[X]]` links that name no term: every link naming the same text, case-insensitively, workspace-wide. */
export function unresolvedLinkOccurrences(index: WorkspaceIndex, name: string): Occurrence[] {
  return [...(workspaceUnresolvedLinks(index).get(name.toLowerCase()) ?? [])];
}

function push(map: Map<string, Occurrence[]>, key: string, occurrence: Occurrence): void {
  const list = map.get(key);
  if (list) list.push(occurrence);
  else map.set(key, [occurrence]);
}

/** The same source, as a map key: `sameSource` holds exactly between entries with the same key. */
function sourceKey(source: SourceEntry): string {
  return `${source.origin}\u0000${source.key}\u0000${source.keySpan.start}`;
}

// Uses across the workspace, grouped by what they use, each grouping built once per workspace state and only when a
// request needs it (a term's references need none of them: its uses are grouped by `workspaceTermUses`).

/** Citations by the source they resolve to (`sourceKey`), and citations of keys no source holds, by key. */
function workspaceCitations(index: WorkspaceIndex): { bySource: ReadonlyMap<string, readonly Occurrence[]>; unknownKeys: ReadonlyMap<string, readonly Occurrence[]> } {
  return index.memo('features.workspaceCitations', () => {
    const bySource = new Map<string, Occurrence[]>();
    const unknownKeys = new Map<string, Occurrence[]>();
    for (const doc of index.documents()) {
      for (const c of index.linked(doc.uri)?.citations ?? []) {
        const occurrence = { uri: doc.uri, span: c.item.keySpan, declaration: false };
        if (c.source) push(bySource, sourceKey(c.source), occurrence);
        else push(unknownKeys, c.item.key, occurrence);
      }
    }
    return { bySource, unknownKeys };
  });
}

/** Clause references by the clause they resolve to (`uri` NUL `clause`). */
function workspaceClauseReferences(index: WorkspaceIndex): ReadonlyMap<string, readonly Occurrence[]> {
  return index.memo('features.workspaceClauseReferences', () => {
    const byClause = new Map<string, Occurrence[]>();
    for (const doc of index.documents()) {
      for (const r of index.linked(doc.uri)?.references ?? []) {
        if (r.uri !== undefined && r.clause !== undefined) push(byClause, `${r.uri}\u0000${r.clause}`, { uri: doc.uri, span: r.reference.span, declaration: false });
      }
    }
    return byClause;
  });
}

/** `[[X]]` links naming no term, by the lower-cased name. */
function workspaceUnresolvedLinks(index: WorkspaceIndex): ReadonlyMap<string, readonly Occurrence[]> {
  return index.memo('features.workspaceUnresolvedLinks', () => {
    const byName = new Map<string, Occurrence[]>();
    for (const doc of index.documents()) {
      for (const use of index.linked(doc.uri)?.termUses ?? []) {
        const key = unresolvedLinkKey(use);
        if (key !== undefined) push(byName, key, { uri: doc.uri, span: use.span, declaration: false });
      }
    }
    return byName;
  });
}

/** Front-matter party names and aliases, and POSITION callouts, by the declared party name. */
function workspaceParties(index: WorkspaceIndex): ReadonlyMap<string, readonly Occurrence[]> {
  return index.memo('features.workspaceParties', () => {
    const byName = new Map<string, Occurrence[]>();
    for (const doc of index.documents()) {
      const model = doc.model;
      for (const party of model.frontMatter?.parties ?? []) {
        push(byName, party.name, { uri: doc.uri, span: party.span, declaration: true });
        for (const alias of party.aliases) push(byName, party.name, { uri: doc.uri, span: alias.span, declaration: true });
      }
      for (const callout of model.callouts) {
        if (callout.party && callout.partySpan) push(byName, canonicalParty(model, callout.party), { uri: doc.uri, span: callout.partySpan, declaration: false });
      }
    }
    return byName;
  });
}

/** The same source: written in the same file under the same key. */
export function sameSource(a: SourceEntry, b: SourceEntry): boolean {
  return a === b || (a.origin === b.origin && a.key === b.key && a.keySpan.start === b.keySpan.start);
}

/** Every citation item resolving to `source`, in every document, and the entry itself. */
export function sourceOccurrences(index: WorkspaceIndex, source: SourceEntry): Occurrence[] {
  return [{ uri: source.origin, span: source.keySpan, declaration: true }, ...(workspaceCitations(index).bySource.get(sourceKey(source)) ?? [])];
}

/** Citations of a key that no source holds, workspace-wide. */
export function unknownKeyOccurrences(index: WorkspaceIndex, key: string): Occurrence[] {
  return [...(workspaceCitations(index).unknownKeys.get(key) ?? [])];
}

/** Every clause reference resolving to clause `clause` of `uri`, workspace-wide, and the clause's number and id. */
export function clauseOccurrences(index: WorkspaceIndex, uri: string, clause: number): Occurrence[] {
  const value = index.document(uri)?.model.clauses[clause];
  if (!value) return [];
  const out: Occurrence[] = [{ uri, span: value.numberSpan, declaration: true }];
  if (value.idSpan) out.push({ uri, span: value.idSpan, declaration: true });
  out.push(...(workspaceClauseReferences(index).get(`${uri}\u0000${clause}`) ?? []));
  return out;
}

/**
 * A party: its name and aliases in the front matter of every document that declares it, and every POSITION
 * callout naming it (by name or alias), workspace-wide. Documents are matched by the declared name.
 */
function partyOccurrences(index: WorkspaceIndex, uri: string, written: string): Occurrence[] {
  const here = index.document(uri)?.model;
  if (!here) return [];
  return partyNameOccurrences(index, canonicalParty(here, written));
}

/** A party by its declared name (`canonicalParty`): its names and aliases, and the POSITION callouts naming it. */
export function partyNameOccurrences(index: WorkspaceIndex, name: string): Occurrence[] {
  return [...(workspaceParties(index).get(name) ?? [])];
}

/** Sorted by uri then start then end; one occurrence per place (a declaration wins over a use at the same place). */
export function sortUnique(items: Occurrence[]): Occurrence[] {
  const sorted = [...items].sort(
    (a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.span.start - b.span.start || a.span.end - b.span.end || Number(b.declaration) - Number(a.declaration),
  );
  return sorted.filter((o, i) => {
    const prev = sorted[i - 1];
    return !prev || prev.uri !== o.uri || prev.span.start !== o.span.start || prev.span.end !== o.span.end;
  });
}
