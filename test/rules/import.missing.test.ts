// Tests of the rule import.missing: present files, absent files, paths leaving the workspace, the rule off, and a
// suppressed case.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const glossary = { 'glossary.clause.md': '"Agent" means a program.\n', 'sources.yaml': '- id: a\n  title: A\n' };

describe('import.missing', () => {
  it('finds nothing when imports and bibliographies exist', () => {
    checkRule('import.missing', '---\nimports: [glossary.clause.md]\nbibliography: sources.yaml\n---\n\nAn Agent [@a].', { files: glossary });
  });

  it('reports absent files and paths that leave the workspace', () => {
    checkRule(
      'import.missing',
      [
        '---',
        'imports: [missing.clause.md, ../outside.clause.md, /etc/passwd.clause.md]',
        '          ^^^^^^^^^^^^^^^^^ error import.missing',
        '                             ^^^^^^^^^^^^^^^^^^^^ error import.missing',
        '                                                   ^^^^^^^^^^^^^^^^^^^^^ error import.missing',
        'bibliography: nowhere.bib',
        '              ^^^^^^^^^^^ error import.missing',
        '---',
      ].join('\n'),
    );
  });

  it('names the reason', () => {
    const [absent, outside] = findingsOf('import.missing', '---\nimports: [missing.clause.md, ../x.clause.md]\n---\n');
    expect(absent!.message).toBe('Import "missing.clause.md": does not exist');
    expect(outside!.message).toBe('Import "../x.clause.md": "../x.clause.md" leaves the workspace folder');
  });

  it('says nothing when switched off', () => {
    expect(findingsOf('import.missing', '---\nimports: [missing.clause.md]\n---\n', { levels: { 'import.missing': 'off' } })).toEqual([]);
  });

  it('honours a suppression comment', () => {
    expect(findingsOf('import.missing', '<!-- clausemark-disable-file import.missing -->\n')).toEqual([]);
    expect(findingsOf('import.missing', '---\nimports: [missing.clause.md]\n---\n<!-- clausemark-disable-file import.missing -->\n')).toEqual([]);
  });
});
