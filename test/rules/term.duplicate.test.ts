// Tests of the rule term.duplicate: one definition per scope, a second definition (and an alias) in the same
// scope, pointer definitions, scoped beside unscoped, the related information, the rule off, suppressed.

import { describe, expect, it } from 'vitest';
import { checkRule, findingsOf } from '../helpers/ruleCheck.js';

/** Documents where a name appears twice without being a duplicate. */
const notDuplicates: [string, string][] = [
  ['a pointer beside the definition it points to', '"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.\n\n## 1.1 Azure\n\nAll calls go to Azure (the "Azure Exclusivity Clause").'],
  ['a clause-scoped definition beside an unscoped one', '"Agent" means a program.\n\n# 2. Sales\n\nFor purposes of this Section 2, "Agent" means a sales representative.'],
  ['definitions scoped to two different clauses', '# 2. Sales\n\nFor purposes of this Section 2, "Agent" means a seller.\n\n# 3. Support\n\nFor purposes of this Section 3, "Agent" means a support engineer.'],
  ['definitions scoped to two different definitions', '"Agent" means a program under control. For the purposes of this definition, "control" means ownership.\n\n"Affiliate" means an entity under control. For the purposes of this definition, "control" means voting power.'],
  ['a local definition shadowing an imported one', '---\nimports: [glossary.clause.md]\n---\n\n"Agent" means a person acting for Microsoft.'],
  ['the same name in another case', '"Party" means a signatory.\n\n"party" means anyone who takes part.'],
];

describe('term.duplicate', () => {
  it.each(notDuplicates)('finds nothing on %s', (_name, document) => {
    checkRule('term.duplicate', document, { files: { 'glossary.clause.md': '"Agent" means a program.\n' } });
  });

  it('reports the later definitions of a name, alternative names included', () => {
    checkRule(
      'term.duplicate',
      [
        '"Agent" means a program acting for a user.',
        '',
        '"Stateful Runtime Environment" or "SRE" means the runtime.',
        '',
        '"Agent" means a sales representative of Amazon.',
        ' ^^^^^ error term.duplicate',
        '',
        'OpenAI hosts a Site Reliability Engine (the "SRE"), an "Agent" of its own (the "Agent").',
        '                                             ^^^ error term.duplicate',
        '                                                                                ^^^^^ error term.duplicate',
      ].join('\n'),
    );
  });

  it('reports a duplicate inside one scope', () => {
    checkRule(
      'term.duplicate',
      [
        '# 2. Sales',
        '',
        'For purposes of this Section 2, "Agent" means a seller.',
        '',
        '2.1. For purposes of this Section 2, "Agent" means a reseller.',
        '                                      ^^^^^ error term.duplicate',
      ].join('\n'),
    );
  });

  it('points to the first definition and names where it is', () => {
    const [found] = findingsOf('term.duplicate', '# 1. Terms\n\n1.1. "Agent" means a program.\n\n1.2. "Agent" means a person.');
    expect(found!.message).toBe('Duplicate definition of "Agent": already defined in Section 1.1');
    expect(found!.related).toEqual([{ uri: 'file:///workspace/doc.clause.md', span: { start: 18, end: 23 }, message: 'First definition of "Agent"' }]);
  });

  it('says nothing when switched off', () => {
    checkRule('term.duplicate', '"Agent" means a program.\n\n"Agent" means a person.', { levels: { 'term.duplicate': 'off' } });
  });

  it('honours a suppression comment', () => {
    checkRule('term.duplicate', '"Agent" means a program.\n\n<!-- clausemark-disable-next-line term.duplicate -->\n"Agent" means a person.');
  });
});
