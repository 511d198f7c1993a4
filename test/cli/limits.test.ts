// The command line honours the size limit of clausemark.json: a larger document gets the one `limit.file-size` note
// (no error, exit code 0) and nothing else, a larger import or bibliography is not read, and without the key the
// 20 MB default applies.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../server/src/cli/main.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'clausemark-limits-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

const NOISY = '# 1. Scope\n\nEvery [[Compute Credit]] is billed under Section 9.\n';

describe('clausemark check and the size limit', () => {
  it('gives a document above maxFileSize of clausemark.json one note, and exits 0', () => {
    const dir = folder({ 'doc.clause.md': NOISY, 'clausemark.json': '{ "maxFileSize": 40 }' });
    const result = runCli(['check', '.', '--format', 'json'], dir);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { files: { path: string; diagnostics: { code: string; severity: number; message: string }[] }[] };
    const doc = json.files.find((f) => f.path === 'doc.clause.md')!;
    expect(doc.diagnostics).toEqual([expect.objectContaining({ code: 'limit.file-size', severity: 3 })]);
    expect(doc.diagnostics[0]!.message).toContain(`This file is ${NOISY.length} bytes, larger than the 40 bytes Clausemark analyses`);
  });

  it('analyses the same document without the key (the default limit)', () => {
    const dir = folder({ 'doc.clause.md': NOISY, 'clausemark.json': '{ "rules": {} }' });
    const result = runCli(['check', '.', '--format', 'json'], dir);
    expect(result.code).toBe(1);
    const codes = (JSON.parse(result.stdout) as { files: { diagnostics: { code: string }[] }[] }).files.flatMap((f) => f.diagnostics.map((d) => d.code));
    expect(codes).toEqual(expect.arrayContaining(['term.undefined', 'ref.broken']));
    expect(codes).not.toContain('limit.file-size');
  });

  it('does not read an import or a bibliography above the limit', () => {
    const dir = folder({
      'doc.clause.md': '---\nimports: [glossary.clause.md]\nbibliography: refs.yaml\n---\n\nAn [[Agent]] [@a].\n',
      'glossary.clause.md': `"Agent" means a program that acts for a party, at length: ${'x'.repeat(200)}.\n`,
      'refs.yaml': `- id: a\n  title: ${'A'.repeat(200)}\n`,
      'clausemark.json': '{ "maxFileSize": 150 }',
    });
    const json = JSON.parse(runCli(['check', 'doc.clause.md', '--format', 'json'], dir).stdout) as { files: { path: string; diagnostics: { code: string }[] }[] };
    const codes = json.files.find((f) => f.path === 'doc.clause.md')!.diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['cite.unknown', 'term.undefined']));
    expect(codes).not.toContain('import.missing');
  });
});
