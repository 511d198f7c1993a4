// Tests of the rule syntax.front-matter: an ok case, not-ok cases at the YAML error's place, the rule off, and a
// suppressed case.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

describe('syntax.front-matter', () => {
  it('finds nothing on valid front matter', () => {
    checkRule('syntax.front-matter', '---\nclausemark: 1\ntitle: Terms\nparties:\n  - name: Microsoft\n    aliases: [MSFT]\n---\n\n# 1. Scope');
  });

  it('reports a wrong type where it stands', () => {
    const found = findingsOf('syntax.front-matter', '---\nparties: Microsoft\n---\n');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/parties/);
    expect(found[0]!.span.start).toBe('---\nparties: '.length);
  });

  it('reports a YAML syntax error inside the front matter', () => {
    const text = '---\nparties: [\n---\n\n# 1. A';
    const found = findingsOf('syntax.front-matter', text);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect(f.span.start).toBeGreaterThanOrEqual(4);
  });

  // A front matter fence no later `---` closes: remark reads the text without front matter, so the finding says why.
  it.each([
    ['closed by nothing', '---\nparties:\n  - name: Microsoft\n\n# 1. Scope\n', false],
    ["closed by pandoc's `...`", '---\nparties:\n  - name: Microsoft\n...\n\n# 1. Scope\n', true],
    ['after a byte-order mark, CR LF', '\uFEFF---\r\nparties:\r\n  - name: Microsoft\r\n...\r\n', true],
  ])('reports a front matter %s at its opening fence', (_name, text, pandoc) => {
    const found = findingsOf('syntax.front-matter', text);
    expect(found).toHaveLength(1);
    const at = text.indexOf('---');
    expect(found[0]!.span).toEqual({ start: at, end: at + 3 });
    expect(found[0]!.message).toMatch(/never closed/);
    expect(found[0]!.message.includes('`...`')).toBe(pandoc);
  });

  it.each([
    ['a thematic break after the first line', 'Text.\n\n---\n\nMore text.\n'],
    ['a closing fence followed by spaces and a tab', '---\nparties:\n  - name: Microsoft\n--- \t\n\n# 1. Scope\n'],
    ['an empty front matter', '---\n---\n\n# 1. Scope\n'],
    ['a fence alone, the whole text', '---'],
  ])('finds nothing for %s', (_name, text) => {
    checkRule('syntax.front-matter', text);
  });

  it('says nothing when switched off', () => {
    expect(findingsOf('syntax.front-matter', '---\nparties: Microsoft\n---\n', { levels: { 'syntax.front-matter': 'off' } })).toEqual([]);
  });

  it('honours a file-wide suppression comment', () => {
    expect(findingsOf('syntax.front-matter', '---\nparties: Microsoft\n---\n\n<!-- clausemark-disable-file syntax.front-matter -->\n')).toEqual([]);
  });
});
