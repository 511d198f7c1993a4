// Tests of the composed term matcher: one trie per glossary plus one of the document's own names, scanned
// together, must find exactly the matches of a single trie of the union of their names (longest match, exact form
// over capitalized, first name in sorted order on a tie), with plurals and capitals on and off.

import { describe, expect, it } from 'vitest';
import type { TextRun } from '../../server/src/syntax/model.js';
import { ComposedMatcher, TermMatcher } from '../../server/src/language/termMatcher.js';
import type { MatchingOptions } from '../../server/src/language/config.js';

const run = (text: string, kind: TextRun['kind'] = 'paragraph'): TextRun => ({ text, kind, pieces: [{ textStart: 0, length: text.length, sourceStart: 0 }] });

/** The matches of one trie of every name, and of one trie per part scanned together. */
function both(parts: readonly (readonly string[])[], text: string, kind: TextRun['kind'] = 'paragraph', options?: MatchingOptions) {
  const single = new TermMatcher([...new Set(parts.flat())].sort(), options);
  const composed = new ComposedMatcher(parts.map((names) => new TermMatcher([...names].sort(), options)));
  return { single: single.scan(run(text, kind)), composed: composed.scan(run(text, kind)) };
}

/** [case, own names, glossary names (one list per glossary), text, the matched names expected] */
const cases: [string, string[], string[][], string, string[]][] = [
  ['a local name longer than a glossary name', ['Cloud Provider Fee'], [['Cloud Provider']], 'The Cloud Provider Fee and the Cloud Provider.', ['Cloud Provider Fee', 'Cloud Provider']],
  ['a local name shorter than a glossary name', ['Cloud'], [['Cloud Provider', 'Provider']], 'A Cloud Provider, a Cloud and a Provider.', ['Cloud Provider', 'Cloud', 'Provider']],
  ['the same name in both', ['Party'], [['Party', 'Parties']], 'Each Party and all Parties.', ['Party', 'Parties']],
  ['a glossary plural equal to a local name', ['Parties'], [['Party']], 'The Parties agree; the Party too.', ['Parties', 'Party']],
  ['a local lower-case name capitalized at a sentence start against a glossary name', ['service'], [['Service']], 'Service first. A service. A Service.', ['Service', 'service', 'Service']],
  ['a capitalized form in a glossary against an exact local name', ['Service'], [['service']], 'Service first. A service. A Service.', ['Service', 'service', 'Service']],
  ['names across three glossaries, the longest wins', ['Fee'], [['Fee Schedule'], ['Fee Schedule Annex'], ['Schedule']], 'The Fee Schedule Annex, the Fee Schedule, the Fee, the Schedule.', ['Fee Schedule Annex', 'Fee Schedule', 'Fee', 'Schedule']],
  ['a longer name of one trie that fails its word boundary gives way to a shorter one of another', ['Data'], [['Data Room']], 'Data Roomy and Data.', ['Data', 'Data']],
  ['possessives and -ies plurals', ['Agency'], [['Agent']], "The Agencies' files, the Agent's files, the Agency's.", ['Agency', 'Agent', 'Agency']],
  ['names wrapped across lines', ['Stateless API Call'], [['API']], 'A Stateless\nAPI   Call and an API.', ['Stateless API Call', 'API']],
  ['no parts', [], [], 'Nothing here.', []],
];

describe('composed term matcher', () => {
  it.each(cases)('%s', (_name, own, glossaries, text, expected) => {
    const { single, composed } = both([own, ...glossaries], text);
    expect(composed).toEqual(single);
    expect(composed.map((m) => m.name)).toEqual(expected);
  });

  it('equals a single trie in headings and with plurals and capitals off', () => {
    const parts = [['service level'], ['Service', 'Levels']];
    const text = 'Service Level and service levels; Service. Levels.';
    expect(both(parts, text, 'heading').composed).toEqual(both(parts, text, 'heading').single);
    const off = { plurals: false, capitalizedAtSentenceStart: false };
    expect(both(parts, text, 'paragraph', off).composed).toEqual(both(parts, text, 'paragraph', off).single);
  });

  it('equals a single trie of the union on random names and texts (seeded, 300 runs)', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    // Few words, so that names overlap, nest and share prefixes, plurals and capital forms.
    const words = ['fee', 'Fee', 'fees', 'party', 'Party', 'parties', 'Service', 'service', 'level', 'Level', 'box', 'boxes', 'API', 'data', 'Data'];
    const name = () => Array.from({ length: 1 + random(3) }, () => words[random(words.length)]).join(' ');
    const separators = [' ', ' ', ' ', '. ', ', ', "'s ", 's ', '\n', '-', '; '];
    for (let r = 0; r < 300; r++) {
      const parts = Array.from({ length: 1 + random(4) }, () => Array.from({ length: random(6) }, name));
      const text = Array.from({ length: 30 }, () => words[random(words.length)] + separators[random(separators.length)]).join('');
      const kind = random(5) === 0 ? 'heading' : 'paragraph';
      const options = random(4) === 0 ? { plurals: false, capitalizedAtSentenceStart: random(2) === 0 } : undefined;
      const { single, composed } = both(parts, text, kind, options);
      expect(composed, JSON.stringify({ parts, text, kind, options })).toEqual(single);
    }
  });
});
