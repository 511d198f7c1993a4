// Tests of the rule limit.file-size and of the size limit it reports: bytes of UTF-8 counted exactly at the
// boundary, the limit from clausemark.json and from the editor setting (the setting wins), one finding and nothing
// else, every feature silent on the file, a change of limit taking effect on files already indexed, bibliographies
// above the limit, files the host left unread for their size, and a rename refused while a file is not analysed.

import { describe, expect, it } from 'vitest';
import { documentDiagnostics, fileDiagnostics } from '../../server/src/language/diagnostics.js';
import { createLanguageService } from '../../server/src/language/service.js';
import { formatSize, sizeAbove, WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { LIMITS } from '../../server/src/language/config.js';
import { findingsOf } from '../helpers/ruleCheck.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

/** A document that every rule has something to say about: an undefined term, a broken reference, a missing import. */
const NOISY = '---\nimports: [missing.clause.md]\n---\n\n# 1. Scope\n\nEvery [[Compute Credit]] is billed under Section 9.\n';
const config = (bytes: number) => ({ 'clausemark.json': `{ "maxFileSize": ${bytes} }` });

describe('limit.file-size', () => {
  it('says nothing under the default limit, and the noisy document gets its findings', () => {
    const { index, uri } = memoryWorkspace(NOISY);
    const codes = documentDiagnostics(index, uri, { rules: {} }).map((d) => d.code);
    expect(codes).not.toContain('limit.file-size');
    expect(codes).toEqual(expect.arrayContaining(['import.missing', 'term.undefined', 'ref.broken']));
    expect(index.maxFileSize).toBe(LIMITS.maxFileSize);
    expect(LIMITS.maxFileSize).toBe(20 * 1024 * 1024);
  });

  it('gives a file above the limit of clausemark.json one info finding and no other', () => {
    const { index, uri } = memoryWorkspace(NOISY, config(50));
    const all = documentDiagnostics(index, uri, { rules: {} });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ code: 'limit.file-size', severity: 'info', span: { start: 0, end: 0 } });
    expect(all[0]!.message).toBe(
      `This file is ${NOISY.length} bytes, larger than the 50 bytes Clausemark analyses: nothing in it is checked, found or offered. ` +
        'Raise the setting "clausemark.maxFileSize" or "maxFileSize" in clausemark.json (in bytes) to analyse it.',
    );
    expect(index.document(uri)!.tooLarge).toBe(NOISY.length);
    // The file's own imports are not followed: the model is empty.
    expect(index.wantedFiles()).toEqual([]);
  });

  it('counts bytes of UTF-8, exactly at the boundary', () => {
    for (const [text, bytes] of [['a'.repeat(10), 10], ['é'.repeat(5), 10], ['€'.repeat(3), 9], ['𝒜'.repeat(2), 8], ['x€𝒜é', 10]] as const) {
      expect(sizeAbove(text, bytes - 1)).toBe(bytes);
      expect(sizeAbove(text, bytes)).toBeUndefined();
    }
    expect(findingsOf('limit.file-size', 'é'.repeat(50), { files: config(100) })).toEqual([]);
    expect(findingsOf('limit.file-size', `${'é'.repeat(50)}x`, { files: config(100) })).toHaveLength(1);
  });

  it('lets the editor setting override clausemark.json, both ways', () => {
    const { index, uri } = memoryWorkspace(NOISY, config(50));
    index.setMaxFileSize(10_000);
    expect(documentDiagnostics(index, uri, { rules: {} }).map((d) => d.code)).not.toContain('limit.file-size');
    index.setMaxFileSize(20);
    expect(documentDiagnostics(index, uri, { rules: {} }).map((d) => d.code)).toEqual(['limit.file-size']);
    expect(documentDiagnostics(index, uri, { rules: {} })[0]!.message).toContain('larger than the 20 bytes');
    index.setMaxFileSize(undefined);
    expect(index.maxFileSize).toBe(50);
    index.setMaxFileSize(-3); // A wrong value is no setting.
    expect(index.maxFileSize).toBe(50);
  });

  it('applies a clausemark.json read after the documents, and a removed one', () => {
    const index = new WorkspaceIndex();
    index.setRoots(['file:///workspace']);
    const uri = uriOf('doc.clause.md');
    index.setDocument(uri, '"Agent" means a program.\n\nEach Agent acts.\n');
    expect(index.document(uri)!.model.definitions).toHaveLength(1);
    index.setConfig(uriOf('clausemark.json'), '{ "maxFileSize": 10 }');
    expect(index.document(uri)!.model.definitions).toHaveLength(0);
    expect(index.document(uri)!.model.text).toBe('"Agent" means a program.\n\nEach Agent acts.\n');
    index.remove(uriOf('clausemark.json'));
    expect(index.document(uri)!.model.definitions).toHaveLength(1);
  });

  it('leaves every feature silent on the file', () => {
    const text = '"Agent" means a program.\n\n# 1. Duties\n\nEach Agent acts under §1. See [[Agent]] and [@x].\n';
    const { index, uri } = memoryWorkspace(text, config(20));
    const service = createLanguageService(index, () => ({ rules: {} }));
    const at = text.indexOf('Agent acts');
    expect(service.hover(uri, at + 1)).toBeUndefined();
    expect(service.definition(uri, at + 1)).toEqual([]);
    expect(service.references(uri, at + 1, true)).toEqual([]);
    expect(service.highlights(uri, at + 1)).toEqual([]);
    expect(service.documentSymbols(uri)).toEqual([]);
    expect(service.semanticTokens(uri)).toEqual([]);
    expect(service.foldingRanges(uri)).toEqual([]);
    expect(service.documentLinks(uri)).toEqual([]);
    expect(service.codeLenses(uri)).toEqual([]);
    expect(service.workspaceSymbols('Agent')).toEqual([]);
    expect(service.prepareRename(uri, at + 1)).toHaveProperty('error');
    expect(service.counts(uri)).toMatchObject({ terms: 0, clauses: 0, infos: 1, errors: 0, warnings: 0 });
  });

  it('keeps the limit when the rule is off: no finding, still no analysis', () => {
    const { index, uri } = memoryWorkspace(NOISY, config(50));
    expect(documentDiagnostics(index, uri, { rules: { 'limit.file-size': 'off' } })).toEqual([]);
  });

  it('gives a bibliography above the limit one finding and no sources', () => {
    const bib = '- id: a\n  title: A source with a long enough title\n';
    const { index, uri } = memoryWorkspace('---\nbibliography: refs.yaml\n---\n\nSee [@a].\n', { 'refs.yaml': bib, 'clausemark.json': '{ "maxFileSize": 45 }' });
    expect(index.sourceFile(uriOf('refs.yaml'))).toMatchObject({ entries: [], tooLarge: bib.length });
    expect(fileDiagnostics(index, uriOf('refs.yaml'), { rules: {} })).toEqual([expect.objectContaining({ code: 'limit.file-size', severity: 'info' })]);
    expect(documentDiagnostics(index, uri, { rules: {} }).map((d) => d.code)).toContain('cite.unknown');
  });

  it('records a file the host did not read, and wants it once the limit allows it', () => {
    const index = new WorkspaceIndex();
    index.setRoots(['file:///workspace']);
    const big = uriOf('big.clause.md');
    index.setTooLarge(big, 'import', 30 * 1024 * 1024);
    expect(index.document(big)!.model.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^This file is 30 MB, larger than the 20 MB/)]);
    expect(index.wantedFiles()).toEqual([]);
    index.setMaxFileSize(40 * 1024 * 1024);
    expect(index.wantedFiles()).toEqual([{ uri: big, kind: 'import' }]);
    index.setDocument(big, '"Agent" means a program.\n');
    expect(index.document(big)!.tooLarge).toBeUndefined();
    expect(index.wantedFiles()).toEqual([]);
  });

  it('refuses a rename while a document of the workspace is not analysed', () => {
    const { index, uri } = memoryWorkspace('"Agent" means a program.\n\nEach Agent acts.\n', { 'big.clause.md': `---\nimports: [doc.clause.md]\n---\n${'Each Agent acts. '.repeat(10)}` });
    const service = createLanguageService(index, () => ({ rules: {} }));
    index.setMaxFileSize(100);
    expect(service.rename(uri, 2, 'Bot')).toEqual({ error: 'Cannot rename: big.clause.md is larger than the file size limit and is not analysed, so its uses would not be renamed' });
    index.setMaxFileSize(undefined);
    expect(service.rename(uri, 2, 'Bot')).toHaveProperty('edits');
  });

  it('formats sizes in binary units', () => {
    expect([formatSize(120), formatSize(2048), formatSize(1536 * 1024), formatSize(20 * 1024 * 1024)]).toEqual(['120 bytes', '2 KB', '1.5 MB', '20 MB']);
  });
});
