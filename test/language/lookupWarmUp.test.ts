// The lookups' warm-up (`language/lookupWarmUp.ts`): its made-up contract gives every kind of lookup something to
// do (a warm-up that found nothing would compile nothing), and the warm-up runs in pieces to its end.

import { describe, expect, it } from 'vitest';
import { lookupWarmUp, warmUpText } from '../../server/src/language/lookupWarmUp.js';
import { createLanguageService, DEFAULT_CONFIG } from '../../server/src/language/index.js';
import { memoryWorkspace } from '../helpers/workspace.js';

const SOURCES = JSON.stringify([
  { id: 'report-2026', type: 'article-newspaper', title: 'How the deal works', 'container-title': 'GeekWire', issued: { 'date-parts': [[2026, 2]] } },
  { id: 'filing-2025', type: 'legal_case', title: 'The filing', issued: { 'date-parts': [[2025]] } },
]);

describe('the lookups warm-up', () => {
  it('asks about a contract where every kind of lookup finds something', () => {
    const text = warmUpText(1);
    const { index, uri } = memoryWorkspace(text, { 'refs.json': SOURCES });
    const service = createLanguageService(index, () => DEFAULT_CONFIG);
    const at = (needle: string, delta: number) => text.indexOf(needle) + delta;
    // A term use, with its positions' formatted citations and its definition's cycle.
    const hover = service.hover(uri, at('Each Frontier', 7))!.markdown;
    expect(hover).toContain('**Positions**');
    expect(hover).toMatch(/The filing\*, 2025/);
    expect(hover).toContain('Circular');
    expect(service.definition(uri, at('Each Frontier', 7))).toHaveLength(1);
    expect(service.references(uri, at('Each Frontier', 7), true).length).toBeGreaterThan(3);
    expect(service.highlights(uri, at('Each Frontier', 7)).length).toBeGreaterThan(3);
    // A citation, a clause reference, a party.
    expect(service.hover(uri, at('[@report-2026', 4))!.markdown).toContain('How the deal works');
    expect(service.hover(uri, at('Section 1', 9))!.markdown).toContain('Definitions');
    expect(service.hover(uri, at('POSITION Microsoft', 10))!.markdown).toContain('Microsoft');
    // Completion of each kind.
    expect(service.completions(uri, at('See [[Sta', 9))!.items.map((i) => i.label)).toContain('Stateless API Call');
    expect(service.completions(uri, at('Cited [@rep', 11))!.items.map((i) => i.label)).toContain('report-2026');
    expect(service.completions(uri, at('Under § ', 8))!.items.length).toBeGreaterThan(3);
    expect(service.completions(uri, at('[!POSITION Mic', 14))!.items.map((i) => i.label)).toContain('Microsoft');
    // References to no clause, of each kind ref.broken tells apart: reported (in words or in capitals), or left to
    // another instrument or a statute (so its slow first question is asked here, not at the writer's first mistype).
    const broken = service.diagnostics(uri).filter((d) => d.code === 'ref.broken').map((d) => text.slice(d.span.start, d.span.end));
    expect(broken).toEqual(['Section 91', 'SECTION 77']);
    for (const other of ['Section 42 of the Credit Agreement', 'Article 28(3) GDPR']) expect(text).toContain(other);
  });

  it('runs in pieces, stopping when asked, to its end', () => {
    const warmUp = lookupWarmUp(3);
    expect(warmUp.step(() => true)).toBe(false);
    let slices = 0;
    let pieces = 0;
    while (!warmUp.step(() => pieces++ % 5 === 4)) slices++;
    expect(slices).toBeGreaterThan(10);
    // Done: asking again does nothing more.
    expect(warmUp.step(() => false)).toBe(true);
  });
});
