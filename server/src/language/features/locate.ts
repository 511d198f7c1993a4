// Says what stands at an offset of a document: a term use, a definition's name, a citation key, a clause
// reference, a clause's number or id, a party name in front matter or in a POSITION callout. Hover, definition,
// references, rename and highlights all start here. Every kind is found by binary search in indexes built once per
// model or link (lookupIndex.ts), never by walking the document.

import type { Clause, DocumentModel, SourceEntry, Span } from '../../syntax/model.js';
import type { LinkedDocument, ReferenceUse, TermRef, TermUse } from '../link.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { linkedIndex, modelIndex } from '../lookupIndex.js';

/** What stands at an offset. Every kind carries the span of the text it covers there. */
export type Located =
  | { readonly kind: 'term-use'; readonly span: Span; readonly use: TermUse; readonly term?: TermRef }
  | { readonly kind: 'definition'; readonly span: Span; readonly term: TermRef; readonly name: string }
  | { readonly kind: 'citation'; readonly span: Span; readonly key: string; readonly locator: string; readonly source?: SourceEntry }
  | { readonly kind: 'source-entry'; readonly span: Span; readonly key: string; readonly source: SourceEntry }
  | { readonly kind: 'reference'; readonly span: Span; readonly reference: ReferenceUse }
  | { readonly kind: 'clause'; readonly span: Span; readonly clause: number; readonly value: Clause }
  | { readonly kind: 'party'; readonly span: Span; readonly party: string };

/** Contains, with the end included (a cursor right after a word is on it). */
function within(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** Finds what stands at `offset` of the document `uri`; undefined when nothing does. */
export function locate(index: WorkspaceIndex, uri: string, offset: number): Located | undefined {
  const linked = index.linked(uri);
  if (!linked) return undefined;
  const model = linked.model;
  return (
    definitionAt(model, uri, offset) ??
    termUseAt(linked, offset) ??
    citationAt(linked, offset) ??
    sourceEntryAt(model, offset) ??
    referenceAt(linked, offset) ??
    clauseAt(model, offset) ??
    partyAt(model, offset)
  );
}

function definitionAt(model: DocumentModel, uri: string, offset: number): Located | undefined {
  const found = modelIndex(model).definitionNames.at(offset);
  if (!found) return undefined;
  const name = model.definitions[found.item]!.names[found.tag]!;
  return { kind: 'definition', span: name.span, term: { uri, definition: found.item }, name: name.name };
}

function termUseAt(linked: LinkedDocument, offset: number): Located | undefined {
  const use = bisect(linked.termUses, offset, (u) => u.span);
  if (!use) return undefined;
  return { kind: 'term-use', span: use.span, use, ...(use.term ? { term: use.term } : {}) };
}

function citationAt(linked: LinkedDocument, offset: number): Located | undefined {
  const found = linkedIndex(linked).citationKeys.at(offset);
  if (!found) return undefined;
  const c = linked.citations[found.item]!;
  return { kind: 'citation', span: c.item.keySpan, key: c.item.key, locator: c.item.locator, ...(c.source ? { source: c.source } : {}) };
}

function sourceEntryAt(model: DocumentModel, offset: number): Located | undefined {
  const entry = model.frontMatter?.sources.find((s) => within(s.keySpan, offset));
  return entry ? { kind: 'source-entry', span: entry.keySpan, key: entry.key, source: entry } : undefined;
}

function referenceAt(linked: LinkedDocument, offset: number): Located | undefined {
  const found = linkedIndex(linked).references.at(offset);
  const reference = found && linked.references[found.item]!;
  return reference ? { kind: 'reference', span: reference.reference.span, reference } : undefined;
}

function clauseAt(model: DocumentModel, offset: number): Located | undefined {
  const found = modelIndex(model).clauseNames.at(offset);
  if (!found) return undefined;
  const clause = model.clauses[found.item]!;
  const span = found.tag === 0 ? clause.idSpan! : clause.numberSpan;
  return { kind: 'clause', span, clause: found.item, value: clause };
}

function partyAt(model: DocumentModel, offset: number): Located | undefined {
  for (const party of model.frontMatter?.parties ?? []) {
    if (within(party.span, offset)) return { kind: 'party', span: party.span, party: party.name };
    const alias = party.aliases.find((a) => within(a.span, offset));
    if (alias) return { kind: 'party', span: alias.span, party: party.name };
  }
  const found = modelIndex(model).calloutParties.at(offset);
  const callout = found && model.callouts[found.item]!;
  return callout ? { kind: 'party', span: callout.partySpan!, party: callout.party! } : undefined;
}

/** The item whose span holds `offset`, in a list sorted by span start, by binary search. */
export function bisect<T>(items: readonly T[], offset: number, spanOf: (item: T) => Span): T | undefined {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spanOf(items[mid]!).start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0 && i >= found - 2; i--) {
    if (within(spanOf(items[i]!), offset)) return items[i];
  }
  return undefined;
}
