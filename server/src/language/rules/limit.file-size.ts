// Rule: limit.file-size. Reports a document or bibliography file larger than the size limit (the setting
// `clausemark.maxFileSize`, else `maxFileSize` in clausemark.json, else 20 MB): such a file is not analysed at all,
// so this one finding is all it gets. Why: silence would read as "no problem".
// ok:     a contract under the limit
// not ok: a contract over it (`{ "maxFileSize": 100 }` and 196 bytes of text)

import { problemsOf, type Rule } from './rule.js';

const CONFIG = { 'clausemark.json': '{ "maxFileSize": 100 }\n' };

/** The rule. */
export const rule: Rule = {
  id: 'limit.file-size',
  defaultLevel: 'info',
  window: 'document',
  summary: 'The file is larger than the size limit and is not analysed',
  docs: {
    what:
      'A document or bibliography file larger than the size limit, in bytes of UTF-8: the setting `clausemark.maxFileSize`, ' +
      'else `"maxFileSize"` in `clausemark.json`, else 20 MB (20,971,520 bytes). Such a file is not analysed: it gets this one ' +
      'finding, no other, and hovers, references, completion and the other features find nothing in it; a bibliography above ' +
      'the limit gives no sources. Switching the rule off hides the finding, not the limit.',
    why: 'A file nothing is reported on looks clean; this says that it was not checked, and how to have it checked.',
    ok: { files: CONFIG, document: '"Agent" means a program that acts for a Party.\n\nEach Agent acts in good faith.\n' },
    notOk: {
      files: CONFIG,
      document:
        '"Agent" means a program that acts for a Party.\n\n' +
        '# 1. Duties\n\n1.1 Each Agent acts in good faith and keeps the records the Party asks for.\n\n' +
        '1.2 Each Agent reports every incident within three days.\n',
    },
  },
  check: ({ model }) => problemsOf(model, 'limit.file-size'),
};
