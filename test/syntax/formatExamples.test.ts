// Every example of the format specification (shared/design/format.md, sections 2 to 7) as a test case: each
// definition form and each reference form has cases that must be found and near misses that must not. In a case,
// ⟦…⟧ marks each name that must be defined (or each reference target that must be found); the marks are removed
// before parsing. The model of the running example is a file snapshot.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';

/** Removes ⟦…⟧ marks; returns the text and the marked strings with their offsets. */
function marked(source: string): { text: string; marks: { text: string; start: number }[] } {
  const marks: { text: string; start: number }[] = [];
  let text = '';
  let open = -1;
  for (const ch of source) {
    if (ch === '⟦') open = text.length;
    else if (ch === '⟧') marks.push({ text: text.slice(open), start: open });
    else text += ch;
  }
  return { text, marks };
}

const definitions: [form: string, doc: string][] = [
  ['means', '"⟦Stateless API Call⟧" means a request.'],
  ['shall mean', '"⟦Legal Entity⟧" shall mean the union of the acting entity.'],
  ['refers to', '"⟦Platform⟧" refers to the hosted service.'],
  ['has the meaning (no clause named)', '"⟦Fees⟧" has the meaning agreed in writing by the parties.'],
  ['includes', '"⟦Losses⟧" includes reasonable legal fees.'],
  ['is', '"⟦Business Day⟧" is a day on which banks are open.'],
  ['alternative names with or', '"⟦Stateful Runtime Environment⟧" or "⟦SRE⟧" means the agent runtime.'],
  ['alternative name in parentheses', '"⟦You⟧" (or "⟦Your⟧") shall mean an individual.'],
  ['article lead-in A', 'A "⟦covered work⟧" means either the unmodified Program or a work based on it.'],
  ['article lead-in To', 'To "⟦convey⟧" a work means any kind of propagation.'],
  ['article lead-in The', 'The "⟦source code⟧" for a work means the preferred form.'],
  ['short qualifier', '"⟦Source⟧" form shall mean the preferred form for making modifications.'],
  ['qualifier of a Contributor', '"⟦Patent Claims⟧" of a Contributor means any patent claim.'],
  ['inside a paragraph', '"⟦Legal Entity⟧" shall mean the union. For the purposes of this definition, "⟦control⟧" means the power.'],
  ['parenthetical the', 'All calls are routed through Azure (the "⟦Azure Exclusivity Clause⟧").'],
  ['parenthetical bare', 'This Agreement ("⟦Agreement⟧") is made today.'],
  ['parenthetical each, a', 'Signed by both (each, a "⟦Party⟧").'],
  ['parenthetical collectively', 'The schedules (collectively, the "⟦Documents⟧") apply.'],
  ['parenthetical hereinafter', 'ACME Ltd (hereinafter the "⟦Licensor⟧") grants a licence.'],
  ['pointer', '"⟦Credit Documentation⟧" has the meaning set forth in Section 9.15.'],
  ['bold inside and around quotes', '"**⟦MNDA⟧**" means this agreement. **"⟦Cover Page⟧"** means the first page.'],
  ['curly quotes', '“⟦Confidential Information⟧” means any information.'],
];

const notDefinitions: [what: string, doc: string][] = [
  ['quoted words without a defining verb', 'Information marked "confidential" or "proprietary" is protected.'],
  ['ALL-CAPS disclaimers', 'THE WORK IS PROVIDED "AS IS", WITHOUT WARRANTY. "AS IS" is a disclaimer.'],
  ['titles', 'The agreement titled "Master Services Agreement" governs.'],
  ['a quotation inside a sentence', 'He said "no" means no.'],
  ['a word named in running text', 'The word "include" means nothing special here.'],
  ['a parenthetical that is not a lead-in', 'Keep it secret (marked "secret").'],
  ['inside code', '`"Term" means x` and\n\n```\n"Fenced" means y.\n```'],
  ['a verb that is not a defining one', '"Fees" are payable monthly? No: "Fees" apply.'],
];

const references: [form: string, doc: string][] = [
  ['§ without a space', 'See ⟦§1.1⟧.'],
  ['§ with a space', 'See ⟦§ 1.1⟧.'],
  ['Section', 'See ⟦Section 1.1⟧.'],
  ['lower-case keyword', 'See ⟦section 10⟧.'],
  ['range', 'See ⟦Sections 1⟧ through ⟦9⟧.'],
  ['list', 'See ⟦Sections 2.1⟧ and ⟦3.4⟧.'],
  ['Clause with a sub-clause', 'See ⟦Clause 2.3(a)⟧.'],
  ['Article with a Roman number', 'See ⟦Article IV⟧.'],
  ['link to a clause id', 'See ⟦[the exclusivity terms](#exclusivity)⟧.'],
  ['link into another file', 'See ⟦[§4](aws.clause.md#4)⟧.'],
];

const notReferences: [what: string, doc: string][] = [
  ['a Roman number after Section', 'Section I is a pronoun here.'],
  ['a word that starts with a keyword', 'A sectional 5 sofa.'],
  ['a number followed by a letter', 'See Section 4A and Section 4.1A.'],
  ['a keyword without a number', 'See this section and the next.'],
  ['a link to a web page', 'See [the statute](https://example.com/law#s7) and [Section 7](https://example.com/law).'],
  ['inside code', 'Write `Section 2` or\n\n```\nSection 3\n```'],
];

describe('definition forms (format section 3)', () => {
  it.each(definitions)('finds: %s', (_form, doc) => {
    const { text, marks } = marked(doc);
    const names = parseDocument(text).definitions.flatMap((d) => d.names.map((n) => ({ text: text.slice(n.span.start, n.span.end), start: n.span.start })));
    expect(names).toEqual(marks);
  });

  it.each(notDefinitions)('does not take %s for a definition', (_what, doc) => {
    expect(parseDocument(doc).definitions.map((d) => d.names.map((n) => n.name))).toEqual([]);
  });

  it('reads the pointer target of a pointer definition', () => {
    expect(parseDocument('"Credit Documentation" has the meaning set forth in Section 9.15.').definitions[0]!.pointer?.target).toBe('9.15');
  });
});

describe('reference forms (format section 5)', () => {
  it.each(references)('finds: %s', (_form, doc) => {
    const { text, marks } = marked(doc);
    const found = parseDocument(text).references.map((r) => ({ text: text.slice(r.span.start, r.span.end), start: r.span.start }));
    expect(found).toEqual(marks);
  });

  it.each(notReferences)('does not take %s for a reference', (_what, doc) => {
    expect(parseDocument(doc).references).toEqual([]);
  });
});

describe('the running example', () => {
  it('has the model of its snapshot', async () => {
    const text = readFileSync(new URL('../fixtures/format-sample.clause.md', import.meta.url), 'utf8');
    const { runs: _runs, text: _text, ...model } = parseDocument(text, 'file:///workspace/format-sample.clause.md');
    await expect(`${JSON.stringify(model, null, 1)}\n`).toMatchFileSnapshot('../fixtures/format-sample.model.json');
  });
});
