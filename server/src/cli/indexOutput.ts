// Builds the JSON of `clausemark index`: per file, its clauses, defined terms, term uses, clause references and
// citations, with LSP ranges (0-based line, UTF-16 character).

import { LineIndex, relativePath, termInfo, termKey, workspaceTermUses, type LineRange, type WorkspaceIndex } from '../language/index.js';

/** One file of the index output. */
export interface IndexedFileJson {
  readonly path: string;
  readonly title?: string;
  readonly clauses: readonly { number: string; id: string; title: string; kind: string; parent: string | null; range: LineRange }[];
  readonly terms: readonly {
    name: string;
    aliases: readonly string[];
    form: string;
    range: LineRange;
    definition: string;
    scope: { clause: string | null; phrase: string } | null;
    pointer: { target: string; document?: string } | null;
    sources: readonly string[];
    explanation: string | null;
    positions: readonly { party: string; text: string; sources: readonly string[] }[];
    contested: boolean;
    uses: number;
  }[];
  readonly termUses: readonly { term: string | null; text: string; range: LineRange; explicit: boolean; definedIn: string | null }[];
  readonly references: readonly { text: string; target: string; file: string | null; resolved: boolean; range: LineRange }[];
  readonly citations: readonly { key: string; locator: string; prefix: string; resolved: boolean; range: LineRange }[];
}

/** The index output for `documents` (URIs), paths shown relative to `cwdUri`. */
export function buildIndexJson(index: WorkspaceIndex, documents: readonly string[], cwdUri: string): { files: IndexedFileJson[] } {
  const allUses = workspaceTermUses(index);
  const files = documents.map((uri): IndexedFileJson => {
    const linked = index.linked(uri)!;
    const model = linked.model;
    const lines = new LineIndex(model.text);
    const nameOf = (ref: { uri: string; definition: number } | undefined) =>
      ref ? (index.document(ref.uri)?.model.definitions[ref.definition]?.names[0]?.name ?? null) : null;
    return {
      path: relativePath(cwdUri, uri),
      ...(model.frontMatter?.title ? { title: model.frontMatter.title } : {}),
      clauses: model.clauses.map((c) => ({
        number: c.number,
        id: c.id,
        title: c.title,
        kind: c.kind,
        parent: c.parent >= 0 ? model.clauses[c.parent]!.number : null,
        range: lines.range(c.headSpan),
      })),
      terms: model.definitions.map((definition, d) => {
        const info = termInfo(index, { uri, definition: d })!;
        return {
          name: info.name,
          aliases: info.aliases,
          form: definition.form,
          range: lines.range(definition.names[0]!.span),
          definition: definition.text,
          scope: definition.scope
            ? { clause: definition.scope.clause >= 0 ? model.clauses[definition.scope.clause]!.number : null, phrase: definition.scope.phrase }
            : null,
          pointer: definition.pointer
            ? { target: definition.pointer.target, ...(definition.pointer.document ? { document: definition.pointer.document } : {}) }
            : null,
          sources: info.sources,
          explanation: info.explanations.length > 0 ? info.explanations.join('\n') : null,
          positions: info.positions.map((p) => ({ party: p.party, text: p.text, sources: p.sources })),
          contested: info.contested,
          uses: allUses.get(termKey(info.ref))?.length ?? 0,
        };
      }),
      termUses: linked.termUses.map((use) => ({
        term: nameOf(use.term),
        text: use.text,
        range: lines.range(use.span),
        explicit: use.explicit,
        definedIn: use.term ? relativePath(cwdUri, use.term.uri) : null,
      })),
      references: linked.references.map((r) => ({
        text: r.reference.text,
        target: r.reference.target,
        file: r.reference.file ?? null,
        resolved: r.clause !== undefined,
        range: lines.range(r.reference.span),
      })),
      citations: linked.citations.map((c) => ({
        key: c.item.key,
        locator: c.item.locator,
        prefix: c.item.prefix,
        resolved: c.source !== undefined,
        range: lines.range(c.item.keySpan),
      })),
    };
  });
  return { files };
}
