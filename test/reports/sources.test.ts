// Tests of the sources report's data: every visible source with its fields and where it is declared, each citation
// with its clause and locator, what a source lacks, URLs that are not http(s), and keys that no source carries.

import { describe, expect, it } from 'vitest';
import { buildSourcesReport } from '../../server/src/language/reports/index.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

const DOCUMENT = `---
bibliography: refs.yaml
sources:
  msa:
    title: Master Services Agreement
    publisher: Example Corp
    issued: 2024-05-01
    URL: https://example.com/msa
    author:
      - family: Doe
        given: Jane
      - literal: Example Legal
  bare:
    title: A bare note
  uncited:
    title: Never cited
    URL: file:///etc/passwd
---

Fees are due within 30 days [see @msa, p. 3].

# 1. Payment

Late fees accrue [@msa; @bare; @ft-2026] and [@blog].

1.1. Again [@ft-2026, art. 6(1)(f)].
`;

const REFS = `- id: blog
  type: post-weblog
  title: A post
  container-title: The Blog
  issued:
    date-parts: [[2026, 3]]
`;

describe('sources report', () => {
  const { index, uri } = memoryWorkspace(DOCUMENT, { 'refs.yaml': REFS });
  const report = buildSourcesReport(index, [uri]);
  const byKey = new Map(report.sources.map((s) => [s.key, s]));

  it('lists every source the documents can see, front matter and bibliography files, sorted by key', () => {
    expect(report.sources.map((s) => [s.key, s.declared.path])).toEqual([
      ['bare', 'doc.clause.md'],
      ['blog', 'refs.yaml'],
      ['msa', 'doc.clause.md'],
      ['uncited', 'doc.clause.md'],
    ]);
  });

  it('gives the fields and a one-line label', () => {
    expect(byKey.get('msa')).toMatchObject({
      label: 'Master Services Agreement (Example Corp, 2024-05-01)',
      title: 'Master Services Agreement',
      publisher: 'Example Corp',
      issued: '2024-05-01',
      url: 'https://example.com/msa',
      authors: ['Doe, Jane', 'Example Legal'],
      missing: [],
      badUrl: false,
    });
    expect(byKey.get('blog')).toMatchObject({ type: 'post-weblog', publisher: 'The Blog', containerTitle: 'The Blog', issued: '2026-03', label: 'A post (The Blog, 2026-03)' });
  });

  it('lists each citation with its place, locator and prefix', () => {
    expect(byKey.get('msa')!.citations.map((c) => [c.place.clause?.number ?? '-', c.prefix, c.locator])).toEqual([
      ['-', 'see', 'p. 3'],
      ['1', '', ''],
    ]);
    expect(byKey.get('uncited')!.citations).toEqual([]);
  });

  it('says what is missing (as cite.incomplete counts it) and flags URLs that are not http(s)', () => {
    expect(byKey.get('bare')!.missing).toEqual(['issued', 'URL']);
    expect(byKey.get('uncited')).toMatchObject({ missing: ['issued'], badUrl: true, url: 'file:///etc/passwd' });
  });

  it('lists the cited keys that no source carries, with every citation', () => {
    expect(report.unknownKeys.map((u) => [u.key, u.citations.map((c) => `${c.place.clause?.number}:${c.locator}`)])).toEqual([['ft-2026', ['1:', '1.1:art. 6(1)(f)']]]);
  });

  it('over several documents, a source shared through a bibliography is one row with the citations of all', () => {
    const { index: two } = memoryWorkspace(DOCUMENT, { 'refs.yaml': REFS, 'other.clause.md': `---\nbibliography: refs.yaml\n---\n\nSee [@blog].\n` });
    const both = buildSourcesReport(two, [uriOf('doc.clause.md'), uriOf('other.clause.md')]);
    expect(both.sources.filter((s) => s.key === 'blog').map((s) => s.citations.map((c) => c.place.path))).toEqual([['doc.clause.md', 'other.clause.md']]);
  });
});
