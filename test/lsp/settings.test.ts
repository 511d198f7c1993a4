// Tests of the settings mapping: editor settings to the service's configuration, matching options and default
// paths; values of the wrong type keep the defaults, and the options change what the index matches.

import { describe, expect, it } from 'vitest';
import { toDefaultPaths, toLanguageConfig, toMatchingOptions } from '../../server/src/lsp/settings.js';
import { memoryWorkspace, uriOf } from '../helpers/workspace.js';

describe('settings', () => {
  it('keeps the rule levels it knows and drops the rest', () => {
    expect(toLanguageConfig({ rules: { 'term.unused': 'off', 'cite.unknown': 'loud', x: 3 }, citationStyle: 'vancouver' })).toEqual({
      rules: { 'term.unused': 'off' },
      citationStyle: 'vancouver',
    });
    expect(toLanguageConfig(undefined)).toEqual({ rules: {} });
    expect(toLanguageConfig({ citationStyle: '../../etc' })).toEqual({ rules: {} });
  });

  it('maps the matching options, keeping defaults for missing or wrong values', () => {
    expect(toMatchingOptions({ terms: { plurals: false } })).toEqual({ plurals: false, capitalizedAtSentenceStart: true });
    expect(toMatchingOptions({ terms: { plurals: 'no' } })).toEqual({ plurals: true, capitalizedAtSentenceStart: true });
  });

  it('reads default paths as a string or a list', () => {
    expect(toDefaultPaths({ bibliography: 'refs.yaml', imports: ['a.clause.md', 4] })).toEqual({ bibliography: ['refs.yaml'], imports: ['a.clause.md'] });
  });

  it('plural matching can be switched off in the index', () => {
    const { index, uri } = memoryWorkspace('"Party" means a signatory.\n\nEach Party and all Parties.\n');
    expect(index.linked(uri)!.termUses.map((u) => u.text)).toEqual(['Party', 'Parties']);
    index.setMatching({ plurals: false, capitalizedAtSentenceStart: true });
    expect(index.linked(uri)!.termUses.map((u) => u.text)).toEqual(['Party']);
  });

  it('default bibliographies from settings resolve against the first workspace folder', () => {
    const { index, uri } = memoryWorkspace('See [@a].\n', { 'refs.yaml': '- id: a\n  title: A\n' });
    expect(index.linked(uri)!.citations[0]!.source).toBeUndefined();
    index.setEditorDefaults([], ['refs.yaml']);
    expect(index.linked(uri)!.citations[0]!.source?.origin).toBe(uriOf('refs.yaml'));
  });
});
