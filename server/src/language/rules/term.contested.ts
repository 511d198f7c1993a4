// Rule: term.contested. Reports, on a definition's name, that two or more parties take a position on the term
// (`POSITION` callouts attached to the definition); the related information points to each position.
// Why: a contested term is where a dispute lives; the finding lists the terms a reader must not take at face
// value, in the Problems panel, beside the other findings. It is information, not a defect.
// Parties are counted by their declared name: a party's alias (`AWS` for Amazon) is the same party.
// ok:     one party's `[!POSITION Microsoft]` on a term
// not ok: `[!POSITION Microsoft]` and `[!POSITION OpenAI]` on the same term

import { canonicalParty } from '../terms.js';
import type { Finding, RelatedPlace, Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'term.contested',
  defaultLevel: 'info',
  window: 'document',
  summary: 'The term has positions from two or more parties',
  docs: {
    what:
      'A definition with `POSITION` callouts from two or more parties (a party\'s aliases count as the party). The finding stands on the term\'s name; the related information points to each position.',
    why: 'A contested term is where a dispute lives: the reader should not take its definition at face value, and the hover shows each party\'s reading.',
    ok: {
      document: `---\nparties:\n  - name: Microsoft\n  - name: Amazon\n    aliases: [AWS]\n---\n\n"Stateless API Call" means a request that keeps nothing after answering.\n\n> [!POSITION Amazon]\n> Agents are not stateless.\n\n> [!POSITION AWS]\n> The runtime keeps memory.\n`,
    },
    notOk: {
      document: `---\nparties:\n  - name: Microsoft\n  - name: OpenAI\n---\n\n"Stateless API Call" means a request that keeps nothing after answering.\n\n> [!POSITION Microsoft]\n> Every agent workload is built out of Stateless API Calls.\n\n> [!POSITION OpenAI]\n> Persistent agent sessions are a different category of product.\n`,
    },
  },
  *check({ model, uri }): Iterable<Finding> {
    // Positions by definition, in one pass over the callouts.
    const positions = new Map<number, { party: string; related: RelatedPlace }[]>();
    for (const callout of model.callouts) {
      if (callout.type !== 'POSITION' || !callout.party || callout.target?.kind !== 'definition') continue;
      const list = positions.get(callout.target.index) ?? [];
      list.push({ party: canonicalParty(model, callout.party), related: { uri, span: callout.markerSpan, message: `Position of ${callout.party}` } });
      positions.set(callout.target.index, list);
    }
    for (const [d, list] of [...positions].sort((a, b) => a[0] - b[0])) {
      const definition = model.definitions[d];
      if (!definition) continue;
      const parties = [...new Set(list.map((p) => p.party))];
      if (parties.length < 2) continue;
      const names = parties.length === 2 ? parties.join(' and ') : `${parties.slice(0, -1).join(', ')} and ${parties[parties.length - 1]}`;
      yield {
        span: definition.names[0]!.span,
        message: `"${definition.names[0]!.name}" is contested: ${names} take positions on it`,
        related: list.map((p) => p.related),
        data: { parties },
      };
    }
  },
};
