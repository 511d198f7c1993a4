// Tests of the rule term.out-of-scope: uses inside the scope (of a clause, of a definition), uses outside it,
// a term also defined without scope, the related information, the rule off, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

const section2 = '# 2. Commitments\n\nFor purposes of this Section 2, "Committed Spend" means an amount.\n\n2.1. Amazon\'s Committed Spend is $50 billion.\n\n';

/** Documents whose uses of scoped terms are all in scope (or resolve to an unscoped definition). */
const fine: [string, string][] = [
  ['uses inside the clause, its sub-clauses and its heading', '# 2. Committed Spend\n\nFor purposes of this Section 2, "Committed Spend" means an amount.\n\n2.1. Amazon\'s Committed Spend is large.\n\n(a) The Committed Spend is $50 billion.'],
  ['a use inside the definition that scopes it', '"Agent" means a program used in a Working Session. For the purposes of this definition, "Working Session" means a run of interactions.'],
  ['a term without capitals used as an ordinary word outside its scope', '"Legal Entity" means an entity under common control. For the purposes of this definition, "control" means ownership.\n\nUse source code control systems.'],
  ['a term also defined without scope', `"Committed Spend" means any commitment.\n\n${section2}# 3. Background\n\nThe Committed Spend grows.`],
];

describe('term.out-of-scope', () => {
  it.each(fine)('finds nothing on %s', (_name, document) => {
    checkRule('term.out-of-scope', document);
  });

  it('reports uses outside every scope of the term', () => {
    checkRule(
      'term.out-of-scope',
      [
        'Each party states its Committed Spend.',
        '                      ^^^^^^^^^^^^^^^ warning term.out-of-scope',
        '',
        section2 + '# 3. Background',
        '',
        'OpenAI\'s [[Committed Spend|commitment]] is on AWS.',
        '         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning term.out-of-scope',
      ].join('\n'),
    );
  });

  it('reports a term scoped to a definition used outside it', () => {
    checkRule(
      'term.out-of-scope',
      [
        '"Agent" means a program used in a Working Session. For the purposes of this definition, "Working Session" means a run of interactions.',
        '',
        'A Working Session ends.',
        '  ^^^^^^^^^^^^^^^ warning term.out-of-scope',
      ].join('\n'),
    );
  });

  it('reports an explicit link to a term without capitals outside its scope', () => {
    checkRule(
      'term.out-of-scope',
      [
        '"Legal Entity" means an entity under common control. For the purposes of this definition, "control" means ownership.',
        '',
        'Each [[control]] test applies.',
        '     ^^^^^^^^^^^ warning term.out-of-scope',
      ].join('\n'),
    );
  });

  it('says where the term applies and points to its definition', () => {
    const document = `${section2}# 3. Background\n\nThe Committed Spend grows.\n\n"Agent" means a program in a Session. For the purposes of this definition, "Session" means a run.\n\nA Session ends.`;
    const found = findingsOf('term.out-of-scope', document);
    expect(found.map((f) => f.message)).toEqual([
      '"Committed Spend" is used outside its scope: "Committed Spend" is defined for Section 2 only',
      '"Session" is used outside its scope: "Session" is defined for the definition of "Agent" only',
    ]);
    expect(document.slice(found[0]!.related[0]!.span.start, found[0]!.related[0]!.span.end)).toBe('Committed Spend');
    expect(found[0]!.related[0]!.message).toBe('"Committed Spend" is defined here, for Section 2 only');
  });

  it('says nothing when switched off', () => {
    checkRule('term.out-of-scope', `${section2}# 3. Background\n\nThe Committed Spend grows.`, { levels: { 'term.out-of-scope': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('term.out-of-scope', `${section2}# 3. Background\n\n<!-- clausemark-disable-next-line term.out-of-scope -->\nThe Committed Spend grows.`);
  });
});
