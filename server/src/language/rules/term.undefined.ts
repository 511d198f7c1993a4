// Rule: term.undefined. Reports a `[[X]]` term link that names no term the document can see, and a pointer
// definition ("has the meaning set forth in Section X") whose clause X does not exist.
// Why: an explicit link is the writer saying "this is a defined term"; when nothing defines it, the reader has
// no meaning to look up. Only explicit links are checked: guessing undefined terms from capitals is the false
// positive real tools are criticised for.
// ok:     `[[Stateless API Call]]` with `"Stateless API Call" means …`
// not ok: `[[Compute Credit]]` with no definition; `"X" has the meaning set forth in Section 9.15.` with no §9.15

import { skeletonMemo } from '../skeletonMemo.js';
import type { Finding, Rule } from './rule.js';
import { pointerTarget } from './term.pointer-mismatch.js';

/** The rule. */
export const rule: Rule = {
  id: 'term.undefined',
  defaultLevel: 'error',
  window: 'occurrences',
  summary: '`[[X]]` names no defined term, or a pointer definition points to no clause',
  docs: {
    what:
      'A term link `[[X]]` whose target is no term the document can see (its own definitions, its imports\', the workspace glossary), or a pointer definition (`"X" has the meaning set forth in Section 9.15`) whose clause does not exist. Text that merely looks like a term (capitalised words) is never reported.',
    why: 'A term link or a pointer is the writer promising a definition; when there is none, the reader has no meaning to look up, and hover and go-to-definition lead nowhere.',
    ok: {
      document: `"Stateless API Call" means a request that keeps nothing after answering.\n\nEvery [[Stateless API Call]] is routed through Azure.\n`,
    },
    notOk: {
      document: `"Credit Documentation" has the meaning set forth in Section 9.15.\n\nEvery [[Compute Credit]] is billed monthly.\n`,
    },
  },
  *check({ index, linked, model }): Iterable<Finding> {
    for (const use of linked.termUses) {
      if (!use.explicit || use.term) continue;
      // A document of the workspace that defines the name but is not imported: say which, for the quick fix.
      const elsewhere = index.modelFacts.definingDocuments(use.name.toLowerCase()).filter((u) => !linked.visible.includes(u));
      const file = elsewhere[0] ? decodeURIComponent(elsewhere[0].slice(elsewhere[0].lastIndexOf('/') + 1)) : undefined;
      yield {
        span: use.span,
        message: `No definition for term "${use.name}"${file ? `: "${file}" defines it but is not imported` : ''}`,
        data: { name: use.name, ...(use.targetSpan ? { targetSpan: use.targetSpan } : {}), ...(elsewhere.length > 0 ? { definedIn: elsewhere } : {}) },
      };
    }
    // The pointer definitions, by index, once per skeleton: a keystroke's window (same definitions, moved) asks only
    // about them instead of about the thousands of definitions of a large contract.
    const pointers = skeletonMemo(model, 'term.undefined:pointers', () => model.definitions.flatMap((d, i) => (d.form === 'pointer' && d.pointer ? [i] : [])));
    for (const i of pointers) {
      const definition = model.definitions[i]!;
      const target = pointerTarget(index, linked, definition);
      if (target.kind !== 'missing-clause') continue;
      const name = definition.names[0]!.name;
      const where = target.uri === linked.uri ? '' : ` of "${definition.pointer!.document}"`;
      yield {
        span: definition.pointer!.span,
        message: `No Section ${target.number}${where}: the definition of "${name}" points to a clause that does not exist`,
        data: { name, target: target.number },
      };
    }
  },
};
