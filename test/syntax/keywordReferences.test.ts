// The keyword-reference pattern (`syntax/extract/references.ts`) opens with a lookahead on the characters a match
// can start with, for speed: from any position of any text it finds what the pattern without it finds, letters that
// case-fold to `s`, `t`, `c` or `a` (`ſ`, capitals) included.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEYWORD_REF } from '../../server/src/syntax/extract/references.js';

const WITHOUT_LOOKAHEAD = new RegExp(KEYWORD_REF.source.replace('(?=[tsca§])', ''), KEYWORD_REF.flags);

const PIECES = [
  'this ', 'This', 'THIS', 'thiſ', 'ſection', 'Section', 'SECTIONS', 'sections', 'clause', 'Clauses', 'article', 'ARTICLE', 'Articles', '§', '§§', 'K',
  ' ', '\n', '\t', '1', '2.1', '3(a)', '(b)', 'IV', 'iv', 'x', 'a', 'é', '4A', ' and ', ', ', ' through ', ' to ', '-', '–', 'İ', 'ß', '\u00A0',
];
const pieced = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));

/** Every match from every start position, as [index, text, groups]. */
function matchesOf(pattern: RegExp, text: string): unknown[] {
  const out: unknown[] = [];
  for (let from = 0; from <= text.length; from++) {
    pattern.lastIndex = from;
    const m = pattern.exec(text);
    out.push(m ? [m.index, ...m] : null);
  }
  return out;
}

describe('the keyword-reference pattern with its lookahead', () => {
  it('finds the same matches as without it, from every position (seeded)', () => {
    fc.assert(
      fc.property(pieced, (text) => {
        expect(matchesOf(KEYWORD_REF, text)).toEqual(matchesOf(WITHOUT_LOOKAHEAD, text));
      }),
      { seed: 7201, numRuns: 3000 },
    );
  });
  it('still matches a keyword whose first letter is written as one that case-folds to it', () => {
    for (const text of ['See ſection 2.', 'See SECTION 2.', 'THIS Section 2', '§§ 2 and 3', 'Article IV']) {
      KEYWORD_REF.lastIndex = 0;
      expect(KEYWORD_REF.exec(text)).not.toBeNull();
    }
  });
});
