// The progress line of a long run: `read N/M files` while the documents are read in workers, then `checked N/M
// files`, rewritten in place on stderr when it is a terminal, and cleared at the end; nothing at all when stderr is a
// file or a CI log.

/** The part of a stream the progress line needs (process.stderr, or a test's stand-in). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Workspaces with fewer documents are checked too fast for a progress line to help. */
export const PROGRESS_MIN_FILES = 20;

/** At most one redraw in this many milliseconds (the first and the last count are always drawn). */
const REDRAW_MS = 50;

/** Carriage return, then erase the whole line (ECMA-48 EL 2). */
const CLEAR_LINE = '\r\x1b[2K';

/** A progress reporter: `update` after each file, `end` once (also after a failure). */
export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

const SILENT: Progress = { update() {}, end() {} };

/**
 * The progress line for `total` files on `stream`, `verb` (`checked`, `read`) before the count: silent unless the
 * stream is a terminal and the workspace large.
 */
export function progressLine(stream: ProgressStream | undefined, total: number, now: () => number = Date.now, verb = 'checked'): Progress {
  if (!stream?.isTTY || total < PROGRESS_MIN_FILES) return SILENT;
  let drawn = false;
  let last = -Infinity;
  return {
    update(done, all) {
      const time = now();
      if (done !== 1 && done !== all && time - last < REDRAW_MS) return;
      last = time;
      drawn = true;
      stream.write(`${CLEAR_LINE}${verb} ${done}/${all} files`);
    },
    end() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
