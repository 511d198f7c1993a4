// Hover, go-to-definition, highlights and references in an edited text whose keystroke was answered in its window,
// so that a lookup after typing does not take the text into the index (on 10 MB, 0.6 to 0.9 s). At a place outside
// the window: the indexed text's answer there, its spans moved by the edit. A definition's place only moves. A hover
// is answered only where the edit cannot change what it shows: the edit keeps every line (places are shown as
// file:line); a term's hover shows no definition whose text the edit changed (its own, or one its text uses), and no
// callouts or count of uses of its own it changed; a clause's, no summary, callouts or count of references it
// changed (a reference's to it, no summary or callouts); a party's, no callout it changed. Inside the window, a hover
// at a term (a use or a defined name, as the window reads them) is the term's, where the edit changed nothing it
// shows; at a clause reference it shows the clause the window's reading resolved; at a citation the edit left as it
// was, the indexed text's hover there; where nothing stands there is none.
// Highlights and references of a term, a source (at a citation), a citation key no source holds, a clause (at a
// reference to it or its number), a party (at a callout's) or the text of links to no term (as the writer types one),
// inside the window or outside it: the indexed text's
// occurrences outside the window, moved, and the window's own. Anywhere else undefined: the caller takes the text into
// the index.

import type { CitationItem, SourceEntry, Span } from '../../syntax/model.js';
import { partitionPoint } from '../../syntax/search.js';
import type { EditedWindow } from '../editDiagnostics.js';
import { citationUseStartingAt, citationUsesInside } from '../lookupIndex.js';
import { usesStartingIn, type CitationUse, type LinkedDocument, type ReferenceUse, type TermRef } from '../link.js';
import { canonicalParty, termKey } from '../terms.js';
import type { Location, WorkspaceIndex } from '../workspaceIndex.js';
import { getDefinition, pointerTarget, termGroup } from './definition.js';
import { keepsLineBreaks, mover, summariesInWindow } from './editedViews.js';
import { definitionsShown, firstSentence, hoverOf, type Hover, type HoverOptions } from './hover.js';
import type { Highlight } from './highlights.js';
import { bisect, locate, type Located } from './locate.js';
import { clauseOccurrences, partyNameOccurrences, sameSource, sortUnique, sourceOccurrences, termOccurrences, unknownKeyOccurrences, unresolvedLinkKey, unresolvedLinkOccurrences, type Occurrence } from './references.js';

/**
 * The hover at `offset` of the edited text, from the indexed text's (`hover` is undefined where nothing stands), or
 * undefined when it must be read afresh.
 */
export function hoverAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, offset: number, options: HoverOptions = {}): { readonly hover: Hover | undefined } | undefined {
  const at = indexedOffset(window, offset);
  const linked = index.linked(uri);
  if (!linked) return undefined;
  if (at === undefined) return hoverInWindow(index, linked, window, offset, options);
  const found = locate(index, uri, at);
  if (!hoverUnchanged(index, linked, window, found)) return undefined;
  const hover = found && hoverOf(index, uri, found, options);
  if (!hover) return { hover: undefined };
  const span = movedSpan(window, hover.span);
  return span && { hover: { ...hover, span } };
}

/**
 * The hover at `offset` inside the window: nothing where nothing stands; at a term (a use or a defined name, as the
 * window reads them), the term's hover where the edit changed nothing it shows; at a clause reference, the clause it
 * names (what the window's reading resolved), unless the edit changed that clause's summary or callouts; anything
 * else is read afresh (undefined).
 */
function hoverInWindow(index: WorkspaceIndex, linked: LinkedDocument, window: EditedWindow, offset: number, options: HoverOptions): { readonly hover: Hover | undefined } | undefined {
  const place = windowPlaceAt(linked, window, offset);
  if (place === 'nothing') return { hover: undefined };
  if (place === 'other' || 'clause' in place || 'party' in place || 'link' in place) return undefined;
  if ('citation' in place) return citationHoverInWindow(index, linked, window, place.citation, options);
  if ('term' in place) {
    const changed = keepsLineBreaks(linked.model.text, window) ? changedInWindow(linked, window) : undefined;
    if (!changed || !termHoverUnchanged(index, changed, place.term)) return undefined;
    return { hover: hoverOf(index, linked.uri, place.located, options) };
  }
  const reference = place.reference;
  if (reference.uri === linked.uri && reference.clause !== undefined) {
    const changed = changedInWindow(linked, window);
    if (!changed || changed.clauses.has(reference.clause)) return undefined;
  }
  return { hover: hoverOf(index, linked.uri, { kind: 'reference', span: reference.reference.span, reference }, options) };
}

/** Where the term, clause or source at `offset` of the edited text is defined, from the indexed text's answer, or undefined. */
export function definitionAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, offset: number): Location[] | undefined {
  const at = indexedOffset(window, offset);
  if (at === undefined) return undefined;
  const found: Location[] = [];
  for (const location of getDefinition(index, uri, at)) {
    const span = location.uri === uri ? movedSpan(window, location.span) : location.span;
    if (!span) return undefined;
    found.push({ uri: location.uri, span });
  }
  return found;
}

/**
 * The highlights at `offset` of the edited text (VS Code asks them as the cursor moves), or undefined when they must
 * be found afresh (`occurrencesAfterEdit`).
 */
export function highlightsAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, offset: number): Highlight[] | undefined {
  return occurrencesAfterEdit(index, uri, window, offset)
    ?.filter((o) => o.uri === uri)
    .map((o) => ({ span: o.span, kind: o.declaration ? 'write' : 'read' }));
}

/** The references at `offset` of the edited text, across the workspace, or undefined (`occurrencesAfterEdit`). */
export function referencesAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, offset: number, includeDeclaration: boolean): Location[] | undefined {
  return occurrencesAfterEdit(index, uri, window, offset)
    ?.filter((o) => includeDeclaration || !o.declaration)
    .map((o) => ({ uri: o.uri, span: o.span }));
}

/**
 * The hover at a citation inside the window that the edit left as it was (its key, locator and prefix; the window
 * refuses a change of keys, so every count holds): the indexed text's hover there, moved, where the edit keeps every
 * line (the hover lists the other citations by line). Undefined for a citation the edit changed (a locator typed).
 */
function citationHoverInWindow(index: WorkspaceIndex, linked: LinkedDocument, window: EditedWindow, citation: CitationUse, options: HoverOptions): { readonly hover: Hover | undefined } | undefined {
  if (!keepsLineBreaks(linked.model.text, window) || !changedInWindow(linked, window)) return undefined;
  const { from, oldEnd, newEnd } = window.change;
  const at = citation.item.keySpan.start;
  const was = at < from ? at : at >= newEnd ? at - (newEnd - oldEnd) : undefined;
  const use = was === undefined ? undefined : citationUseStartingAt(linked, was);
  if (!use || !sameShown(use.item, citation.item) || use.item.suppressAuthor !== citation.item.suppressAuthor) return undefined;
  const hover = hoverOf(index, linked.uri, { kind: 'citation', span: use.item.keySpan, key: use.item.key, locator: use.item.locator, ...(use.source ? { source: use.source } : {}) }, options);
  if (!hover) return { hover: undefined };
  const span = movedSpan(window, hover.span);
  return span && { hover: { ...hover, span } };
}

/**
 * What highlights and references are about, in a form the indexed text and the window share: a term, a source, a
 * citation key no source holds, a clause (by document and index: the window changes no clause number), a party (by
 * its declared name), the text of a link to no term (in lower case: such links are one subject whatever their case).
 */
type Subject =
  | { readonly kind: 'term'; readonly term: TermRef }
  | { readonly kind: 'link'; readonly name: string }
  | { readonly kind: 'source'; readonly source: SourceEntry }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'clause'; readonly uri: string; readonly clause: number }
  | { readonly kind: 'party'; readonly name: string };

/**
 * The occurrences of what stands at `offset` of the edited text, as `occurrencesAt` gives them: the indexed text's
 * occurrences of it outside the window, moved, and the window's own (those in other documents are as they were: the
 * window changes no name, no clause number and no front matter); none where nothing stands, or where a clause
 * reference resolves to nothing. Undefined where it must be found afresh (the front matter inside the window, an
 * occurrence reaching into the change).
 */
function occurrencesAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, offset: number): Occurrence[] | undefined {
  const linked = index.linked(uri);
  if (!linked) return undefined;
  const at = indexedOffset(window, offset);
  const subject = at === undefined ? windowSubject(linked, window, offset) : indexedSubject(index, uri, at);
  if (subject === undefined || subject === 'nothing') return subject && [];
  const { start, oldEnd } = window;
  const occurrences: Occurrence[] = [];
  for (const o of indexedOccurrences(index, subject)) {
    if (o.uri !== uri) {
      occurrences.push(o);
      continue;
    }
    if (o.span.start >= start && o.span.start < oldEnd) continue;
    const span = movedSpan(window, o.span);
    if (!span) return undefined;
    occurrences.push({ uri, span, declaration: o.declaration });
  }
  const own = windowOccurrences(index, linked, window, subject);
  if (!own) return undefined;
  for (const o of own) occurrences.push(o);
  return sortUnique(occurrences);
}

/** What the indexed text holds at `at` (outside the window), as a subject, or `nothing`. */
function indexedSubject(index: WorkspaceIndex, uri: string, at: number): Subject | 'nothing' {
  const found = locate(index, uri, at);
  switch (found?.kind) {
    case undefined:
      return 'nothing';
    case 'term-use':
      return found.term ? { kind: 'term', term: found.term } : { kind: 'link', name: found.use.name.toLowerCase() };
    case 'definition':
      return { kind: 'term', term: found.term };
    case 'citation':
      return found.source ? { kind: 'source', source: found.source } : { kind: 'key', key: found.key };
    case 'source-entry':
      return { kind: 'source', source: found.source };
    case 'reference':
      return referenceSubject(found.reference);
    case 'clause':
      return { kind: 'clause', uri, clause: found.clause };
    case 'party':
      return { kind: 'party', name: canonicalParty(index.document(uri)!.model, found.party) };
  }
}

/** What the window's reading holds at `offset` (inside the window), as a subject (`windowPlaceAt`). */
function windowSubject(linked: LinkedDocument, window: EditedWindow, offset: number): Subject | 'nothing' | undefined {
  const place = windowPlaceAt(linked, window, offset);
  if (place === 'nothing') return 'nothing';
  if (place === 'other') return undefined;
  if ('term' in place) return { kind: 'term', term: place.term };
  if ('link' in place) return { kind: 'link', name: place.link };
  if ('citation' in place) return place.citation.source ? { kind: 'source', source: place.citation.source } : { kind: 'key', key: place.citation.item.key };
  if ('clause' in place) return { kind: 'clause', uri: linked.uri, clause: place.clause };
  if ('party' in place) return { kind: 'party', name: canonicalParty(linked.model, place.party) };
  return referenceSubject(place.reference);
}

/** The clause a reference resolves to, as a subject; `nothing` for one that resolves to none. */
function referenceSubject(reference: ReferenceUse): Subject | 'nothing' {
  return reference.uri !== undefined && reference.clause !== undefined ? { kind: 'clause', uri: reference.uri, clause: reference.clause } : 'nothing';
}

/** The indexed workspace's occurrences of `subject` (`occurrencesAt`'s, unsorted). */
function indexedOccurrences(index: WorkspaceIndex, subject: Subject): Occurrence[] {
  switch (subject.kind) {
    case 'term':
      return termOccurrences(index, subject.term, termGroup(index, subject.term));
    case 'source':
      return sourceOccurrences(index, subject.source);
    case 'key':
      return unknownKeyOccurrences(index, subject.key);
    case 'clause':
      return clauseOccurrences(index, subject.uri, subject.clause);
    case 'party':
      return partyNameOccurrences(index, subject.name);
    case 'link':
      return unresolvedLinkOccurrences(index, subject.name);
  }
}

/**
 * The occurrences of `subject` the window's reading holds (those of the edited text inside the window), or undefined
 * where its clauses or callouts do not line up with the indexed text's.
 */
function windowOccurrences(index: WorkspaceIndex, linked: LinkedDocument, window: EditedWindow, subject: Subject): Occurrence[] | undefined {
  const uri = linked.uri;
  const { start, oldEnd } = window;
  const model = linked.model;
  const now = window.linked.model;
  const inWindow = (span: Span | undefined) => span !== undefined && span.start >= start && span.start < oldEnd;
  const out: Occurrence[] = [];
  switch (subject.kind) {
    case 'term': {
      const group = termGroup(index, subject.term);
      const keys = new Set(group.map(termKey));
      for (const use of window.linked.termUses) if (use.term && keys.has(termKey(use.term))) out.push({ uri, span: use.span, declaration: false });
      for (const member of group) {
        const names = member.uri === uri ? model.definitions[member.definition]?.names : undefined;
        if (!names?.some((n) => inWindow(n.span))) continue;
        for (const name of now.definitions[member.definition]!.names) out.push({ uri, span: name.span, declaration: true });
      }
      break;
    }
    case 'link':
      for (const use of window.linked.termUses) if (unresolvedLinkKey(use) === subject.name) out.push({ uri, span: use.span, declaration: false });
      break;
    case 'source':
    case 'key':
      for (const c of window.linked.citations) {
        if (subject.kind === 'source' ? c.source !== undefined && sameSource(c.source, subject.source) : !c.source && c.item.key === subject.key) out.push({ uri, span: c.item.keySpan, declaration: false });
      }
      break;
    case 'clause': {
      for (const r of window.linked.references) if (r.uri === subject.uri && r.clause === subject.clause) out.push({ uri, span: r.reference.span, declaration: false });
      if (subject.uri === uri) {
        if (now.clauses.length !== model.clauses.length) return undefined;
        const clause = now.clauses[subject.clause];
        const inEdited = (span: Span | undefined): span is Span => span !== undefined && span.start >= start && span.start < window.newEnd;
        if (inEdited(clause?.numberSpan)) out.push({ uri, span: clause.numberSpan, declaration: true });
        if (inEdited(clause?.idSpan)) out.push({ uri, span: clause.idSpan, declaration: true });
      }
      break;
    }
    case 'party':
      if (now.callouts.length !== model.callouts.length) return undefined;
      for (let k = 0; k < model.callouts.length; k++) {
        const callout = model.callouts[k]!;
        if (callout.span.start >= oldEnd || callout.span.end <= start) continue;
        const read = now.callouts[k]!;
        if (read.party && read.partySpan && canonicalParty(model, read.party) === subject.name) out.push({ uri, span: read.partySpan, declaration: false });
      }
      break;
  }
  return out;
}

/** What stands at a place inside the window (`windowPlaceAt`). */
type WindowPlace =
  | { readonly term: TermRef; readonly located: Located }
  | { readonly citation: CitationUse }
  | { readonly reference: ReferenceUse }
  | { readonly clause: number }
  | { readonly party: string }
  | { readonly link: string };

/**
 * What stands at `offset` of the edited text, inside the window, in the order `locate` looks: a term (at a defined
 * name or a use of it), a citation (at its key or its `@`), a clause reference, a clause (at its number or id), a
 * party (at a callout's), a link to no term (its text in lower case), `nothing`, or `other` (the front matter).
 */
function windowPlaceAt(linked: LinkedDocument, window: EditedWindow, offset: number): WindowPlace | 'nothing' | 'other' {
  const { start, oldEnd } = window;
  const model = linked.model;
  const now = window.linked.model;
  const on = (span: Span | undefined) => span !== undefined && offset >= span.start && offset <= span.end;
  if (model.frontMatter && offset <= model.frontMatter.span.end) return 'other';
  for (let d = 0; d < model.definitions.length; d++) {
    const def = model.definitions[d]!;
    if (def.span.start >= oldEnd || def.blockSpan.end < start || !def.names.some((n) => n.span.start >= start && n.span.start < oldEnd)) continue;
    const name = now.definitions[d]!.names.find((n) => on(n.span));
    const term = { uri: linked.uri, definition: d };
    if (name) return { term, located: { kind: 'definition', span: name.span, term, name: name.name } };
  }
  const use = bisect(window.linked.termUses, offset, (u) => u.span);
  if (use) return use.term ? { term: use.term, located: { kind: 'term-use', span: use.span, use, term: use.term } } : { link: use.name.toLowerCase() };
  // A citation's key, with the `@` before it (as `locate` finds it).
  const citation = window.linked.citations.find((c) => on({ start: c.item.keySpan.start - 1, end: c.item.keySpan.end }));
  if (citation) return { citation };
  const reference = window.linked.references.find((r) => on(r.reference.span));
  if (reference) return { reference };
  for (let c = partitionPoint(model.clauses.length, (i) => model.clauses[i]!.headSpan.start < start); c < model.clauses.length && model.clauses[c]!.headSpan.start < oldEnd; c++) {
    if (on(now.clauses[c]!.numberSpan) || on(now.clauses[c]!.idSpan)) return { clause: c };
  }
  for (let k = 0; k < model.callouts.length; k++) {
    const callout = model.callouts[k]!;
    const read = callout.span.start < oldEnd && callout.span.end > start ? now.callouts[k]! : undefined;
    if (read?.party !== undefined && on(read.partySpan)) return { party: read.party };
  }
  return 'nothing';
}

/** A span of the indexed text in the edited one, or undefined when it reaches into the change. */
function movedSpan(window: EditedWindow, span: Span): Span | undefined {
  const move = mover(window.change);
  const start = move(span.start);
  const end = move(span.end);
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** The offset of the indexed text that `offset` of the edited text stands for, when it lies outside the window. */
function indexedOffset(window: EditedWindow, offset: number): number | undefined {
  if (offset >= window.start && offset < window.newEnd) return undefined;
  return offset < window.start ? offset : offset - (window.newEnd - window.oldEnd);
}

/** True when the edit of `window` changes nothing the hover of `found` (what stands there in the indexed text) shows. */
function hoverUnchanged(index: WorkspaceIndex, linked: LinkedDocument, window: EditedWindow, found: Located | undefined): boolean {
  const changed = keepsLineBreaks(linked.model.text, window) ? changedInWindow(linked, window) : undefined;
  if (!changed) return false;
  switch (found?.kind) {
    case 'term-use':
    case 'definition':
      return !found.term || termHoverUnchanged(index, changed, found.term);
    case 'reference':
      return found.reference.uri !== linked.uri || found.reference.clause === undefined || !changed.clauses.has(found.reference.clause);
    case 'clause':
      return !changed.clauses.has(found.clause) && !changed.referenced.has(found.clause);
    case 'party':
      return !changed.callouts;
    default:
      return true;
  }
}

/**
 * True when a hover of the term `ref` shows nothing `changed` holds: its group's (and a pointer's target's) texts,
 * callouts and uses, and the first sentences of every definition it shows.
 */
function termHoverUnchanged(index: WorkspaceIndex, changed: Changed, ref: TermRef): boolean {
  const target = pointerTarget(index, ref);
  const own = [...termGroup(index, ref), ...(target ? [target] : [])];
  return !own.some((r) => changed.terms.has(termKey(r)) || changed.texts.has(termKey(r))) && !definitionsShown(index, ref).some((r) => changed.sentences.has(termKey(r)));
}

/**
 * True when the citations a callout shows (`citationUsesInside` of the indexed text) are those of the window's
 * `uses` inside `span`: the same keys, locators and prefixes in the same order (the hover formats them as one cluster).
 */
function sameCitations(before: readonly CitationUse[], uses: readonly CitationUse[], span: Span): boolean {
  const after = uses.filter((u) => u.item.keySpan.start >= span.start && u.item.keySpan.end <= span.end);
  return before.length === after.length && before.every((u, i) => sameShown(u.item, after[i]!.item));
}

/** True when two citation items show the same in a hover: the same key, locator and prefix. */
function sameShown(a: CitationItem, b: CitationItem): boolean {
  return a.key === b.key && a.locator === b.locator && a.prefix === b.prefix;
}

/** What an edit changed that hovers show (`changedInWindow`). */
interface Changed {
  readonly texts: ReadonlySet<string>;
  readonly sentences: ReadonlySet<string>;
  readonly terms: ReadonlySet<string>;
  readonly clauses: ReadonlySet<number>;
  readonly referenced: ReadonlySet<number>;
  readonly callouts: boolean;
}

/**
 * What the edit of `window` changed that hovers show: the definitions (by term key) whose text it changed, and those
 * whose first sentence it changed (shown for the terms a definition uses); the terms whose attached callouts or count
 * of uses it changed; the clauses whose summary or attached callouts it changed, and those whose count of references
 * it changed (shown on the clause itself only); whether it changed a callout (a party's hover lists them all).
 * Undefined when the window's reading does not line up with the indexed text's.
 */
function changedInWindow(linked: LinkedDocument, window: EditedWindow): Changed | undefined {
  const { start, oldEnd } = window;
  const model = linked.model;
  const now = window.linked.model;
  const uri = linked.uri;
  const summaries = summariesInWindow(model, window);
  if (!summaries || now.definitions.length !== model.definitions.length || now.callouts.length !== model.callouts.length) return undefined;
  const texts = new Set<string>();
  const sentences = new Set<string>();
  const terms = new Set<string>();
  const clauses = new Set<number>();
  model.definitions.forEach((d, i) => {
    if (d.span.start >= oldEnd || d.span.end <= start || d.text === now.definitions[i]!.text) return;
    texts.add(termKey({ uri, definition: i }));
    if (firstSentence(d.text) !== firstSentence(now.definitions[i]!.text)) sentences.add(termKey({ uri, definition: i }));
  });
  for (const [c, summary] of summaries) if (model.clauses[c]?.summary !== summary) clauses.add(c);
  let callouts = false;
  model.callouts.forEach((c, i) => {
    if (c.span.start >= oldEnd || c.span.end <= start) return;
    const read = now.callouts[i]!; // Read only in the window: the window's model makes the others as they are asked for.
    if (c.text === read.text && c.party === read.party && c.type === read.type && sameCitations(citationUsesInside(linked, c.span), window.linked.citations, read.span)) return;
    callouts = true;
    if (c.target?.kind === 'definition') terms.add(termKey({ uri, definition: c.target.index }));
    if (c.target?.kind === 'clause') clauses.add(c.target.index);
  });
  // Uses and references, counted by what they lead to, before the edit (+1) and after it (-1).
  const tally = <K>(counts: Map<K, number>, key: K | undefined, by: number) => {
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + by);
  };
  const uses = new Map<string, number>();
  for (const use of usesStartingIn(linked.termUses, start, oldEnd)) tally(uses, use.term && termKey(use.term), 1);
  for (const use of window.linked.termUses) tally(uses, use.term && termKey(use.term), -1);
  for (const [key, n] of uses) if (n !== 0) terms.add(key);
  const references = new Map<number, number>();
  const refs = linked.references;
  const first = partitionPoint(refs.length, (i) => refs[i]!.reference.span.start < start);
  for (let i = first; i < refs.length && refs[i]!.reference.span.start < oldEnd; i++) if (refs[i]!.uri === uri) tally(references, refs[i]!.clause, 1);
  for (const r of window.linked.references) if (r.uri === uri) tally(references, r.clause, -1);
  const referenced = new Set([...references].filter(([, n]) => n !== 0).map(([c]) => c));
  return { texts, sentences, terms, clauses, referenced, callouts };
}
