// Tests of the rule syntax.unclosed: an ok case, not-ok cases, the rule off, and a suppressed case.

import { describe, it } from 'vitest';
import { checkRule } from '../helpers/ruleCheck.js';

describe('syntax.unclosed', () => {
  it('finds nothing when every link, citation and id is closed', () => {
    checkRule('syntax.unclosed', '# 1. Scope {#scope}\n\nSee [[Term]] and [@key].');
  });

  it('reports an unclosed term link, citation and clause id', () => {
    checkRule(
      'syntax.unclosed',
      [
        '# 1. Scope {#scope',
        '           ^^^^^^^ error syntax.unclosed',
        '',
        'See [[Term and [@key.',
        '    ^^ error syntax.unclosed',
        '               ^^ error syntax.unclosed',
      ].join('\n'),
    );
  });

  it('says nothing when switched off', () => {
    checkRule('syntax.unclosed', 'See [[Term.', { levels: { 'syntax.unclosed': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('syntax.unclosed', '<!-- clausemark-disable-next-line syntax.unclosed -->\nSee [[Term.\n\nAnd [[Other.\n    ^^ error syntax.unclosed');
  });
});
