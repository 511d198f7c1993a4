// Tests of the rule cite.bad-url: http(s) URLs, other schemes and relative paths in front matter (on the URL,
// cited or not), bibliography sources (at the first citation), the rule off, a suppressed case, CRLF.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';
import { uriOf } from '../helpers/workspace.js';

describe('cite.bad-url', () => {
  it('finds nothing on http and https addresses', () => {
    checkRule('cite.bad-url', '---\nsources:\n  a:\n    URL: https://example.com/a\n  b:\n    URL: HTTP://example.com/b\n  c:\n    url: http://example.com\n---\n\n[@a] [@b] [@c]');
  });

  it('reports front-matter URLs that are not http(s), cited or not', () => {
    checkRule(
      'cite.bad-url',
      [
        '---',
        'sources:',
        '  a:',
        '    URL: javascript:alert(1)',
        '         ^^^^^^^^^^^^^^^^^^^ warning cite.bad-url',
        '  b:',
        '    URL: file:///etc/passwd',
        '         ^^^^^^^^^^^^^^^^^^ warning cite.bad-url',
        '  c:',
        '    URL: docs/contract.pdf',
        '         ^^^^^^^^^^^^^^^^^ warning cite.bad-url',
        '  d:',
        '    URL: https:/missing-slash',
        '         ^^^^^^^^^^^^^^^^^^^^ warning cite.bad-url',
        '---',
        '',
        'A claim [@a].',
      ].join('\n'),
    );
  });

  it('says what it found and what it expected', () => {
    const [f] = findingsOf('cite.bad-url', '---\nsources:\n  a:\n    URL: javascript:alert(1)\n---\n');
    expect(f!.message).toBe('Source URL "javascript:alert(1)" is not http(s): expected an address starting with "https://"');
    expect(f!.data).toEqual({ key: 'a', url: 'javascript:alert(1)' });
  });

  it('reports a bibliography source once, at its first citation, with the URL as related', () => {
    const bib = '- id: local\n  title: Local\n  URL: file:///C:/contracts/msa.pdf\n';
    const found = checkRule(
      'cite.bad-url',
      '---\nbibliography: sources.yaml\n---\n\nA claim [@local] and [@local].\n          ^^^^^ warning cite.bad-url',
      { files: { 'sources.yaml': bib } },
    );
    expect(found[0]!.message).toBe('Source "local" has the URL "file:///C:/contracts/msa.pdf", which is not http(s): expected an address starting with "https://"');
    expect(found[0]!.related.map((r) => [r.uri, bib.slice(r.span.start, r.span.end)])).toEqual([[uriOf('sources.yaml'), 'file:///C:/contracts/msa.pdf']]);
  });

  it('leaves an uncited bibliography source to the bibliography', () => {
    checkRule('cite.bad-url', '---\nbibliography: sources.yaml\n---\n\nNo claim.', { files: { 'sources.yaml': '- id: local\n  URL: file:///x\n' } });
  });

  it('says nothing when switched off', () => {
    checkRule('cite.bad-url', '---\nsources:\n  a:\n    URL: javascript:x\n---\n', { levels: { 'cite.bad-url': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('cite.bad-url', '---\nsources:\n  a:\n    URL: javascript:x\n---\n\n<!-- clausemark-disable-file cite.bad-url -->');
  });

  it('reports at the right columns in a CRLF document', () => {
    checkRule('cite.bad-url', ['---', 'sources:', '  a:', '    URL: mailto:legal@example.com', '         ^^^^^^^^^^^^^^^^^^^^^^^^ warning cite.bad-url', '---', '', '[@a]'].join('\r\n'));
  });
});
