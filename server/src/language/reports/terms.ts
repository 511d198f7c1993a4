// The defined-terms report: every term of the documents (and every imported term they use) with its
// definition, explanation, sources, use count, scope and status, plus the names linked with `[[…]]` that
// nothing defines. Statuses come from the diagnostics (`term.*` rule codes), never from a second copy of the rules.

import type { DefinitionForm, DocumentModel, Span } from '../../syntax/model.js';
import type { LanguageConfig } from '../config.js';
import type { TermRef } from '../link.js';
import { usesOfDefinitions } from '../rules/term.unused.js';
import { termInfo, termKey } from '../terms.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { citedSource, compareText, diagnosticsByStart, reportContext, type CitedSource, type ReportContext, type ReportDocument, type ReportPlace } from './common.js';

/** Where a term applies. */
export interface TermScope {
  /** `document`: the document and those that import it; `clause` or `definition`: inside that text only. */
  readonly kind: 'document' | 'clause' | 'definition';
  /** `Section 2`, `the definition of "Agent"`, or empty for a document-wide term. */
  readonly label: string;
  /** The phrase that limits the term, e.g. `For purposes of this Section 2`. */
  readonly phrase?: string;
}

/** What is wrong with, or notable about, a term. Each flag comes from the diagnostic with the same rule id. */
export interface TermStatus {
  /** `term.unused`: defined and used nowhere (the rule can be silenced; `uses` is 0 either way). */
  readonly unused: boolean;
  /** `term.duplicate`: the term or one of its names is defined twice in the same scope (both rows are flagged). */
  readonly duplicate: boolean;
  /** Two or more parties take a position on the term. */
  readonly contested: boolean;
  /** `term.circular`: the definition lies on a cycle of definitions. */
  readonly circular: boolean;
  /** The shortest cycle through the term, as names (`A`, `B`, `A`), when circular. */
  readonly cycle?: readonly string[];
  /** `term.out-of-scope`: uses that stand outside the term's scope. */
  readonly outOfScopeUses: number;
  /** `term.undefined` on a pointer definition: it points to a clause that does not exist. */
  readonly danglingPointer: boolean;
}

/** One defined term. */
export interface TermRow {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly form: DefinitionForm;
  /** The defining text, as plain text. */
  readonly definition: string;
  /** The `EXPLAIN` callouts attached to the definition. */
  readonly explanations: readonly string[];
  readonly sources: readonly CitedSource[];
  /** Uses across the workspace, not counting those inside the definition's own text. */
  readonly uses: number;
  readonly scope: TermScope;
  /** The term's name where it is defined (click target). */
  readonly defined: ReportPlace;
  /** The whole defining text. */
  readonly definitionSpan: Span;
  /** Pointer definitions (`"X" has the meaning set forth in Section 1.1`) that lead to this one. */
  readonly pointers: readonly ReportPlace[];
  /** Defined in a document outside the report and used by one inside it. */
  readonly imported: boolean;
  readonly status: TermStatus;
}

/** A name linked with `[[…]]` that no visible definition carries. */
export interface UndefinedTermRow {
  readonly name: string;
  readonly uses: number;
  readonly places: readonly ReportPlace[];
}

/** The defined-terms report. */
export interface TermsReport {
  readonly kind: 'terms';
  readonly version: 1;
  readonly documents: readonly ReportDocument[];
  /** Sorted by name (case-insensitive), then by document and offset. */
  readonly terms: readonly TermRow[];
  /** Sorted by name. */
  readonly undefinedTerms: readonly UndefinedTermRow[];
}

/** Builds the defined-terms report of `uris` (one document or the whole workspace). */
export function buildTermsReport(index: WorkspaceIndex, uris: readonly string[], config?: LanguageConfig): TermsReport {
  return termsReport(reportContext(index, uris, config));
}

/** The defined-terms report within a shared report context. */
export function termsReport(context: ReportContext): TermsReport {
  const { index } = context;
  const inside = new Set(context.uris);
  // Definitions to list: every one written in the documents, then the imported ones their uses resolve to.
  const refs = new Map<string, TermRef>();
  const add = (ref: TermRef) => {
    const canonical = canonicalRef(index, ref);
    refs.set(termKey(canonical), canonical);
  };
  for (const uri of context.uris) index.document(uri)!.model.definitions.forEach((_, d) => add({ uri, definition: d }));
  for (const uri of context.uris) for (const use of context.linked(uri)?.termUses ?? []) if (use.term && !inside.has(use.term.uri)) add(use.term);

  const flags = new TermFlags(context);
  const usesByDocument = new Map<string, ReturnType<typeof usesOfDefinitions>>();
  const usesOf = (uri: string, model: DocumentModel) => {
    let uses = usesByDocument.get(uri);
    if (!uses) usesByDocument.set(uri, (uses = usesOfDefinitions(index, uri, model)));
    return uses;
  };
  const terms: TermRow[] = [];
  for (const ref of refs.values()) {
    const row = termRow(context, flags, usesOf, ref, !inside.has(ref.uri));
    if (row) terms.push(row);
  }
  terms.sort((a, b) => compareText(a.name, b.name) || compareText(a.defined.path, b.defined.path) || a.defined.span.start - b.defined.span.start);
  return { kind: 'terms', version: 1, documents: context.uris.map(context.document), terms, undefinedTerms: undefinedTerms(context) };
}

/** A pointer definition stands for the definition it points to (same name, same document), when there is one. */
export function canonicalRef(index: WorkspaceIndex, ref: TermRef): TermRef {
  const model = index.document(ref.uri)?.model;
  const definition = model?.definitions[ref.definition];
  if (!model || definition?.form !== 'pointer') return ref;
  const target = pointerTargetOf(model, ref.definition);
  return target >= 0 ? { uri: ref.uri, definition: target } : ref;
}

/** The non-pointer, unscoped definition of the same document that a pointer definition leads to, or -1. */
export function pointerTargetOf(model: DocumentModel, pointer: number): number {
  const name = model.definitions[pointer]!.names[0]!.name;
  return model.definitions.findIndex((o) => o.form !== 'pointer' && !o.scope && o.names.some((n) => n.name === name));
}

function termRow(
  context: ReportContext,
  flags: TermFlags,
  usesOf: (uri: string, model: DocumentModel) => ReturnType<typeof usesOfDefinitions>,
  ref: TermRef,
  imported: boolean,
): TermRow | undefined {
  const info = termInfo(context.index, ref);
  if (!info) return undefined;
  const model = context.index.document(ref.uri)!.model;
  const definition = info.definition;
  const linked = context.linked(ref.uri);
  const pointers = model.definitions
    .map((d, i) => ({ d, i }))
    .filter(({ d, i }) => d.form === 'pointer' && i !== ref.definition && pointerTargetOf(model, i) === ref.definition);
  const uses = usesOf(ref.uri, model)[ref.definition]?.length ?? 0;
  const status = flags.of(ref, [ref.definition, ...pointers.map((p) => p.i)]);
  return {
    name: info.name,
    aliases: info.aliases,
    form: definition.form,
    definition: definition.text,
    explanations: info.explanations,
    sources: info.sources.map((key) => citedSource(linked, key)),
    uses,
    scope: scopeOf(model, ref.definition),
    defined: context.place(ref.uri, definition.names[0]!.span),
    definitionSpan: definition.span,
    pointers: pointers.map(({ d }) => context.place(ref.uri, d.names[0]!.span)),
    imported,
    status: { ...status, contested: info.contested },
  };
}

function scopeOf(model: DocumentModel, d: number): TermScope {
  const scope = model.definitions[d]!.scope;
  if (!scope) return { kind: 'document', label: '' };
  const clause = model.clauses[scope.clause];
  if (clause) return { kind: 'clause', label: `Section ${clause.number}`, phrase: scope.phrase };
  const host = model.definitions.find((o, i) => i !== d && o.span.start === scope.span.start && o.span.end === scope.span.end);
  return { kind: 'definition', label: host ? `the definition of "${host.names[0]!.name}"` : 'the definition it is written in', phrase: scope.phrase };
}

/** Reads the `term.*` diagnostics of the documents that define terms, once per document. */
class TermFlags {
  readonly #context: ReportContext;
  readonly #byDocument = new Map<string, Map<string, Map<number, { data?: Readonly<Record<string, unknown>> }[]>>>();
  /** Names flagged as the first definition of a duplicate, through the related place of `term.duplicate`. */
  readonly #firstOfDuplicate = new Set<string>();
  /** Flagged out-of-scope uses by term key, per document. */
  readonly #outOfScope = new Map<string, Map<string, number>>();

  constructor(context: ReportContext) {
    this.#context = context;
  }

  #codes(uri: string): Map<string, Map<number, { data?: Readonly<Record<string, unknown>> }[]>> {
    let codes = this.#byDocument.get(uri);
    if (!codes) {
      codes = new Map();
      for (const code of ['term.unused', 'term.duplicate', 'term.circular', 'term.out-of-scope', 'term.undefined']) codes.set(code, diagnosticsByStart(this.#context, uri, code));
      for (const d of this.#context.diagnostics(uri)) {
        if (d.code !== 'term.duplicate') continue;
        for (const r of d.related) this.#firstOfDuplicate.add(`${r.uri}#${r.span.start}`);
      }
      this.#byDocument.set(uri, codes);
    }
    return codes;
  }

  /** The status of the term `ref`, whose definitions (itself and its pointers) are `definitions`. */
  of(ref: TermRef, definitions: readonly number[]): Omit<TermStatus, 'contested'> {
    const codes = this.#codes(ref.uri);
    const model = this.#context.index.document(ref.uri)!.model;
    const definition = model.definitions[ref.definition]!;
    const first = definition.names[0]!.span.start;
    const has = (code: string, offset: number) => codes.get(code)!.has(offset);
    const nameStarts = definitions.flatMap((d) => model.definitions[d]!.names.map((n) => n.span.start));
    const duplicate = nameStarts.some((s) => has('term.duplicate', s) || this.#firstOfDuplicate.has(`${ref.uri}#${s}`));
    const circular = codes.get('term.circular')!.get(first)?.[0];
    const cycle = circular?.data?.['cycle'];
    const danglingPointer = definitions.some((d) => {
      const pointer = model.definitions[d]!.pointer;
      return pointer !== undefined && has('term.undefined', pointer.span.start);
    });
    return {
      unused: definitions.every((d) => has('term.unused', model.definitions[d]!.names[0]!.span.start)),
      duplicate,
      circular: circular !== undefined,
      ...(Array.isArray(cycle) && cycle.every((n) => typeof n === 'string') ? { cycle: cycle as string[] } : {}),
      outOfScopeUses: this.#outOfScopeUses(ref),
      danglingPointer,
    };
  }

  /** Uses of `ref` flagged `term.out-of-scope`: a scoped term is visible in its own document only. */
  #outOfScopeUses(ref: TermRef): number {
    let counts = this.#outOfScope.get(ref.uri);
    if (!counts) {
      counts = new Map();
      const flagged = this.#codes(ref.uri).get('term.out-of-scope')!;
      for (const use of this.#context.linked(ref.uri)?.termUses ?? []) {
        if (!use.outOfScope || !use.term || !flagged.has(use.span.start)) continue;
        const key = termKey(use.term);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      this.#outOfScope.set(ref.uri, counts);
    }
    return counts.get(termKey(ref)) ?? 0;
  }
}

function undefinedTerms(context: ReportContext): UndefinedTermRow[] {
  const byName = new Map<string, ReportPlace[]>();
  for (const uri of context.uris) {
    const flagged = diagnosticsByStart(context, uri, 'term.undefined');
    for (const use of context.linked(uri)?.termUses ?? []) {
      if (!use.explicit || use.term || !flagged.has(use.span.start)) continue;
      const list = byName.get(use.name) ?? [];
      list.push(context.place(uri, use.span));
      byName.set(use.name, list);
    }
  }
  return [...byName]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([name, places]) => ({ name, uses: places.length, places }));
}
