// Rule: term.unused. Reports a definition none of whose names is used anywhere in the workspace (uses in the
// documents that import it count), greyed out as unnecessary; the quick fix gets the definition's block.
// Why: a definition nobody uses is dead text the reader still has to read, and often the trace of a rename
// that missed the definition.
// A use inside the definition's own text does not count ("Agent" means a program that calls another Agent).
// A pointer definition and the definition it points to (same name, same document) count as one term.
// ok:     `"Agent" means a program.` and `Each Agent acts alone.`
// not ok: `"Fairwater" means a data-center network.` and no use of Fairwater

import type { Definition, DocumentModel, Span } from '../../syntax/model.js';
import { termKey, workspaceTermUses, type WorkspaceTermUse } from '../terms.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import type { Finding, Rule } from './rule.js';

/**
 * The uses of each definition of a document (by index), across the workspace: uses inside the definition's own
 * text left out, and a pointer definition sharing the uses of the same-named definitions of its document.
 */
export function usesOfDefinitions(index: WorkspaceIndex, uri: string, model: DocumentModel): WorkspaceTermUse[][] {
  const all = workspaceTermUses(index);
  const own = model.definitions.map((definition, d) =>
    (all.get(termKey({ uri, definition: d })) ?? []).filter((u) => !(u.uri === uri && inside(u.use.span, definingSentence(model.text, definition)))),
  );
  const merged = own.map((uses) => [...uses]);
  for (const { pointers, targets } of sharedUseGroups(model)) {
    // A loop, not `push(...uses)`: a spread of some 120,000 uses overflows the call stack.
    for (const p of pointers) for (const t of targets) for (const use of own[t]!) merged[p]!.push(use);
    for (const t of targets) for (const p of pointers) for (const use of own[p]!) merged[t]!.push(use);
  }
  return merged;
}

/** How many uses of a definition count (as `usesOfDefinitions` counts them), and the use when there is just one. */
export interface UseCount {
  readonly count: number;
  readonly only?: WorkspaceTermUse;
}

/**
 * The counts of `usesOfDefinitions` without building the lists: a glossary's terms have uses in thousands of
 * documents, and these rules only ask whether there are none or one. Only the document's own uses are looked at.
 */
export function useCountsOfDefinitions(index: WorkspaceIndex, uri: string, model: DocumentModel): UseCount[] {
  const facts = index.facts();
  const keys = model.definitions.map((_, d) => termKey({ uri, definition: d }));
  const counts = model.definitions.map((_, d) => ownUseCount(index, uri, model, d));
  const merged = [...counts];
  const partners = model.definitions.map((): number[] => []);
  for (const { pointers, targets } of sharedUseGroups(model)) {
    for (const p of pointers) for (const t of targets) (merged[p]! += counts[t]!), partners[p]!.push(t);
    for (const t of targets) for (const p of pointers) (merged[t]! += counts[p]!), partners[t]!.push(p);
  }
  return merged.map((count, d) => {
    if (count !== 1) return { count };
    // The one use: in this definition's own list first, then in those it shares, as `usesOfDefinitions` orders them.
    for (const from of [d, ...partners[d]!]) {
      if (counts[from] === 0) continue;
      const sentence = definingSentence(model.text, model.definitions[from]!);
      const only = facts.usesOf(keys[from]!).find((u) => !(u.uri === uri && inside(u.use.span, sentence)));
      if (only) return { count, only };
    }
    return { count };
  });
}

/**
 * How many uses of the definition `d` of a document count across the workspace, before a pointer definition's
 * shared uses are added: all its uses less those inside its own defining sentence.
 */
export function ownUseCount(index: WorkspaceIndex, uri: string, model: DocumentModel, d: number): number {
  const facts = index.facts();
  const key = termKey({ uri, definition: d });
  const total = facts.useCount(key);
  if (total === 0) return 0;
  const sentence = definingSentence(model.text, model.definitions[d]!);
  let inSentence = 0;
  for (const use of facts.usesIn(key, uri)) if (inside(use.span, sentence)) inSentence++;
  return total - inSentence;
}

/**
 * The same-named definitions of a document that share their uses: pointer definitions and the definitions (not
 * pointers) of the same name, which count as one term.
 */
function sharedUseGroups(model: DocumentModel): { readonly pointers: number[]; readonly targets: number[] }[] {
  const groups: { pointers: number[]; targets: number[] }[] = [];
  for (const group of sameNameGroups(model).values()) {
    const pointers = group.filter((d) => model.definitions[d]!.form === 'pointer');
    if (pointers.length === 0 || pointers.length === group.length) continue;
    groups.push({ pointers, targets: group.filter((d) => model.definitions[d]!.form !== 'pointer') });
  }
  return groups;
}

/** True when the definition `d` shares its uses with others of its name (a pointer, or what a pointer names). */
export function sharesUses(model: DocumentModel, d: number): boolean {
  return sharedUseGroups(model).some(({ pointers, targets }) => pointers.includes(d) || targets.includes(d));
}

/** The definitions of a document by name (each index once per name). */
function sameNameGroups(model: DocumentModel): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  model.definitions.forEach((definition, d) => {
    for (const { name } of definition.names) {
      const list = byName.get(name) ?? [];
      if (!list.includes(d)) list.push(d);
      byName.set(name, list);
    }
  });
  return byName;
}

/**
 * The sentence that defines: from the definition's start to the end of the sentence holding its first name. A use
 * in a later sentence of the same paragraph is operative text (GPL 3 section 10: `An "entity transaction" is …. If
 * propagation results from an entity transaction, …`).
 */
function definingSentence(text: string, definition: Definition): Span {
  const from = definition.names[0]?.span.end ?? definition.span.start;
  const rest = text.slice(from, definition.span.end);
  const end = /[.!?](?=\s+\p{Lu}|\s*$)/u.exec(rest);
  return { start: definition.span.start, end: end ? from + end.index + 1 : definition.span.end };
}

function inside(span: Span, outer: Span): boolean {
  return span.start >= outer.start && span.end <= outer.end;
}

/** The rule. */
export const rule: Rule = {
  id: 'term.unused',
  defaultLevel: 'warning',
  window: 'document',
  summary: 'A term is defined and never used',
  docs: {
    what:
      'A definition none of whose names is used anywhere in the workspace: not in its own document, not in the documents that import it. A use inside the definition\'s own text does not count, and a pointer definition counts as used when the definition it points to is. The finding is tagged unnecessary (editors grey it out).',
    why: 'A definition nobody uses is dead text the reader still reads, and often the trace of a rename that missed it.',
    ok: { document: `"Agent" means an AI system that carries out work for a user.\n\nEach Agent acts alone.\n` },
    notOk: { document: `"Fairwater" means Microsoft's data-center network for training its own models.\n\nMicrosoft builds its own models.\n` },
  },
  *check({ index, model, uri }): Iterable<Finding> {
    const uses = useCountsOfDefinitions(index, uri, model);
    for (const [d, definition] of model.definitions.entries()) {
      if (uses[d]!.count > 0) continue;
      const name = definition.names[0]!;
      const alone = model.definitions.every((other, o) => o === d || other.blockSpan.start !== definition.blockSpan.start);
      yield {
        span: name.span,
        message: `"${name.name}" is defined but never used`,
        tags: ['unnecessary'],
        // `wholeBlock`: the block holds this definition alone, so deleting `blockSpan` removes exactly it.
        data: { name: name.name, blockSpan: definition.blockSpan, wholeBlock: alone && definition.form !== 'parenthetical' },
      };
    }
  },
};
