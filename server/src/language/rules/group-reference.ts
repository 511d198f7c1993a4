// The reference rules: clause references (broken, ambiguous, "this Section" mismatches), clause numbering,
// citations and their sources, and the parties of positions. Spread into the registry by `rules/index.ts`.

import { rule as citeBadUrl } from './cite.bad-url.js';
import { rule as citeIncomplete } from './cite.incomplete.js';
import { rule as citeUnknown } from './cite.unknown.js';
import { rule as citeUnused } from './cite.unused.js';
import { rule as clauseNumbering } from './clause.numbering.js';
import { rule as partyUnknown } from './party.unknown.js';
import { rule as refAmbiguous } from './ref.ambiguous.js';
import { rule as refBroken } from './ref.broken.js';
import { rule as refSelfMismatch } from './ref.self-mismatch.js';
import type { Rule } from './rule.js';

/** The reference, numbering, citation and party rules. */
export const REFERENCE_RULES: readonly Rule[] = [
  citeBadUrl,
  citeIncomplete,
  citeUnknown,
  citeUnused,
  clauseNumbering,
  partyUnknown,
  refAmbiguous,
  refBroken,
  refSelfMismatch,
];
