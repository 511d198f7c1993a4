// Tests of completion in an edited text answered in its keystroke's window (`completionsAfterEdit`): each case is a
// document, an edit (a text replaced once) and a `$0` cursor in the edited text; the answer must be a full reading's
// (`getCompletions` on the edited text in a fresh index), or refused where the case says so, and show what the case
// is about: a definition's new text, a clause's new summary, a scope.

import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/src/language/config.js';
import { getCompletions, type CompletionEntry } from '../../server/src/language/features/completion.js';
import { completionsAfterEdit } from '../../server/src/language/features/completionAfterEdit.js';
import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { editCaseTexts, editWindow, type EditCase } from '../helpers/editCase.js';

const URI = 'file:///ws/doc.clause.md';

interface Case extends EditCase {
  /** Refused: the answer must come from a full reading. */
  readonly refused?: true;
  /** What the answer shows: an entry with this label whose detail or documentation holds `holds`, or no such label. */
  readonly entry?: { readonly label: string; readonly holds?: string; readonly absent?: true };
}

const CONTRACT = `# Definitions

"Agent" means a program that acts.

"Broker" means a firm. It trades.

# 1. Fees

The Customer pays monthly. Each Agent and each Broker may bill.

## 1.1 Invoices

1.1.1 Each Agent sends an invoice every month.

1.1.2 Each Broker pays within thirty days.

# 2. Sales

In this Section 2, "Unit" means a box of goods.

Each Unit ships. Each Unit is counted.

# 3. Notices

Each [[Broker]] gives notice under Section $0 of this agreement.
`;

const CASES: Case[] = [
  {
    name: "a term's entry after its definition's text changed",
    text: CONTRACT.replace('Each [[Broker]]', 'Each [[Bro$0ker]]').replace('Section $0', 'Section 1'),
    from: 'means a program that acts.',
    to: 'means a program that acts for a party.',
    entry: { label: 'Agent', holds: 'acts for a party' },
  },
  {
    name: "a heading clause's entry after its first paragraph changed",
    text: CONTRACT,
    from: 'pays monthly.',
    to: 'pays weekly.',
    entry: { label: '1', holds: 'pays weekly' },
  },
  {
    name: "a numbered paragraph's entry after its own text changed",
    text: CONTRACT,
    from: 'sends an invoice every month.',
    to: 'sends an invoice every quarter.',
    entry: { label: '1.1.1', holds: 'every quarter' },
  },
  {
    name: "a heading clause's entry after a later paragraph of it changed (its summary is its first paragraph's)",
    text: CONTRACT,
    from: 'Each Unit is counted.',
    to: 'Each Unit is counted twice.',
    entry: { label: '2', holds: '"Unit" means a box' },
  },
  {
    name: 'a scoped term inside its scope, typed there',
    text: CONTRACT.replace('Section $0', 'Section 1'),
    from: 'Each Unit ships.',
    to: 'Each Unit ships to [[U$0.',
    entry: { label: 'Unit' },
  },
  {
    name: 'a scoped term outside its scope, typed there',
    text: CONTRACT.replace('Section $0', 'Section 1'),
    from: 'of this agreement.',
    to: 'of this agreement and [[U$0',
    entry: { label: 'Unit', absent: true },
  },
  {
    name: 'a scoped term near the end of its scope, after a longer text typed above it (offsets moved back)',
    text: CONTRACT.replace('Each Unit is counted.', 'Each [[U$0nit]] is counted.').replace('Section $0', 'Section 1'),
    from: 'pays monthly.',
    to: 'pays monthly, or weekly when the parties so agree in writing before the month starts.',
    entry: { label: 'Unit' },
  },
  {
    name: 'a clause number typed after "Section"',
    text: CONTRACT.replace('Section $0', 'Section 1'),
    from: 'pays within thirty days.',
    to: 'pays within thirty days under Section 1.$0',
    entry: { label: '1.1.2', holds: 'pays within thirty days under Section 1.' },
  },
  {
    name: 'nothing in inline code typed on the line',
    text: CONTRACT.replace('Section $0', 'Section 1'),
    from: 'Each Unit ships.',
    to: 'Each Unit ships. Each `[[U$0` ships.',
  },
  {
    name: 'refused on a line holding a comment mark',
    text: CONTRACT.replace('Each Unit ships.', 'Each Unit ships. <!-- checked -->').replace('Section $0', 'Section 1'),
    from: 'is counted.',
    to: 'is counted under Section $0.',
    refused: true,
  },
];

/** The index of `text`, its full check made (the basis of the window). */
function indexed(text: string): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setDocument(URI, text);
  return index;
}

function entries(result: { items: readonly CompletionEntry[] } | null | undefined): readonly CompletionEntry[] {
  return result?.items ?? [];
}

describe('completion in an edited text, from its window', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { before, after, place: cursor } = editCaseTexts(c);
      const index = indexed(before);
      const found = completionsAfterEdit(index, URI, editWindow(index, URI, before, after), cursor, LIMITS.completions);
      if (c.refused) {
        expect(found).toBeUndefined();
        return;
      }
      const full = getCompletions(indexed(after), URI, cursor, LIMITS.completions) ?? null;
      expect(found).toEqual(full);
      if (!c.entry) {
        expect(found).toBeNull();
        return;
      }
      const entry = entries(found).find((e) => e.label === c.entry!.label);
      if (c.entry.absent) {
        expect(entry).toBeUndefined();
        return;
      }
      expect(entry).toBeDefined();
      if (c.entry.holds) expect(`${entry!.detail}\n${entry!.documentation}`).toContain(c.entry.holds);
      // What the indexed text's lists would say without the edit's reading: the case shows a difference.
      if (c.entry.holds) expect(`${JSON.stringify(entries(getCompletions(index, URI, cursor, LIMITS.completions)).find((e) => e.label === c.entry!.label))}`).not.toContain(c.entry.holds);
    });
  }
});
