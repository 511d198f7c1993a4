// Tests of the folding ranges, the outline and the quick fixes of an edited text answered in its keystroke's window
// (`foldingRangesAfterEdit`, `documentSymbolsAfterEdit`, `codeActionsAfterEdit`): each case is a document and an edit (a text replaced once);
// an answer must be a full reading's of the edited text, and a case marked refused must be refused. `ranges` is how
// many folding ranges a full reading gives, so each case shows what it is about (a range gone, a range made, moved).

import { describe, expect, it } from 'vitest';
import { codeActionsAfterEdit, documentSymbolsAfterEdit, foldingRangesAfterEdit } from '../../server/src/language/features/editedViews.js';
import { getCodeActions } from '../../server/src/language/features/codeActions.js';
import { flatCopies } from '../../server/src/syntax/textSource.js';
import { DEFAULT_CONFIG } from '../../server/src/language/config.js';
import { documentDiagnostics } from '../../server/src/language/diagnostics.js';
import { getDocumentSymbols } from '../../server/src/language/features/symbols.js';
import { getFoldingRanges } from '../../server/src/language/features/folding.js';
import { editCaseTexts, editWindow, indexedDocument, type EditCase } from '../helpers/editCase.js';

const URI = 'file:///ws/doc.clause.md';

const CONTRACT = `# 1. Fees

> [!EXPLAIN]
> A fee is paid
> each month.

1.1. The Customer pays
monthly under this clause.

(a) Each Agent may bill
once a month.

(b) Each Broker sends one invoice.

(c) Each Party bears its costs.

# 2. Notices

2.1. Notices are given in writing.
`;

interface Case extends EditCase {
  /** How many ranges a full reading of the edited text gives. */
  readonly ranges: number;
  readonly refused?: true;
  /** The outline: `moved` (answered), `refused`; by default as the folding ranges. */
  readonly outline?: 'moved' | 'refused';
  /** At most this many ranges (the client's `rangeLimit`). */
  readonly limit?: number;
}

/** `CONTRACT` with `$0` at the end (the cases need one; it marks no place here). */
const TEXT = `${CONTRACT}$0`;

const CASES: Case[] = [
  { name: 'words typed on one line: every range moved', text: TEXT, from: 'one invoice', to: 'one invoice a month', ranges: 5 },
  { name: 'a line break removed from a two-line sub-clause: its range goes', text: TEXT, from: 'bill\nonce', to: 'bill once', ranges: 4 },
  { name: 'a line break typed into a one-line sub-clause: it gets a range', text: TEXT, from: 'sends one', to: 'sends\none', ranges: 6 },
  { name: 'a line break typed into a two-line paragraph: it keeps its range, longer', text: TEXT, from: 'pays\nmonthly', to: 'pays\nevery\nmonth and', ranges: 5 },
  { name: 'a line break removed from a three-line callout: it keeps its range', text: TEXT, from: 'paid\n> each', to: 'paid each', ranges: 5 },
  { name: 'a line break typed into the last clause: it gets a range', text: TEXT, from: 'given in', to: 'given\nin', ranges: 6 },
  { name: "the last letter of a clause's content deleted: its range ends before it", text: TEXT, from: 'once a month.', to: 'once a month', ranges: 5 },
  { name: "the last letter of a clause's content deleted after a space: it ends before the space", text: TEXT.replace('once a month.', 'once a month x'), from: 'month x', to: 'month ', ranges: 5 },
  { name: "a word typed after a space at the end of a clause's content: the content ends after it", text: TEXT.replace('once a month.', 'once a month. '), from: 'month. ', to: 'month. It', ranges: 5 },
  { name: "words typed right at the end of a clause's content (appending): it ends after them", text: TEXT, from: 'given in writing.', to: 'given in writing. Notices by email', ranges: 5 },
  { name: "spaces typed at the end of a clause's content: it ends where it did", text: TEXT, from: 'given in writing.', to: 'given in writing.  ', ranges: 5 },
  { name: "a no-break space typed at the end of a clause's content: it is content, so it ends after it", text: TEXT, from: 'given in writing.', to: 'given in writing.\u00A0', ranges: 5 },
  { name: "the last letter deleted after a no-break space: it ends after the no-break space", text: TEXT.replace('once a month.', 'once a month\u00A0x'), from: 'month\u00A0x', to: 'month\u00A0', ranges: 5 },
  { name: "appending to a callout's last line: it ends after what was typed", text: TEXT, from: '> each month.', to: '> each month, always', ranges: 5 },
  { name: "appending after a definition's sentence that ends a clause: the term ends with its sentence, the clause after the words", text: TEXT.replace('(c) Each Party bears its costs.', '(c) "Costs" means the costs.'), from: 'the costs.', to: 'the costs. Each', ranges: 5 },
  { name: "a sentence appended after a parenthetical definition's sentence: the term ends with its sentence", text: TEXT.replace('(c) Each Party bears its costs.', '(c) Each Party bears its costs (the "Costs").'), from: '(the "Costs").', to: '(the "Costs"). Each Party pays', ranges: 5 },
  { name: "appending to a definition's paragraph: the term ends after the words", text: TEXT.replace('(c) Each Party bears its costs.', '"Costs" means the costs\nof a Party.'), from: 'of a Party.', to: 'of a Party and more', ranges: 5 },
  { name: "a space typed at the end of a definition's paragraph: the term ends where it did", text: TEXT.replace('(c) Each Party bears its costs.', '"Costs" means the costs\nof a Party.'), from: 'of a Party.', to: 'of a Party. ', ranges: 5 },
  { name: "the last letter of a definition's paragraph deleted: the term ends before it", text: TEXT.replace('(c) Each Party bears its costs.', '"Costs" means the costs\nof a Party.'), from: 'of a Party.', to: 'of a Party', ranges: 5 },
  { name: 'a word typed after a space inside a paragraph: moved', text: TEXT, from: 'bill\nonce', to: 'bill\nonce more', ranges: 5 },
  { name: 'a CR typed: read afresh', text: TEXT, from: 'sends one', to: 'sends\r\none', ranges: 6, refused: true },
  { name: 'held to a limit after a range is made', text: TEXT, from: 'sends one', to: 'sends\none', ranges: 6, limit: 5 },
];

/** An index holding the document with `text`. */
const indexed = (text: string) => indexedDocument(URI, text);

describe('folding ranges and the outline of an edited text, from its window', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { before, after } = editCaseTexts(c);
      const index = indexed(before);
      const window = editWindow(index, URI, before, after);
      const full = getFoldingRanges(indexed(after).document(URI)!.model, c.limit);
      expect(getFoldingRanges(indexed(after).document(URI)!.model).length).toBe(c.ranges);
      const found = foldingRangesAfterEdit(index, URI, window, c.limit);
      if (c.refused) expect(found).toBeUndefined();
      else expect(found).toEqual(full);
      // The outline: moved where the folding ranges are, unless the case says otherwise (a CR changes no offset).
      const outline = documentSymbolsAfterEdit(index, URI, window);
      if (outline) expect(outline).toEqual(getDocumentSymbols(indexed(after), URI));
      const expected = c.outline ?? (c.refused && !c.to.includes('\r') ? 'refused' : 'moved');
      expect(outline === undefined ? 'refused' : 'moved').toBe(expected);
    });
  }
});

/** Quick-fix cases: the findings of rule `code` at `$0` in the edited text; `refused` where they must be found afresh. */
interface ActionCase extends EditCase {
  readonly code: string;
  /** How many quick fixes a full reading offers there. */
  readonly fixes?: number;
  readonly refused?: true;
}

const FILLER = Array.from({ length: 5 }, () => 'These words stand here to fill the space between the parts.').join(' ');

const ACTION_TEXT = `# 1. Fees

"Agent" means a program.

${FILLER}

Each Agent bills. Late fees accrue daily.

${FILLER}

Each Agent pays.
`;

const ACTIONS: ActionCase[] = [
  { name: 'a reference to no clause, typed: suppress it', text: ACTION_TEXT, from: 'accrue daily.', to: 'accrue daily under Section 9$0.', code: 'ref.broken', fixes: 1 },
  { name: 'a link to no term, typed: define it, or suppress it', text: ACTION_TEXT, from: 'accrue daily.', to: 'accrue daily to each [[Bro$0ker]].', code: 'term.undefined', fixes: 2 },
  { name: 'a reference to no clause, typed, in a text of CRLF lines: suppress it', text: ACTION_TEXT.replace(/\n/g, '\r\n'), from: 'accrue daily.', to: 'accrue daily under Section 9$0.', code: 'ref.broken', fixes: 1 },
  { name: 'a link to no term, typed, in a text of CR lines: define it, or suppress it', text: ACTION_TEXT.replace(/\n/g, '\r'), from: 'accrue daily.', to: 'accrue daily to each [[Bro$0ker]].', code: 'term.undefined', fixes: 2 },
  { name: "a finding on the window's first line (a suppression reads the line before): refused", text: ACTION_TEXT.replace('# 1. Fees', '# 1. Fees under Section 9'), from: 'accrue daily.', to: 'accrue daily and more.', code: 'ref.broken', refused: true },
];

describe('quick fixes in an edited text, from its window', () => {
  for (const c of ACTIONS) {
    it(c.name, () => {
      const { before, after } = editCaseTexts({ ...c, text: c.text.includes('$0') || c.to.includes('$0') ? c.text : `${c.text}$0` });
      const index = indexed(before);
      const window = editWindow(index, URI, before, after);
      const fresh = indexed(after);
      const findings = documentDiagnostics(fresh, URI, DEFAULT_CONFIG)
        .filter((d) => d.code === c.code)
        .map((d) => ({ code: d.code, span: d.span, ...(d.data ? { data: d.data } : {}) }));
      expect(findings).toHaveLength(1);
      const copies = flatCopies();
      const found = codeActionsAfterEdit(index, URI, window, findings);
      if (c.refused) {
        expect(found).toBeUndefined();
        return;
      }
      // Only the finding's lines are read: the edited text is never made one string.
      expect(flatCopies()).toBe(copies);
      const full = getCodeActions(fresh, URI, findings);
      expect(found).toEqual(full);
      expect(full).toHaveLength(c.fixes!);
    });
  }
});
