// The term.* rules as one group, for the registry (`rules/index.ts` spreads it into RULES): everything about
// defined terms, their definitions and their uses (format sections 3, 4 and 8).

import type { Rule } from './rule.js';
import { rule as termCaseMismatch } from './term.case-mismatch.js';
import { rule as termCircular } from './term.circular.js';
import { rule as termContested } from './term.contested.js';
import { rule as termDuplicate } from './term.duplicate.js';
import { rule as termOutOfScope } from './term.out-of-scope.js';
import { rule as termPointerMismatch } from './term.pointer-mismatch.js';
import { rule as termUndefined } from './term.undefined.js';
import { rule as termUnused } from './term.unused.js';
import { rule as termUsedBeforeDefinition } from './term.used-before-definition.js';
import { rule as termUsedOnce } from './term.used-once.js';

/** The term rules, sorted by id. */
export const TERM_RULES: readonly Rule[] = [
  termCaseMismatch,
  termCircular,
  termContested,
  termDuplicate,
  termOutOfScope,
  termPointerMismatch,
  termUndefined,
  termUnused,
  termUsedBeforeDefinition,
  termUsedOnce,
];
