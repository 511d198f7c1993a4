// A document's diagnostics in two sets, each pulled under its own identifier (LSP 3.17 lets a server register more
// than one diagnostic provider, and VS Code's client keeps each provider's in a collection of its own): the findings
// of the rules that read the document as a whole (`window: 'document'`: unused and contested terms, cycles, clause
// numbering…), which a keystroke elsewhere only moves, and every other finding. After a keystroke on one line, the
// whole-document set is where the editor already shows it, its pull is answered "unchanged", and only the other set,
// a handful of findings, goes out in full: on a 10 MB contract 155 diagnostics (115 KB of JSON) were sent again for
// every keystroke that made or mended one finding.
//
// Only open documents are split. A closed document's findings come whole under the main identifier, as the
// workspace pull reports them, and the second set has nothing for it; so whichever pull the client makes of a
// document that is opening or closing, no finding is shown twice or lost.

import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Rule } from '../language/index.js';

/** The identifier of the first diagnostic provider (declared at initialize): every finding, or all but the whole-document rules' when split. */
export const MAIN_DIAGNOSTICS = 'clausemark';
/** The identifier of the second provider, registered when the client can: the whole-document rules' findings of open documents. */
export const DOCUMENT_RULE_DIAGNOSTICS = 'clausemark.document';

/** Which of the two sets a pull under `identifier` asks for (a pull with none, or an unknown one, asks for the main set). */
export function setOf(identifier: string | undefined): 'main' | 'document' {
  return identifier === DOCUMENT_RULE_DIAGNOSTICS ? 'document' : 'main';
}

/** The ids of the rules whose findings form the whole-document set. */
export function documentRuleIds(rules: readonly Rule[]): ReadonlySet<string> {
  return new Set(rules.filter((rule) => rule.window === 'document').map((rule) => rule.id));
}

/** A list of diagnostics split into the two sets. */
export interface SplitDiagnostics {
  readonly main: LspDiagnostic[];
  readonly document: LspDiagnostic[];
}

/**
 * Splits lists of diagnostics by their rule (`code`). The halves of a list are remembered while the list lives, so
 * that a cached list splits into the same arrays each time and its reports' ids are found without comparing items.
 */
export class DiagnosticSplitter {
  readonly #documentRules: ReadonlySet<string>;
  readonly #split = new WeakMap<readonly LspDiagnostic[], SplitDiagnostics>();

  constructor(documentRules: ReadonlySet<string>) {
    this.#documentRules = documentRules;
  }

  split(items: readonly LspDiagnostic[]): SplitDiagnostics {
    const known = this.#split.get(items);
    if (known) return known;
    const main: LspDiagnostic[] = [];
    const document: LspDiagnostic[] = [];
    for (const item of items) (typeof item.code === 'string' && this.#documentRules.has(item.code) ? document : main).push(item);
    const split = { main, document };
    this.#split.set(items, split);
    return split;
  }
}
