// Rule: term.circular. Reports definitions that use each other in a cycle, across documents too: definition D
// uses term T when a term use inside D's text resolves to T. Each member of a cycle gets one finding, on its
// name, whose message shows the shortest cycle through it starting from itself
// (`Circular definition: "Agent Loop" → "Model Turn" → "Agent Loop"`), with the use that makes each step as
// related information. A definition that uses its own term (a recursive definition, such as "Affiliate"
// including an Affiliate of an Affiliate) is not a cycle between definitions and is not reported, and a term
// quoted inside a definition is mentioned, not used (Apache 2.0's "submitted" excludes communication marked
// "Not a Contribution", which does not make "Contribution" and "submitted" circular).
// Why: a reader who follows a circular definition never reaches a meaning; no contract tool reports it.
// The graph of the whole workspace and its cycles are computed once per workspace state.
// ok:     "Agent" uses "Model Turn", which uses nothing defined
// not ok: "Agent Loop" uses "Model Turn" and "Model Turn" uses "Agent Loop"

import type { DocumentModel, Span } from '../../syntax/model.js';
import type { TermRef } from '../link.js';
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
    const cycles = workspaceCycles(index);
    for (const [d, definition] of model.definitions.entries()) {
      const member = cycles.get(termKey({ uri, definition: d }));
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

/** Every definition of the workspace that lies on a cycle, by term key. */
function workspaceCycles(index: WorkspaceIndex): ReadonlyMap<string, CycleMembership> {
  return index.memo('term.circular', () => {
    const graph = buildGraph(index);
    const result = new Map<string, CycleMembership>();
    for (const component of stronglyConnected(graph.edges)) {
      if (component.length < 2) continue;
      const inside = new Set(component);
      for (const node of component) {
        const path = shortestCycle(graph.edges, inside, node);
        if (!path) continue;
        const names = [...path, node].map((n) => graph.names[n]!);
        const steps = path.map((from, i) => {
          const to = path[(i + 1) % path.length]!;
          const use = graph.edges[from]!.get(to)!;
          return { uri: graph.refs[from]!.uri, span: use, message: `"${graph.names[from]}" uses "${graph.names[to]}"` };
        });
        result.set(termKey(graph.refs[node]!), { names, steps });
      }
    }
    return result;
  });
}

interface Graph {
  readonly refs: TermRef[];
  readonly names: string[];
  /** For each node, the nodes its definition uses, each with the span of the first such use. */
  readonly edges: Map<number, Span>[];
}

/** Nodes are the definitions of every document; an edge D → T for each use of T inside D's text. */
function buildGraph(index: WorkspaceIndex): Graph {
  const refs: TermRef[] = [];
  const names: string[] = [];
  const ids = new Map<string, number>();
  const models = new Map<string, DocumentModel>();
  for (const doc of index.documents()) {
    models.set(doc.uri, doc.model);
    doc.model.definitions.forEach((definition, d) => {
      ids.set(termKey({ uri: doc.uri, definition: d }), refs.length);
      refs.push({ uri: doc.uri, definition: d });
      names.push(definition.names[0]!.name);
    });
  }
  const edges = refs.map(() => new Map<number, Span>());
  // A use that resolves to a pointer definition leads on to the definition it points to (same name, same document).
  const target = (ref: TermRef): number | undefined => {
    const model = models.get(ref.uri);
    const definition = model?.definitions[ref.definition];
    if (!model || !definition) return undefined;
    if (definition.form === 'pointer') {
      const name = definition.names[0]!.name;
      const real = model.definitions.findIndex((o) => o.form !== 'pointer' && !o.scope && o.names.some((n) => n.name === name));
      if (real >= 0) return ids.get(termKey({ uri: ref.uri, definition: real }));
    }
    return ids.get(termKey(ref));
  };
  for (const doc of index.documents()) {
    const linked = index.linked(doc.uri);
    if (!linked) continue;
    // Definitions by start; a sweep keeps those whose text holds the current use (definitions may nest).
    const order = doc.model.definitions.map((definition, d) => ({ span: definition.span, d })).sort((a, b) => a.span.start - b.span.start);
    let next = 0;
    let open: { span: Span; d: number }[] = [];
    const quoted = new Map<number, QuotedRanges>();
    const mentioned = (o: { span: Span; d: number }, span: Span) => {
      let ranges = quoted.get(o.d);
      if (!ranges) quoted.set(o.d, (ranges = new QuotedRanges(doc.model.text.slice(o.span.start, o.span.end))));
      return ranges.has(span.start - o.span.start, span.end - o.span.start);
    };
    for (const use of linked.termUses) {
      while (next < order.length && order[next]!.span.start <= use.span.start) open.push(order[next++]!);
      open = open.filter((o) => o.span.end > use.span.start);
      if (open.length === 0 || !use.term) continue;
      const to = target(use.term);
      if (to === undefined) continue;
      for (const o of open) {
        if (use.span.end > o.span.end || mentioned(o, use.span)) continue;
        const from = ids.get(termKey({ uri: doc.uri, definition: o.d }))!;
        if (from !== to && !edges[from]!.has(to)) edges[from]!.set(to, use.span);
      }
    }
  }
  return { refs, names, edges };
}

/** Tarjan's strongly connected components, iteratively (no recursion depth limit). */
function stronglyConnected(edges: readonly Map<number, Span>[]): number[][] {
  const n = edges.length;
  const indexOf = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (indexOf[root] !== -1) continue;
    const work: { node: number; successors: number[]; i: number }[] = [];
    const enter = (node: number) => {
      indexOf[node] = low[node] = counter++;
      stack.push(node);
      onStack[node] = 1;
      work.push({ node, successors: [...edges[node]!.keys()], i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.successors.length) {
        const next = frame.successors[frame.i++]!;
        if (indexOf[next] === -1) enter(next);
        else if (onStack[next]) low[frame.node] = Math.min(low[frame.node]!, indexOf[next]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
      if (low[frame.node] === indexOf[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== frame.node);
        components.push(component.reverse());
      }
    }
  }
  return components;
}

/** The shortest cycle through `start` inside one component (breadth-first), as the list of its nodes. */
function shortestCycle(edges: readonly Map<number, Span>[], inside: ReadonlySet<number>, start: number): number[] | undefined {
  const previous = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]!;
    for (const next of edges[node]!.keys()) {
      if (next === start) {
        const path: number[] = [];
        for (let k = node; k !== -1; k = previous.get(k)!) path.push(k);
        return path.reverse();
      }
      if (!inside.has(next) || previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  return undefined;
}
