// Rule: party.unknown. Reports a `[!POSITION Party]` callout whose party is neither a name nor an alias declared
// in front matter `parties` (case-insensitively); a document that declares no parties uses its imports' parties.
// Why: a misspelled party splits one party's positions in two, and hover and the positions report show a party
// that does not exist.
// ok:     `[!POSITION aws]` with party Amazon, alias AWS
// not ok: `[!POSITION Microsft]`

import type { Party } from '../../syntax/model.js';
import type { Finding, Rule } from './rule.js';

const fold = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Levenshtein distance, for the "did you mean" suggestion (party names are short and few). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The declared name closest to `written`, when it is close enough to be a slip or a longer form (`Acme Corporation`). */
function closest(written: string, names: readonly string[]): string | undefined {
  const w = fold(written);
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const n = fold(name);
    if (Math.min(w.length, n.length) >= 3 && (w.startsWith(n) || n.startsWith(w))) return name;
    const d = distance(w, n);
    if (d <= Math.max(1, Math.floor(Math.min(w.length, name.length) / 4)) && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** The rule. */
export const rule: Rule = {
  id: 'party.unknown',
  defaultLevel: 'warning',
  window: 'document',
  summary: 'A `POSITION` callout names no declared party',
  docs: {
    what:
      'A `[!POSITION Party]` callout whose party is neither a `name` nor one of the `aliases` in the front-matter `parties`, compared without ' +
      'regard to case. A document that declares no parties at all uses the parties of the documents it imports. The message suggests the ' +
      'closest declared name when there is one; the finding carries the party and the declared names for a quick fix.',
    why: 'A misspelled party splits one party\'s positions in two: hover, the contested-term rule and the positions report then show a party that does not exist, and miss a position of the real one.',
    ok: { document: `---\nparties:\n  - name: Amazon\n    aliases: [AWS]\n---\n\n"Region" means a data-center area.\n\n> [!POSITION aws]\n> A Region is one building.\n` },
    notOk: { document: `---\nparties:\n  - name: Amazon\n    aliases: [AWS]\n---\n\n"Region" means a data-center area.\n\n> [!POSITION Amazn]\n> A Region is one building.\n` },
  },
  *check({ index, linked, model }): Iterable<Finding> {
    const positions = model.callouts.filter((c) => c.type === 'POSITION' && c.party !== undefined && c.partySpan !== undefined);
    if (positions.length === 0) return;
    let parties: readonly Party[] = model.frontMatter?.parties ?? [];
    if (parties.length === 0) {
      // Imports usually repeat the same parties: keep each name once, first declaration first.
      const byName = new Map<string, Party>();
      for (const uri of linked.visible.slice(1)) {
        for (const party of index.document(uri)?.model.frontMatter?.parties ?? []) if (!byName.has(fold(party.name))) byName.set(fold(party.name), party);
      }
      parties = [...byName.values()];
    }
    const known = new Set(parties.flatMap((p) => [p.name, ...p.aliases.map((a) => a.name)]).map(fold));
    const declared = parties.map((p) => p.name);
    for (const callout of positions) {
      const party = callout.party!;
      if (known.has(fold(party))) continue;
      const suggestion = closest(party, parties.flatMap((p) => [p.name, ...p.aliases.map((a) => a.name)]));
      const message =
        declared.length === 0
          ? `No party "${party}" is declared: expected it in the front-matter "parties"`
          : suggestion
            ? `No party "${party}" is declared: did you mean "${suggestion}"?`
            : `No party "${party}" is declared: expected one of ${declared.map((n) => `"${n}"`).join(', ')}`;
      yield { span: callout.partySpan!, message, data: { party, declared, ...(suggestion ? { suggestion } : {}) } };
    }
  },
};
