// Rule: term.circular. Reports definitions that use each other in a cycle, across documents too: definition D
// uses term T when a term use inside D's text resolves to T. Each member of a cycle gets one finding, on its
// name, whose message shows the shortest cycle through it starting from itself
// (`Circular definition: "Agent Loop" → "Model Turn" → "Agent Loop"`), with the use that makes each step as
// related information. A definition that uses its own term (a recursive definition, such as "Affiliate"
// including an Affiliate of an Affiliate) is not a cycle between definitions and is not reported, and a term
// quoted inside a definition is mentioned, not used (Apache 2.0's "submitted" excludes communication marked
// "Not a Contribution", which does not make "Contribution" and "submitted" circular).
// Why: a reader who follows a circular definition never reaches a meaning; no contract tool reports it.
// The search starts at the checked document's definitions and walks only what they reach; what it finds is kept
// until a document's term uses change. A keystroke's window asks it whether a definition's changed text may change
// a cycle (`retoldEdgesMayChange`).
// ok:     "Agent" uses "Model Turn", which uses nothing defined
// not ok: "Agent Loop" uses "Model Turn" and "Model Turn" uses "Agent Loop"

import type { Span } from '../../syntax/model.js';
import { usesStartingIn, type LinkedDocument, type TermRef, type TermUse } from '../link.js';
import type { TextSource } from '../../syntax/textSource.js';
import { termKey } from '../terms.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import type { Finding, RelatedPlace, Rule } from './rule.js';
import { QuotedRanges } from './term.case-mismatch.js';

/** A member of a cycle: the shortest cycle through it, and the use behind each step. */
interface CycleMembership {
  readonly names: readonly string[];
  readonly steps: readonly RelatedPlace[];
}

/** The rule. */
export const rule: Rule = {
  id: 'term.circular',
  defaultLevel: 'warning',
  window: 'document',
  summary: 'Definitions refer to each other in a cycle',
  docs: {
    what:
      'Definitions that use each other in a cycle (a definition uses a term when a use of the term stands in its text), also across imported documents. Every member of the cycle is reported once, on its name; the message shows the shortest cycle through it, starting from itself, and the related information points to the use behind each step. A definition that uses its own term is not reported.',
    why: 'A reader who follows a circular definition never reaches a meaning, and a hover that expands nested terms goes round in circles.',
    ok: {
      document: `"Agent Loop" means the repeated Model Turns of one task.\n\n"Model Turn" means one request to a model and its answer.\n`,
    },
    notOk: {
      document: `"Agent Loop" means the repeated Model Turns of one task.\n\n"Model Turn" means one step of an Agent Loop.\n`,
    },
  },
  *check({ index, model, uri }): Iterable<Finding> {
    const cycles = new CycleFinder(index);
    for (const [d, definition] of model.definitions.entries()) {
      const member = cycles.membership({ uri, definition: d });
      if (!member) continue;
      yield {
        span: definition.names[0]!.span,
        message: `Circular definition: ${member.names.map((n) => `"${n}"`).join(' → ')}`,
        related: member.steps,
        data: { cycle: member.names },
      };
    }
  },
};

/** An edge of the graph: the definition used, and the first use that makes it. */
interface Edge {
  readonly to: TermRef;
  readonly span: Span;
}

/** What cycle search has found so far, per index: valid while no document's term uses change hands. */
const found = new WeakMap<WorkspaceIndex, { version: number; members: Map<string, CycleMembership | null> }>();

/**
 * Cycles through given definitions. Nodes are definitions, with an edge D → T for each use of T inside D's text.
 * A definition's cycles lie in its strongly connected component, which lies among the definitions it reaches: the
 * search starts there and walks nothing else (a contract reaches its own definitions and its glossaries', however
 * many other documents the workspace holds). Every component met is remembered until a document's uses change.
 */
class CycleFinder {
  readonly #index: WorkspaceIndex;
  readonly #members: Map<string, CycleMembership | null>;

  constructor(index: WorkspaceIndex) {
    this.#index = index;
    const version = index.facts().version;
    let state = found.get(index);
    if (!state || state.version !== version) found.set(index, (state = { version, members: new Map() }));
    this.#members = state.members;
  }

  /** The shortest cycle through the definition `ref`, when it lies on one. */
  membership(ref: TermRef): CycleMembership | undefined {
    const key = termKey(ref);
    if (!this.#members.has(key)) this.#search(ref);
    return this.#members.get(key) ?? undefined;
  }

  /** Whether `to` can be reached from `from` along the edges of the indexed texts. */
  reaches(from: TermRef, to: TermRef): boolean {
    const goal = termKey(to);
    const seen = new Set<string>([termKey(from)]);
    const queue = [from];
    for (let q = 0; q < queue.length; q++) {
      for (const [key, edge] of this.#edges(queue[q]!)) {
        if (key === goal) return true;
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(edge.to);
      }
    }
    return termKey(from) === goal;
  }

  /** The edges out of a definition, in the order of the uses in its text. */
  #edges(ref: TermRef): ReadonlyMap<string, Edge> {
    return documentEdges(this.#index, ref.uri).get(ref.definition) ?? NO_EDGES;
  }

  /** Tarjan's strongly connected components from `root`, iteratively, skipping components already known. */
  #search(root: TermRef): void {
    const refs = new Map<string, TermRef>();
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    let counter = 0;
    const work: { node: string; successors: Edge[]; i: number }[] = [];
    const enter = (ref: TermRef) => {
      const node = termKey(ref);
      refs.set(node, ref);
      indexOf.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, successors: [...this.#edges(ref).values()], i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.successors.length) {
        const next = frame.successors[frame.i++]!.to;
        const key = termKey(next);
        if (this.#members.has(key)) continue;
        if (!indexOf.has(key)) enter(next);
        else if (onStack.has(key)) low.set(frame.node, Math.min(low.get(frame.node)!, indexOf.get(key)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === indexOf.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        this.#record(component.map((k) => refs.get(k)!));
      }
    }
  }

  /** Records the cycle through each member of a strongly connected component (none for a component of one). */
  #record(component: readonly TermRef[]): void {
    if (component.length < 2) {
      for (const ref of component) this.#members.set(termKey(ref), null);
      return;
    }
    const inside = new Set(component.map(termKey));
    const nameOf = (ref: TermRef) => this.#index.document(ref.uri)!.model.definitions[ref.definition]!.names[0]!.name;
    for (const ref of component) {
      const path = shortestCycle((r) => this.#edges(r), inside, ref);
      if (!path) {
        this.#members.set(termKey(ref), null);
        continue;
      }
      const names = [...path, ref].map(nameOf);
      const steps = path.map((from, i) => {
        const to = path[(i + 1) % path.length]!;
        const use = this.#edges(from).get(termKey(to))!;
        return { uri: from.uri, span: use.span, message: `"${nameOf(from)}" uses "${nameOf(to)}"` };
      });
      this.#members.set(termKey(ref), { names, steps });
    }
  }
}

const NO_EDGES: ReadonlyMap<string, Edge> = new Map();

/** The edges out of each definition of a document (by index), once per linking of the document. */
const edgesByLinking = new WeakMap<LinkedDocument, Map<number, Map<string, Edge>>>();

/** For each definition of the document, the definitions its text uses (by key), each with its first use. */
function documentEdges(index: WorkspaceIndex, uri: string): ReadonlyMap<number, ReadonlyMap<string, Edge>> {
  const linked = index.linked(uri);
  if (!linked) return new Map();
  let edges = edgesByLinking.get(linked);
  if (edges) return edges;
  edges = new Map();
  const { model, termUses } = linked;
  for (const [d, definition] of model.definitions.entries()) {
    const out = definitionEdges(index, uri, model.text, definition.span, d, usesStartingIn(termUses, definition.span.start, definition.span.end));
    if (out.size > 0) edges.set(d, out);
  }
  edgesByLinking.set(linked, edges);
  return edges;
}

/**
 * The edges out of the definition `d` of `uri` whose text is `span` of `text`, given the uses that start in it: the
 * definitions they use (by key), each with its first use. A use that ends past the text, is quoted in it (mentioned,
 * not used) or names the definition itself makes none; a use of a pointer definition leads on to the definition it
 * points to (same name, same document).
 */
function definitionEdges(index: WorkspaceIndex, uri: string, text: TextSource, span: Span, d: number, uses: readonly TermUse[]): Map<string, Edge> {
  const out = new Map<string, Edge>();
  const self = termKey({ uri, definition: d });
  let quoted: QuotedRanges | undefined;
  for (const use of uses) {
    if (!use.term || use.span.end > span.end) continue;
    const to = edgeTarget(index, use.term);
    if (to === undefined) continue;
    quoted ??= new QuotedRanges(text.slice(span.start, span.end));
    if (quoted.has(use.span.start - span.start, use.span.end - span.start)) continue;
    const toKey = termKey(to);
    if (toKey !== self && !out.has(toKey)) out.set(toKey, { to, span: use.span });
  }
  return out;
}

/** The definition a use of `ref` leads to: `ref`, or the definition a pointer definition points to. */
function edgeTarget(index: WorkspaceIndex, ref: TermRef): TermRef | undefined {
  const targetModel = index.document(ref.uri)?.model;
  const definition = targetModel?.definitions[ref.definition];
  if (!targetModel || !definition) return undefined;
  if (definition.form === 'pointer') {
    const name = definition.names[0]!.name;
    const real = targetModel.definitions.findIndex((o) => o.form !== 'pointer' && !o.scope && o.names.some((n) => n.name === name));
    if (real >= 0) return { uri: ref.uri, definition: real };
  }
  return ref;
}

/** A definition's text and the term uses that start in it, in one text (the indexed one, or an edit's). */
export interface DefinitionText {
  readonly text: TextSource;
  readonly span: Span;
  readonly uses: readonly TermUse[];
}

/**
 * Whether a change of the text of the definition `d` of `uri` (`before` in the indexed text, `after` in the edited
 * one, whose offsets `move` maps the indexed ones to) may change what this rule reports. Not when the definition's
 * edges are the same, at their moved first uses; nor when it lies on no cycle and no edge it gains leads back to it
 * (an edge lost, or moved, is then on no cycle, and one gained closes none).
 */
export function retoldEdgesMayChange(index: WorkspaceIndex, uri: string, d: number, before: DefinitionText, after: DefinitionText, move: (offset: number) => number | undefined): boolean {
  const was = definitionEdges(index, uri, before.text, before.span, d, before.uses);
  const now = definitionEdges(index, uri, after.text, after.span, d, after.uses);
  const moved = (e: Edge, n: Edge | undefined) => n !== undefined && move(e.span.start) === n.span.start && move(e.span.end) === n.span.end;
  if (was.size === now.size && [...was].every(([key, e]) => moved(e, now.get(key)))) return false;
  const ref = { uri, definition: d };
  const cycles = new CycleFinder(index);
  if (cycles.membership(ref)) return true;
  return [...now].some(([key, e]) => !was.has(key) && cycles.reaches(e.to, ref));
}

/** The shortest cycle through `start` inside one component (breadth-first), as the list of its nodes. */
function shortestCycle(edges: (ref: TermRef) => ReadonlyMap<string, Edge>, inside: ReadonlySet<string>, start: TermRef): TermRef[] | undefined {
  const startKey = termKey(start);
  const previous = new Map<string, { ref: TermRef; from: string | undefined }>([[startKey, { ref: start, from: undefined }]]);
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]!;
    const nodeKey = termKey(node);
    for (const [nextKey, edge] of edges(node)) {
      if (nextKey === startKey) {
        const path: TermRef[] = [];
        for (let k: string | undefined = nodeKey; k !== undefined; k = previous.get(k)!.from) path.push(previous.get(k)!.ref);
        return path.reverse();
      }
      if (!inside.has(nextKey) || previous.has(nextKey)) continue;
      previous.set(nextKey, { ref: edge.to, from: nodeKey });
      queue.push(edge.to);
    }
  }
  return undefined;
}
