// Tests of the rule cite.incomplete: complete sources, sources without a title, a date, or both a URL and a
// publisher; one finding per source and document at its first citation; uncited sources left alone; bibliography
// sources; the rule off; a suppressed case; CRLF.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';
import { uriOf } from '../helpers/workspace.js';

describe('cite.incomplete', () => {
  it('finds nothing when cited sources have a title, a date and a URL or a publisher', () => {
    checkRule(
      'cite.incomplete',
      [
        '---',
        'sources:',
        '  with-url:',
        '    title: A',
        '    issued: 2026-03-18',
        '    URL: https://example.com/a',
        '  with-publisher:',
        '    title: B',
        '    issued: 2026',
        '    publisher: Example Press',
        '  with-container:',
        '    title: C',
        '    issued: { date-parts: [[2025, 10]] }',
        '    container-title: Example Journal',
        '---',
        '',
        'Claims [@with-url; @with-publisher; @with-container].',
      ].join('\n'),
    );
  });

  it('reports an incomplete cited source once, at its first citation', () => {
    checkRule(
      'cite.incomplete',
      [
        '---',
        'sources:',
        '  bare:',
        '    note: only a note',
        '  uncited:',
        '    note: never cited, so never reported here',
        '---',
        '',
        'A claim [@bare], and again [@bare, p. 2].',
        '          ^^^^ info cite.incomplete',
      ].join('\n'),
    );
  });

  it('names what is missing and points at the source entry', () => {
    const text = '---\nsources:\n  a:\n    note: x\n  b:\n    title: B\n    URL: https://example.com\n  c:\n    title: C\n    issued: 2026\n---\n\n[@a] [@b] [@c]';
    const found = findingsOf('cite.incomplete', text);
    expect(found.map((f) => f.message)).toEqual([
      'Source "a" is missing a title, an issued date and a URL or a publisher',
      'Source "b" is missing an issued date',
      'Source "c" is missing a URL or a publisher',
    ]);
    expect(found.map((f) => f.data)).toEqual([
      { key: 'a', missing: ['title', 'issued', 'URL'] },
      { key: 'b', missing: ['issued'] },
      { key: 'c', missing: ['URL'] },
    ]);
    expect(found[0]!.related.map((r) => [r.uri, text.slice(r.span.start, r.span.end)])).toEqual([[uriOf('doc.clause.md'), 'a']]);
  });

  it('reports a bibliography source at the citation, with the entry in the bibliography as related', () => {
    const bib = '- id: thin\n  title: Thin\n';
    const found = checkRule('cite.incomplete', '---\nbibliography: sources.yaml\n---\n\nA claim [@thin].\n          ^^^^ info cite.incomplete', { files: { 'sources.yaml': bib } });
    expect(found[0]!.related.map((r) => [r.uri, bib.slice(r.span.start, r.span.end)])).toEqual([[uriOf('sources.yaml'), 'thin']]);
  });

  it('says nothing when switched off', () => {
    checkRule('cite.incomplete', '---\nsources:\n  a:\n    note: x\n---\n\n[@a]', { levels: { 'cite.incomplete': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('cite.incomplete', '---\nsources:\n  a:\n    note: x\n---\n\n<!-- clausemark-disable-next-line cite.incomplete -->\n[@a]\n\n[@a]');
  });

  it('does not count a citation inside code', () => {
    checkRule('cite.incomplete', '---\nsources:\n  a:\n    note: x\n---\n\n`[@a]`\n\n```\n[@a]\n```');
  });

  it('reports at the right columns in a CRLF document', () => {
    checkRule('cite.incomplete', ['---', 'sources:', '  a:', '    title: A', '---', '', 'One [@a].', '      ^ info cite.incomplete'].join('\r\n'));
  });
});
