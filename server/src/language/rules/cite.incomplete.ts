// Rule: cite.incomplete. Reports a cited source that lacks a title, an issued date, or both a URL and a publisher,
// once per source and document, at its first citation. Why: a reader cannot find or weigh a source known only
// by its key.
// ok:     a cited source with a title, `issued` and a `URL` or `publisher`
// not ok: a cited source with only a title

import type { SourceEntry } from '../../syntax/model.js';
import type { CitationUse, LinkedDocument } from '../link.js';
import type { Finding, Rule } from './rule.js';

/** What a source lacks, in the words of the message, in the order a reader checks them. */
export function missingFields(source: SourceEntry): { field: string; words: string }[] {
  const missing: { field: string; words: string }[] = [];
  if (!source.title?.trim()) missing.push({ field: 'title', words: 'a title' });
  if (!source.issued?.trim()) missing.push({ field: 'issued', words: 'an issued date' });
  if (!source.url?.trim() && !source.publisher?.trim()) missing.push({ field: 'URL', words: 'a URL or a publisher' });
  return missing;
}

const firstBySource = new WeakMap<LinkedDocument, ReadonlyMap<SourceEntry, CitationUse>>();

/**
 * What a rule that reports the first citation of each source needs to know of the text before an edit's `window`
 * (at `before`): the first citation of each source the window cites, when it stands before the window. The first
 * citations are found once per linked document, so a keystroke asks about the window's few sources instead of
 * every citation before it.
 */
export function citationsBefore(linked: LinkedDocument, before: number, window: LinkedDocument): Pick<LinkedDocument, 'citations'> {
  let first = firstBySource.get(linked);
  if (!first) firstBySource.set(linked, (first = new Map(firstCitations(linked.citations).map((use) => [use.source, use]))));
  const found: CitationUse[] = [];
  for (const source of new Set(window.citations.map((use) => use.source))) {
    const use = source && first.get(source);
    if (use && use.item.keySpan.start < before) found.push(use);
  }
  return { citations: found.sort((a, b) => a.item.keySpan.start - b.item.keySpan.start) };
}

/** The first citation of each source in a document, in document order. */
export function firstCitations(citations: readonly CitationUse[]): (CitationUse & { source: SourceEntry })[] {
  const seen = new Set<SourceEntry>();
  const out: (CitationUse & { source: SourceEntry })[] = [];
  for (const use of citations) {
    if (!use.source || seen.has(use.source)) continue;
    seen.add(use.source);
    out.push(use as CitationUse & { source: SourceEntry });
  }
  return out;
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The rule. */
export const rule: Rule = {
  id: 'cite.incomplete',
  defaultLevel: 'info',
  window: 'occurrences',
  windowPrefix: citationsBefore,
  summary: 'A cited source lacks a title, a date, or both a URL and a publisher',
  docs: {
    what:
      'A source that the document cites and that lacks a `title`, an `issued` date, or both a `URL` and a `publisher` (a `container-title` ' +
      'counts as the publisher). Reported once per source and document, at its first citation; the message names what is missing and the ' +
      'related information points at the source entry. Sources nobody cites are left to `cite.unused`.',
    why: 'A source known only by its key cannot be found or weighed: hover and reports show a bare key, and a reader cannot tell a court filing from a blog post, nor how current it is.',
    ok: {
      document: `---\nsources:\n  msa-2024:\n    title: Master Services Agreement\n    publisher: Example Corp\n    issued: 2024-05-01\n---\n\nFees are due within 30 days [@msa-2024].\n`,
    },
    notOk: { document: `---\nsources:\n  msa-2024:\n    title: Master Services Agreement\n---\n\nFees are due within 30 days [@msa-2024].\n` },
  },
  *check({ linked }): Iterable<Finding> {
    for (const use of firstCitations(linked.citations)) {
      const missing = missingFields(use.source);
      if (missing.length === 0) continue;
      const key = use.source.key;
      yield {
        span: use.item.keySpan,
        message: `Source "${key}" is missing ${list(missing.map((m) => m.words))}`,
        related: [{ uri: use.source.origin, span: use.source.keySpan, message: `Source "${key}" is declared here` }],
        data: { key, missing: missing.map((m) => m.field) },
      };
    }
  },
};
