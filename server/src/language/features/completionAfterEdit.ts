// Completion in an edited text whose keystroke was answered in its window, without taking the text into the index:
// the indexed document's candidate lists (the window keeps its definitions' names, clauses and citation keys), its
// code regions and scopes read at the offsets the edit moved, and the definitions' texts and clause summaries the
// edit changed read from the window. Refused (undefined) where the edit may have changed what decides the answer: a
// line it touches that holds a code fence or a comment mark, before or after, or the front matter's lines.

import { lineEnd, lineStart } from '../../syntax/blockSplit.js';
import { textOf } from '../../syntax/textSource.js';
import type { Clause, Definition } from '../../syntax/model.js';
import type { EditedWindow } from '../editDiagnostics.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { codeRegions, completionsIn, type CompletionResult, type CompletionView } from './completion.js';
import { summariesInWindow } from './editedViews.js';

/** What marks code or a comment: a line the edit touches holding one, before or after it, is refused. */
const MARKS = ['```', '~~~', '<!--', '-->'];

/**
 * What can be completed at `offset` of the edited text of `uri` (see `getCompletions`): null where nothing can,
 * undefined where the answer must come from the edited text taken into the index.
 */
export function completionsAfterEdit(index: WorkspaceIndex, uri: string, window: EditedWindow, offset: number, max = Infinity): CompletionResult | null | undefined {
  const linked = index.linked(uri);
  if (!linked) return undefined;
  const model = linked.model;
  const { change } = window;
  const text = textOf(window.linked.model);
  const first = lineStart(model.text, change.from);
  if (first === 0 || first < codeRegions(model).bodyStart) return undefined;
  const touched = [model.text.slice(first, lineEnd(model.text, change.oldEnd)), text.slice(first, lineEnd(text, change.newEnd))];
  if (touched.some((lines) => MARKS.some((mark) => lines.includes(mark)))) return undefined;
  const summaries = summariesInWindow(model, window);
  if (!summaries) return undefined;
  const changed = new Map<Clause, string>();
  for (const [c, summary] of summaries) if (summary !== model.clauses[c]!.summary) changed.set(model.clauses[c]!, summary);
  const d = change.newEnd - change.oldEnd;
  const view: CompletionView = {
    text,
    indexed: (at) => (at < change.from ? at : at >= change.newEnd ? at - d : change.from),
    retold: (k): Definition | undefined => {
      const now = window.linked.model.definitions[k];
      return now && now.text !== model.definitions[k]?.text ? now : undefined;
    },
    summary: (clause) => changed.get(clause),
  };
  return completionsIn(index, linked, view, offset, max) ?? null;
}
