// The architecture's invariants, checked by reading the sources: dependencies point one way (syntax <- language
// <- lsp / cli / host; the client sees only protocol.ts), the pure core imports nothing that does I/O, and every
// file opens with a sentence on its role.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(repo, dir))) {
    const path = join(dir, name);
    if (statSync(join(repo, path)).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

function importsOf(path: string): string[] {
  const text = readFileSync(join(repo, path), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

/** Where an import lands: a layer of ours (by folder) or a package name. */
function target(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node:' : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  const path = relative(repo, join(repo, from, '..', spec));
  return path.endsWith('.js') ? path.replace(/\.js$/, '.ts') : `${path}.ts`;
}

const PURE_PACKAGES = new Set([
  'unified', 'remark-parse', 'remark-gfm', 'remark-frontmatter', 'micromark', 'micromark-util-types', 'micromark-util-symbol',
  'micromark-util-character', 'mdast', 'mdast-util-from-markdown', 'mdast-util-gfm-autolink-literal', 'micromark-extension-gfm-autolink-literal', 'yaml', '@retorquere/bibtex-parser', 'decode-named-character-reference',
  '@citation-js/core', '@citation-js/plugin-csl', '@dagrejs/dagre',
]);

const layers: { dir: string; allowed: (t: string, from: string) => boolean; why: string }[] = [
  { dir: 'server/src/syntax', allowed: (t) => t.startsWith('server/src/syntax/') || PURE_PACKAGES.has(t), why: 'syntax imports only syntax and the parser packages' },
  {
    dir: 'server/src/language',
    allowed: (t) => t.startsWith('server/src/syntax/') || t.startsWith('server/src/language/') || PURE_PACKAGES.has(t),
    why: 'language imports only syntax, language and the parser packages: no I/O, no protocol',
  },
  {
    dir: 'server/src/lsp',
    allowed: (t) => t === 'server/src/language/index.ts' || t.startsWith('server/src/lsp/') || t.startsWith('server/src/host/') || t === 'server/src/protocol.ts' || t === 'node:' || t.startsWith('vscode-languageserver'),
    why: 'lsp uses the language facade (language/index.ts), never a feature or rule module',
  },
  {
    dir: 'server/src/cli',
    allowed: (t) => t === 'server/src/language/index.ts' || t.startsWith('server/src/cli/') || t.startsWith('server/src/host/') || t === 'node:',
    why: 'the CLI uses the language facade only',
  },
  {
    dir: 'server/src/host',
    allowed: (t) => t === 'server/src/language/index.ts' || t === 'server/src/language/reading.ts' || t.startsWith('server/src/host/') || t === 'node:',
    why: 'host code uses the language facade (or its reading part) and other host modules only',
  },
  {
    dir: 'client/src',
    allowed: (t) => t.startsWith('client/src/') || t === 'server/src/protocol.ts' || t === 'vscode' || t === 'vscode-languageclient' || t === 'node:',
    why: 'the client sees only protocol.ts of the server',
  },
];

describe('architecture', () => {
  for (const layer of layers) {
    it(`${layer.dir}: ${layer.why}`, () => {
      const bad: string[] = [];
      for (const file of sources(layer.dir)) {
        for (const spec of importsOf(file)) {
          const t = target(file, spec);
          if (!layer.allowed(t, file)) bad.push(`${file} imports ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  it('protocol.ts depends on the protocol package only', () => {
    expect(importsOf('server/src/protocol.ts').every((s) => s.startsWith('vscode-languageserver-protocol'))).toBe(true);
  });

  it('every source file opens with a comment on its role', () => {
    const files = ['server/src', 'client/src', 'test'].flatMap((d) => sources(d)).filter((f) => !f.includes('/out/'));
    const missing = files.filter((f) => !/^\/\/ \S/.test(readFileSync(join(repo, f), 'utf8')));
    expect(missing).toEqual([]);
  });
});
