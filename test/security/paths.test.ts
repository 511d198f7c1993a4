// Imports and bibliography paths never leave the workspace folder: one table of hostile paths (`..`, absolute
// paths, `file:` URIs, encoded `..%2F`, backslashes, a Windows drive, symbolic links to a file and to a folder out of
// the workspace), each written as an import and as a bibliography, checked through the command line and through the
// workspace index with the host's reader. Every one gives `import.missing`, and nothing of the outside file is read
// (its term stays undefined, its source unknown). The folder scan follows no symbolic link either.

import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/src/cli/main.js';
import { collectClausemarkFiles, loadReferenced } from '../../server/src/host/files.js';
import { documentDiagnostics } from '../../server/src/language/diagnostics.js';
import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';

let base: string;
let ws: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'clausemark-paths-')));
  ws = join(base, 'ws');
  mkdirSync(join(base, 'outside'), { recursive: true });
  mkdirSync(join(ws, 'sub'), { recursive: true });
  writeFileSync(join(base, 'outside', 'secret.clause.md'), '"Secret" means the hidden thing.\n');
  writeFileSync(join(base, 'outside', 'sources.yaml'), '- id: hidden\n  title: Hidden\n');
  symlinkSync(join(base, 'outside', 'secret.clause.md'), join(ws, 'link.clause.md'));
  symlinkSync(join(base, 'outside', 'sources.yaml'), join(ws, 'link.yaml'));
  symlinkSync(join(base, 'outside'), join(ws, 'linkdir'));
});

/** Each hostile path, as `[name, path of the import, path of the bibliography]` (absolute ones filled in late). */
const CASES: [string, (b: string) => string, (b: string) => string][] = [
  ['parent folder', () => '../outside/secret.clause.md', () => '../outside/sources.yaml'],
  ['parent folder after a sub-folder', () => 'sub/../../outside/secret.clause.md', () => 'sub/../../outside/sources.yaml'],
  ['absolute path', (b) => `${b}/outside/secret.clause.md`, (b) => `${b}/outside/sources.yaml`],
  ['file: URI', (b) => pathToFileURL(`${b}/outside/secret.clause.md`).href, (b) => pathToFileURL(`${b}/outside/sources.yaml`).href],
  ['encoded ..%2F', () => '..%2Foutside%2Fsecret.clause.md', () => '..%2Foutside%2Fsources.yaml'],
  ['encoded %2E%2E', () => '%2E%2E/outside/secret.clause.md', () => '%2e%2e/outside/sources.yaml'],
  ['backslashes', () => '..\\outside\\secret.clause.md', () => '..\\outside\\sources.yaml'],
  ['Windows drive', () => 'C:\\outside\\secret.clause.md', () => 'C:\\outside\\sources.yaml'],
  ['http URL', () => 'https://example.com/secret.clause.md', () => 'https://example.com/sources.yaml'],
  ['symbolic link to a file out of the folder', () => 'link.clause.md', () => 'link.yaml'],
  ['symbolic link to a folder out of the folder', () => 'linkdir/secret.clause.md', () => 'linkdir/sources.yaml'],
];

const importing = (path: string) => `---\nimports: [${JSON.stringify(path)}]\n---\n\nThe [[Secret]] stays here.\n`;
const citing = (path: string) => `---\nbibliography: ${JSON.stringify(path)}\n---\n\nSee [@hidden].\n`;

/** The findings of `doc.clause.md` through the command line, as `code: message`. */
function throughCli(text: string): string[] {
  writeFileSync(join(ws, 'doc.clause.md'), text);
  const json = JSON.parse(runCli(['check', 'doc.clause.md', '--format', 'json'], ws).stdout) as { files: { path: string; diagnostics: { code: string; message: string }[] }[] };
  return json.files.filter((f) => f.path === 'doc.clause.md').flatMap((f) => f.diagnostics.map((d) => `${d.code}: ${d.message}`));
}

/** The findings of the same document through the index, reading referenced files as the server does. */
function throughIndex(text: string): { findings: string[]; read: string[] } {
  const index = new WorkspaceIndex();
  const root = pathToFileURL(ws).href;
  index.setRoots([root]);
  const uri = `${root}/doc.clause.md`;
  index.setDocument(uri, text);
  loadReferenced(index, [ws]);
  const read = [...index.documents(), ...index.sourceFiles()].map((f) => f.uri).filter((u) => u !== uri);
  return { findings: documentDiagnostics(index, uri, { rules: {} }).map((d) => `${d.code}: ${d.message}`), read };
}

describe('paths that leave the workspace folder', () => {
  describe.each(CASES)('%s', (_name, importPath, bibPath) => {
    it('as an import: import.missing through the CLI and the index, the outside term unread', () => {
      const text = importing(importPath(base));
      for (const findings of [throughCli(text), throughIndex(text).findings]) {
        expect(findings).toContainEqual(expect.stringMatching(/^import\.missing: Import ".*": (".*" leaves the workspace folder|leaves the workspace folder \(through a symbolic link\))$/));
        expect(findings).toContainEqual(expect.stringMatching(/^term\.undefined: .*"Secret"/));
      }
      expect(throughIndex(text).read).toEqual([]);
    });

    it('as a bibliography: import.missing through the CLI and the index, the outside source unread', () => {
      const text = citing(bibPath(base));
      for (const findings of [throughCli(text), throughIndex(text).findings]) {
        expect(findings).toContainEqual(expect.stringMatching(/^import\.missing: Bibliography ".*": (".*" leaves the workspace folder|leaves the workspace folder \(through a symbolic link\))$/));
        expect(findings).toContainEqual(expect.stringMatching(/^cite\.unknown: .*"hidden"/));
      }
      expect(throughIndex(text).read).toEqual([]);
    });
  });

  it('the same paths inside the folder are read (the table tests the refusal, not a broken reader)', () => {
    writeFileSync(join(ws, 'sub', 'inside.clause.md'), '"Secret" means a shared thing.\n');
    writeFileSync(join(ws, 'sub', 'inside.yaml'), '- id: hidden\n  title: Shared\n');
    const { findings } = throughIndex('---\nimports: ["sub/../sub/inside.clause.md"]\nbibliography: "sub%2Finside.yaml"\n---\n\nThe [[Secret]] [@hidden].\n');
    expect(findings.filter((f) => /import\.missing|term\.undefined|cite\.unknown/.test(f))).toEqual([]);
  });
});

describe('the folder scan', () => {
  it('follows no symbolic link, to a file or to a folder', () => {
    const files = collectClausemarkFiles(ws).map((f) => f.slice(ws.length + 1));
    expect(files).not.toContain('link.clause.md');
    expect(files.some((f) => f.startsWith('linkdir/'))).toBe(false);
  });

  it('does not loop on a link to its own folder', () => {
    const loop = realpathSync(mkdtempSync(join(tmpdir(), 'clausemark-loop-')));
    writeFileSync(join(loop, 'a.clause.md'), 'Text.\n');
    symlinkSync(loop, join(loop, 'again'));
    expect(collectClausemarkFiles(loop)).toEqual([join(loop, 'a.clause.md')]);
  });
});
