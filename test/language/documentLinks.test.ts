// Tests of document links. Each case is a document (and the other files of its workspace) and the links it must
// give, drawn as `clicked text -> target`; hostile URLs and paths must give no link at all.

import { describe, expect, it } from 'vitest';
import { getDocumentLinks, webUrl } from '../../server/src/language/features/documentLinks.js';
import { isInside, resolvePath } from '../../server/src/language/uri.js';
import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { memoryWorkspace, ROOT, uriOf } from '../helpers/workspace.js';

function linksOf(document: string, files: Record<string, string> = {}, name?: string): string[] {
  const { index, uri } = memoryWorkspace(document, files, name);
  return getDocumentLinks(index, uri).map((l) => `${document.slice(l.span.start, l.span.end)} -> ${l.target}`);
}

/** A document whose only source has `url` as its URL (written as given, quotes and all). */
const sourceWithUrl = (url: string) => `---\nsources:\n  a:\n    title: A\n    URL: ${url}\n---\n\nText [@a].\n`;

const AWS = '---\ntitle: AWS\n---\n\n# 1. Scope\n\nText.\n\n## 1.1 Routing {#routing}\n\nMore.\n';

const cases: [string, string, Record<string, string>, string[]][] = [
  ['an https source URL', sourceWithUrl('https://example.com/a?b=1#c'), {}, ['https://example.com/a?b=1#c -> https://example.com/a?b=1#c']],
  ['a quoted http URL: the quotes are not clicked', sourceWithUrl('"http://example.com/a b"'), {}, ['http://example.com/a b -> http://example.com/a%20b']],
  ['a URL in capitals is normalized', sourceWithUrl('HTTPS://EXAMPLE.com/A'), {}, ['HTTPS://EXAMPLE.com/A -> https://example.com/A']],
  [
    'import and bibliography paths to files of the workspace',
    '---\nbibliography: [refs.yaml, "sub dir/more.bib"]\nimports: [glossary.clause.md]\n---\n',
    { 'refs.yaml': '[]', 'glossary.clause.md': '"A" means b.\n' },
    [
      `refs.yaml -> ${ROOT}/refs.yaml`,
      `sub dir/more.bib -> ${ROOT}/sub%20dir/more.bib`,
      `glossary.clause.md -> ${ROOT}/glossary.clause.md`,
    ],
  ],
  ['a path to a missing file of the workspace still links (the editor can create it)', '---\nimports: [later.clause.md]\n---\n', {}, [`later.clause.md -> ${ROOT}/later.clause.md`]],
  [
    'a link into another file goes to the line of the clause (1-based #L), by number or id',
    'See [§1](aws.clause.md#1) and [routing](./aws.clause.md#routing).\n',
    { 'aws.clause.md': AWS },
    [`aws.clause.md#1 -> ${ROOT}/aws.clause.md#L5`, `./aws.clause.md#routing -> ${ROOT}/aws.clause.md#L9`],
  ],
  [
    'to the file alone when the clause is not found or the file is not indexed',
    'See [§9](aws.clause.md#9) and [§1](gone.clause.md#1).\n',
    { 'aws.clause.md': AWS },
    [`aws.clause.md#9 -> ${ROOT}/aws.clause.md`, `gone.clause.md#1 -> ${ROOT}/gone.clause.md`],
  ],
  ['links to a clause of the same document are references, not links', '# 1. Scope\n\nSee [above](#1).\n', {}, []],
  [
    'CRLF and astral characters',
    '---\r\nimports: [😀.clause.md]\r\n---\r\n\r\n😀 See [§1](😀.clause.md#1).\r\n',
    // Hosts name files by encoded URIs (uriOf does not encode).
    { '%F0%9F%98%80.clause.md': '\r\n# 1. Scope\r\n' },
    [`😀.clause.md -> ${ROOT}/%F0%9F%98%80.clause.md`, `😀.clause.md#1 -> ${ROOT}/%F0%9F%98%80.clause.md#L2`],
  ],
];

const hostileUrls = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  '" javascript:alert(1)"',
  '"java\\tscript:alert(1)"',
  '"\\u0000https://example.com"',
  'command:workbench.action.terminal.new',
  'vscode://file/etc/passwd',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  '//example.com/protocol-relative',
  'https://good.example@evil.example/',
  'https://user:secret@example.com/',
  'http://',
  'https:example.com',
  'ftp://example.com/a',
];

const hostilePaths = [
  '../outside.clause.md',
  '../../etc/passwd',
  '/etc/passwd',
  'file:///etc/passwd',
  'command:workbench.action.terminal.new',
  'javascript:alert(1)',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e/%2e%2e/etc/passwd',
  'sub/..%5C..%5C..%5Cwindows',
  '"\\\\\\\\server\\\\share\\\\x.clause.md"',
];

const hostileLinks = [
  '[§1](../outside.clause.md#1)',
  '[§1](/etc/passwd.md#1)',
  '[§1](..%2F..%2Fsecret.clause.md#1)',
  '[§1](%2e%2e/%2e%2e/secret.clause.md#1)',
  '[§1](javascript:alert(1).md#1)',
  '[§1](command:x.md#1)',
  '[§1](file:///etc/x.md#1)',
  '[§1](<../x y.md#1>)',
];

describe('document links', () => {
  it.each(cases)('%s', (_name, document, files, expected) => {
    expect(linksOf(document, files)).toEqual(expected);
  });

  it.each(hostileUrls)('no link for the source URL %s', (url) => {
    expect(linksOf(sourceWithUrl(url))).toEqual([]);
  });

  it.each(hostilePaths)('no link for the import or bibliography %s', (path) => {
    expect(linksOf(`---\nimports: [${path}]\nbibliography: ${path}\n---\n`)).toEqual([]);
  });

  it.each(hostileLinks)('no link for %s', (link) => {
    expect(linksOf(`See ${link}.\n`, { 'outside.clause.md': '# 1. X\n' })).toEqual([]);
  });

  it('links no workspace default (written in clausemark.json, not in the document)', () => {
    expect(linksOf('Text.\n', { 'clausemark.json': '{ "imports": ["glossary.clause.md"] }', 'glossary.clause.md': '"A" means b.\n' })).toEqual([]);
  });

  it('with no workspace folder, links only files the index holds', () => {
    const index = new WorkspaceIndex();
    index.setDocument('file:///w/doc.clause.md', '---\nimports: [a.clause.md, b.clause.md]\n---\n');
    index.setDocument('file:///w/a.clause.md', '# 1. A\n');
    expect(getDocumentLinks(index, 'file:///w/doc.clause.md').map((l) => l.target)).toEqual(['file:///w/a.clause.md']);
  });

  it('gives nothing for a document that is not indexed', () => {
    const { index } = memoryWorkspace('Text.');
    expect(getDocumentLinks(index, uriOf('other.clause.md'))).toEqual([]);
  });

  it('checks the scheme as written, before the URL parser drops tabs and newlines', () => {
    expect(webUrl('java\tscript:alert(1)')).toBeUndefined();
    expect(webUrl('ht\ttps://example.com')).toBeUndefined();
    expect(webUrl(' https://example.com ')).toBe('https://example.com/');
  });

  // Bug in server/src/language/uri.ts (resolvePath with isInside): a path segment with an encoded slash is
  // decoded, then re-encoded as one segment, so `..%2F..%2Fsecret.clause.md` resolves to
  // file:///workspace/..%2F..%2Fsecret.clause.md, which isInside accepts; an editor decoding that URI
  // (vscode-uri's fsPath) reads /workspace/../../secret.clause.md, outside the folder. The index then reports the
  // import as missing instead of "leaves the workspace folder". Expected: refused (undefined, or isInside false).
  it('resolvePath refuses a path that leaves the folder through an encoded slash', () => {
    const resolved = resolvePath(`${ROOT}/doc.clause.md`, '..%2F..%2Fsecret.clause.md');
    expect(resolved === undefined || !isInside(ROOT, resolved)).toBe(true);
  });

  // Bug in server/src/language/uri.ts (resolvePath): its comment says other schemes are resolved "so that the
  // workspace check can refuse them", but encodeSegment escapes the colon, so `file:///etc/passwd` written as an
  // import resolves to file:///workspace/file%3A///etc/passwd, a file inside the folder; the index reports it as
  // missing rather than as leaving the workspace. Expected: file:///etc/passwd (refused by the check).
  it('resolvePath resolves a path written with a scheme to that scheme', () => {
    expect(resolvePath(`${ROOT}/doc.clause.md`, 'file:///etc/passwd')).toBe('file:///etc/passwd');
  });
});

describe('document links of the example', () => {
  it('links microsoft-openai.clause.md to its bibliography, its import and the Amazon–OpenAI terms', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../examples/frontier-dispute/', import.meta.url);
    const files: Record<string, string> = {};
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.clause.md') || file.endsWith('.yaml') || file === 'clausemark.json') files[file] = readFileSync(new URL(file, dir), 'utf8');
    }
    expect(linksOf(files['microsoft-openai.clause.md']!, files, 'microsoft-openai.clause.md')).toEqual([
      `sources.yaml -> ${ROOT}/sources.yaml`,
      `glossary.clause.md -> ${ROOT}/glossary.clause.md`,
      `amazon-openai.clause.md#exclusive-provider -> ${ROOT}/amazon-openai.clause.md#L59`,
      `amazon-openai.clause.md#exclusive-provider -> ${ROOT}/amazon-openai.clause.md#L59`,
    ]);
  });
});
