// Tests of the command line: `index` and `check` on the example workspace and on small folders, output shapes,
// exit codes (0, 1, 2) and one-line messages; one run of the built bundle as a real process.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../server/src/cli/main.js';

const repo = new URL('../..', import.meta.url).pathname;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'clausemark-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('clausemark index', () => {
  it('prints the model of the example workspace with LSP ranges', () => {
    const result = runCli(['index', 'examples/frontier-dispute', '--format', 'json'], repo);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    const paths = json.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual([
      'examples/frontier-dispute/amazon-openai.clause.md',
      'examples/frontier-dispute/glossary.clause.md',
      'examples/frontier-dispute/microsoft-openai.clause.md',
    ]);
    const ms = json.files[2];
    const term = ms.terms.find((t: { name: string }) => t.name === 'Stateless API Call');
    expect(term).toMatchObject({ aliases: [], form: 'means', contested: true });
    expect(term.positions.map((p: { party: string }) => p.party)).toEqual(expect.arrayContaining(['Microsoft', 'OpenAI']));
    expect(term.uses).toBeGreaterThan(3);
    expect(term.range.start).toEqual({ line: expect.any(Number), character: expect.any(Number) });
    expect(ms.clauses[0]).toMatchObject({ number: '1', id: 'exclusivity' });
    expect(ms.citations.every((c: { resolved: boolean }) => c.resolved)).toBe(true);
    expect(ms.references.every((r: { resolved: boolean }) => r.resolved)).toBe(true);
    for (const key of ['path', 'clauses', 'terms', 'termUses', 'references', 'citations']) expect(ms).toHaveProperty(key);
  });

  it('reads a *.md file only when its front matter says clausemark: 1', () => {
    const dir = folder({ 'a.md': '---\nclausemark: 1\n---\n"X" means y.\n', 'b.md': '# Readme\n', 'c.clause.md': '"Y" means z.\n' });
    const json = JSON.parse(runCli(['index', dir], dir).stdout);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['a.md', 'c.clause.md']);
  });
});

describe('clausemark check', () => {
  it('passes on the example workspace and prints a summary', () => {
    const result = runCli(['check', 'examples/frontier-dispute', '--format', 'text'], repo);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^0 errors, \d+ warnings, \d+ info, \d+ hints in \d+ files$/m);
  });

  it('exits 1 on an error-level finding and names it as path:line:col severity rule message', () => {
    const dir = folder({ 'doc.clause.md': '---\nimports: [missing.clause.md]\n---\n\nText.\n' });
    const result = runCli(['check', '.'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('doc.clause.md:2:11 error import.missing Import "missing.clause.md": does not exist');
    const json = JSON.parse(runCli(['check', '.', '--format=json'], dir).stdout);
    expect(json.summary).toEqual({ error: 1, warning: 0, info: 0, hint: 0 });
    expect(json.files[0].diagnostics[0]).toEqual({
      code: 'import.missing',
      severity: 1,
      message: 'Import "missing.clause.md": does not exist',
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 27 } },
    });
  });

  it('refuses an import through a symbolic link out of the folder', () => {
    const outside = folder({ 'secret.clause.md': '"Secret" means x.\n' });
    const dir = folder({ 'doc.clause.md': '---\nimports: [link.clause.md]\n---\n\nA Secret.\n' });
    symlinkSync(join(outside, 'secret.clause.md'), join(dir, 'link.clause.md'));
    const result = runCli(['check', 'doc.clause.md'], dir);
    expect(result.stdout).toContain('leaves the workspace folder');
    expect(result.code).toBe(1);
  });

  it('applies rule levels from clausemark.json', () => {
    const dir = folder({ 'doc.clause.md': '---\nimports: [missing.clause.md]\n---\n', 'clausemark.json': '{ "rules": { "import.missing": "off" } }' });
    expect(runCli(['check', '.'], dir)).toMatchObject({ code: 0 });
  });
});

describe('bad usage', () => {
  it.each([
    [[], /Usage/],
    [['frobnicate', '.'], /unknown command "frobnicate"/],
    [['check'], /needs at least one PATH/],
    [['check', 'no/such/path'], /No such file or folder: no\/such\/path/],
    [['check', '.', '--format', 'xml'], /--format must be one of text, json/],
    [['index', '.', '--fast'], /unknown option "--fast"/],
  ])('%j exits 2 with one message', (args, message) => {
    const result = runCli(args as string[], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the built command', () => {
  it('runs as a process with the same output', () => {
    const cli = join(repo, 'server/out/cli.js');
    const out = execFileSync(process.execPath, [cli, 'check', 'examples/frontier-dispute', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(JSON.parse(runCli(['check', 'examples/frontier-dispute', '--format', 'json'], repo).stdout));
    const bad = spawnSync(process.execPath, [cli, 'check', 'nowhere'], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
