// Tests of hover, go-to-definition, highlights and references in an edited text answered in its keystroke's
// window (`hoverAfterEdit`, `definitionAfterEdit`, `highlightsAfterEdit`, `referencesAfterEdit`): each case is a
// document with a `$0` place to ask at, and an edit (a text replaced once). An answer must be a full reading's
// (`getHover`, `getHighlights`, `getReferences` on the edited text in a fresh index); a hover case marked refused must
// be refused, and the indexed text's hover there must differ from the full reading's (what the refusal guards).

import { describe, expect, it } from 'vitest';
import { getDefinition } from '../../server/src/language/features/definition.js';
import { getHover } from '../../server/src/language/features/hover.js';
import { definitionAfterEdit, highlightsAfterEdit, hoverAfterEdit, referencesAfterEdit } from '../../server/src/language/features/lookupsAfterEdit.js';
import { getReferences } from '../../server/src/language/features/references.js';
import { getHighlights } from '../../server/src/language/features/highlights.js';
import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { editCaseTexts, editWindow, indexedDocument, type EditCase } from '../helpers/editCase.js';

const URI = 'file:///ws/doc.clause.md';

interface Case extends EditCase {
  /** Refused: the hover must come from a full reading (`inside`: the place is in the edit's window). */
  readonly refused?: 'changed' | 'inside';
  /** What the answered hover shows (`nothing`: nothing stands at the place). */
  readonly holds?: string;
  readonly nothing?: true;
  /** The place is inside the edit's window (go-to-definition is then read afresh). */
  readonly inWindow?: true;
}

/** A paragraph of plain words between the parts, so that each lies outside the others' windows (256 characters). */
const FILLER = Array.from({ length: 6 }, () => 'These words stand here to fill the space between the parts of the text.').join(' ');

const CONTRACT = `---
parties:
  - name: Alpha
  - name: Beta
---

# Definitions

"Agent" means a program that acts for a Broker.

${FILLER}

"Broker" means a firm. It trades.

> [!POSITION Alpha]
> A firm that trades.

${FILLER}

# 1. Fees

The Customer pays monthly. Each Agent may bill.

${FILLER}

Late fees accrue daily.

${FILLER}

## 1.1 Invoices

Each Broker sends an invoice every month.

${FILLER}

# 2. Notices

Each Agent gives notice under Section 1.1 and Section 1. In this Section 2, "Notice" means a letter. Each Notice is signed.
`;

/** The contract with `$0` before the `n`th (0-based) occurrence of `what`, `skip` characters into it. */
function at(what: string, n = 0, skip = 2): string {
  let i = -1;
  for (let k = 0; k <= n; k++) i = CONTRACT.indexOf(what, i + 1);
  if (i < 0) throw new Error(`no ${what}`);
  return CONTRACT.slice(0, i + skip) + '$0' + CONTRACT.slice(i + skip);
}

const LATE = 'Late fees accrue daily.';

/** The contract with a source, and the position on "Broker" citing it with a locator. */
const CITED = CONTRACT.replace('parties:', 'sources:\n  src:\n    type: report\n    title: A Report\n    issued: 2020\nparties:').replace('> A firm that trades.', '> A firm that trades [@src, p. 3].');

/** `CITED` with `$0` at the start of `what`, `skip` characters into it. */
const cited = (what: string, skip = 2) => CITED.replace(what, what.slice(0, skip) + '$0' + what.slice(skip));

const CASES: Case[] = [
  { name: 'words typed in another clause: a term from the indexed text', text: at('Agent gives'), from: LATE, to: 'Late fees accrue daily and promptly.', holds: 'Used 2 times' },
  { name: "a use of the term typed: the term's count", text: at('Agent gives'), from: LATE, to: 'Late fees accrue daily for each Agent.', refused: 'changed' },
  { name: "a use of another term typed: not this term's count", text: at('Broker sends'), from: LATE, to: 'Late fees accrue daily for each Agent.', holds: 'Used 2 times' },
  { name: 'a line break typed: places listed by line', text: at('"Agent"', 0, 3), from: LATE, to: 'Late fees\naccrue daily.', refused: 'changed' },
  { name: "the definition's text changed: its term", text: at('Broker sends'), from: 'a firm. It', to: 'a large firm. It', refused: 'changed' },
  { name: "the definition's text changed after its first sentence: its term", text: at('Broker sends'), from: 'It trades.', to: 'It trades shares.', refused: 'changed' },
  { name: 'the definition its text uses changed: the line shown for it', text: at('Agent gives'), from: 'a firm. It', to: 'a large firm. It', refused: 'changed' },
  { name: 'a sentence of a definition its text uses after the first changed: nothing shown', text: at('Agent gives'), from: 'It trades.', to: 'It trades shares.', holds: 'acts for' },
  { name: 'a position on the term changed', text: at('Broker sends'), from: 'A firm that trades.', to: 'A firm that trades daily.', refused: 'changed' },
  { name: 'a position on another term changed: this term from the indexed text', text: at('Agent gives'), from: 'A firm that trades.', to: 'A firm that trades daily.', holds: 'Used 2 times' },
  { name: "a position changed: the party's positions", text: at('Alpha'), from: 'A firm that trades.', to: 'A firm that trades daily.', refused: 'changed' },
  { name: "a clause's summary changed: a reference to it", text: at('Section 1.1'), from: 'every month', to: 'every week', refused: 'changed' },
  { name: "a clause's summary changed: a reference to another clause", text: at('Section 1. In'), from: 'every month', to: 'every week', holds: 'pays monthly' },
  { name: 'a reference to a clause typed: the clause counts it', text: at('1.1 Invoices', 0, 1), from: LATE, to: 'Late fees accrue daily under Section 1.1.', refused: 'changed' },
  { name: 'a term in the edited paragraph itself, its hover unchanged', text: at('Agent may'), from: 'pays monthly', to: 'pays weekly', inWindow: true, holds: 'Used 2 times' },
  { name: 'a defined name in the window, a line break typed after it: refused (places by line)', text: at('"Agent"', 0, 3), from: 'These words stand here', to: 'These words\nstand here', refused: 'inside' },
  { name: 'a term in the edited paragraph, another use of it typed there: refused', text: at('Agent may'), from: 'pays monthly', to: 'pays each Agent monthly', refused: 'inside' },
  { name: "a position's citation locator changed, its text not: its term (found under seed 11239 at scale 8)", text: cited('Broker sends'), from: 'p. 3]', to: 'p. 3 Agreement]', refused: 'changed' },
  { name: "words typed after a position's citation: its term, the citation as it was", text: cited('Broker sends'), from: 'p. 3].', to: 'p. 3]. Daily.', refused: 'changed' },
  { name: "a position's citation as it was, another paragraph edited: its term from the indexed text", text: cited('Broker sends'), from: LATE, to: 'Late fees accrue daily and promptly.', holds: 'p. 3' },
  { name: 'a clause reference typed: the clause it names, inside the window', text: CONTRACT, from: LATE, to: 'Late fees accrue daily under Section 1.$01.', inWindow: true, holds: 'every month' },
  { name: "a clause reference typed into the clause's own summary: refused", text: CONTRACT, from: 'every month', to: 'every month under Section 1.$01', refused: 'inside' },
  { name: "a citation's @ inside the window: answered, as at its key (found under another seed)", text: CONTRACT.replace(LATE, 'Late fees accrue daily [$0@src].'), from: 'accrue daily', to: 'accrue daily and promptly', inWindow: true, holds: 'No source with key' },
  { name: 'a citation in the edited paragraph, itself unchanged: its hover, moved', text: CITED.replace(LATE, 'Late fees accrue daily [@s$0rc, p. 2].'), from: 'accrue daily', to: 'accrue daily and promptly', inWindow: true, holds: 'A Report' },
  { name: "a citation's locator typed: refused (the hover shows it)", text: CITED.replace(LATE, 'Late fees accrue daily [@s$0rc, p. 2].'), from: 'p. 2]', to: 'p. 23]', refused: 'inside' },
  { name: 'plain words inside the window: nothing', text: CONTRACT, from: LATE, to: 'Late fees ac$0crue daily and promptly.', inWindow: true, nothing: true },
  { name: 'a term after the edit, on a later line: its span moved', text: at('Notice is'), from: LATE, to: 'Late fees accrue daily and promptly.', holds: 'a letter' },
];

/** An index holding the document with `text`. */
const indexed = (text: string) => indexedDocument(URI, text);

describe('hover and definition in an edited text, from its window', () => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(c.from).not.toContain('$0');
      const { before, after, place } = editCaseTexts(c);
      const index = indexed(before);
      const window = editWindow(index, URI, before, after);
      const fresh = indexed(after);
      const full = getHover(fresh, URI, place);
      if (c.nothing) expect(full).toBeUndefined();
      else expect(full).toBeDefined();
      const found = hoverAfterEdit(index, URI, window, place);
      // Go-to-definition only moves, wherever the place is outside the window.
      const definition = definitionAfterEdit(index, URI, window, place);
      if (c.refused === 'inside' || c.inWindow) expect(definition).toBeUndefined();
      else expect(definition).toEqual(getDefinition(fresh, URI, place));
      if (c.refused) {
        expect(found).toBeUndefined();
        if (c.refused === 'changed') expect(getHover(index, URI, c.text.indexOf('$0'))?.markdown).not.toBe(full!.markdown);
        return;
      }
      expect(found).toEqual({ hover: full });
      if (!c.nothing) expect(full!.markdown).toContain(c.holds!);
    });
  }
});

/** Highlights cases: the place may be in the edit's window; `marks` is how many places a full reading highlights. */
interface HighlightCase extends EditCase {
  readonly refused?: true;
  readonly marks?: number;
}

const HIGHLIGHTS: HighlightCase[] = [
  { name: 'a use of the term typed, at it: every use, the new one too, and the definition', text: CONTRACT, from: LATE, to: 'Late fees accrue daily for each Age$0nt.', marks: 4 },
  { name: 'the term typed, at another use: the new one too', text: at('Agent gives'), from: LATE, to: 'Late fees accrue daily for each Agent.', marks: 4 },
  { name: 'the definition, words typed in its text: its names, moved where after the edit', text: at('"Broker"', 0, 3), from: 'It trades.', to: 'It trades shares.', marks: 3 },
  { name: 'a term after the edit: its places moved', text: at('Notice is'), from: LATE, to: 'Late fees accrue daily and promptly.', marks: 3 },
  { name: 'plain words in the window: nothing', text: CONTRACT, from: LATE, to: 'Late fees ac$0crue daily and promptly.', marks: 0 },
  { name: 'a clause reference typed in the window, at it: the clause number and every reference, the new one too', text: CONTRACT, from: LATE, to: 'Late fees accrue daily under Section 1$0.1.', marks: 3 },
  { name: "a clause's number in the window: it and the reference to it, moved", text: at('1.1 Invoices', 0, 1), from: 'every month', to: 'every week', marks: 2 },
  { name: 'a party in a callout in the window: its front matter name and the callout', text: at('POSITION Alpha', 0, 11), from: 'A firm that trades.', to: 'A firm that trades daily.', marks: 2 },
  { name: 'a party in the front matter, in the window: refused', text: at('Alpha'), from: 'a program that acts', to: 'a program that runs', refused: true },
  { name: 'a clause reference outside the window: the clause and its references, moved', text: at('Section 1. In'), from: LATE, to: 'Late fees accrue daily and promptly.', marks: 2 },
  { name: 'a clause reference typed in the window, at another reference to the clause: the new one too', text: at('Section 1.1'), from: LATE, to: 'Late fees accrue daily under Section 1.1.', marks: 3 },
  { name: 'a clause reference to no clause, typed: nothing', text: CONTRACT, from: LATE, to: 'Late fees accrue daily under Section 9$0.9.', marks: 0 },
  { name: 'a citation in the window, at its key: the source entry and every citation of it', text: CITED.replace(LATE, 'Late fees accrue daily [@s$0rc].'), from: 'accrue daily', to: 'accrue daily and promptly', marks: 3 },
  { name: "a citation in the window, at its '@'", text: CITED.replace(LATE, 'Late fees accrue daily [$0@src].'), from: 'accrue daily', to: 'accrue daily and promptly', marks: 3 },
  { name: 'a citation outside the window, another citation of it in the window: both', text: CITED.replace(LATE, 'Late fees accrue daily [@src].').replace('@src, p. 3', '@$0src, p. 3'), from: 'accrue daily [@src]', to: 'accrue daily and promptly [@src]', marks: 3 },
  { name: 'a citation of a key no source holds, in the window: its citations', text: CITED.replace(LATE, 'Late fees accrue daily [@no$0key]. Also [@nokey].'), from: 'accrue daily', to: 'accrue daily and promptly', marks: 2 },
  { name: 'a party in the front matter, a callout of it edited: the callout moved', text: cited('Alpha'), from: 'A firm that trades', to: 'A large firm that trades', marks: 2 },
  { name: 'a link to no term, typed: it and the links of the same text elsewhere, in any case', text: CONTRACT.replace('Notice is signed.', 'Notice is signed by each [[broker agent]].'), from: LATE, to: 'Late fees accrue daily to each [[Broker Ag$0ent]].', marks: 2 },
  { name: 'a link to no term outside the window: it and the one typed in the window', text: CONTRACT.replace('Notice is signed.', 'Notice is signed by each [[Broker A$0gent]].'), from: LATE, to: 'Late fees accrue daily to each [[broker agent]].', marks: 2 },
  { name: 'a link to no term, half typed: the links of that text only', text: CONTRACT.replace('Notice is signed.', 'Notice is signed by each [[Broker Agent]].'), from: LATE, to: 'Late fees accrue daily to each [[Broker A$0g]].', marks: 1 },
];

describe('highlights and references in an edited text, from its window', () => {
  for (const c of HIGHLIGHTS) {
    it(c.name, () => {
      const { before, after, place } = editCaseTexts(c);
      const index = indexed(before);
      const window = editWindow(index, URI, before, after);
      const found = highlightsAfterEdit(index, URI, window, place);
      if (c.refused) {
        expect(found).toBeUndefined();
        expect(referencesAfterEdit(index, URI, window, place, true)).toBeUndefined();
        return;
      }
      const fresh = indexed(after);
      const full = getHighlights(fresh, URI, place);
      expect(found).toEqual(full);
      expect(full.length).toBe(c.marks);
      // References are the same occurrences, across the workspace, with the declarations when asked.
      expect(referencesAfterEdit(index, URI, window, place, true)).toEqual(getReferences(fresh, URI, place, true));
      expect(referencesAfterEdit(index, URI, window, place, false)).toEqual(getReferences(fresh, URI, place, false));
    });
  }

  it('references of a term defined in another document: its definition and uses there too', () => {
    const glossary = 'file:///ws/glossary.clause.md';
    const text = `---\nimports: [glossary.clause.md]\n---\n\nEach Gadget works.\n\n${FILLER}\n\nLate fees accrue daily.\n`;
    const after = text.replace(LATE, 'Late fees accrue daily for each Gadget.');
    const workspace = (body: string) => {
      const index = new WorkspaceIndex();
      index.setRoots(['file:///ws']);
      index.setDocument(glossary, '"Gadget" means a tool. A Gadget is small.\n');
      index.setDocument(URI, body);
      return index;
    };
    const index = workspace(text);
    const window = editWindow(index, URI, text, after);
    const place = after.indexOf('Each Gadget') + 6;
    const found = referencesAfterEdit(index, URI, window, place, true);
    expect(found).toEqual(getReferences(workspace(after), URI, place, true));
    expect(found?.filter((l) => l.uri === glossary)).toHaveLength(2);
    expect(found?.filter((l) => l.uri === URI)).toHaveLength(2);
  });
});
