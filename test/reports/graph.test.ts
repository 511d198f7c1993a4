// Tests of the definition graph: edges from the uses inside each definition, cycles as strongly connected
// components (marked on nodes, edges and in the SVG), imported terms, pointers folded into their target, a
// deterministic layout whatever order the files are read in, and the SVG's click targets.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraphReport, buildTermsReport, renderReport, type GraphReport } from '../../server/src/language/reports/index.js';
import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { memoryWorkspace, ROOT, uriOf } from '../helpers/workspace.js';
import { exampleWorkspace, unsafeMarkup } from './helpers.js';

/** The graph's edges as `from -> to` names, a `*` after those on a cycle. */
function edgesOf(graph: GraphReport): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges.map((e) => `${name.get(e.from)} -> ${name.get(e.to)}${e.cycle ? ' *' : ''}`);
}

function graphOf(document: string, files: Record<string, string> = {}): { graph: GraphReport; uri: string } {
  const { index, uri } = memoryWorkspace(document, files);
  return { graph: buildGraphReport(index, [uri]), uri };
}

const CYCLE = `"Agent Loop" means the repeated Model Turns of one Task.

"Model Turn" means one step of an Agent Loop.

"Task" means a piece of work.

"Runbook" means the Tasks of an Agent Loop.
`;

describe('definition graph', () => {
  it('A uses B uses A: one strongly connected component, its nodes and edges marked, the rest not', () => {
    const { graph } = graphOf(CYCLE);
    expect(edgesOf(graph)).toEqual(['Agent Loop -> Model Turn *', 'Agent Loop -> Task', 'Model Turn -> Agent Loop *', 'Runbook -> Agent Loop', 'Runbook -> Task']);
    expect(graph.cycles).toHaveLength(1);
    const ids = new Map(graph.nodes.map((n) => [n.name, n]));
    expect(graph.cycles[0]).toEqual([ids.get('Agent Loop')!.id, ids.get('Model Turn')!.id]);
    expect(graph.nodes.map((n) => [n.name, n.cycle])).toEqual([
      ['Agent Loop', 0],
      ['Model Turn', 0],
      ['Task', -1],
      ['Runbook', -1],
    ]);
  });

  it('the SVG draws the cycle in its own stroke and marks its terms', () => {
    const { graph } = graphOf(CYCLE);
    const result = renderReport('graph', 'svg', graph);
    if (!result.ok) throw new Error(result.error);
    const edges = result.text.slice(result.text.indexOf('<g class="cm-edges">'), result.text.indexOf('<g class="cm-nodes">'));
    expect(edges.match(/class="cm-edge cm-cycle"/g)).toHaveLength(2);
    expect(edges.match(/class="cm-edge"/g)).toHaveLength(3);
    expect(edges.match(/marker-end="url\(#cm-arrow-cycle\)"/g)).toHaveLength(2);
    expect(result.text.match(/<g class="cm-node cm-cycle"/g)).toHaveLength(2);
  });

  it('the terms report says the same, through the term.circular diagnostics', () => {
    const { index, uri } = memoryWorkspace(CYCLE);
    const terms = buildTermsReport(index, [uri]).terms;
    expect(terms.filter((t) => t.status.circular).map((t) => [t.name, t.status.cycle])).toEqual([
      ['Agent Loop', ['Agent Loop', 'Model Turn', 'Agent Loop']],
      ['Model Turn', ['Model Turn', 'Agent Loop', 'Model Turn']],
    ]);
  });

  it('a definition that uses its own term is no cycle; a pointer stands for the definition it points to', () => {
    const { graph } = graphOf(
      `"Affiliate" means an entity controlled by a Party or by an Affiliate of a Party.\n\n"Party" has the meaning set forth in Section 1.\n\n# 1. Parties\n\nMicrosoft and OpenAI (each, a "Party") agree.\n`,
    );
    expect(edgesOf(graph)).toEqual(['Affiliate -> Party']);
    expect(graph.cycles).toEqual([]);
    expect(graph.nodes.find((n) => n.name === 'Party')!.detail).toBe('doc · §1');
  });

  it('a cycle through an imported document (each imports the other): the imported term is shown, dashed, with its edge back', () => {
    const { graph } = graphOf(`---\nimports: [glossary.clause.md]\n---\n\n"Agent Loop" means the repeated Model Turns of one task.\n`, {
      'glossary.clause.md': `---\nimports: [doc.clause.md]\n---\n\n"Model Turn" means one step of an Agent Loop.\n`,
    });
    expect(edgesOf(graph)).toEqual(['Agent Loop -> Model Turn *', 'Model Turn -> Agent Loop *']);
    expect(graph.nodes.map((n) => [n.name, n.external, n.uri])).toEqual([
      ['Agent Loop', false, uriOf('doc.clause.md')],
      ['Model Turn', true, uriOf('glossary.clause.md')],
    ]);
    const svg = renderReport('graph', 'svg', graph);
    expect(svg.ok && svg.text).toContain('<g class="cm-node cm-cycle cm-external"');
  });

  it('every node is a click target: data-uri and data-offset of the term where it is defined, no <a>', () => {
    const { graph, uri } = graphOf(CYCLE);
    const result = renderReport('graph', 'svg', graph);
    if (!result.ok) throw new Error(result.error);
    expect(result.text).not.toMatch(/<a[\s>]/);
    const targets = [...result.text.matchAll(/<g class="cm-node[^"]*" data-uri="([^"]*)" data-offset="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(targets).toEqual(graph.nodes.map((n) => [uri, n.span.start]));
    expect(targets.map(([, offset]) => CYCLE.slice(offset as number, (offset as number) + 10))).toEqual(['Agent Loop', 'Model Turn', 'Task" mean', 'Runbook" m']);
    expect(unsafeMarkup(result.text)).toEqual([]);
  });

  it('the layout gives every node a box and every edge a route from border to border, inside the drawing', () => {
    const { graph } = graphOf(CYCLE);
    for (const n of graph.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(graph.width);
      expect(n.y + n.height).toBeLessThanOrEqual(graph.height);
    }
    const box = new Map(graph.nodes.map((n) => [n.id, n]));
    const onBorder = (p: { x: number; y: number }, id: string) => {
      const n = box.get(id)!;
      const inside = p.x >= n.x - 0.5 && p.x <= n.x + n.width + 0.5 && p.y >= n.y - 0.5 && p.y <= n.y + n.height + 0.5;
      const edge = Math.min(Math.abs(p.x - n.x), Math.abs(p.x - n.x - n.width), Math.abs(p.y - n.y), Math.abs(p.y - n.y - n.height));
      return inside && edge <= 0.5;
    };
    for (const e of graph.edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      expect(onBorder(e.points[0]!, e.from), `${e.from} -> ${e.to} starts on its border`).toBe(true);
      expect(onBorder(e.points[e.points.length - 1]!, e.to), `${e.from} -> ${e.to} ends on its border`).toBe(true);
    }
  });

  it('the layout is deterministic: the same workspace read in another order gives the same graph', () => {
    const { index, documents } = exampleWorkspace();
    const forward = buildGraphReport(index, documents);
    const folder = new URL('../../examples/frontier-dispute/', import.meta.url);
    const reversed = new WorkspaceIndex();
    reversed.setRoots([index.roots[0]!]);
    reversed.setSourceFile(new URL('sources.yaml', folder).href, readFileSync(new URL('sources.yaml', folder), 'utf8'));
    reversed.setConfig(new URL('clausemark.json', folder).href, readFileSync(new URL('clausemark.json', folder), 'utf8'));
    for (const uri of [...documents].reverse()) reversed.setDocument(uri, readFileSync(new URL(uri), 'utf8'));
    const again = buildGraphReport(reversed, [...documents].reverse());
    expect(again).toEqual(forward);
    expect(buildGraphReport(index, documents)).toEqual(forward);
  });

  it('the example: contested terms marked, no cycles, the definitions laid out left to right', () => {
    const { index, documents } = exampleWorkspace();
    const graph = buildGraphReport(index, documents);
    expect(graph.nodes.filter((n) => n.contested).map((n) => n.name)).toEqual(['exclusive third-party cloud provider', 'stateful', 'Stateless API Call']);
    expect(graph.cycles).toEqual([]);
    const byName = new Map(graph.nodes.map((n) => [n.name, n]));
    // A definition stands left of the terms it is defined with.
    for (const e of graph.edges) expect(graph.nodes.find((n) => n.id === e.from)!.x).toBeLessThan(graph.nodes.find((n) => n.id === e.to)!.x);
    expect(byName.get('Stateful Runtime Environment')!.x).toBeLessThan(byName.get('Frontier')!.x);
  });

  it('an empty workspace gives an empty drawing, not an error', () => {
    const index = new WorkspaceIndex();
    index.setRoots([ROOT]);
    const graph = buildGraphReport(index, []);
    expect(graph.nodes).toEqual([]);
    const svg = renderReport('graph', 'svg', graph);
    expect(svg.ok && svg.text.startsWith('<svg')).toBe(true);
  });
});
