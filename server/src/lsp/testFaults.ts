// Faults injected for the reliability tests only: `CLAUSEMARK_TEST_FAULT=rule,hover` in the server's environment,
// read once when the process starts. `rule` adds a rule that throws on every document (the diagnostics pass must
// report it as one finding and run the other rules); `hover` makes a hover throw in any document whose name ends in
// `fault.clause.md` (the request must fail alone, and the next hover work); `slow` adds a rule that takes 20 ms on
// every document (a long workspace pull must let other requests in). Any other value is ignored, and without the
// variable nothing changes; the server logs a warning whenever a fault is active.

import type { LanguageService, Rule } from '../language/index.js';

/** The faults a test can inject. */
export type TestFault = 'rule' | 'hover' | 'slow';

const KNOWN: readonly TestFault[] = ['rule', 'hover', 'slow'];

/** The faults named in the variable's value (comma-separated); unknown names are dropped. */
export function parseTestFaults(value: string | undefined): TestFault[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((v) => v.trim()))].filter((v): v is TestFault => (KNOWN as readonly string[]).includes(v));
}

/** The id of the injected rule, as its finding names it. */
export const FAULT_RULE_ID = 'test.fault';

/** A rule that always throws. */
export const faultyRule: Rule = {
  id: FAULT_RULE_ID,
  defaultLevel: 'error',
  summary: 'Throws (reliability tests only)',
  docs: { what: 'Throws.', why: 'Tests that one failing rule does not hide the others.', ok: { document: '' }, notOk: { document: '' } },
  check() {
    throw new Error('injected rule fault');
  },
};

/** A rule that finds nothing and takes 20 ms on every document. */
export const slowRule: Rule = {
  id: 'test.slow',
  defaultLevel: 'info',
  window: 'document',
  summary: 'Takes 20 ms (reliability tests only)',
  docs: { what: 'Waits.', why: 'Tests that a long workspace pull lets other requests in.', ok: { document: '' }, notOk: { document: '' } },
  *check() {
    const until = performance.now() + 20;
    while (performance.now() < until);
  },
};

/** The service with a hover that throws in `*fault.clause.md` documents. */
export function withHoverFault(service: LanguageService): LanguageService {
  const hover = service.hover;
  return {
    ...service,
    hover(uri, offset) {
      if (uri.endsWith('fault.clause.md')) throw new Error('injected hover fault');
      return hover(uri, offset);
    },
  };
}
