// The in-process edit bench (`npm run bench:edit`): one keystroke in the middle of a generated contract, its
// diagnostics found in the edit's window (the server's way), then taken into the index and timed stage by stage
// (read the edited text, link, rules) at each size, to see where an edit's time goes without the
// LSP server's transport. The end-to-end figure through the server is `npm run bench` (phase lsp).

import { performance } from 'node:perf_hooks';
import { generateContract } from './generate.js';
import { DEFAULT_CONFIG, diagnosticsAfterEdit, documentDiagnostics, EditedText, WorkspaceIndex } from '../server/src/language/index.js';
import { parseDocument } from '../server/src/syntax/parseDocument.js';

const args = process.argv.slice(2);
const sizes = (args[args.indexOf('--sizes') + 1] && args.includes('--sizes') ? args[args.indexOf('--sizes') + 1]! : '100k,1m,10m').split(',');
const keystrokes = args.includes('--keys') ? Number(args[args.indexOf('--keys') + 1]) : 20;
const BYTES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

for (const size of sizes) {
  const { text, truth } = generateContract({ seed: 20260601, targetBytes: BYTES[size] ?? Number(size) });
  const uri = 'file:///bench/contract.clause.md';
  // The keystroke of bench/run.ts: the generator's planted edit (a digit typed after a clause reference's number,
  // which then names no clause), then deleted.
  const at = truth.edit.offset;
  const typed = `${text.slice(0, at)}${truth.edit.insert}${text.slice(at)}`;
  const index = new WorkspaceIndex();
  gc();
  let t = performance.now();
  index.setDocument(uri, text);
  const coldParse = performance.now() - t;
  t = performance.now();
  index.linked(uri);
  const coldLink = performance.now() - t;
  t = performance.now();
  const coldDiagnostics = documentDiagnostics(index, uri, DEFAULT_CONFIG).length;
  const coldRules = performance.now() - t;

  // The server's way: the index keeps the text it holds, and each keystroke's diagnostics are found in its window.
  const windowTimes: number[] = [];
  let windowRight = 0;
  let refused = '';
  for (let k = 0; k < keystrokes; k++) {
    gc();
    const t0 = performance.now();
    // The change as the server knows it from the editor's edit (it does not compare the texts).
    const change = { from: at, oldEnd: at, newEnd: k % 2 === 0 ? at + truth.edit.insert.length : at };
    // The editor's text as the server holds it: the indexed text with the keystroke's stretch replaced.
    const answer = diagnosticsAfterEdit(index, uri, DEFAULT_CONFIG, k % 2 === 0 ? new EditedText(text, at, at, truth.edit.insert) : text, undefined, change);
    windowTimes.push(performance.now() - t0);
    if ('refused' in answer) refused = answer.refused;
    else if (answer.diagnostics.some((d) => d.code === 'ref.broken') === (k % 2 === 0)) windowRight++;
  }

  const parse: number[] = [];
  const fullParse: number[] = [];
  const link: number[] = [];
  const rules: number[] = [];
  const total: number[] = [];
  let current = text;
  let broken = 0;
  for (let k = 0; k < keystrokes; k++) {
    current = k % 2 === 0 ? typed : text;
    gc();
    const t0 = performance.now();
    index.setDocument(uri, current, k + 1);
    const t1 = performance.now();
    index.linked(uri);
    const t2 = performance.now();
    const diagnostics = documentDiagnostics(index, uri, DEFAULT_CONFIG);
    const t3 = performance.now();
    parse.push(t1 - t0);
    link.push(t2 - t1);
    rules.push(t3 - t2);
    total.push(t3 - t0);
    if (diagnostics.some((d) => d.code === 'ref.broken') === (k % 2 === 0)) broken++;
    if (k < 3 && args.includes('--full')) {
      const f0 = performance.now();
      parseDocument(current, uri);
      fullParse.push(performance.now() - f0);
    }
  }
  console.log(
    `${size} (${text.length.toLocaleString('en')} chars): cold read ${fmt(coldParse)} ms, link ${fmt(coldLink)}, rules ${fmt(coldRules)} (${coldDiagnostics} diagnostics); ` +
      (fullParse.length > 0 ? `full re-read ${fmt(quantile(fullParse, 0.5))} ms` : ''),
  );
  console.log(
    `  keystroke in its window (diagnosticsAfterEdit) p50/p95 (ms) over ${keystrokes}: ${fmt(quantile(windowTimes, 0.5))}/${fmt(quantile(windowTimes, 0.95))}; ` +
      `answers right: ${windowRight}/${keystrokes}${refused ? `; refused: ${refused}` : ''}`,
  );
  console.log(
    `  keystroke taken into the index p50/p95 (ms) over ${keystrokes}: total ${fmt(quantile(total, 0.5))}/${fmt(quantile(total, 0.95))}, read ${fmt(quantile(parse, 0.5))}/${fmt(quantile(parse, 0.95))}, ` +
      `link ${fmt(quantile(link, 0.5))}/${fmt(quantile(link, 0.95))}, rules ${fmt(quantile(rules, 0.5))}/${fmt(quantile(rules, 0.95))}; answers right: ${broken}/${keystrokes}`,
  );
}
