// Benchmark: what checking a document costs on top of building its model (issue 3's budget: at most 20% over
// the model on the 1 MB generated contract). Model = parse + link (term uses, citations, references); check = every
// rule at its default level. Prints medians of 7 runs after a warm-up, alternating the phases.
// Run: npm run bench:check

import { documentDiagnostics } from '../server/src/language/diagnostics.js';
import { WorkspaceIndex } from '../server/src/language/workspaceIndex.js';
import { generateContract } from './generate.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const sizes = process.argv.includes('--quick') ? [100_000] : [100_000, 1_000_000];
console.log(`Check cost over model, medians of 7 runs, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
console.log('| document | model: parse + link (ms) | check: all rules (ms) | check / model |');
console.log('|---|---:|---:|---:|');
for (const bytes of sizes) {
  const { text } = generateContract({ seed: 1, targetBytes: bytes });
  const uri = 'file:///bench/contract.clause.md';
  const model: number[] = [];
  const check: number[] = [];
  for (let rep = -1; rep < 7; rep++) {
    const index = new WorkspaceIndex();
    index.setRoots(['file:///bench']);
    const t0 = performance.now();
    index.setDocument(uri, text);
    index.linked(uri);
    const t1 = performance.now();
    documentDiagnostics(index, uri, { rules: {} });
    const t2 = performance.now();
    if (rep < 0) continue;
    model.push(t1 - t0);
    check.push(t2 - t1);
  }
  const m = median(model);
  const c = median(check);
  console.log(`| ${(text.length / 1e6).toFixed(2)} MB | ${m.toFixed(0)} | ${c.toFixed(0)} | ${((c / m) * 100).toFixed(1)}% |`);
}
