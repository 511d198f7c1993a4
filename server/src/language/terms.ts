// What the workspace knows about each defined term: its names, definition, scope, sources, explanation, party
// positions and uses across every document. Shared by the index output, hovers, rules and reports.

import type { Callout, Definition, DocumentModel } from '../syntax/model.js';
import type { TermRef } from './link.js';
import type { WorkspaceTermUse } from './workspaceFacts.js';
import { calloutsOf, citationsInside } from './lookupIndex.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

/** A party's reading of a term or clause, with the citation keys it gives. */
export interface PartyPosition {
  readonly party: string;
  readonly text: string;
  readonly sources: readonly string[];
  readonly callout: Callout;
}

/** Everything about one definition. */
export interface TermInfo {
  readonly ref: TermRef;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly definition: Definition;
  /** Citation keys written in the definition's text. */
  readonly sources: readonly string[];
  readonly explanations: readonly string[];
  readonly positions: readonly PartyPosition[];
  /** True when two or more parties take a position on it. */
  readonly contested: boolean;
}

export { termKey, type WorkspaceTermUse } from './workspaceFacts.js';

/** Describes the definition `ref` names, or undefined when it does not exist. */
export function termInfo(index: WorkspaceIndex, ref: TermRef): TermInfo | undefined {
  const model = index.document(ref.uri)?.model;
  const definition = model?.definitions[ref.definition];
  if (!model || !definition) return undefined;
  const annotations = annotationsOf(model, 'definition', ref.definition);
  return {
    ref,
    name: definition.names[0]!.name,
    aliases: definition.names.slice(1).map((n) => n.name),
    definition,
    sources: citationKeysIn(model, definition.span),
    ...annotations,
  };
}

/** The explanations and party positions attached to a definition or clause. */
export function annotationsOf(model: DocumentModel, kind: 'definition' | 'clause', index: number): { explanations: string[]; positions: PartyPosition[]; contested: boolean } {
  const attached = calloutsOf(model, kind, index);
  const positions = attached
    .filter((c) => c.type === 'POSITION' && c.party)
    .map((c) => ({ party: c.party!, text: c.text, sources: citationKeysIn(model, c.span), callout: c }));
  return {
    explanations: attached.filter((c) => c.type === 'EXPLAIN').map((c) => c.text),
    positions,
    contested: new Set(positions.map((p) => canonicalParty(model, p.party))).size >= 2,
  };
}

/** The declared name of a party written by name or alias (case-insensitive), else the text lower-cased. */
export function canonicalParty(model: DocumentModel, written: string): string {
  const lower = written.trim().toLowerCase();
  const party = model.frontMatter?.parties.find((p) => p.name.toLowerCase() === lower || p.aliases.some((a) => a.name.toLowerCase() === lower));
  return party ? party.name : lower;
}

/** Citation keys written inside a span of a document, each once, in order. */
export function citationKeysIn(model: DocumentModel, span: { start: number; end: number }): string[] {
  const keys: string[] = [];
  for (const c of citationsInside(model, span)) {
    for (const item of model.citations[c]!.items) if (!keys.includes(item.key)) keys.push(item.key);
  }
  return keys;
}

/**
 * Every use of every term across the workspace, by term key. Kept up to date document by document (see
 * `WorkspaceFacts`): after a change, only the documents it made stale are linked again.
 */
export function workspaceTermUses(index: WorkspaceIndex): ReadonlyMap<string, readonly WorkspaceTermUse[]> {
  return index.facts().termUses();
}
