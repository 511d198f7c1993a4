// Tests of the bounds on one request (LIMITS in language/config.ts): references answer at most the bound plus one
// (the server shows the bound and says there are more), highlights and completions are capped (completions matching
// the typed text first, marked incomplete), a rename larger than its bound is refused with the count, and a
// diagnostic lists a bounded number of related places.

import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/src/language/config.js';
import { documentDiagnostics } from '../../server/src/language/diagnostics.js';
import { limitCompletions, type CompletionEntry } from '../../server/src/language/features/completion.js';
import { createLanguageService } from '../../server/src/language/service.js';
import { memoryWorkspace } from '../helpers/workspace.js';

function service(text: string) {
  const { index, uri } = memoryWorkspace(text);
  return { service: createLanguageService(index, () => ({ rules: {} })), uri, index };
}

describe('bounds on one request', () => {
  const uses = LIMITS.references + 5;
  const many = `"Agent" means a program.\n\n${'Each Agent acts. '.repeat(uses)}\n`;

  it('references: at most the bound plus one, the extra one saying there are more', () => {
    const { service: s, uri } = service(many);
    expect(s.references(uri, 2, true)).toHaveLength(LIMITS.references + 1);
    const few = service('"Agent" means a program.\n\nEach Agent acts.\n');
    expect(few.service.references(few.uri, 2, true)).toHaveLength(2);
  });

  it('highlights: at most the bound', () => {
    const { service: s, uri } = service(many);
    expect(s.highlights(uri, 2)).toHaveLength(LIMITS.highlights);
  });

  it('rename: refused above the bound, with the count', () => {
    const { service: s, uri } = service(many);
    expect(s.rename(uri, 2, 'Bot')).toEqual({
      error: `Cannot rename: it would change ${uses + 1} places, more than the ${LIMITS.renameEdits} one rename may change; use search and replace`,
    });
  });

  it('completion: at most the bound, those starting with the typed text first, marked incomplete', () => {
    const names = Array.from({ length: 1100 }, (_, i) => `Term${String(i).padStart(4, '0')}`);
    const text = `${names.map((n) => `"${n}" means a thing.`).join('\n\n')}\n\nSee [[Term10`;
    const { service: s, uri } = service(text);
    const result = s.completions(uri, text.length)!;
    expect(result.items).toHaveLength(LIMITS.completions);
    expect(result.incomplete).toBe(true);
    expect(result.items.slice(0, 100).map((i) => i.label)).toEqual(names.slice(1000, 1100));
    const small = service('"Agent" means a program.\n\nSee [[Ag');
    expect(small.service.completions(small.uri, small.index.document(small.uri)!.model.text.length)).not.toHaveProperty('incomplete');
  });

  it('limitCompletions ranks prefix, then substring, then the rest, each in order', () => {
    const entry = (label: string): CompletionEntry => ({ label, kind: 'term', insertText: label, snippet: false });
    const result = limitCompletions({ items: ['b-x', 'a', 'xb', 'bc', 'z'].map(entry), replace: { start: 0, end: 0 } }, 'B', 3);
    expect(result.items.map((i) => i.label)).toEqual(['b-x', 'bc', 'xb']);
    expect(result.incomplete).toBe(true);
  });

  it('a diagnostic lists at most the bound of related places', () => {
    const text = Array.from({ length: 30 }, () => '# 1. Same\n\nText.\n').join('\n');
    const { index, uri } = memoryWorkspace(text);
    const ambiguous = documentDiagnostics(index, uri, { rules: {} }).filter((d) => d.code === 'ref.ambiguous');
    expect(ambiguous.length).toBeGreaterThan(0);
    for (const d of ambiguous) expect(d.related.length).toBeLessThanOrEqual(LIMITS.related);
    expect(Math.max(...ambiguous.map((d) => d.related.length))).toBe(LIMITS.related);
  });
});
