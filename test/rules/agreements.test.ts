// Four published licences converted to Clausemark (test/fixtures/agreements): their findings against a file snapshot
// and against the reviewed account in REVIEW.md, and the tool bugs and parser gaps they revealed, as expected failures.

import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../server/src/cli/loadWorkspace.js';
import { DEFAULT_CONFIG, documentDiagnostics, LineIndex } from '../../server/src/language/index.js';
import { findingsOf } from '../helpers/ruleCheck.js';
import { memoryWorkspace } from '../helpers/workspace.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const folder = 'test/fixtures/agreements';

/** One finding of `clausemark check` on the folder. */
interface Found {
  readonly path: string;
  readonly file: string;
  readonly at: string;
  readonly severity: string;
  readonly code: string;
}

/** Every finding on the agreements as `clausemark check` makes them (default levels; file by file, by position). */
function agreementFindings(): Found[] {
  const { index, documents } = loadWorkspace([folder], repo);
  return documents.flatMap((uri) => {
    const path = relative(repo, fileURLToPath(uri)).split('\\').join('/');
    const lines = new LineIndex(index.document(uri)!.model.text);
    return documentDiagnostics(index, uri, DEFAULT_CONFIG).map((d) => {
      const start = lines.position(d.span.start);
      return { path, file: path.slice(path.lastIndexOf('/') + 1), at: `${start.line + 1}:${start.character + 1}`, severity: d.severity, code: d.code };
    });
  });
}

/** A row of a finding table in REVIEW.md, one per position it lists. */
interface Reviewed {
  readonly file: string;
  readonly at: string;
  readonly severity: string;
  readonly code: string;
  readonly verdict: string;
}

/** REVIEW.md read back: the error and warning rows of each document's table, and the info/hint counts. */
function readReview(): { rows: Reviewed[]; counts: Map<string, number> } {
  const text = readFileSync(join(repo, folder, 'REVIEW.md'), 'utf8');
  const rows: Reviewed[] = [];
  const counts = new Map<string, number>();
  let section = '';
  for (const line of text.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) section = heading[1]!.trim();
    if (!line.startsWith('|') || /^\|\s*(rule|---)/.test(line)) continue;
    const cells = line.slice(1, line.lastIndexOf('|')).split(' | ').map((c) => c.trim().replace(/`/g, ''));
    if (section.endsWith('.clause.md')) {
      // | rule | severity | at | message | verdict | why |
      const [code, severity, at, , verdict] = cells;
      for (const position of at!.split(',')) rows.push({ file: section, at: position.trim(), severity: severity!, code: code!, verdict: verdict! });
    } else if (section.startsWith('Info')) {
      // | rule | severity | document | count | assessment |
      const [code, severity, file, count] = cells;
      counts.set(`${file} ${severity} ${code}`, Number(count));
    }
  }
  return { rows, counts };
}

describe('published agreements', () => {
  const found = agreementFindings();

  it('finds what the reviewed snapshot records', async () => {
    const lines = found.map((f) => `${f.path}:${f.at} ${f.severity} ${f.code}`);
    const header = '# Findings of clausemark check on test/fixtures/agreements (path:line:col severity rule), written by test/rules/agreements.test.ts and reviewed in REVIEW.md.';
    await expect([header, ...lines, ''].join('\n')).toMatchFileSnapshot('../fixtures/agreements/findings.txt');
  });

  it('has every error and warning accounted for in REVIEW.md, and no more', () => {
    const key = (r: { file: string; at: string; severity: string; code: string }) => `${r.file}:${r.at} ${r.severity} ${r.code}`;
    const serious = found.filter((f) => f.severity === 'error' || f.severity === 'warning').map(key);
    expect(readReview().rows.map(key).sort()).toEqual(serious.sort());
  });

  it('reports an error only where REVIEW.md shows the text really has it', () => {
    const errors = found.filter((f) => f.severity === 'error');
    const justified = readReview().rows.filter((r) => r.severity === 'error' && r.verdict === 'right');
    expect(errors.length).toBe(justified.length);
  });

  it('has the info and hint counts that REVIEW.md sums up', () => {
    const counts = new Map<string, number>();
    for (const f of found.filter((x) => x.severity === 'info' || x.severity === 'hint')) {
      const k = `${f.file} ${f.severity} ${f.code}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(readReview().counts).toEqual(counts);
  });
});

/** The names of every term a document defines. */
function termsOf(document: string): string[] {
  const { index, uri } = memoryWorkspace(document);
  return index.document(uri)!.model.definitions.flatMap((d) => d.names.map((n) => n.name));
}

// Tool bugs the agreements revealed. Each finding (or missing finding) below is wrong on the published text; the
// expected behaviour is what a careful reader of that text wants. REVIEW.md refers to them as B1 to B7.
describe('tool bugs found on the agreements (expected to fail until fixed)', () => {
  // B1, server/src/syntax/extract/definitions.ts with termMatcher.ts: a quoted term that opens its sentence carries a
  // capital only because of its position (GPL 3: "This License", "The Program", "Object code", "Additional
  // permissions", "Knowingly relying", "Copyright"), yet the term keeps it, so every use in running text ("this
  // License") is no use, term.unused reports the term and term.case-mismatch reports each use (95 warnings on the GPL).
  it('B1: matches a sentence-initial term in its lower-case uses (GPL "This License")', () => {
    const document = '"This License" refers to version 3 of the licence.\n\nYou accept this License by copying.\n';
    expect(findingsOf('term.case-mismatch', document)).toEqual([]);
    expect(findingsOf('term.unused', document)).toEqual([]);
  });

  // B2, server/src/language/rules/clause.numbering.ts: a list numbered from 0 (GPL 3: "0. Definitions." to
  // "17. Interpretation of Sections 15 and 16.") neither skips nor goes backwards, yet "0" is reported.
  it('B2: accepts clauses numbered from 0 (GPL sections 0 to 17)', () => {
    expect(findingsOf('clause.numbering', '## 0. Definitions.\n\nWords.\n\n## 1. Source Code.\n\nMore words.\n')).toEqual([]);
  });

  // B3, the definition text of a means-definition is its whole paragraph (server/src/syntax/extract/definitions.ts),
  // and term.unused does not count uses inside it: GPL 3 section 10 defines "entity transaction" in one sentence
  // and uses it in the next, operative one, and the term is reported unused.
  it('B3: counts a use in the sentence after the definition (GPL "entity transaction")', () => {
    const document =
      'An "entity transaction" is a transaction transferring control of an organization. If propagation results from an entity transaction, each party receives the licenses.\n';
    expect(findingsOf('term.unused', document)).toEqual([]);
  });

  // B4, term.circular with the definition text of a parenthetical (the whole sentence): two parentheticals in one
  // sentence get the same text, so each "uses" whatever the other's part of the sentence names. CC0 1.0 defines
  // "Work" as "an original work of authorship and/or a database", yet it is reported as circular with
  // "Copyright and Related Rights" and "owner" (3 warnings).
  it.fails('B4: no cycle through a parenthetical that only shares a sentence (CC0 "Work")', () => {
    const document = 'The laws confer Rights (defined below) upon the owner of a work (each, a "Work").\n\nA Work may be protected by neighbouring rights ("Rights").\n';
    expect(findingsOf('term.circular', document)).toEqual([]);
  });

  // B5, server/src/syntax/extract/references.ts (LIST and FOLLOWING accept one separator, so not ", and"): MPL 2.0
  // section 2.7 "Sections 3.1, 3.2, 3.3, and 3.4" refers to 3.1 to 3.3 only; a broken last item goes unreported.
  it('B5: reads the last item of a list written with a serial comma (MPL "3.3, and 3.4")', () => {
    const document = '## 3.1 Source\n\nText.\n\n## 3.2 Binary\n\nSections 3.1, 3.2, and 3.9 are conditions.\n';
    expect(findingsOf('ref.broken', document).map((d) => d.message)).toEqual(['No clause "3.9" in this document']);
  });

  // B6, the model (server/src/language/link.ts): ref.broken knows that "article 11 of the WIPO copyright treaty"
  // (GPL 3 section 3) names another instrument, but the reference is still resolved to this document's clause 11,
  // so hover, go to definition and the index send the reader to GPL section 11 "Patents".
  it.fails('B6: does not resolve a reference to another instrument to a clause of this one (GPL "article 11 of the WIPO copyright treaty")', () => {
    const document = '## 1. Definitions.\n\nWords.\n\n## 11. Patents.\n\nNo work is part of a measure under article 11 of the WIPO copyright treaty.\n';
    const { index, uri } = memoryWorkspace(document);
    expect(index.linked(uri)!.references.filter((r) => r.clause !== undefined).map((r) => r.reference.text)).toEqual([]);
  });

  // B7, the model (server/src/language/link.ts, choose): a lower-case scoped term is an ordinary word outside its
  // scope (term.out-of-scope says so and stays quiet), yet the use is linked to the scoped definition: Apache 2.0's
  // "source code control systems" gets the hover of "control" from the definition of "Legal Entity", with a warning
  // that it stands outside the scope, and counts as a use.
  it('B7: does not link a lower-case scoped term outside its scope (Apache "source code control systems")', () => {
    const document =
      '"Legal Entity" means an entity and those that control it. For the purposes of this definition, "control" means ownership.\n\n"Contribution" means work sent through source code control systems to any Legal Entity.\n';
    const { index, uri } = memoryWorkspace(document);
    expect(index.linked(uri)!.termUses.filter((u) => u.name === 'control' && u.outOfScope)).toEqual([]);
  });
});

// Terms a lawyer lists in these texts that the parser does not find (all in GPL 3 unless named), and the definition
// text it cuts short: server/src/syntax/extract/definitions.ts. None is a finding today; each is a term with no hover,
// no use count and no check.
describe('parser gaps found on the agreements (expected to fail until the parser reads them)', () => {
  const gaps: [string, string, string][] = [
    ['a qualifier of more than four words', 'The "Corresponding Source" for a work in object code form means all the source code.', 'Corresponding Source'],
    ['the plural verb "include"', 'The "System Libraries" of an executable work include anything other than the work as a whole.', 'System Libraries'],
    ['an aside between the term and the verb', 'A "Major Component", in this context, means a major essential component.', 'Major Component'],
    ['", which means"', 'A "User Product" is either (1) a "consumer product", which means any tangible personal property.', 'consumer product'],
    ['"is called"', 'The resulting work is called a "modified version" of the earlier work.', 'modified version'],
    ['"includes" inside a paragraph', 'A "contributor" is a holder. For purposes of this definition, "control" includes the right to grant patent sublicenses.', 'control'],
    ['a possessive lead-in', 'A contributor\'s "essential patent claims" are all patent claims owned by the contributor.', 'essential patent claims'],
    ['a parenthetical across a line break (CC0 1.0, as published)', 'A Work may be protected by copyright and related or neighboring rights ("Copyright and\nRelated Rights").', 'Copyright and Related Rights'],
    ['a term heading followed by "means" (MPL 2.0 laid out as headings)', '## 1. Definitions\n\n### 1.1. "Contributor"\n\nmeans each individual or legal entity.', 'Contributor'],
  ];
  for (const [name, document, term] of gaps) {
    it.fails(`defines "${term}" written with ${name}`, () => {
      expect(termsOf(document)).toContain(term);
    });
  }

  // MPL 2.0 1.5 and 1.10: the definition is completed by its sub-clauses (a) and (b); the hover shows only
  // '"Incompatible With Secondary Licenses" means', and uses inside (a) and (b) count as uses outside it.
  it.fails('takes the sub-clauses that complete a definition into its text (MPL "Modifications")', () => {
    const document = '## 1. Definitions\n\n1.10. "Modifications" means any of the following:\n\n(a) any file that results from an addition; or\n\n(b) any new file.\n';
    const { index, uri } = memoryWorkspace(document);
    expect(index.document(uri)!.model.definitions[0]!.text).toContain('any new file');
  });
});
