// How busy a server process is, read from /proc (Linux): its CPU time so far, and a wait until it has gone quiet.
// The benchmarks ask their lookups once the server is quiet after the open, as a writer who reads before hovering
// gives it the time: it prepares lookups while the editor is quiet (server/src/lsp/idleWork.ts).

import { readFileSync } from 'node:fs';

/** CPU time (user + system, every thread) of a process so far, in ms; NaN when it cannot be read (not Linux). */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** Waits until the process has used at most 10 ms of CPU in each of three windows of 100 ms (at most 30 s); the ms waited. */
export async function serverSettled(pid: number | undefined): Promise<number> {
  const start = performance.now();
  for (let quiet = 0; quiet < 3 && performance.now() - start < 30_000; ) {
    const before = cpuMs(pid);
    await new Promise((r) => setTimeout(r, 100));
    const after = cpuMs(pid);
    if (Number.isNaN(before) || Number.isNaN(after)) break;
    quiet = after - before <= 10 ? quiet + 1 : 0;
  }
  return performance.now() - start;
}
