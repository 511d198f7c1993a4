// Tests of the quick fixes: each case is a workspace with a finding; the named fix is applied and the result
// must read as expected, the finding gone, and no other finding changed. The suppression fix is also checked
// on every finding of the example workspace: it silences exactly that finding and leaves the structure alone.

import { describe, expect, it } from 'vitest';
import { documentDiagnostics } from '../../server/src/language/diagnostics.js';
import { getCodeActions } from '../../server/src/language/features/codeActions.js';
import { applyEdits } from '../../server/src/language/features/edits.js';
import { loadWorkspace } from '../../server/src/cli/loadWorkspace.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

/** Applies the action titled `title` for the first finding of `code`; returns the texts of the changed files. */
function fix(document: string, code: string, title: RegExp, files: Record<string, string> = {}, levels: Record<string, 'info' | 'warning'> = {}) {
  const { index, uri } = memoryWorkspace(document, files);
  const before = documentDiagnostics(index, uri, { rules: levels });
  const finding = before.find((d) => d.code === code);
  if (!finding) throw new Error(`no ${code} in ${JSON.stringify(before.map((d) => d.code))}`);
  const actions = getCodeActions(index, uri, [{ code, span: finding.span, ...(finding.data ? { data: finding.data } : {}) }]);
  const action = actions.find((a) => title.test(a.title));
  if (!action) throw new Error(`no action ${title} among ${actions.map((a) => a.title).join(', ')}`);
  const texts: Record<string, string> = {};
  const all: Record<string, string> = { ...files, 'doc.clause.md': document };
  for (const [path, text] of Object.entries(all)) {
    const edits = action.edits.filter((e) => e.uri === uriOf(path));
    if (edits.length > 0) texts[path] = applyEdits(text, edits);
  }
  const after = memoryWorkspace(texts['doc.clause.md'] ?? document, { ...files, ...Object.fromEntries(Object.entries(texts).filter(([p]) => p !== 'doc.clause.md')) });
  const remaining = documentDiagnostics(after.index, after.uri, { rules: levels });
  return { texts, before: before.map((d) => d.code), after: remaining.map((d) => d.code), title: action.title };
}

describe('quick fixes', () => {
  it('defines an undefined term at the end of the Definitions section', () => {
    const doc = '# Definitions\n\n"Agent" means a program.\n\n# 1. Scope\n\nEach Agent may use [[Compute Credit]].\n';
    const r = fix(doc, 'term.undefined', /Define "Compute Credit"/);
    expect(r.texts['doc.clause.md']).toBe('# Definitions\n\n"Agent" means a program.\n\n"Compute Credit" means (definition to be written).\n\n# 1. Scope\n\nEach Agent may use [[Compute Credit]].\n');
    expect(r.after).not.toContain('term.undefined');
  });

  it('defines an undefined term after the front matter when there is no Definitions section', () => {
    const r = fix('---\ntitle: T\n---\n\nUse [[Credit]].\n', 'term.undefined', /Define/);
    expect(r.texts['doc.clause.md']).toBe('---\ntitle: T\n---\n"Credit" means (definition to be written).\n\n\nUse [[Credit]].\n');
    expect(r.after).not.toContain('term.undefined');
  });

  it('adds a source entry to the front matter, to a CSL-YAML bibliography, or a new front matter', () => {
    const inFront = fix('---\nsources:\n  a:\n    title: A\n---\n\nSee [@a] and [@b].\n', 'cite.unknown', /Add a source entry for "b"/);
    expect(inFront.texts['doc.clause.md']).toContain('sources:\n  b:\n    title: "(title to be added)"\n  a:\n');
    expect(inFront.after).not.toContain('cite.unknown');
    const inFile = fix('---\nbibliography: refs.yaml\n---\n\nSee [@a] and [@b].\n', 'cite.unknown', /"b"/, { 'refs.yaml': '- id: a\n  title: A\n' });
    expect(inFile.texts['refs.yaml']).toBe('- id: a\n  title: A\n- id: b\n  title: "(title to be added)"\n');
    expect(inFile.after).not.toContain('cite.unknown');
    const none = fix('See [@b].\n', 'cite.unknown', /"b"/);
    expect(none.texts['doc.clause.md']).toBe('---\nsources:\n  b:\n    title: "(title to be added)"\n---\n\nSee [@b].\n');
    expect(none.after).not.toContain('cite.unknown');
  });

  it('corrects the case of a term', () => {
    const r = fix('"Stateless API Call" means a request.\n\nEvery stateless api call is routed.\n', 'term.case-mismatch', /Write "stateless API Call"|Write "Stateless API Call"/);
    expect(r.after).not.toContain('term.case-mismatch');
  });

  it('removes an unused definition with its blank line', () => {
    const r = fix('"Agent" means a program.\n\n"Fairwater" means a network.\n\nAn Agent acts.\n', 'term.unused', /Remove/);
    expect(r.texts['doc.clause.md']).toBe('"Agent" means a program.\n\nAn Agent acts.\n');
  });

  it.each([
    ['a first line', '"Fairwater" means a network.\n'],
    ['a line inside a paragraph', 'Intro text:\n"Fairwater" means a network.\n'],
    ['a block quote', '> "Fairwater" means a network.\n'],
    ['a list item', '- one\n- "Fairwater" means a network.\n'],
    ['CRLF', 'Intro text:\r\n"Fairwater" means a network.\r\n'],
  ])('suppresses a finding on %s and changes nothing else', (_name, doc) => {
    const r = fix(doc, 'term.unused', /Suppress term.unused here/);
    expect(r.after).not.toContain('term.unused');
    expect(r.after).toEqual(r.before.filter((c) => c !== 'term.unused'));
  });

  it('offers no suppression for a finding in a table row outside its cells\' text (found by the long fuzz run)', () => {
    // The link's destination is in no cell's text; a comment line above the row would end the table, and the row
    // would become a paragraph defining "Your".
    const { index, uri } = memoryWorkspace('marked "confidential"# 1. Scope {#scope}\n|---|\n[x](#scope)"You" (or "Your") shall mean the holder.\n');
    const finding = documentDiagnostics(index, uri, { rules: {} }).find((d) => d.code === 'ref.broken')!;
    expect(finding).toBeDefined();
    const titles = getCodeActions(index, uri, [{ code: finding.code, span: finding.span, ...(finding.data ? { data: finding.data } : {}) }]).map((a) => a.title);
    expect(titles.filter((title) => title.startsWith('Suppress'))).toEqual([]);
  });

  it('suppresses a front-matter finding for the file, after the front matter', () => {
    const r = fix('---\nparties: Microsoft\n---\n\nText.\n', 'syntax.front-matter', /Suppress/);
    expect(r.texts['doc.clause.md']).toBe('---\nparties: Microsoft\n---\n<!-- clausemark-disable-file syntax.front-matter -->\n\nText.\n');
    expect(r.after).not.toContain('syntax.front-matter');
  });
});

describe('the suppression fix on the example workspace', () => {
  it('silences each finding alone', () => {
    const repo = new URL('../..', import.meta.url).pathname;
    const { index, documents } = loadWorkspace(['examples/frontier-dispute'], repo);
    let checked = 0;
    for (const uri of documents) {
      const text = index.document(uri)!.model.text;
      const before = documentDiagnostics(index, uri, { rules: { 'term.used-once': 'info' } });
      for (const d of before) {
        const action = getCodeActions(index, uri, [{ code: d.code, span: d.span, ...(d.data ? { data: d.data } : {}) }]).find((a) => a.title.startsWith('Suppress'))!;
        const changed = applyEdits(text, action.edits);
        index.setDocument(uri, changed);
        const after = documentDiagnostics(index, uri, { rules: { 'term.used-once': 'info' } });
        expect(after.map((x) => x.code).sort()).toEqual(before.filter((x) => x !== d).map((x) => x.code).sort());
        index.setDocument(uri, text);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
