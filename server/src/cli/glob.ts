// Expands a glob of the command line (`'contracts/**/*.clause.md'`) with node:fs alone: `*`, `?` and `[…]` within a
// name, `**` across folders, `{a,b}` alternatives, `\` to take the next character as it is. No package: the CLI
// imports only node: modules and the language facade (the architecture test), and Node 20 has no fs.glob.

import { readdirSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';

/** Folders `**` does not walk into, as the folder walk of `host/files.ts`; a hidden folder only when named. */
const SKIP_DIRS = new Set(['node_modules', 'out']);

/** More alternatives than this from `{…}` is refused (a typo should not start a combinatorial walk). */
const MAX_ALTERNATIVES = 256;

/** What one alternative of a glob matched: the folder the walk started from, and the files and folders it found. */
export interface GlobMatch {
  /** The longest leading part of the pattern without a wildcard, resolved: the walk's root. */
  readonly base: string;
  readonly files: readonly string[];
  readonly folders: readonly string[];
}

/** True when `pattern` has a wildcard: `*`, `?`, a closed `[…]`, or a `{…}` with a comma. */
export function isGlob(pattern: string): boolean {
  return /[*?]|\[[^\]/]+\]|\{[^}]*,[^}]*\}/.test(pattern);
}

/** `{a,b}c` → `ac`, `bc` (nested braces too); a brace without a comma, or unclosed, is a literal. */
export function expandBraces(pattern: string): string[] {
  const out = new Set<string>();
  const expand = (p: string, from: number): void => {
    for (let i = from; i < p.length; i++) {
      if (p[i] === '\\') {
        i++;
        continue;
      }
      if (p[i] !== '{') continue;
      let depth = 0;
      let close = -1;
      const commas: number[] = [];
      for (let j = i; j < p.length && close < 0; j++) {
        const c = p[j];
        if (c === '\\') j++;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) close = j;
        else if (c === ',' && depth === 1) commas.push(j);
      }
      if (close < 0) break;
      if (commas.length === 0) continue;
      const bounds = [i, ...commas, close];
      for (let k = 0; k + 1 < bounds.length; k++) {
        if (out.size >= MAX_ALTERNATIVES) throw new RangeError(`The glob ${pattern} has more than ${MAX_ALTERNATIVES} alternatives`);
        const head = p.slice(0, i) + p.slice(bounds[k]! + 1, bounds[k + 1]);
        expand(head + p.slice(close + 1), i);
      }
      return;
    }
    out.add(p);
  };
  expand(pattern, 0);
  return [...out];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A regular expression for one path segment; a name starting with `.` matches only a segment that starts with `.`. */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) {
      re += escapeRegExp(segment[++i]!);
    } else if (c === '*') {
      while (segment[i + 1] === '*') i++;
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      let j = i + 1;
      const negate = segment[j] === '!' || segment[j] === '^';
      if (negate) j++;
      // A `]` right after the opening bracket is a member, not the end.
      const close = segment.indexOf(']', segment[j] === ']' ? j + 1 : j);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      const members = segment.slice(j, close).replace(/[\\\]^[]/g, '\\$&');
      re += `[${negate ? '^' : ''}${members}]`;
      i = close;
    } else {
      re += escapeRegExp(c);
    }
  }
  return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}

const GLOBSTAR = Symbol('**');

/** Expands `pattern` relative to `cwd`: one match per `{…}` alternative, each sorted. */
export function expandGlob(pattern: string, cwd: string): GlobMatch[] {
  const normalized = process.platform === 'win32' ? pattern.replaceAll('\\', '/') : pattern;
  return expandBraces(normalized).map((alternative) => expandOne(alternative, cwd));
}

function expandOne(pattern: string, cwd: string): GlobMatch {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  if (absolute || segments[0] === '') segments.shift();
  const first = segments.findIndex((s) => isGlob(s));
  const literal = (first < 0 ? segments : segments.slice(0, first)).map(unescape);
  const base = resolve(cwd, `${absolute ? '/' : ''}${literal.join('/')}` || '.');
  const files = new Set<string>();
  const folders = new Set<string>();
  if (first < 0) return { base, files: [], folders: [] };
  const parts = segments.slice(first).map((s) => (s === '**' ? GLOBSTAR : segmentRegExp(s)));
  const walk = (dir: string, i: number): void => {
    if (i === parts.length) {
      folders.add(dir);
      return;
    }
    const part = parts[i]!;
    if (part === GLOBSTAR) {
      walk(dir, i + 1);
      for (const entry of entriesOf(dir)) {
        if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name), i);
      }
      return;
    }
    for (const entry of entriesOf(dir)) {
      if (!part.test(entry.name)) continue;
      const path = join(dir, entry.name);
      if (i + 1 === parts.length && entry.isFile()) files.add(path);
      else if (entry.isDirectory()) walk(path, i + 1);
    }
  };
  walk(base, 0);
  return { base, files: [...files].sort(), folders: [...folders].sort() };
}

function unescape(segment: string): string {
  return segment.replace(/\\(.)/g, '$1');
}

/** A folder's entries, sorted by name; none when it cannot be read. Symbolic links are neither files nor folders here. */
function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}
