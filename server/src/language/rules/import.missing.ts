// Rule: import.missing. Reports an `imports` or `bibliography` path that does not exist or leaves the workspace
// folder. Why: a missing glossary turns every imported term into an undefined one, and a path outside the
// workspace would let a document read files it should not.
// ok:     `imports: [glossary.clause.md]` next to the document
// not ok: `bibliography: ../../etc/sources.yaml`

import type { Finding, Rule } from './rule.js';

/** The rule. */
export const rule: Rule = {
  id: 'import.missing',
  defaultLevel: 'error',
  window: 'document',
  summary: 'An import or bibliography path does not exist, or leaves the workspace',
  docs: {
    what: 'An `imports` or `bibliography` path (in front matter or `clausemark.json`) that does not exist, or that leaves the workspace folder (`..`, an absolute path, a symbolic link out of it).',
    why: 'A missing glossary turns every imported term into an undefined one; a path out of the workspace would let a document make the tool read files it should not.',
    ok: {
      document: `---\nimports: [glossary.clause.md]\n---\n\nEach Agent acts alone.\n`,
      files: { 'glossary.clause.md': `"Agent" means a program.\n` },
    },
    notOk: { document: `---\nimports: [../../etc/glossary.clause.md]\n---\n\nEach Agent acts alone.\n` },
  },
  *check({ linked, uri }): Iterable<Finding> {
    for (const ref of linked.fileReferences) {
      // Workspace defaults are reported once, on clausemark.json, not on every document.
      if (ref.from !== uri || !ref.problem) continue;
      const what = ref.kind === 'import' ? 'Import' : 'Bibliography';
      yield { span: ref.path.span, message: `${what} "${ref.path.path}": ${ref.problem}`, data: { path: ref.path.path, kind: ref.kind } };
    }
  },
};
