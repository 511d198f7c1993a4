// The fixture language of the tests: a document with a `$0` cursor marker, and lines of `^^^ severity rule-id`
// under a source line marking an expected diagnostic on those columns. Turns such text into the document and
// the expectations, so that test cases stay data.

/** An expected diagnostic read from a `^^^` line. */
export interface ExpectedFinding {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly severity: string;
  readonly code: string;
}

/** A parsed fixture: the document text, the cursor offset (-1 when none) and the expected findings. */
export interface Fixture {
  readonly text: string;
  readonly cursor: number;
  readonly expected: readonly ExpectedFinding[];
}

const MARK = /^(\s*)(\^+)\s+(error|warning|info|hint)\s+([\w.-]+)\s*$/;

/** Reads a fixture. Marker lines are removed; they refer to the last source line above them. */
export function readFixture(source: string): Fixture {
  const lines = source.split('\n');
  const kept: string[] = [];
  const expected: ExpectedFinding[] = [];
  for (const line of lines) {
    const m = MARK.exec(line);
    if (m && kept.length > 0) {
      expected.push({ line: kept.length - 1, start: m[1]!.length, end: m[1]!.length + m[2]!.length, severity: m[3]!, code: m[4]! });
    } else {
      kept.push(line);
    }
  }
  let text = kept.join('\n');
  const cursor = text.indexOf('$0');
  if (cursor >= 0) text = text.slice(0, cursor) + text.slice(cursor + 2);
  return { text, cursor, expected };
}

/** Removes the common indentation of a template literal and its first and last blank lines. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** The text of `span` in `text`, for readable assertions. */
export function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}
