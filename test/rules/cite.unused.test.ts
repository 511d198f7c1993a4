// Tests of the rule cite.unused and of `unusedSourcesOf`: front-matter sources cited here or by an importing
// document, uncited ones (tagged unnecessary), sources shadowed by another with the same key, bibliography entries,
// the rule off, a suppressed case, code and CRLF.

import { describe, expect, it } from 'vitest';
import { unusedSourcesOf } from '../../server/src/language/rules/cite.unused.js';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

const fm = (keys: string[]) => ['---', 'sources:', ...keys.flatMap((k) => [`  ${k}:`, `    title: Source ${k}`]), '---', ''].join('\n');

describe('cite.unused', () => {
  it('finds nothing when every front-matter source is cited', () => {
    checkRule('cite.unused', `${fm(['a', 'b'])}\nA claim [@a] and another [see @b, p. 2].`);
  });

  it('counts a citation in a document that imports this one', () => {
    const importer = { 'main.clause.md': '---\nimports: [doc.clause.md]\n---\n\nA claim [@b].' };
    checkRule('cite.unused', `${fm(['a', 'b'])}\nA claim [@a].`, { files: importer });
  });

  it('reports a front-matter source nobody cites, tagged unnecessary', () => {
    const found = checkRule(
      'cite.unused',
      ['---', 'sources:', '  a:', '    title: Cited', '  b:', '  ^ warning cite.unused', '    title: Never cited', '---', '', 'A claim [@a].'].join('\n'),
    );
    expect(found[0]!.message).toBe('Source "b" is never cited in the workspace: expected a "[@b]" or the source removed');
    expect(found[0]!.tags).toEqual(['unnecessary']);
    expect(found[0]!.data).toEqual({ key: 'b' });
  });

  it('says so when every citation of the key resolves to another source', () => {
    // main imports doc, and its own "a" comes first: its [@a] never reaches doc's "a".
    const files = { 'main.clause.md': `---\nimports: [doc.clause.md]\n${fm(['a']).slice(4)}\nA claim [@a].` };
    expect(findingsOf('cite.unused', `${fm(['a'])}\nNo citation here.`, { files }).map((f) => f.message)).toEqual([
      'Source "a" is never cited: every "[@a]" resolves to another source with that key',
    ]);
  });

  it('does not count a citation written inside code', () => {
    checkRule('cite.unused', `${fm(['a'])}\nWrite \`[@a]\` to cite.`.replace('  a:', '  a:\n  ^ warning cite.unused'));
  });

  it('reports the uncited entries of a bibliography file through unusedSourcesOf', () => {
    const bib = '- id: cited\n  title: Cited\n- id: uncited\n  title: Uncited\n';
    const { index } = memoryWorkspace('---\nbibliography: sources.yaml\n---\n\nA claim [@cited].', { 'sources.yaml': bib });
    const found = unusedSourcesOf(index, uriOf('sources.yaml'));
    expect(found.map((f) => bib.slice(f.span.start, f.span.end))).toEqual(['uncited']);
    expect(found[0]!.tags).toEqual(['unnecessary']);
    expect(found[0]!.data).toEqual({ key: 'uncited' });
    expect(unusedSourcesOf(index, uriOf('doc.clause.md'))).toEqual([]);
  });

  it('counts citations from every document for a shared bibliography', () => {
    const bib = '- id: one\n  title: One\n- id: two\n  title: Two\n';
    const { index } = memoryWorkspace('A claim [@one].', {
      'sources.yaml': bib,
      'clausemark.json': '{ "bibliography": "sources.yaml" }',
      'other.clause.md': 'Another [@two].',
    });
    expect(unusedSourcesOf(index, uriOf('sources.yaml'))).toEqual([]);
  });

  it('says nothing when switched off', () => {
    checkRule('cite.unused', `${fm(['a'])}\nNo citation.`, { levels: { 'cite.unused': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('cite.unused', `${fm(['a'])}\n<!-- clausemark-disable-file cite.unused -->\nNo citation.`);
  });

  it('reports at the right columns in a CRLF document', () => {
    checkRule('cite.unused', ['---', 'sources:', '  a:', '    title: A', '  bee:', '  ^^^ warning cite.unused', '    title: B', '---', '', 'One [@a].'].join('\r\n'));
  });
});
