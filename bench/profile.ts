// Summarizes a V8 CPU profile (`node --cpu-prof`) of the bundled bench: self time by function and by source module or package.
//
// The bench is one esbuild bundle; esbuild writes a `// path/to/module.ts` comment before each module's code, so a
// function's line in the bundle tells which source file (ours, or a package under node_modules) it comes from.

import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** One row of a summary: a name and its self time. */
export interface ProfileRow {
  readonly name: string;
  readonly module: string;
  readonly ms: number;
  readonly share: number;
}

/** The summary of one profile. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: readonly ProfileRow[];
  /** By source module (our files) or package (node_modules/<name>), plus V8 entries such as `(garbage collector)`. */
  readonly modules: readonly ProfileRow[];
  /** By layer: remark (micromark, mdast, unist, unified), our syntax layer, our language layer, GC, the rest. */
  readonly layers: readonly ProfileRow[];
}

/** The layer a package or source file belongs to. */
function layerOf(group: string): string {
  if (/^(?:micromark|mdast-|unist-|unified|remark-|vfile|decode-named|character-|bail|trough|devlop|ccount|markdown-table|escape-string|longest-streak|zwitch)/.test(group)) {
    return 'remark (micromark, mdast-util-*, unified)';
  }
  if (group.startsWith('server/src/syntax/')) return 'our syntax layer (server/src/syntax)';
  if (group.startsWith('server/src/language/')) return 'our language layer: linking and rules (server/src/language)';
  if (group === 'yaml') return 'yaml (front matter)';
  if (group === '(garbage collector)') return 'garbage collector';
  return 'other (node internals, module loading, the bench itself)';
}

/** Maps bundle lines to the module they come from, from esbuild's `// path` comments. */
function moduleMap(bundle: string): (line: number) => string {
  const marks: { line: number; module: string }[] = [];
  bundle.split('\n').forEach((text, i) => {
    const m = /^\/\/ ((?:node_modules|server|bench|test)\/\S+)$/.exec(text);
    if (m) marks.push({ line: i, module: m[1]! });
  });
  return (line) => {
    let lo = 0;
    let hi = marks.length - 1;
    let found = '(bundle)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]!.line <= line) {
        found = marks[mid]!.module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** A package name for node_modules paths, the file for ours. */
function groupOf(module: string): string {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  return m ? m[1]! : module;
}

/** Reads `profilePath` (a .cpuprofile) and attributes self time, using `bundlePath` to name modules. */
export function summarizeProfile(profilePath: string, bundlePath: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const moduleOf = moduleMap(readFileSync(bundlePath, 'utf8'));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFunction = new Map<string, { module: string; us: number }>();
  const byModule = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const frame = node.callFrame;
    const inBundle = frame.url.endsWith(bundlePath.split('/').pop()!);
    const module = inBundle ? moduleOf(frame.lineNumber) : frame.url ? frame.url.replace(/^.*\/node_modules\//, 'node_modules/').replace(/^node:/, 'node:') : frame.functionName;
    const name = `${frame.functionName || '(anonymous)'}`;
    const key = `${name}\u0000${module}`;
    const entry = byFunction.get(key) ?? { module, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const group = inBundle ? groupOf(module) : frame.url ? 'node internals' : frame.functionName;
    byModule.set(group, (byModule.get(group) ?? 0) + us);
  }
  const rows = (entries: [string, number, string][]): ProfileRow[] =>
    entries
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us, module]) => ({ name, module, ms: us / 1000, share: us / total }));
  return {
    totalMs: total / 1000,
    functions: rows([...byFunction].map(([key, v]) => [key.split('\u0000')[0]!, v.us, v.module])),
    modules: rows([...byModule].map(([group, us]) => [group, us, group])),
    layers: rows(
      [...[...byModule].reduce((m, [group, us]) => m.set(layerOf(group), (m.get(layerOf(group)) ?? 0) + us), new Map<string, number>())].map(
        ([layer, us]): [string, number, string] => [layer, us, layer],
      ),
    ),
  };
}

/** The summary as Markdown tables. */
export function profileMarkdown(summary: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `Sampled self time: ${Math.round(summary.totalMs)} ms.`,
    '',
    '| Self time by layer | ms | share |',
    '|---|---:|---:|',
    ...summary.layers.map((r) => `| ${r.name} | ${Math.round(r.ms)} | ${pct(r.share)} |`),
    '',
    '| Self time by package or source file | ms | share |',
    '|---|---:|---:|',
    ...summary.modules.map((r) => `| ${r.name} | ${Math.round(r.ms)} | ${pct(r.share)} |`),
    '',
    '| Top functions by self time | module | ms | share |',
    '|---|---|---:|---:|',
    ...summary.functions.map((r) => `| \`${r.name}\` | ${r.module} | ${Math.round(r.ms)} | ${pct(r.share)} |`),
  ];
  return lines.join('\n');
}
