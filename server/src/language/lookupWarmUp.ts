// Lookups asked about a small made-up contract (and its diagnostics, broken references among them), a piece at a time,
// so that V8 has compiled their code before the writer's first requests: a fresh process answers its first thousand
// hovers with a p99 about twice that of the next thousand (docs/performance.md, "Lookups through the server"). Each
// round reads a new version of the contract, so that every round runs the lookups' first-time paths (nothing is found
// in their caches), and asks every kind of lookup at every place that has one. Its own index: nothing of the writer's
// workspace is read or kept.

import { DEFAULT_CONFIG } from './config.js';
import { createLanguageService, type LanguageService } from './service.js';
import { WorkspaceIndex } from './workspaceIndex.js';

const ROOT = 'file:///clausemark-warm-up';
const URI = `${ROOT}/contract.clause.md`;
/** The sources, read once: their entries stay the same objects, so citations are formatted in the first round only. */
const SOURCES = JSON.stringify([
  { id: 'report-2026', type: 'article-newspaper', title: 'How the deal works', 'container-title': 'GeekWire', issued: { 'date-parts': [[2026, 2]] }, author: [{ family: 'Bishop', given: 'Todd' }] },
  { id: 'filing-2025', type: 'legal_case', title: 'The filing', publisher: 'Court', issued: { 'date-parts': [[2025]] } },
]);

/** The made-up contract of round `round`: definitions, clauses, uses, citations with locators, positions, references. */
export function warmUpText(round: number): string {
  const terms = ['Stateless API Call', 'Stateful Runtime Environment', 'Frontier Model', 'Cloud Provider', 'Exclusivity Period'];
  const lines = [
    '---',
    'parties:',
    '  - name: Microsoft',
    '  - name: OpenAI',
    '    aliases: [OAI]',
    'bibliography: refs.json',
    '---',
    '',
    '# 1. Definitions',
    '',
  ];
  terms.forEach((term, i) => {
    const other = terms[(i + 1) % terms.length]!;
    lines.push(`"${term}" means a thing that uses a ${other} in round ${round} [@report-2026, p. ${i + 1}].`, '');
    lines.push(`> [!POSITION ${i % 2 === 0 ? 'Microsoft' : 'OAI'}]`, `> It covers every ${other} [see @filing-2025, § ${i + 2}].`, '');
  });
  for (let c = 2; c < 6; c++) {
    lines.push(`# ${c}. Clause ${c} {#clause-${c}}`, '');
    lines.push(`## ${c}.1 Part`, '');
    lines.push(`Each ${terms[c % terms.length]} and every ${terms[(c + 2) % terms.length]}s go under Section ${c - 1} and §${c}.1 [@report-2026]. See [[${terms[c % terms.length]}]] and [the part](#clause-${c}).`, '');
  }
  // References to no clause: what ref.broken asks of them (another instrument? a statute?) compiles Unicode-class
  // patterns that take milliseconds the first time, which the first clause number mistyped would otherwise pay.
  lines.push(`Section ${90 + round} applies, as do Section 42 of the Credit Agreement, Article 28(3) GDPR and SECTION 77 HEREOF.`, '');
  // Every other round in two-byte text (curly quotes, as most contracts have): V8 compiles a pattern once for each
  // kind of string it searches.
  if (round % 2 === 1) lines.push('The “Parties” agree.', '');
  lines.push('See [[Sta', '', 'Cited [@rep', '', 'Under § ', '', '> [!POSITION Mic', '');
  return lines.join('\n');
}

/** Offsets worth asking about in `text`: inside term names, keys, clause numbers, and after completion triggers. */
function placesOf(text: string): number[] {
  const places: number[] = [];
  for (const m of text.matchAll(/Stateless|Frontier|Cloud|Exclusivity|report-2026|filing-2025|Section \d|§\d|#clause|Microsoft|OAI|\[\[|\[@|§ |POSITION /g)) {
    places.push(m.index + Math.min(m[0].length, 3));
    places.push(m.index + m[0].length);
  }
  return places;
}

/** The warm-up: `step` asks some lookups (asking `stop()` between two) and is true after `rounds` rounds. */
export function lookupWarmUp(rounds: number): { step(stop: () => boolean): boolean } {
  const index = new WorkspaceIndex();
  index.setRoots([ROOT]);
  index.setSourceFile(`${ROOT}/refs.json`, SOURCES);
  const service: LanguageService = createLanguageService(index, () => DEFAULT_CONFIG);
  let round = 0;
  let places: number[] = [];
  let next = 0;
  const ask = (offset: number) => {
    service.hover(URI, offset);
    service.definition(URI, offset);
    service.references(URI, offset, true);
    service.highlights(URI, offset);
    service.completions(URI, offset);
  };
  return {
    step(stop) {
      while (!stop()) {
        if (next < places.length) {
          ask(places[next++]!);
          continue;
        }
        if (round >= rounds) {
          index.remove(URI);
          index.remove(`${ROOT}/refs.json`);
          return true;
        }
        const text = warmUpText(round++);
        index.setDocument(URI, text, round);
        service.diagnostics(URI);
        places = placesOf(text);
        next = 0;
      }
      return false;
    },
  };
}
