// Keeps docs/rules.md equal to what the registry renders, and runs every documented example: the not-ok example
// must give at least one finding of its rule, the ok example none.

import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/language/rules/index.js';
import { renderRulesDoc } from '../../server/src/language/rules/rulesDoc.js';
import { findingsOf } from '../helpers/ruleCheck.js';

describe('docs/rules.md', () => {
  it('is the rendering of the registry (regenerate with `npx vitest run test/rules/rulesDoc.test.ts -u`)', async () => {
    await expect(renderRulesDoc(RULES)).toMatchFileSnapshot('../../docs/rules.md');
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s: the not-ok example finds something, the ok example nothing', (id, rule) => {
    const on = rule.defaultLevel === 'off' ? { [id]: 'warning' as const } : {};
    expect(findingsOf(id, rule.docs.notOk.document, { files: rule.docs.notOk.files ?? {}, levels: on }).length).toBeGreaterThan(0);
    expect(findingsOf(id, rule.docs.ok.document, { files: rule.docs.ok.files ?? {}, levels: on })).toEqual([]);
  });
});
