// Document generators shared by the fuzz tests and the long fuzz run: random text, grammar-aware documents built
// from the pieces contracts are made of, coherent generated contracts, and mutations of the example workspace and
// the format sample, each with the other files of its workspace.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** A generated workspace: the document under test (by relative path) and the other files beside it. */
export interface FuzzCase {
  /** Which generator made it, for messages. */
  readonly kind: string;
  /** Relative path of the document under test. */
  readonly path: string;
  /** Every file of the workspace by relative path, the document under test included. */
  readonly files: Readonly<Record<string, string>>;
}

const repo = new URL('../..', import.meta.url).pathname;

/**
 * A case whose counterexample report shows the document under test and the names of the other files (fast-check
 * prints values with this method), not the whole example workspace.
 */
export function fuzzCase(kind: string, path: string, files: Readonly<Record<string, string>>): FuzzCase {
  const value = { kind, path, files };
  Object.defineProperty(value, fc.toStringMethod, {
    enumerable: false,
    value: () => `${kind} ${path} (beside ${Object.keys(files).filter((p) => p !== path).join(', ') || 'nothing'}): ${JSON.stringify(files[path])}`,
  });
  return value;
}

/** The format sample of docs/format.md and the files its front matter names (a bibliography and a glossary). */
export const FORMAT_SAMPLE = readFileSync(join(repo, 'test/fixtures/format-sample.clause.md'), 'utf8');

/** The example workspace, every file by name (README.md left out: it is no Clausemark document). */
export const EXAMPLE_FILES: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(join(repo, 'examples/frontier-dispute'))
    .filter((name) => /\.(md|yaml|json)$/.test(name) && name !== 'README.md')
    .map((name) => [name, readFileSync(join(repo, 'examples/frontier-dispute', name), 'utf8')]),
);

/** Documents that mutations start from: each example document in its workspace, and the format sample beside the example's bibliography and glossary. */
export const FIXTURES: readonly FuzzCase[] = [
  ...Object.keys(EXAMPLE_FILES)
    .filter((name) => name.endsWith('.clause.md'))
    .map((path) => fuzzCase(`fixture ${path}`, path, EXAMPLE_FILES)),
  fuzzCase('fixture format-sample', 'format-sample.clause.md', {
    'format-sample.clause.md': FORMAT_SAMPLE,
    'sources.yaml': EXAMPLE_FILES['sources.yaml']!,
    'glossary.clause.md': EXAMPLE_FILES['glossary.clause.md']!,
  }),
];

/**
 * Pieces a contract is made of, for grammar-aware random documents: every construct of the format, its near
 * misses (unclosed brackets, escapes, constructs inside code and HTML), and the characters that move offsets
 * (CR, CRLF, tabs, astral characters, a byte-order mark, NUL).
 */
export const PIECES: readonly string[] = [
  // Clauses, sections and numbering.
  '# 1. Scope {#scope}\n', '## 1.1 Routing\n', '# Definitions\n', '## 2.3(a) Notices\n', '## § 4 Term\n', '## Section 5 Fees\n', '## Article IV\n',
  '### 1.1.1 Deep\n', '# 2. Fees {#fees}\n', '# 2. Duplicate number\n', '# 0. Zero\n', '## 1.1A Odd\n', '#\n', '# 3. Empty id {#}\n', 'Heading\n===\n',
  '1.2. Numbered paragraph.\n', '2.3(a) Running sub-clause.\n', '(a) first;\n', '(ii) nested\n', '(A) upper;\n', '(I) roman\n',
  // Definitions of every form.
  '"Term" means a thing.\n', '"A" or "B" means x [@key, p. 3].\n', '(the "Short Name")', '"X" has the meaning set forth in Section 9.15.\n',
  '"Pointer" has the meaning set forth in Section 1.1.\n', '“Curly” means curly quotes.\n', '**"Bold"** means b.\n', '"**Inner Bold**" means c.\n',
  'A "covered work" means any work.\n', 'To "convey" a work means to pass it.\n', '"You" (or "Your") shall mean the holder.\n', '"Source" form shall mean code.\n',
  'For the purposes of this definition, "control" means power.\n', 'For purposes of this Section 1.1, "Local" means here.\n', '"stateless" means keeping nothing.\n',
  '(each, a "Party")', '(collectively, the "Documents")', 'marked "confidential"', '"AS IS"', '"Term" means "Term".\n', '"Loop" means a Cycle. "Cycle" means a Loop.\n',
  // Term uses and links.
  'Term ', 'Terms ', "Term's ", 'Party ', 'Parties ', 'stateless ', 'Stateless ', 'term ', 'Short Name ', '[[Term|shown]] ', '[[Term]] ', '[[Nobody]] ', '[[Term', '[[', ']]',
  '[[Term|', '[[|x]]', '[[ ]]', '[[a\\|b]]', '(defined below) ',
  // Citations.
  '[@a; @b] ', '[@key, p. 3] ', '[see @key, art. 6(1)(f)] ', '[-@key] ', '[@', '[@]', '@key ', '\\[@esc]', '[@a;', '[@ key]', '[@neowin-2026-03-18] ', '[@ft-2026-03] ',
  // References.
  'See §1.1 and Sections 1 through 3.\n', 'Section 2 ', 'section 10 ', 'Sections 2.1 and 3.4 ', 'Clause 2.3(a) ', 'Article IV ', '§ ', 'this Section 3 ', 'Section 4A ',
  '[x](#scope)', '[y](other.clause.md#4)', '[z](#)', '[w](https://example.com/statute)', '[ref][r]', '[r]: #scope\n', '[Term]: https://x.y\n', '<https://auto.link/x>',
  'https://example.com/a?b=1&amp;c ', 'www.example.com ', 'agent@example.com ', '[see https://x.y ', '[draft www.x.org and [[Term ',
  // Callouts and suppressions.
  '> [!POSITION Microsoft]\n> text\n', '> [!POSITION Nobody]\n> text\n', '> [!POSITION]\n', '> [!EXPLAIN]\n', '> [!EXPLAIN]\n> plain words\n', '> [!NOTE]\n', '> [!BOGUS]\n',
  '> [!position openai]\n> lower\n', '> > [!NOTE]\n> > nested\n', '> ', '>',
  '<!-- clausemark-disable term.unused -->\n', '<!-- clausemark-enable term.unused -->\n', '<!-- clausemark-disable-next-line -->\n', '<!-- clausemark-disable-file cite.unknown -->\n',
  '<!-- unclosed comment\n',
  // Front matter.
  '---\nparties: [a, b]\n---\n', '---\nclausemark: 1\nparties:\n  - name: Microsoft\n  - name: OpenAI\n    aliases: [OAI]\nsources:\n  key:\n    title: T\n    issued: 2026\n---\n',
  '---\nbibliography: sources.yaml\nimports: [glossary.clause.md]\n---\n', '---\nimports: [../outside.clause.md, /abs.clause.md, missing.clause.md]\n---\n',
  '---\nsources:\n  bad:\n    URL: javascript:alert(1)\n---\n', '---\n: : :\n---\n', '---\nparties: 3\n---\n', '---\n', '...\n', '---\na: &x [1]\nb: *x\n---\n',
  // Other Markdown.
  '```\ncode "X" means\n```\n', '```', '~~~\n[[T]]\n~~~\n', '    indented "Code" means\n', '| a | b |\n|---|---|\n| [[T\\|s]] | c |\n', '| x |\n', '|---|\n',
  '`code`', '``', '\\*', '*em*', '**strong**', '_', '&amp;', '&#0;', '&bogus;', '<div>\n# 2. In HTML\n</div>\n', '<b>', '</b>', '- item\n', '  - nested item\n', '1) list\n',
  '* * *\n', '![img](x.png)', '[', ']', '(', ')', '"', '“', '”', '{#id}', '{#', '#', '\\', '|',
  // Characters that move offsets.
  '😀', '𝒜', '👩‍⚖️', '\t', '\r\n', '\r', '\n', '\n\n', '  ', '\uFEFF', '\u0000', '\u2028', '\uD800', '\uDC00', 'é', 'ﬁ', 'İ',
];

/** Words for generated contracts: term names (upper and lower case), fillers, parties and source keys. */
const TERM_NAMES = ['Alpha Fee', 'Party', 'Agency', 'Box', 'Lease', 'Charge', 'Stateless API Call', 'widget', 'penalty', 'Short Name'];
const FILLER = ['the', 'and', 'shall', 'per', 'of', 'under', 'with 😀', 'to 𝒜', 'all', 'any'];
const PARTIES = ['Microsoft', 'OpenAI', 'Amazon'];
const KEYS = ['neowin-2026-03-18', 'ft-2026-03', 'key', 'own-source', 'unknown-key'];

/** Any characters: graphemes of every plane and the characters Markdown and our syntax care about. */
export function randomText(maxLength = 300): fc.Arbitrary<string> {
  const structural = fc.constantFrom('[', ']', '[[', ']]', '[@', '@', '|', '"', '“', '”', '#', '# ', '\n', '\r\n', '\r', '>', '> ', '-', '*', '`', '\\', '(', ')', '{#', '}', '§', '.', '1', ' ', '\t', '<!--', '-->', '---\n', '\u0000');
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.array(fc.oneof(structural, fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), { maxLength: Math.ceil(maxLength / 3) }).map((parts) => parts.join('')),
  );
}

/** A grammar-aware document: a sequence of the pieces above. */
export function grammarText(maxPieces = 60): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...PIECES), { maxLength: maxPieces }).map((pieces) => pieces.join(''));
}

const pluralOf = (n: string) => (/[^aeiou]y$/.test(n) ? `${n.slice(0, -1)}ies` : /(?:s|x|z|ch|sh)$/.test(n) ? `${n}es` : `${n}s`);

/**
 * A coherent generated contract: front matter with parties and sources (sometimes a bibliography and a glossary
 * import), definitions of several forms, numbered clauses with ids, term uses in every form, citations, clause
 * references (some broken), callouts and suppressions, and sometimes noise pieces between the blocks.
 */
export function contractText(): fc.Arbitrary<string> {
  const use = (names: readonly string[]) =>
    fc.tuple(fc.constantFrom(...names), fc.nat(6), fc.constantFrom(...FILLER)).map(([name, form, filler]) => {
      const forms = [name, pluralOf(name), `${name}'s`, `[[${name}]]`, `[[${name}|some text]]`, name.toLowerCase(), name[0]!.toUpperCase() + name.slice(1)];
      return `${forms[form % forms.length]} ${filler}`;
    });
  return fc
    .record({
      names: fc.uniqueArray(fc.constantFrom(...TERM_NAMES), { minLength: 1, maxLength: 5 }),
      frontMatter: fc.nat(3),
      crlf: fc.boolean(),
      clauses: fc.nat({ max: 6 }),
      seeds: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
      noise: fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }),
    })
    .chain((g) =>
      fc.record({
        g: fc.constant(g),
        paragraphs: fc.array(fc.array(use(g.names), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 2 + g.clauses }),
      }),
    )
    .map(({ g, paragraphs }) => {
      let k = 0;
      const pick = <T>(items: readonly T[]): T => items[g.seeds[k++ % g.seeds.length]! % items.length]!;
      const blocks: string[] = [];
      if (g.frontMatter > 0) {
        const fm = ['---', 'clausemark: 1', 'parties:', ...PARTIES.map((p) => `  - name: ${p}`), 'sources:', '  own-source:', '    title: Own', '    issued: 2026', '    URL: https://example.com/own'];
        if (g.frontMatter > 1) fm.push('bibliography: sources.yaml');
        if (g.frontMatter > 2) fm.push('imports: [glossary.clause.md]');
        blocks.push([...fm, '---'].join('\n'));
      }
      blocks.push('# Definitions');
      for (const name of g.names) {
        const defs = [
          `"${name}" means a thing [@${pick(KEYS)}].`,
          `**"${name}"** means a thing under Section ${1 + (k % 4)}.`,
          `“${name}” means a ${pick(g.names)}.`,
          `It is under the plan (the "${name}") today.`,
          `"${name}" has the meaning set forth in Section 1.1.`,
          `"${name}" or "XQ${k}" means one of ${pick(g.names)}.`,
        ];
        blocks.push(pick(defs));
        if (pick([0, 1, 2]) === 0) blocks.push(pick(['> [!EXPLAIN]\n> In plain words.', `> [!POSITION ${pick(PARTIES)}]\n> A view [@${pick(KEYS)}].`, '> [!POSITION Nobody]\n> A view.']));
      }
      for (let c = 0; c < g.clauses; c++) {
        const number = pick([`${c + 1}.`, `${c + 1}.1`, `${c + 1}.2`, `${c + 3}.`]);
        const id = pick(['', ` {#c${c}}`, ' {#scope}']);
        blocks.push(`${number.includes('.') && !number.endsWith('.') ? '##' : '#'} ${number} Clause ${c}${id}`);
        const paragraph = paragraphs[c % paragraphs.length]!;
        blocks.push(`${paragraph.join(' ')} See Section ${pick(['1', '1.1', '2', '9', `${c + 2}`])} and [there](#${pick(['scope', `c${c}`, '1'])}) [@${pick(KEYS)}].`);
        if (pick([0, 1, 2, 3]) === 0) blocks.push(`(a) ${pick(g.names)} under this Section ${c + 1}; and\n\n(b) ${pick(g.names)}s too.`);
        if (pick([0, 1, 2, 3]) === 0) blocks.push(`<!-- clausemark-disable-next-line ${pick(['term.unused', 'ref.broken', ''])} -->`);
      }
      for (const noise of g.noise) blocks.splice(1 + (g.seeds[k++ % 64]! % blocks.length), 0, noise.trimEnd());
      const eol = g.crlf ? '\r\n' : '\n';
      return blocks.join('\n\n').replace(/\r?\n/g, eol) + eol;
    });
}

/** One mutation: replace `length` characters at `at` (a fraction of the text) with an insert. */
export type Mutation = readonly [at: number, length: number, insert: string];

/** A mutation: delete, insert a piece or random text, duplicate nothing fancy; positions are fractions so any text fits. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.tuple(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.oneof(fc.constant(0), fc.nat(3), fc.nat(40)),
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom('', ...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) }),
);

/** Applies mutations in order; each position is a fraction of the text as it is then. */
export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const [at, length, insert] of mutations) {
    const start = Math.min(out.length, Math.floor(at * out.length));
    out = out.slice(0, start) + insert + out.slice(Math.min(out.length, start + length));
  }
  return out;
}

/** A fixture with up to `max` mutations (sometimes none: the fixture itself). */
export function mutatedFixture(max = 8): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(fc.constantFrom(...FIXTURES), fc.array(mutationArb, { maxLength: max }))
    .map(([fixture, mutations]) => fuzzCase(`${fixture.kind} mutated`, fixture.path, { ...fixture.files, [fixture.path]: applyMutations(fixture.files[fixture.path]!, mutations) }));
}

/** Files a generated document may name (its front matter pieces do): a bibliography and a glossary. */
const GENERATED_NEIGHBOURS = { 'sources.yaml': EXAMPLE_FILES['sources.yaml']!, 'glossary.clause.md': EXAMPLE_FILES['glossary.clause.md']! };

/** A generated document alone in `doc.clause.md`, with a bibliography and a glossary beside it. */
function alone(kind: string, text: fc.Arbitrary<string>): fc.Arbitrary<FuzzCase> {
  return text.map((t) => fuzzCase(kind, 'doc.clause.md', { ...GENERATED_NEIGHBOURS, 'doc.clause.md': t }));
}

/** Small documents (a few hundred characters), for checks at every offset. */
export function smallCase(): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    alone('random', randomText(200)),
    alone('grammar', grammarText(25)),
    alone('contract', contractText().filter((t) => t.length <= 1200)),
    alone('mutated contract', fc.tuple(contractText(), fc.array(mutationArb, { maxLength: 4 })).map(([t, m]) => applyMutations(t, m))),
  );
}

/** Documents of every kind and size: random, grammar-aware, generated contracts (mutated or not) and mutated fixtures. */
export function anyCase(): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    alone('random', randomText(400)),
    alone('grammar', grammarText(60)),
    alone('contract', contractText()),
    alone('mutated contract', fc.tuple(contractText(), fc.array(mutationArb, { maxLength: 6 })).map(([t, m]) => applyMutations(t, m))),
    mutatedFixture(),
  );
}
