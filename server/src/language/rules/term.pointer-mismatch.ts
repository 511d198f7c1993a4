// Rule: term.pointer-mismatch. Reports a pointer definition ("has the meaning set forth in Section X") whose
// clause X exists but does not define the term; related: where the term really is defined, if anywhere.
// Why: "Defined Term Location Misstated" is one of the commonest drafting errors (found in about a third of the
// EDGAR contracts CrossCheck analysed): a reader sent to the wrong clause finds no meaning there.
// ok:     `"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.` and §1.1 defines it
// not ok: the same pointer when the term is defined in §1.2
// A pointer whose clause does not exist at all is term.undefined's; the helper `pointerTarget` below is shared.

import type { Definition, DocumentModel } from '../../syntax/model.js';
import { clausesByName, type LinkedDocument } from '../link.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import type { Finding, RelatedPlace, Rule } from './rule.js';

/** Where a pointer definition sends the reader, as far as the workspace can tell. */
export type PointerTarget =
  /** Not a pointer, or it names a document that is not among the visible ones: nothing can be checked. */
  | { readonly kind: 'unknown' }
  /** The named clause does not exist in the target document. */
  | { readonly kind: 'missing-clause'; readonly uri: string; readonly model: DocumentModel; readonly number: string }
  /** The clause(s) carrying the named number in the target document (more than one when numbers repeat). */
  | { readonly kind: 'clause'; readonly uri: string; readonly model: DocumentModel; readonly number: string; readonly clauses: readonly number[] }
  /** A whole imported document named without a clause (`has the meaning given in the Credit Agreement`). */
  | { readonly kind: 'document'; readonly uri: string; readonly model: DocumentModel };

/** Resolves a pointer definition of `linked`'s document to the clause or document it names. */
export function pointerTarget(index: WorkspaceIndex, linked: LinkedDocument, definition: Definition): PointerTarget {
  const pointer = definition.pointer;
  if (definition.form !== 'pointer' || !pointer) return { kind: 'unknown' };
  let uri = linked.uri;
  let model = linked.model;
  if (pointer.document) {
    const found = documentNamed(index, linked, pointer.document);
    // A document we cannot identify (not imported, or "the Agreement" meaning this one) is not checked: silence
    // is better than a false error on a pointer the reader can follow.
    if (!found) return { kind: 'unknown' };
    ({ uri, model } = found);
  }
  if (!pointer.target) return uri === linked.uri ? { kind: 'unknown' } : { kind: 'document', uri, model };
  const clauses = clausesByName(model).get(pointer.target) ?? [];
  if (clauses.length === 0) return { kind: 'missing-clause', uri, model, number: pointer.target };
  return { kind: 'clause', uri, model, number: pointer.target, clauses };
}

/** A visible document whose title, id or file name is `name` (case-insensitive, a leading "the" ignored). */
function documentNamed(index: WorkspaceIndex, linked: LinkedDocument, name: string): { uri: string; model: DocumentModel } | undefined {
  const wanted = normalName(name);
  for (const uri of linked.visible) {
    const model = index.document(uri)?.model;
    if (!model) continue;
    const file = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)).replace(/(?:\.clause)?\.md$/i, '');
    const names = [model.frontMatter?.title, model.frontMatter?.id, file];
    if (names.some((n) => n !== undefined && normalName(n) === wanted)) return { uri, model };
  }
  return undefined;
}

function normalName(name: string): string {
  return name.trim().toLowerCase().replace(/^the\s+/, '').replace(/\s+/g, ' ');
}

/** The non-pointer definitions of `name` in `model`, by index. */
export function definitionsNamed(model: DocumentModel, name: string): number[] {
  const found: number[] = [];
  model.definitions.forEach((definition, d) => {
    if (definition.form !== 'pointer' && definition.names.some((n) => n.name === name)) found.push(d);
  });
  return found;
}

/** How a related place names a definition's location: `Section 1.2`, or nothing when it stands in no clause. */
export function clauseLabel(model: DocumentModel, clause: number): string | undefined {
  const c = model.clauses[clause];
  return c ? `Section ${c.number}` : undefined;
}

/** The rule. */
export const rule: Rule = {
  id: 'term.pointer-mismatch',
  defaultLevel: 'error',
  window: 'document',
  summary: '"has the meaning set forth in Section X" but X does not define the term',
  docs: {
    what:
      'A pointer definition (`"X" has the meaning set forth in Section 9.15`) whose clause exists but does not define the term, or that names an imported document which does not define it. The related information shows where the term really is defined, when it is defined anywhere in that document. A pointer to a clause that does not exist is reported by `term.undefined`; a document the workspace cannot identify is not checked.',
    why: 'A misstated definition location sends the reader to a clause that says nothing about the term; it is one of the errors commercial proofreaders report most often.',
    ok: {
      document: `"Azure Exclusivity Clause" has the meaning set forth in Section 1.1.\n\n# 1. Exclusivity\n\n## 1.1 Azure routing\n\nAll Stateless API Calls must be routed through Azure (the "Azure Exclusivity Clause").\n`,
    },
    notOk: {
      document: `"Azure Exclusivity Clause" has the meaning set forth in Section 1.2.\n\n# 1. Exclusivity\n\n## 1.1 Azure routing\n\nAll Stateless API Calls must be routed through Azure (the "Azure Exclusivity Clause").\n\n## 1.2 Term\n\nThe Azure Exclusivity Clause runs through 2032.\n`,
    },
  },
  *check({ index, linked, model }): Iterable<Finding> {
    for (const definition of model.definitions) {
      const target = pointerTarget(index, linked, definition);
      if (target.kind !== 'clause' && target.kind !== 'document') continue;
      const span = definition.pointer!.target ? definition.pointer!.span : definition.names[0]!.span;
      const inDocument = target.uri === linked.uri ? '' : ` of "${definition.pointer!.document}"`;
      for (const { name } of definition.names) {
        const candidates = definitionsNamed(target.model, name);
        const spans = target.kind === 'clause' ? target.clauses.map((c) => target.model.clauses[c]!.span) : [];
        const defines = (d: number) => {
          const at = target.model.definitions[d]!.names.find((n) => n.name === name)!.span.start;
          return target.kind === 'document' ? !target.model.definitions[d]!.scope : spans.some((s) => at >= s.start && at < s.end);
        };
        if (candidates.some(defines)) continue;
        const related: RelatedPlace[] = candidates.map((d) => {
          const where = clauseLabel(target.model, target.model.definitions[d]!.clause);
          return {
            uri: target.uri,
            span: target.model.definitions[d]!.names.find((n) => n.name === name)!.span,
            message: where ? `"${name}" is defined in ${where}` : `"${name}" is defined here`,
          };
        });
        const realClause = candidates.map((d) => target.model.clauses[target.model.definitions[d]!.clause]).find((c) => c !== undefined);
        const message =
          target.kind === 'clause'
            ? `Section ${target.number}${inDocument} does not define "${name}"${related.length > 0 ? `: it is defined ${realClause ? `in Section ${realClause.number}` : 'elsewhere'}` : ''}`
            : `"${definition.pointer!.document}" does not define "${name}"`;
        yield {
          span,
          message,
          related,
          ...(target.kind === 'clause' && realClause ? { data: { name, replacement: realClause.number } } : { data: { name } }),
        };
      }
    }
  },
};
