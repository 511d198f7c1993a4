// An in-memory workspace for tests: a document and the other files of its folder, loaded into a workspace
// index the way the CLI and the server load real files (referenced files that are absent become missing).

import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';

/** The folder every in-memory workspace lives in. */
export const ROOT = 'file:///workspace';

/** The URI of a file of the in-memory workspace. */
export function uriOf(path: string): string {
  return `${ROOT}/${path}`;
}

/** Loads `document` as `doc.clause.md` with `files` beside it (by relative path). */
export function memoryWorkspace(document: string, files: Readonly<Record<string, string>> = {}, name = 'doc.clause.md'): { index: WorkspaceIndex; uri: string } {
  const index = new WorkspaceIndex();
  index.setRoots([ROOT]);
  const all: Record<string, string> = { ...files, [name]: document };
  for (const [path, text] of Object.entries(all)) {
    const uri = uriOf(path);
    if (path.endsWith('clausemark.json')) index.setConfig(uri, text);
    else if (path.endsWith('.md')) index.setDocument(uri, text);
    else index.setSourceFile(uri, text);
  }
  for (let round = 0; round < 10; round++) {
    const wanted = index.wantedFiles();
    if (wanted.length === 0) break;
    for (const w of wanted) index.markMissing(w.uri, 'does not exist');
  }
  return { index, uri: uriOf(name) };
}
