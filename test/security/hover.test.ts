// Hovers are untrusted Markdown: the hover kinds test/language/hover.test.ts does not already cover with hostile
// text (citations of entries in CSL-YAML, CSL-JSON and BibTeX files, the built-in formatter the CSL engine falls back to,
// a clause id, references and definitions in a file whose name holds Markdown, invisible and bidirectional
// characters) come out with nothing unescaped, no raw HTML, no entity, and only http(s) links.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { citationEngine, getHover } from '../../server/src/language/features/hover.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

/** The same checks as the hover tests: no raw HTML or entity, every link http(s), no command link, no theme icon. */
function expectSafe(markdown: string): void {
  expect(markdown).not.toBe('');
  expect(markdown).not.toMatch(/(?<!\\)[<&]/);
  for (const m of markdown.matchAll(/\]\(([^)]*)\)/g)) expect(m[1]).toMatch(/^https?:\/\/[^\s<>()"]*$/);
  expect(markdown).not.toMatch(/\]\((?:command|javascript|file|data):/i);
  expect(markdown).not.toMatch(/(?<!\\)\$\(/);
  expect(markdown.replace(/\\./g, '')).not.toMatch(/\[[^\]]*\]\((?!https?:)/);
  expect(markdown).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u0000-\u0008]/);
}

const EVIL = '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) $(zap) &amp; \u202Eevil\u202C `code` *b* _i_';

const YAML = `- id: evil
  title: ${JSON.stringify(EVIL)}
  container-title: ${JSON.stringify(EVIL)}
  publisher: ${JSON.stringify(EVIL)}
  author:
    - family: ${JSON.stringify(EVIL)}
      given: ${JSON.stringify(EVIL)}
  URL: "javascript:alert(1)"
  note: ${JSON.stringify(EVIL)}
`;
const JSON_BIB = JSON.stringify([{ id: 'evil', title: EVIL, publisher: EVIL, URL: 'command:workbench.action.quit', author: [{ literal: EVIL }] }]);
const BIBTEX = '@misc{evil, title = {<script>alert(1)</script> [x](command:y) *b* _i_}, author = {Evil, <img src=x onerror=alert(1)> and [y](command:z)}, url = {data:text/html,<script>alert(1)</script>}, note = {[n](command:n) `c`}}\n';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The hover at the first `needle` (plus `shift`) of `path`, in a workspace of `files` with `doc` as doc.clause.md. */
function hoverIn(files: Record<string, string>, doc: string, path: string, needle: string, shift = 1): string {
  const { index } = memoryWorkspace(doc, files);
  const uri = uriOf(path);
  const text = index.document(uri)?.model.text ?? index.sourceFile(uri)!.text;
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`no ${needle} in ${path}`);
  return getHover(index, uri, at + shift)?.markdown ?? '';
}

describe('hostile text in the hover kinds not covered elsewhere', () => {
  it.each([
    ['a CSL-YAML entry', 'refs.yaml', YAML],
    ['a CSL-JSON entry', 'refs.json', JSON_BIB],
    ['a BibTeX entry', 'refs.bib', BIBTEX],
  ])('a citation of %s', (_name, file, text) => {
    const doc = `---\nbibliography: ${file}\n---\n\nSee [@evil, p. 2].\n`;
    const markdown = hoverIn({ [file]: text }, doc, 'doc.clause.md', '@evil');
    expectSafe(markdown);
    // The hostile text is there, shown literally.
    expect(markdown).toContain('\\]\\(command:');
  });

  it('the built-in formatter the hover falls back to', () => {
    vi.spyOn(citationEngine, 'reference').mockImplementation(() => {
      throw new Error('engine down');
    });
    vi.spyOn(citationEngine, 'cluster').mockImplementation(() => {
      throw new Error('engine down');
    });
    const markdown = hoverIn({ 'refs.yaml': YAML }, '---\nbibliography: refs.yaml\n---\n\nSee [@evil, p. 2].\n', 'doc.clause.md', '@evil');
    expectSafe(markdown);
    expect(markdown).toContain('\\<img src=x onerror=alert\\(1\\)\\>');
  });

  it('a clause id and its explanation', () => {
    const doc = `# 1. ${EVIL} {#x}\n\n> [!EXPLAIN]\n> ${EVIL}\n\nSee [the clause](#x).\n`;
    expectSafe(hoverIn({}, doc, 'doc.clause.md', '{#x}', 2));
    expectSafe(hoverIn({}, doc, 'doc.clause.md', '(#x)', 2));
  });

  it('a reference into, and a term defined in, a file whose name holds Markdown', () => {
    const name = '_x*(y)!.clause.md';
    const files = { [name]: `"Secret ${'Term'}" means ${EVIL}.\n\n# 1. ${EVIL}\n\nText.\n` };
    const doc = `---\nimports: [${JSON.stringify(name)}]\n---\n\nThe Secret Term, see [§1](${name.replace(/[()]/g, (c) => `\\${c}`)}#1).\n`;
    const term = hoverIn(files, doc, 'doc.clause.md', 'Secret Term');
    expectSafe(term);
    expect(term).toContain('\\_x\\*\\(y\\)!.clause.md');
    expectSafe(hoverIn(files, doc, 'doc.clause.md', '[§1]', 2));
  });
});
