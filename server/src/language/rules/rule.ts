// The shape of a diagnostic rule and of what it finds. Each rule is one module named after its id, listed in
// the registry (`rules/index.ts`); the diagnostics pass runs them, applies severities and suppressions.

import type { DocumentModel, Severity, Span } from '../../syntax/model.js';
import type { LinkedDocument } from '../link.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';

/** A severity, or `off` to disable a rule. */
export type RuleLevel = Severity | 'off';

/** Another place a finding refers to (the first definition of a duplicate, a member of a cycle). */
export interface RelatedPlace {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

/** What a rule reports: a span in the document being checked, a message, and what a quick fix needs. */
export interface Finding {
  readonly span: Span;
  readonly message: string;
  readonly related?: readonly RelatedPlace[];
  /** `unnecessary` greys out the text in editors (unused definitions and sources). */
  readonly tags?: readonly 'unnecessary'[];
  /** Plain data for the quick fix of this finding. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** What a rule is given: the workspace, and the document with everything resolved. */
export interface RuleContext {
  readonly index: WorkspaceIndex;
  readonly linked: LinkedDocument;
  readonly model: DocumentModel;
  readonly uri: string;
}

/** A documentation example: a document (and other files of its workspace, by relative path). */
export interface RuleExample {
  readonly document: string;
  readonly files?: Readonly<Record<string, string>>;
}

/** What `docs/rules.md` says about a rule; its examples are run by a test. */
export interface RuleDocs {
  /** What the rule reports, in a sentence or two. */
  readonly what: string;
  /** Why a reader wants to know. */
  readonly why: string;
  /** A document on which the rule finds nothing. */
  readonly ok: RuleExample;
  /** A document on which the rule finds something. */
  readonly notOk: RuleExample;
}

/** A diagnostic rule. */
export interface Rule {
  /** Stable id, also the diagnostic's `code` and the rule's file name. */
  readonly id: string;
  readonly defaultLevel: RuleLevel;
  /** One line: what the rule reports. */
  readonly summary: string;
  readonly docs: RuleDocs;
  /**
   * What the rule's findings depend on, so that an edit is checked again only where it may change them
   * (`language/editDiagnostics.ts`). `document`: the document's skeleton (clauses, sections, definitions, callouts,
   * suppressions, front matter) and how often each term is used and each source cited; an edit that changes none
   * of those keeps every finding, moved. `occurrences`: single occurrences (term uses, clause references, citations,
   * text runs, problems), each with the skeleton and the text at most `WINDOW_MARGIN` characters around it; the
   * findings of the occurrences near an edit are found again. A rule that says neither makes every edit check the
   * whole document. Offsets a finding's `data` holds are spans (`{ start, end }`) or `offset` fields, so that they
   * move with the text.
   */
  readonly window?: 'document' | 'occurrences';
  /**
   * For an `occurrences` rule whose verdict on one occurrence depends on earlier ones (only the first use of a term
   * counts): the earlier occurrences of `linked`, before offset `before`, that give the rule the state it had there
   * for what the `window` (the edit's window, linked alone) holds.
   */
  readonly windowPrefix?: (linked: LinkedDocument, before: number, window: LinkedDocument) => Partial<Pick<LinkedDocument, 'termUses' | 'citations'>>;
  /** For such a rule: what the stretch `[from, to)` of the document hands on to the rest, compared before and after an edit. */
  readonly windowCarry?: (context: RuleContext, from: number, to: number) => string;
  check(context: RuleContext): Iterable<Finding>;
}

/** Findings a syntax-layer problem list holds for one rule id. */
export function problemsOf(model: DocumentModel, code: string): Finding[] {
  return model.problems.filter((p) => p.code === code).map((p) => ({ span: p.span, message: p.message }));
}
