// Tests of a bibliography file that is half-valid or being written: the sources its new text does not yield are kept
// from the last version read while the text has problems, the file's diagnostic names them, and a text without
// problems counts alone again (a source deleted from a valid file is gone). In CSL-YAML, CSL-JSON and BibTeX.

import { describe, expect, it } from 'vitest';
import { documentDiagnostics, fileDiagnostics } from '../../server/src/language/diagnostics.js';
import { createLanguageService } from '../../server/src/language/service.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

const DOC = '---\nbibliography: refs.{ext}\n---\n\nSee [@a], [@b] and [@c].\n';

/** The workspace with `refs.<ext>` holding `first`, then `next` written over it. */
function rewrite(ext: string, first: string, next: string) {
  const { index, uri } = memoryWorkspace(DOC.replace('{ext}', ext), { [`refs.${ext}`]: first });
  const bib = uriOf(`refs.${ext}`);
  index.setSourceFile(bib, next);
  const unknown = documentDiagnostics(index, uri, { rules: {} }).filter((d) => d.code === 'cite.unknown').map((d) => d.message);
  return { index, uri, bib, unknown, file: index.sourceFile(bib)!, problems: fileDiagnostics(index, bib, { rules: {} }).filter((d) => d.code === 'syntax.bibliography') };
}

const YAML = '- id: a\n  title: A\n- id: b\n  title: B\n- id: c\n  title: C\n';
const JSON_TEXT = '[{"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"}]';
const BIB = '@book{a, title={A}}\n@book{b, title={B}}\n@book{c, title={C}}\n';

describe('a bibliography that cannot be read whole', () => {
  it.each([
    ['yaml', 'a syntax error that swallows the next entry', YAML, YAML.replace('title: B', 'title: "B'), ['c']],
    ['yaml', 'a file cut short while it is written', YAML, YAML.slice(0, YAML.indexOf('- id: b') + 12), ['c']],
    ['json', 'a syntax error inside an entry', JSON_TEXT, JSON_TEXT.replace('"b",', '"b"'), ['b']],
    ['json', 'a file cut short while it is written', JSON_TEXT, JSON_TEXT.slice(0, JSON_TEXT.indexOf('{"id": "b"')), ['b', 'c']],
  ])('%s, %s: keeps the lost sources and says so', (ext, _what, first, next, kept) => {
    const { unknown, file, problems } = rewrite(ext, first, next);
    expect(unknown).toEqual([]);
    expect(file.kept).toEqual(kept);
    expect(file.entries.map((e) => e.key).sort()).toEqual(['a', 'b', 'c']);
    const names = kept.map((k) => `"${k}"`);
    const said = kept.length === 1 ? `the source ${names[0]} is kept as last read` : `${kept.length} sources ${names.join(', ')} are kept as last read`;
    expect(problems[0]!.message).toMatch(new RegExp(`; until the file can be read whole, ${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(problems[0]!.severity).toBe('error');
    // Every kept entry points inside the new text.
    for (const e of file.entries) expect(e.keySpan.end).toBeLessThanOrEqual(next.length);
  });

  it('points a kept entry at its key when the new text still writes it', () => {
    const next = JSON_TEXT.replace('"b",', '"b"');
    const { file } = rewrite('json', JSON_TEXT, next);
    const b = file.entries.find((e) => e.key === 'b')!;
    expect(next.slice(b.keySpan.start, b.keySpan.end)).toBe('b');
    expect(b.urlSpan).toBeUndefined();
  });

  it('a BibTeX entry that breaks is read on its own; the others are unaffected', () => {
    const { unknown, file } = rewrite('bib', BIB, BIB.replace('title={B}}', 'title={B}'));
    expect(unknown).toEqual([]);
    expect(file.kept).toBeUndefined();
  });

  it('a valid text counts alone: a source deleted from it is gone', () => {
    const { index, uri, bib } = rewrite('yaml', YAML, YAML.replace('title: B', 'title: "B'));
    index.setSourceFile(bib, '- id: a\n  title: A\n- id: b\n  title: B\n');
    expect(index.sourceFile(bib)!.kept).toBeUndefined();
    expect(documentDiagnostics(index, uri, { rules: {} }).filter((d) => d.code === 'cite.unknown').map((d) => d.message)).toEqual([expect.stringContaining('"c"')]);
    expect(fileDiagnostics(index, bib, { rules: {} }).filter((d) => d.code === 'syntax.bibliography')).toEqual([]);
  });

  it('keeps what was kept across several broken versions, until a valid one', () => {
    const { index, bib } = rewrite('yaml', YAML, YAML.slice(0, 20));
    expect(index.sourceFile(bib)!.kept).toEqual(['b', 'c']);
    index.setSourceFile(bib, '- id: a\n  title: A\n- id: b\n  title: "B');
    expect(index.sourceFile(bib)!.kept).toEqual(['c']);
    expect(index.sourceFile(bib)!.entries.map((e) => e.key).sort()).toEqual(['a', 'b', 'c']);
  });

  it('a file that was never read whole has nothing to keep', () => {
    const { index, uri } = memoryWorkspace(DOC.replace('{ext}', 'yaml'), { 'refs.yaml': '- id: a\n  title: "A\n' });
    expect(index.sourceFile(uriOf('refs.yaml'))!.kept).toBeUndefined();
    // The parser still yields "a" (with the rest of the file as its title); "b" and "c" are unknown.
    expect(documentDiagnostics(index, uri, { rules: {} }).filter((d) => d.code === 'cite.unknown').map((d) => d.message)).toEqual([
      expect.stringContaining('"b"'),
      expect.stringContaining('"c"'),
    ]);
  });

  it('refuses to rename a kept source, and renames the others', () => {
    const { index, uri } = rewrite('yaml', YAML, YAML.replace('title: B', 'title: "B'));
    const service = createLanguageService(index, () => ({ rules: {} }));
    const text = index.document(uri)!.model.text;
    expect(service.rename(uri, text.indexOf('@c') + 1, 'd')).toEqual({ error: 'Cannot rename "c": refs.yaml cannot be read whole and its entry is the one last read; correct the file first' });
  });
});
