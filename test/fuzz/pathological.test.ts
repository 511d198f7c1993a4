// Pathological input: for each hostile shape (hundreds of thousands of `[[`, `[@` or `"`, deep nesting, a 1 MB
// line, YAML alias bombs and huge front matter, 20,000 clauses, NUL bytes, invalid UTF-8 through the CLI) the
// service answers with findings rather than an exception. That the time grows linearly is measured by
// `npm run bench:pathological` (bench/pathological.ts) on the same shapes (`hostile.ts`), not here.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/src/cli/main.js';
import type { Diagnostic } from '../../server/src/language/index.js';
import { capNesting, MAX_NESTING } from '../../server/src/syntax/parseBlock.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';
import { atTwiceN, HOSTILE, openAndCheck } from './hostile.js';

const codes = (diagnostics: readonly Diagnostic[]) => new Set(diagnostics.map((d) => d.code));
const count = (diagnostics: readonly { code: string }[], code: string) => diagnostics.filter((d) => d.code === code).length;

describe('pathological input answers with findings', { timeout: 60_000 }, () => {
  it('"[[" repeated: one syntax.unclosed each', () => {
    expect(count(atTwiceN(HOSTILE.unclosedTermLinks), 'syntax.unclosed')).toBe(20_000);
  });

  it('"[@" repeated: one syntax.unclosed each', () => {
    expect(count(atTwiceN(HOSTILE.unclosedCitations), 'syntax.unclosed')).toBe(20_000);
  });

  it('hundreds of thousands of "[[" and of "[@": every one reported', () => {
    // 150,000 findings in one block: a spread into push overflowed the stack here (then the whole document was one
    // syntax.internal problem).
    for (const opener of ['[[', '[@']) {
      const found = openAndCheck(opener.repeat(150_000));
      expect(count(found, 'syntax.internal')).toBe(0);
      expect(count(found, 'syntax.unclosed')).toBe(150_000);
    }
  });

  it('"[[" on each of 80,000 lines of one paragraph', () => {
    // Regression: the check for an unclosed "[[" searched back from each line's end to the text's start for a "]]"
    // (quadratic in the lines of a paragraph; its time is the bench's).
    expect(count(atTwiceN(HOSTILE.unclosedOnLines), 'syntax.unclosed')).toBe(80_000);
  });

  it('hundreds of thousands of straight and curly quotes', () => {
    expect(count(atTwiceN(HOSTILE.straightQuotes), 'syntax.internal')).toBe(0);
    expect(count(atTwiceN(HOSTILE.mixedQuotes), 'syntax.internal')).toBe(0);
  });

  it('a 1 MB single line of plain words', () => {
    expect(atTwiceN(HOSTILE.lineOfWords)).toEqual([]);
  });

  it('a 1 MB single line of term uses', () => {
    const found = atTwiceN(HOSTILE.lineOfTermUses);
    expect(codes(found).has('term.unused')).toBe(false);
  });

  it('20,000 clauses, each referring to the next', () => {
    const found = atTwiceN(HOSTILE.clauses);
    expect(found.clauses).toBe(20_020);
    expect(count(found.diagnostics, 'ref.broken')).toBe(0);
  });

  it('NUL bytes everywhere', () => {
    const found = atTwiceN(HOSTILE.nulBytes);
    expect(count(found, 'syntax.internal')).toBe(0);
    expect(codes(found).has('term.undefined')).toBe(true);
  });

  it('huge front matter: thousands of sources', () => {
    expect(count(atTwiceN(HOSTILE.frontMatterSources), 'cite.unused')).toBe(4_999);
  });

  it('a YAML alias bomb in front matter: one clear finding, no expansion', () => {
    const found = atTwiceN(HOSTILE.aliasBomb);
    expect(found.filter((d) => d.code === 'syntax.front-matter').map((d) => d.message)).toEqual([expect.stringMatching(/value too large \(more than [\d,]+ nodes, aliases expanded\)/)]);
  });

  it('front matter refused for its depth says so', () => {
    const found = openAndCheck(`---\nparties: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n---\n\nText.\n`);
    expect(found.filter((d) => d.code === 'syntax.front-matter').map((d) => d.message)).toEqual([expect.stringMatching(/nested deeper than \d+ levels/)]);
  });
});

// Deep nesting: micromark and mdast-util-from-markdown take time quadratic in the nesting depth (they copy or walk
// the stack of open containers per construct), so the reader caps it: container markers past the 64th on a line
// are read as text (`MAX_NESTING`, `capNesting` in syntax/parseBlock.ts). The time is then linear (the bench's), and
// the text inside is still read.
describe('deep nesting, capped before the Markdown parser', { timeout: 60_000 }, () => {
  it.each([
    ['nested block quotes', HOSTILE.nestedQuotes],
    ['nested list items', HOSTILE.nestedLists],
    ['nested ordered list items', HOSTILE.nestedOrderedLists],
    ['nested quotes in list items', HOSTILE.nestedQuotesInLists],
  ])('%s, 2,000 levels deep, are read with their text', (_name, hostile) => {
    expect(codes(atTwiceN(hostile)).has('term.undefined')).toBe(true);
  });

  it('keeps every offset: the term link inside 2,000 levels stands where it is written', () => {
    const text = `${'> - '.repeat(2_000)}See [[Nobody]].\n`;
    const model = parseDocument(text);
    expect(model.termLinks.map((t) => text.slice(t.span.start, t.span.end))).toEqual(['[[Nobody]]']);
  });

  it('leaves a text without deep nesting as it is (the same string)', () => {
    const text = `${'> '.repeat(MAX_NESTING)}x\n- a\n  - b\n`;
    expect(capNesting(text)).toBe(text);
    expect(capNesting(`${'> '.repeat(MAX_NESTING + 2)}x`)).toBe(`${'> '.repeat(MAX_NESTING)}\u00a0 \u00a0 x`);
  });
});

describe('the command line on a file with invalid UTF-8 and NUL bytes', () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });
  const folderWith = (bytes: Buffer): string => {
    const folder = mkdtempSync(join(tmpdir(), 'clausemark-patho-'));
    folders.push(folder);
    writeFileSync(join(folder, 'bad.clause.md'), bytes);
    return folder;
  };

  it('checks it: exit code 0 or 1 with findings, no stack trace', () => {
    const bytes = Buffer.concat([
      Buffer.from('# 1. Scope\n\n"Term" means a thing \u0000 with NUL.\n\nThe Term and [[Nobody]] '),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0x00, 0xed, 0xa0, 0x80]),
      Buffer.from(' See Section 9.\n'),
    ]);
    const folder = folderWith(bytes);
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const result = runCli(['check', folder, '--format', format], folder);
      expect([0, 1], `${format}: ${result.stderr}`).toContain(result.code);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toMatch(/term\.undefined/);
      expect(result.stdout).toMatch(/ref\.broken/);
    }
    const index = runCli(['index', folder], folder);
    expect(index.code).toBe(0);
    expect(index.stderr).toBe('');
  });

  it('checks a file of random bytes without a stack trace', () => {
    let seed = 20260726;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 5; k++) {
      const bytes = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
      const result = runCli(['check', folderWith(bytes)]);
      expect([0, 1], result.stderr).toContain(result.code);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 with one line for a file it cannot read', () => {
    if (process.getuid?.() === 0) return; // root reads every file.
    const folder = folderWith(Buffer.from('Text.\n'));
    chmodSync(join(folder, 'bad.clause.md'), 0o000);
    const result = runCli(['check', join(folder, 'bad.clause.md')], folder);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
