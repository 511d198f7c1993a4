// Code lenses above each definition: how often the term is used across the workspace, how many sources its
// definition cites, and whether parties contest it: `3 uses · 2 sources · contested`.

import type { DocumentModel, Span } from '../../syntax/model.js';
import type { LinkedDocument, TermRef } from '../link.js';
import { lineIndexOf } from '../lookupIndex.js';
import { citationKeysIn, termKey, workspaceTermUses } from '../terms.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { contestedOf } from './symbols.js';

/** A lens: where it stands (the defined name), what it says, and the term it counts (for a "show uses" command). */
export interface CodeLensEntry {
  readonly span: Span;
  readonly title: string;
  readonly term: TermRef;
}

/**
 * One lens per definition of the document `uri`, in document order. "0 uses" is shown (it is news); zero
 * sources and an uncontested term are not. A pointer definition (`has the meaning set forth in Section 1.1`)
 * counts the definition it points to, since uses resolve there. When two definitions share a line, each title
 * starts with the term's name.
 */
export function getCodeLenses(index: WorkspaceIndex, uri: string): CodeLensEntry[] {
  const linked = index.linked(uri);
  if (!linked) return [];
  const uses = workspaceTermUses(index);
  const lines = lineIndexOf(linked.model, linked.model.text);
  return lensesOf(uri, linked, (key) => uses.get(key)?.length ?? 0, (offset) => lines.position(offset).line);
}

/**
 * The lenses of a linked document, counting a term's uses with `count` (by term key) and placing a name by `lineOf`
 * (for an edited text: the indexed text's counts changed by the window's uses, its lines, see `editedViews.ts`).
 */
export function lensesOf(uri: string, linked: LinkedDocument, count: (key: string) => number, lineOf: (offset: number) => number): CodeLensEntry[] {
  const model = linked.model;
  const contested = contestedOf(model).definitions;
  const sources = sourceCounts(model);
  const lenses: { span: Span; name: string; title: string; term: TermRef }[] = [];
  model.definitions.forEach((definition, d) => {
    const first = definition.names[0];
    if (!first) return;
    let counted = d;
    if (definition.form === 'pointer') {
      const pointed = linked.terms.get(first.name)?.find((c) => c.local && !c.definition.scope && c.definition.form !== 'pointer');
      if (pointed) counted = pointed.ref.definition;
    }
    const term = { uri, definition: counted };
    const n = count(termKey(term));
    const m = sources[counted] ?? 0;
    const parts = [`${n} ${n === 1 ? 'use' : 'uses'}`];
    if (m > 0) parts.push(`${m} ${m === 1 ? 'source' : 'sources'}`);
    if (contested.has(counted)) parts.push('contested');
    lenses.push({ span: first.span, name: first.name, title: parts.join(' · '), term });
  });
  const line = lenses.map((lens) => lineOf(lens.span.start));
  return lenses.map((lens, i) => {
    const shared = line[i] === line[i - 1] || line[i] === line[i + 1];
    return { span: lens.span, title: shared ? `${lens.name}: ${lens.title}` : lens.title, term: lens.term };
  });
}

/** For each definition, how many distinct citation keys its text holds (what `termInfo` calls its sources). */
function sourceCounts(model: DocumentModel): number[] {
  return model.definitions.map((definition) => citationKeysIn(model, definition.span).length);
}
