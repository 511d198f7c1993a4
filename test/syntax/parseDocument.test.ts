// Tests of the syntax layer's entry point on whole documents: clauses, definitions, references, callouts,
// suppressions and problems, each case a document and the model parts expected from it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../server/src/syntax/model.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';
import { dedent, slice } from '../helpers/fixture.js';

const sample = readFileSync(new URL('../fixtures/format-sample.clause.md', import.meta.url), 'utf8');

/** A compact, readable view of a model: what the tests compare. */
function view(model: DocumentModel) {
  const t = model.text;
  return {
    clauses: model.clauses.map((c) => `${c.number}${c.explicitId ? ` {#${c.id}}` : ''} ${c.kind}${c.title ? ` "${c.title}"` : ''}${c.parent >= 0 ? ` in ${model.clauses[c.parent]!.number}` : ''}`),
    sections: model.sections.map((s) => s.title),
    definitions: model.definitions.map(
      (d) =>
        `${d.names.map((n) => `"${slice(t, n.span)}"`).join(' or ')} ${d.form}${d.pointer ? ` -> ${d.pointer.target}${d.pointer.document ? ` of ${d.pointer.document}` : ''}` : ''}${d.scope ? ` scoped ${d.scope.clause >= 0 ? model.clauses[d.scope.clause]!.number : 'definition'}` : ''}`,
    ),
    references: model.references.map((r) => `${slice(t, r.span)} -> ${r.target}${r.file ? ` in ${r.file}` : ''}${r.self ? ' (self)' : ''}`),
    citations: model.citations.flatMap((c) => c.items.map((i) => `${slice(t, i.keySpan)}${i.locator ? `, ${i.locator}` : ''}`)),
    termLinks: model.termLinks.map((l) => `${slice(t, l.targetSpan)}${l.shownSpan ? `|${slice(t, l.shownSpan)}` : ''}`),
    callouts: model.callouts.map((c) => `${c.type}${c.party ? ` ${slice(t, c.partySpan!)}` : ''} -> ${c.target ? `${c.target.kind} ${c.target.kind === 'clause' ? model.clauses[c.target.index]!.number : model.definitions[c.target.index]!.names[0]!.name}` : 'nothing'}`),
    suppressions: model.suppressions.map((s) => `${s.kind} ${s.rules.join(',')}`.trim()),
    problems: model.problems.map((p) => `${p.code} "${slice(t, p.span)}"`),
  };
}

describe('the format sample', () => {
  it('reads every construct of the running example', () => {
    const model = parseDocument(sample);
    expect(view(model)).toEqual({
      clauses: ['1 {#exclusivity} heading "Exclusivity"', '1.1 heading "Azure routing" in 1', '1.2 paragraph in 1'],
      sections: ['Definitions'],
      definitions: [
        '"Stateless API Call" means',
        '"Stateful Runtime Environment" or "SRE" means',
        '"Azure Exclusivity Clause" parenthetical',
        '"Fairwater" means',
      ],
      references: ['§1.1 -> 1.1', 'Section 2 -> 2'],
      citations: ['neowin-2026-03-18', 'ft-2026-03', 'infoq-2026-03', 'geekwire-2026, p. 2', 'dcd-2025-10', 'openai-2025-10'],
      termLinks: ['Stateless API Call|stateless calls'],
      callouts: [
        'EXPLAIN -> definition Stateless API Call',
        'POSITION Microsoft -> definition Stateless API Call',
        'POSITION OpenAI -> definition Stateless API Call',
      ],
      suppressions: ['disable-next-line term.unused'],
      problems: [],
    });
    expect(model.frontMatter?.parties.map((p) => p.name)).toEqual(['Microsoft', 'OpenAI', 'Amazon']);
    expect(model.frontMatter?.imports.map((p) => p.path)).toEqual(['glossary.clause.md']);
  });

  it('gives the same model with CRLF line endings, offsets shifted by the extra characters', () => {
    const crlf = sample.replace(/\n/g, '\r\n');
    const a = view(parseDocument(sample));
    const b = view(parseDocument(crlf));
    expect(b).toEqual(a);
  });

  it('counts a leading byte-order mark in every offset', () => {
    const model = parseDocument(`\uFEFF${sample}`);
    expect(view(model)).toEqual(view(parseDocument(sample)));
  });

  it('keeps the definition text plain: citations out, term links as shown', () => {
    const model = parseDocument(sample);
    expect(model.definitions[0]!.text).toBe('"Stateless API Call" means a request in which a model answers a single input and keeps nothing after answering.');
    expect(model.callouts[1]!.text).toBe('Every agent workload is built out of Stateless API Calls.');
  });
});

/** Table of small documents and the parts of the model they must give. */
const cases: { name: string; doc: string; expect: Partial<ReturnType<typeof view>> }[] = [
  {
    name: 'clause headings in every numbering style',
    doc: `
      # 1. Exclusivity
      ## 1.1 Azure routing
      ### 2.3(a) Notices
      ## § 4 Term
      ## Section 5 Fees {#fees}
      # Article IV
      # Definitions
    `,
    expect: {
      clauses: ['1 heading "Exclusivity"', '1.1 heading "Azure routing" in 1', '2.3(a) heading "Notices"', '4 heading "Term"', '5 {#fees} heading "Fees"', 'IV heading'],
      sections: ['Definitions'],
    },
  },
  {
    name: 'numbered paragraphs and (a) sub-clauses nest by number',
    doc: `
      # 2. Services

      2.1. The Provider shall provide the Services.

      (a) first;

      (b) second, and

      (i) a nested point;

      (ii) another.

      (c) third.

      2.2 Fees are due monthly.
    `,
    expect: {
      clauses: ['2 heading "Services"', '2.1 paragraph in 2', '2.1(a) subclause in 2.1', '2.1(b) subclause in 2.1', '2.1(b)(i) subclause in 2.1(b)', '2.1(b)(ii) subclause in 2.1(b)', '2.1(c) subclause in 2.1', '2.2 paragraph in 2'],
    },
  },
  {
    name: 'a single-level number at a paragraph start is an ordered list, not a clause',
    doc: `
      2. Single-level items are list items.

      3.5 million is not written at a paragraph start in contracts, but 3.5 is two parts.
    `,
    expect: { clauses: ['3.5 paragraph'] },
  },
  {
    name: 'every definition form of section 3',
    doc: `
      "Stateless API Call" means a request.

      "You" (or "Your") shall mean an individual.

      A "covered work" means the Program.

      To "convey" a work means to propagate it.

      "Source" form shall mean the preferred form.

      "Patent Claims" of a Contributor means claims.

      **"Customer Data"** means all data.

      "**MNDA**" means this agreement.

      “Curly Term” refers to something.

      "Losses" includes reasonable legal fees.

      "Legal Entity" shall mean the union. For the purposes of this definition, "control" means the power.

      This Agreement ("Agreement") is made by ABC Corp. (the "Company") and Buyer Inc. (each, a "Party" and together the "Parties").

      Rights (collectively, the "Documents") and (hereinafter referred to as the "Licensor") and (such date, the "Closing Date").

      "Credit Documentation" has the meaning set forth in Section 9.15.

      "Company Debt" shall have the meaning set forth in Section 1.1(c) of the Credit Agreement.
    `,
    expect: {
      definitions: [
        '"Stateless API Call" means',
        '"You" or "Your" means',
        '"covered work" means',
        '"convey" means',
        '"Source" means',
        '"Patent Claims" means',
        '"Customer Data" means',
        '"MNDA" means',
        '"Curly Term" means',
        '"Losses" means',
        '"Legal Entity" means',
        '"control" means scoped definition',
        '"Agreement" parenthetical',
        '"Company" parenthetical',
        '"Party" or "Parties" parenthetical',
        '"Documents" parenthetical',
        '"Licensor" parenthetical',
        '"Closing Date" parenthetical',
        '"Credit Documentation" pointer -> 9.15',
        '"Company Debt" pointer -> 1.1(c) of Credit Agreement',
      ],
    },
  },
  {
    name: 'quoted words that are not definitions',
    doc: `
      Information marked "confidential", "proprietary" or the like is protected.

      THE WORK IS PROVIDED "AS IS", WITH ALL FAULTS.

      "AS IS" is not a term.

      The agreement titled "Master Services Agreement" governs.

      The words "include," and "including" are followed by "without limitation".
    `,
    expect: { definitions: [] },
  },
  {
    name: 'a definition scoped to its clause',
    doc: `
      # 7. Affiliates

      For purposes of this Section 7, "Affiliate" means any entity that controls a Party.

      # 8. Other
    `,
    expect: { definitions: ['"Affiliate" means scoped 7'], clauses: ['7 heading "Affiliates"', '8 heading "Other"'] },
  },
  {
    name: 'a scope phrase in a later paragraph of the clause scopes the definitions after it',
    doc: `
      # 2. Spend

      Amounts are reported.

      For purposes of this Section 2, "Y" means z. "Z" means w.

      # 3. Other
    `,
    expect: { definitions: ['"Y" means scoped 2', '"Z" means scoped 2'] },
  },
  {
    name: 'clause references in every form, keywords in any case',
    doc: `
      See §1.1, § 2, Section 3, section 10, Clause 2.3(a), Article IV and SECTION 4.

      Sections 1 through 9 apply, and Sections 2.1 and 3.4 too. Section 2 to 4 weeks is a duration.

      Subject to this Section 3, see [the exclusivity terms](#exclusivity) and [§4](aws.clause.md#4) and [site](https://example.com/#x).

      Section I is not a reference, nor is sectional 5.
    `,
    expect: {
      references: [
        '§1.1 -> 1.1',
        '§ 2 -> 2',
        'Section 3 -> 3',
        'section 10 -> 10',
        'Clause 2.3(a) -> 2.3(a)',
        'Article IV -> IV',
        'SECTION 4 -> 4',
        'Sections 1 -> 1',
        '9 -> 9',
        'Sections 2.1 -> 2.1',
        '3.4 -> 3.4',
        'Section 2 -> 2',
        'Section 3 -> 3 (self)',
        '[the exclusivity terms](#exclusivity) -> exclusivity',
        '[§4](aws.clause.md#4) -> 4 in aws.clause.md',
      ],
    },
  },
  {
    name: 'no constructs inside code',
    doc: `
      \`"Term" means [@key] Section 2 [[Term]]\`

      \`\`\`
      "Fenced" means nothing. [@fenced] Section 3
      # 9. Not a clause
      \`\`\`
    `,
    expect: { definitions: [], references: [], citations: [], termLinks: [], clauses: [] },
  },
  {
    name: 'callouts attach to the nearest preceding definition or clause in the same section',
    doc: `
      # Definitions

      > [!NOTE]
      > Before anything: attaches to nothing.

      "Agent" means a program.

      > [!explain]
      > A program acting alone.

      # 1. Routing

      All calls are routed (the "Routing Rule").

      > [!POSITION Amazon Web Services]
      > On the clause, not the parenthetical.

      > [!RISK]
      > Also on the clause.
    `,
    expect: {
      callouts: ['NOTE -> nothing', 'EXPLAIN -> definition Agent', 'POSITION Amazon Web Services -> clause 1', 'RISK -> clause 1'],
    },
  },
  {
    name: 'suppression comments, flow and inline',
    doc: `
      <!-- clausemark-disable-file term.unused -->

      <!-- clausemark-disable term.unused, cite.unknown -->

      Text <!-- clausemark-disable-next-line --> inline.

      <!-- clausemark-enable -->
    `,
    expect: { suppressions: ['disable-file term.unused', 'disable term.unused,cite.unknown', 'disable-next-line', 'enable'] },
  },
  {
    name: 'unclosed term links, citations and ids',
    doc: `
      # 1. Heading {#unclosed

      A [[Term without end and [@key without end.

      Escaped \\[[not a link and \\[@not a citation.
    `,
    expect: { problems: ['syntax.unclosed "{#unclosed"', 'syntax.unclosed "[["', 'syntax.unclosed "[@"'] },
  },
];

describe('documents', () => {
  it.each(cases)('$name', ({ doc, expect: expected }) => {
    const model = parseDocument(dedent(doc));
    const got = view(model);
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) expect(got[key], key).toEqual(expected[key]);
  });
});

describe('robustness', () => {
  it.each([
    ['empty', ''],
    ['only front matter', '---\nclausemark: 1\n---\n'],
    ['unclosed front matter', '---\nclausemark: 1\n'],
    ['broken YAML', '---\nparties: [\n---\n# 1. A'],
    ['lone surrogates', '"\uD800" means \uDC00 [[\uD800]] [@\uDFFF]'],
    ['NUL bytes', '"A\u0000" means \u0000 x'],
    ['deep quotes', `${'>'.repeat(2000)} [!NOTE]`],
  ])('never throws and keeps every span inside the text: %s', (_name, text) => {
    const model = parseDocument(text);
    const spans = [
      ...model.clauses.flatMap((c) => [c.span, c.headSpan, c.numberSpan]),
      ...model.definitions.flatMap((d) => [d.span, ...d.names.map((n) => n.span)]),
      ...model.references.map((r) => r.span),
      ...model.citations.map((c) => c.span),
      ...model.callouts.map((c) => c.span),
      ...model.problems.map((p) => p.span),
    ];
    for (const s of spans) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(text.length);
      expect(s.start).toBeLessThanOrEqual(s.end);
    }
  });
});
