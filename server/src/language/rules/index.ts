// The rule registry: every diagnostic rule, sorted by id. A rule is added here and nowhere else.

import { rule as citeBadUrl } from './cite.bad-url.js';
import { rule as citeIncomplete } from './cite.incomplete.js';
import { rule as citeUnknown } from './cite.unknown.js';
import { rule as citeUnused } from './cite.unused.js';
import { rule as clauseNumbering } from './clause.numbering.js';
import { rule as importMissing } from './import.missing.js';
import { rule as limitFileSize } from './limit.file-size.js';
import { rule as partyUnknown } from './party.unknown.js';
import { rule as refAmbiguous } from './ref.ambiguous.js';
import { rule as refBroken } from './ref.broken.js';
import { rule as refSelfMismatch } from './ref.self-mismatch.js';
import { rule as syntaxCallout } from './syntax.callout.js';
import { rule as syntaxFrontMatter } from './syntax.front-matter.js';
import { rule as syntaxUnclosed } from './syntax.unclosed.js';
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
import type { Rule } from './rule.js';

/** Every rule, sorted by id. */
export const RULES: readonly Rule[] = [
  citeBadUrl,
  citeIncomplete,
  citeUnknown,
  citeUnused,
  clauseNumbering,
  importMissing,
  limitFileSize,
  partyUnknown,
  refAmbiguous,
  refBroken,
  refSelfMismatch,
  syntaxCallout,
  syntaxFrontMatter,
  syntaxUnclosed,
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

/** A rule by id. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
