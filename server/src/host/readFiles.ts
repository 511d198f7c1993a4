// Reads many Clausemark files into the workspace index with the read pool's workers, a bounded window of files in
// flight: the command line's parallel load and the language server's workspace indexing share it. Models enter the
// index in the files' order; without a pool, or for a small workspace, files are read on the calling thread, with a
// pause for other work every few milliseconds.

import { statSync } from 'node:fs';
import type { ReadPool } from './readPool.js';
import type { DocumentModel, WorkspaceIndex } from '../language/index.js';

/** How many documents per worker are in the pool at once (sent or queued, not yet answered). */
export const FILES_IN_FLIGHT_PER_WORKER = 4;

/**
 * Below this many bytes of documents in all, small documents are left to the pool's own threshold (read on this
 * thread): starting workers would cost more than they save.
 */
export const PARALLEL_MIN_BYTES = 256 * 1024;

/** Without workers, the reading pauses (lets timers and requests in) after this many milliseconds of reading. */
export const READ_SLICE_MS = 10;

/** A file to read: the URI it has in the index and the path to read it from. */
export interface FileToRead {
  readonly uri: string;
  readonly path: string;
}

/** Options of `readFilesInto`. */
export interface ReadFilesOptions {
  /** The text of a file, or undefined when the caller has put it in the index itself (too large to read). Throws when it cannot be read. */
  readonly readText: (file: FileToRead) => string | undefined;
  /** Bytes of documents in all from which every document goes to a worker, however small; default PARALLEL_MIN_BYTES. */
  readonly minBytes?: number;
  /** Told how many files are done so far, and of how many. */
  readonly onRead?: (done: number, total: number) => void;
  /** Asked before a file is read and as its model is about to enter the index: false leaves the file out (an editor's text came first). */
  readonly wanted?: (uri: string) => boolean;
  /** Told of a file that cannot be read; without it, the first such error ends the reading and is thrown. */
  readonly onError?: (file: FileToRead, error: unknown) => void;
}

/**
 * Reads `files` into `index` as `index.setDocument(uri, text)` would, with the documents' blocks read in `pool`'s
 * workers (or on this thread without one). Resolves when every file is in the index, or rejects with the first
 * file that cannot be read when there is no `onError`.
 */
export async function readFilesInto(index: WorkspaceIndex, files: readonly FileToRead[], pool: ReadPool | undefined, options: ReadFilesOptions): Promise<void> {
  const { readText, minBytes = PARALLEL_MIN_BYTES, onRead, wanted = () => true, onError } = options;
  // A file the size check cannot stat counts as large; readText says why it cannot be read.
  const threshold = minBytes <= 0 || files.reduce((n, file) => n + (sizeOf(file.path) ?? minBytes), 0) >= minBytes ? 0 : undefined;
  // Models arrive in any order; they enter the index in the files' order, as soon as every earlier one has (one that
  // waits for a slow earlier file holds only what the index will hold anyway).
  const ready: ({ text: string | undefined; model: DocumentModel | undefined } | undefined)[] = new Array(files.length);
  let next = 0;
  let indexed = 0;
  let failure: { error: unknown } | undefined;
  const flush = () => {
    while (indexed < files.length && ready[indexed]) {
      const { text, model } = ready[indexed]!;
      ready[indexed] = undefined;
      const { uri } = files[indexed]!;
      if (text !== undefined && wanted(uri)) index.setDocument(uri, text, 0, model);
      indexed++;
      onRead?.(indexed, files.length);
    }
  };
  let sliceStart = performance.now();
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < files.length) {
      const i = next++;
      let text: string | undefined;
      try {
        text = wanted(files[i]!.uri) ? readText(files[i]!) : undefined;
      } catch (error) {
        if (!onError) {
          failure ??= { error };
          return;
        }
        onError(files[i]!, error);
      }
      // A file above the size limit gets the index's empty model without being read.
      const model = text === undefined || Buffer.byteLength(text) > index.maxFileSize || !pool ? undefined : await pool.read(text, files[i]!.uri, undefined, threshold === undefined ? {} : { threshold });
      ready[i] = { text, model };
      flush();
      if (!pool && performance.now() - sliceStart >= READ_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  };
  const window = pool ? Math.max(1, pool.size * FILES_IN_FLIGHT_PER_WORKER) : 1;
  await Promise.all(Array.from({ length: Math.min(window, files.length) }, lane));
  if (failure !== undefined) throw failure.error;
}

/** The size of a file in bytes, or undefined when it cannot be read. */
function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}
