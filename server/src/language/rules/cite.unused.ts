// Rule: cite.unused. Reports a source declared in the document's own front-matter `sources` that no citation in
// the workspace resolves to; `unusedSourcesOf` does the same for the entries of a bibliography file.
// Why: an uncited source is clutter that looks like evidence: a reader assumes it backs something.
// ok:     `sources: { dcd-2025: … }` and `[@dcd-2025]` somewhere in the workspace
// not ok: `sources: { dcd-2025: … }` and no `[@dcd-2025]` anywhere

import type { SourceEntry } from '../../syntax/model.js';
import type { LinkedDocument } from '../link.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import type { Finding, Rule } from './rule.js';

const entryKey = (entry: SourceEntry) => `${entry.origin}\u0000${entry.key}`;

const resolved = new WeakMap<LinkedDocument, Set<string>>();

/** The source entries a linked document's citations resolve to, computed once per linking. */
function resolvedEntries(linked: LinkedDocument): Set<string> {
  let entries = resolved.get(linked);
  if (!entries) {
    entries = new Set();
    for (const use of linked.citations) if (use.source) entries.add(entryKey(use.source));
    resolved.set(linked, entries);
  }
  return entries;
}

/**
 * The finding for a source no citation resolves to. Only the documents that cite its key are linked (the one being
 * checked is linked already), so a source nobody cites costs nothing; which documents cite a key is kept by the
 * index document by document (`WorkspaceFacts`).
 */
function unused(index: WorkspaceIndex, entry: SourceEntry): Finding | undefined {
  const documents = index.modelFacts.citingDocuments(entry.key);
  const id = entryKey(entry);
  for (const uri of documents) {
    const linked = index.linked(uri);
    if (linked && resolvedEntries(linked).has(id)) return undefined;
  }
  return {
    span: entry.keySpan,
    message:
      documents.length > 0
        ? `Source "${entry.key}" is never cited: every "[@${entry.key}]" resolves to another source with that key`
        : `Source "${entry.key}" is never cited in the workspace: expected a "[@${entry.key}]" or the source removed`,
    tags: ['unnecessary'],
    data: { key: entry.key },
  };
}

/**
 * The `cite.unused` findings of a bibliography file (spans in that file's text): its entries no citation of the
 * workspace resolves to. Empty for a URI that is not an indexed bibliography file.
 */
export function unusedSourcesOf(index: WorkspaceIndex, uri: string): Finding[] {
  const file = index.sourceFile(uri);
  if (!file) return [];
  return file.entries.flatMap((entry) => unused(index, entry) ?? []);
}

/** The rule. */
export const rule: Rule = {
  id: 'cite.unused',
  defaultLevel: 'warning',
  window: 'document',
  summary: 'A source is never cited',
  docs: {
    what:
      'A source in the document\'s own front-matter `sources` that no citation in the workspace resolves to (a document that imports this one ' +
      'may cite it). Entries of bibliography files are reported on the bibliography file itself. Tagged unnecessary: editors grey it out.',
    why: 'An uncited source looks like evidence a reader will assume backs something; it is usually left over from a claim that was deleted, or a citation key that was mistyped.',
    ok: { document: `---\nsources:\n  msa-2024:\n    title: Master Services Agreement\n---\n\nFees are due within 30 days [@msa-2024].\n` },
    notOk: { document: `---\nsources:\n  msa-2024:\n    title: Master Services Agreement\n---\n\nFees are due within 30 days.\n` },
  },
  *check({ index, model }): Iterable<Finding> {
    const sources = model.frontMatter?.sources ?? [];
    if (sources.length === 0) return;
    for (const entry of sources) {
      const finding = unused(index, entry);
      if (finding) yield finding;
    }
  },
};
