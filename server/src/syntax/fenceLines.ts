// Reads single lines as CommonMark does for the line scans that run without a parser (the block split, rename's
// link definitions, completion's fences): a blank line, a code fence that opens, and one that closes it. A blank
// line holds only spaces and tabs, never other Unicode spaces (`trim` would take a no-break space or a byte-order
// mark for one, and the whole text is not read so).

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SPACES_OR_TABS = /^[ \t]*$/;

/** True when the line (without its line ending) is blank: empty, or spaces and tabs only. */
export function isBlankLine(line: string): boolean {
  return SPACES_OR_TABS.test(line);
}

/** The fence a line opens (its run of backticks or tildes), or undefined; a backtick fence's info has no backtick. */
export function fenceOpened(line: string): string | undefined {
  const m = FENCE.exec(line);
  if (!m || (m[1]![0] === '`' && line.includes('`', m[0].length))) return undefined;
  return m[1]!;
}

/** True when the line closes `fence`: as long a run of its character or longer, then only spaces and tabs. */
export function closesFence(line: string, fence: string): boolean {
  const m = FENCE.exec(line);
  return !!m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && isBlankLine(line.slice(m[0].length));
}
