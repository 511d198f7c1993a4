// Tests of the rule syntax.callout: an ok case, not-ok cases, the rule off, and a suppressed case.

import { describe, it } from 'vitest';
import { checkRule } from '../helpers/ruleCheck.js';

const ok = ['"Agent" means a program.', '', '> [!EXPLAIN]', '> Plain words.', '', '> [!position Microsoft]', '> A reading.', '', '> [!tip]', '> GitHub type.'].join('\n');

describe('syntax.callout', () => {
  it('finds nothing on known types, in any case', () => {
    checkRule('syntax.callout', ok);
  });

  it('reports an unknown type and a position without a party', () => {
    checkRule(
      'syntax.callout',
      ['> [!EXPLIAN]', '  ^^^^^^^^^^ warning syntax.callout', '> Misspelled.', '', '> [!POSITION]', '  ^^^^^^^^^^^ warning syntax.callout', '> Whose?'].join('\n'),
    );
  });

  it('says nothing when switched off', () => {
    checkRule('syntax.callout', '> [!EXPLIAN]\n> x', { levels: { 'syntax.callout': 'off' } });
  });

  it('honours a suppression comment and takes a new severity', () => {
    checkRule('syntax.callout', '<!-- clausemark-disable syntax.callout -->\n\n> [!EXPLIAN]\n> x\n\n<!-- clausemark-enable syntax.callout -->\n\n> [!BAD]\n  ^^^^^^ error syntax.callout', {
      levels: { 'syntax.callout': 'error' },
    });
  });
});
