// Tests of the rule cite.unknown: keys found in front-matter sources, bibliographies, imports and the workspace
// default bibliography; unknown keys; the rule off; a suppressed case; code and escapes; CRLF.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const files = {
  'sources.yaml': '- id: bib-key\n  title: From the bibliography\n',
  'shared.yaml': '- id: default-key\n  title: From the workspace default\n',
  'clausemark.json': '{ "bibliography": "shared.yaml" }',
  'glossary.clause.md': '---\nsources:\n  imported-key:\n    title: From an import\n---\n\n"Agent" means a program.\n',
};

describe('cite.unknown', () => {
  it('finds nothing when every key is in a visible source', () => {
    checkRule(
      'cite.unknown',
      [
        '---',
        'bibliography: sources.yaml',
        'imports: [glossary.clause.md]',
        'sources:',
        '  own-key:',
        '    title: From the front matter',
        '---',
        '',
        'A claim [@own-key; @bib-key, p. 3] and [see @imported-key] and [@default-key].',
      ].join('\n'),
      { files },
    );
  });

  it('reports each key that no source carries', () => {
    checkRule(
      'cite.unknown',
      [
        '---',
        'sources:',
        '  own-key:',
        '    title: From the front matter',
        '---',
        '',
        'A claim [@own-key; @own-kye] and [see @nowhere, p. 2].',
        '                    ^^^^^^^ error cite.unknown',
        '                                       ^^^^^^^ error cite.unknown',
      ].join('\n'),
    );
  });

  it('names the key and carries it for the quick fix', () => {
    const [f] = findingsOf('cite.unknown', 'A claim [@ft-2026-03].');
    expect(f!.message).toBe('No source "ft-2026-03": expected it in "sources", a bibliography or an imported document');
    expect(f!.data).toEqual({ key: 'ft-2026-03' });
  });

  it('does not see the sources of a document that is not imported', () => {
    checkRule('cite.unknown', 'A claim [@imported-key].\n          ^^^^^^^^^^^^ error cite.unknown', { files: { 'glossary.clause.md': files['glossary.clause.md'] } });
  });

  it('says nothing when switched off', () => {
    checkRule('cite.unknown', 'A claim [@nowhere].', { levels: { 'cite.unknown': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('cite.unknown', '<!-- clausemark-disable cite.unknown -->\nA claim [@nowhere].\n<!-- clausemark-enable cite.unknown -->\n\nAnother [@elsewhere].\n          ^^^^^^^^^ error cite.unknown');
  });

  it('never reads citations in code or behind an escape', () => {
    checkRule('cite.unknown', 'Write `[@key]` for a citation, \\[@key] for the text.\n\n```\n[@key]\n```\n\n    [@key]');
  });

  it('reports at the right columns in a CRLF document', () => {
    checkRule('cite.unknown', ['---', 'sources:', '  a:', '    title: A', '---', '', 'One [@a].', 'Two [@b].', '      ^ error cite.unknown'].join('\r\n'));
  });
});
