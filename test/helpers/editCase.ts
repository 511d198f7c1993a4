// Cases of a feature answered in a keystroke's window, written as a text with a `$0` place and one edit: the texts
// before and after the edit, where `$0` stands in the edited text, and the window the edit's diagnostics give.

import { DEFAULT_CONFIG } from '../../server/src/language/config.js';
import { diagnosticsAfterEdit, type EditedWindow } from '../../server/src/language/editDiagnostics.js';
import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { changeBetween } from '../../server/src/syntax/parseDocument.js';
import { EditedText } from '../../server/src/syntax/textSource.js';

/** A text with one `$0` place (in `text`, or in `to`), and the edit: `from` replaced by `to` (its first occurrence). */
export interface EditCase {
  readonly name: string;
  readonly text: string;
  readonly from: string;
  readonly to: string;
}

/** The case's texts without `$0`, before and after the edit, and the offset of `$0` in the edited text. */
export function editCaseTexts(c: EditCase): { before: string; after: string; place: number } {
  const edited = c.text.replace(c.from, c.to);
  if (edited === c.text) throw new Error(`the edit of "${c.name}" changes nothing`);
  const place = edited.indexOf('$0');
  if (place < 0 || edited.indexOf('$0', place + 1) >= 0) throw new Error(`"${c.name}" needs one $0`);
  return { before: c.text.replace('$0', ''), after: edited.replace('$0', ''), place };
}

/** The window in which the diagnostics of `after`, an edit of the text `index` holds of `uri`, were found (a refusal throws). */
export function editWindow(index: WorkspaceIndex, uri: string, before: string, after: string): EditedWindow {
  const change = changeBetween(before, after);
  const answer = diagnosticsAfterEdit(index, uri, DEFAULT_CONFIG, new EditedText(before, change.from, change.oldEnd, after.slice(change.from, change.newEnd)));
  if ('refused' in answer || !answer.window) throw new Error(`the window refused the edit: ${'refused' in answer ? answer.refused : 'no change'}`);
  return answer.window;
}

/** An index of the folder `file:///ws` holding one document, `uri`, with `text`. */
export function indexedDocument(uri: string, text: string): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setRoots(['file:///ws']);
  index.setDocument(uri, text);
  return index;
}
