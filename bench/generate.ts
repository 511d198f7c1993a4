// Seeded generator of realistic Clausemark contracts (100 KB to 10 MB) and of a 5,000-file workspace, each returning the ground truth of what it planted.
//
// A contract has front matter (parties, inline sources), a preamble with parenthetical party definitions, a
// definitions section (means-definitions, alternative names, pointers, EXPLAIN and POSITION callouts with
// citations), then numbered articles: `# 7.` headings, `## 7.3` sections or `7.3.` numbered paragraphs, `7.3.2.`
// paragraphs, `(a)` and `(i)` sub-clauses, parenthetical and scoped definitions, dense term use (plurals,
// possessives, `[[links]]`), clause references, citations with locators, tables and lists.
//
// Every construct is built from tokens whose effect on the parser is known, so the generator can count what it
// planted: term names, filler words and titles use disjoint vocabularies, so no text matches a term by accident.
// The same seed and options always give the same text (a small PRNG, no Math.random).

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// ---------------------------------------------------------------------------------------------------------------
// Random numbers

/** A deterministic PRNG (mulberry32): the same seed gives the same sequence on every platform. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An index in [0, n) drawn from a Zipf-like distribution (low indexes are frequent). */
  zipf(n: number): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.next(), 2.2)));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabularies. Term names are Title Case combinations of MODIFIERS and NOUNS (two disjoint lists); everything else
// the generator writes avoids those words, so the only term matches in a generated text are the planted ones.

const MODIFIERS = [
  'Affiliate', 'Annual', 'Applicable', 'Approved', 'Authorized', 'Background', 'Baseline', 'Business', 'Cloud',
  'Commercial', 'Compliance', 'Confidential', 'Continuity', 'Core', 'Critical', 'Data', 'Delivery', 'Deployment',
  'Designated', 'Disaster', 'Disclosing', 'Effective', 'Emergency', 'Enterprise', 'Escrow', 'Exclusive', 'Exit',
  'Expansion', 'Final', 'Financial', 'Foreground', 'Hosting', 'Initial', 'Insurance', 'Integration', 'Interim', 'Key',
  'Liability', 'Licensed', 'Maintenance', 'Managed', 'Material', 'Migration', 'Minimum', 'Monthly', 'Network',
  'Operational', 'Outage', 'Performance', 'Personal', 'Planned', 'Platform', 'Premium', 'Primary', 'Processing',
  'Production', 'Quarterly', 'Receiving', 'Recovery', 'Regulated', 'Remediation', 'Renewal', 'Reporting', 'Reserved',
  'Residual', 'Retained', 'Security', 'Service', 'Shared', 'Software', 'Source', 'Steering', 'Strategic',
  'Subcontractor', 'Support', 'Target', 'Technical', 'Termination', 'Transition', 'Usage', 'Variable', 'Warranty',
];

const NOUNS = [
  'Account', 'Acceptance', 'Allowance', 'Amount', 'Approval', 'Architecture', 'Asset', 'Audit', 'Budget', 'Capacity',
  'Certificate', 'Charge', 'Claim', 'Commitment', 'Component', 'Credit', 'Date', 'Deliverable', 'Deposit', 'Document',
  'Environment', 'Event', 'Failure', 'Fee', 'Forecast', 'Framework', 'Guarantee', 'Incident', 'Index', 'Invoice',
  'Item', 'Level', 'Limit', 'Loss', 'Manager', 'Measure', 'Milestone', 'Model', 'Notice', 'Obligation', 'Order',
  'Payment', 'Penalty', 'Percentage', 'Period', 'Plan', 'Policy', 'Portal', 'Price', 'Procedure', 'Product',
  'Programme', 'Rate', 'Record', 'Register', 'Release', 'Report', 'Request', 'Requirement', 'Reserve', 'Review',
  'Right', 'Schedule', 'Specification', 'Standard', 'Statement', 'Threshold', 'Tier', 'Tool', 'Update', 'Volume',
  'Window', 'Workload', 'Entity', 'Facility', 'Liability', 'Territory', 'Authority', 'Box',
].filter((n) => !MODIFIERS.includes(n));

/** Single-word terms the preamble defines. */
const PARTY_TERMS = { agreement: 'Agreement', customer: 'Customer', supplier: 'Supplier', party: 'Party', parties: 'Parties' };

const TERM_WORDS = new Set([...MODIFIERS, ...NOUNS, ...Object.values(PARTY_TERMS)].map((w) => w.toLowerCase()));

/** True when `word`, or its singular, is a word of some term name. */
function isTermWord(word: string): boolean {
  const w = word.toLowerCase().replace(/[^a-z-]/g, '');
  if (TERM_WORDS.has(w)) return true;
  if (w.endsWith('ies') && TERM_WORDS.has(`${w.slice(0, -3)}y`)) return true;
  if (w.endsWith('es') && TERM_WORDS.has(w.slice(0, -2))) return true;
  return w.endsWith('s') && TERM_WORDS.has(w.slice(0, -1));
}

/** Words that never touch a term, a clause reference keyword or a defining verb. */
function safe(words: readonly string[]): string[] {
  const out = words.filter((w) => !isTermWord(w) && !/^(?:sections?|clauses?|articles?|means|is|are|includes)$/i.test(w));
  return [...new Set(out)];
}

const FILLER = safe(
  (
    'promptly reasonably commercially reasonable efforts in accordance with the of to and or any all each such within ' +
    'after before following upon under pursuant without limitation including provided that where unless otherwise agreed ' +
    'writing notify deliver maintain perform ensure procure comply cooperate remedy pay submit approve reject withhold ' +
    'suspend extend renew record retain disclose protect use access host operate monitor calculate adjust reduce ' +
    'increase exceed meet achieve fail cure waive assign transfer subcontract indemnify defend hold harmless against ' +
    'damages costs expenses arising out connection relevant written prompt timely good faith manner practice industry ' +
    'prudent diligent qualified personnel resources facilities systems equipment information materials documentation ' +
    'statements calendar months year promptly thereafter herein thereof hereunder whether directly indirectly ' +
    'consistent materially adversely affected reasonable detail sufficient evidence together full extent permitted law ' +
    'responsible ongoing basis at its own cost expense respect obligations set forth below above respectively'
  ).split(/\s+/),
);

const VERBS = safe([
  'deliver', 'maintain', 'perform', 'ensure', 'procure', 'provide', 'submit', 'approve', 'withhold', 'suspend', 'extend',
  'record', 'retain', 'disclose', 'protect', 'monitor', 'calculate', 'adjust', 'reduce', 'remedy', 'notify', 'cure',
  'indemnify', 'defend', 'operate', 'host', 'pay', 'waive', 'assign', 'verify', 'document',
]);
const MODALS = ['shall', 'shall not', 'may', 'must', 'will', 'shall promptly', 'may, acting reasonably,'];
const DETERMINERS = ['the', 'each', 'any', 'all', 'such'];
const TITLE_WORDS = safe([
  'Scope', 'Governance', 'Confidentiality', 'Indemnities', 'Insolvency', 'Assignment', 'Notices', 'Disputes', 'Escalation',
  'Remedies', 'Warranties', 'Representations', 'Publicity', 'Records', 'Benchmarking', 'Personnel', 'Subcontracting',
  'Invoicing', 'Taxes', 'Set-Off', 'Suspension', 'Variation', 'Waiver', 'Severance', 'Counterparts', 'Costs',
  'Cooperation', 'Mitigation', 'Undertakings', 'Undertaking', 'Interpretation', 'Precedence', 'Commencement', 'Duration',
  'Conduct', 'Ethics', 'Sanctions', 'Anti-Bribery', 'Modern', 'Slavery', 'Environmental', 'Health', 'Safety', 'Quality',
  'Acceptance', 'Testing', 'Handover', 'Knowledge', 'Transfer', 'Employees', 'Pensions', 'Intellectual', 'Property',
]);
const PUBLISHERS = ['Financial Times', 'Reuters', 'Gartner', 'European Commission', 'ISO', 'NIST', 'Law Society Gazette', 'The Economist', 'Bloomberg Law', 'IAPP'];
const LOCATORS = ['p. 3', 'p. 12', 'pp. 4-5', 'para. 12', 'art. 6(1)(f)', 's. 4', 'ch. 2', 'p. 41', 'fn. 7', 'para. 3.2'];

// ---------------------------------------------------------------------------------------------------------------
// Public shapes

/** What the generator planted in one contract: the numbers the parser should find. */
export interface ContractTruth {
  readonly bytes: number;
  /** Clauses of every kind: `# 7.` and `## 7.3` headings, `7.3.` / `7.3.2.` paragraphs, `(a)` / `(i)` sub-clauses. */
  readonly clauses: number;
  readonly headingClauses: number;
  readonly paragraphClauses: number;
  readonly subclauses: number;
  /** Definitions of every form (means, parenthetical, pointer), each counted once however many names it has. */
  readonly definitions: number;
  readonly parentheticalDefinitions: number;
  readonly pointerDefinitions: number;
  readonly scopedDefinitions: number;
  /** Every defined name, alternative names included. */
  readonly names: number;
  /** Distinct terms defined in this document (a term with a pointer and a parenthetical counts once). */
  readonly terms: number;
  /** Term uses: automatic matches and `[[links]]`. */
  readonly termUses: number;
  readonly explicitTermUses: number;
  /** Clause references, one per number named (`Sections 1 through 3` is two). */
  readonly references: number;
  readonly citations: number;
  readonly citationItems: number;
  readonly callouts: number;
  readonly positions: number;
  readonly tables: number;
  readonly lists: number;
  readonly sources: number;
  /** Up to 1,000 offsets of planted automatic term uses, evenly spread (a position inside each use). */
  readonly termUseSamples: readonly number[];
  /**
   * A keystroke for the edit bench, in a clause near the middle: typing `insert` at `offset` (just past the number
   * of a clause reference) makes the reference name a clause that does not exist, so a `ref.broken` appears.
   */
  readonly edit: { readonly offset: number; readonly insert: string; readonly target: string };
}

/** A generated contract and its ground truth. */
export interface GeneratedContract {
  readonly text: string;
  readonly truth: ContractTruth;
}

/** How to generate a contract. */
export interface ContractOptions {
  readonly seed: number;
  /** Size in UTF-16 code units (ASCII apart from curly quotes and `§`): the body stops at the first section end past it. */
  readonly targetBytes: number;
  /** Terms to define (default: grows with the size, about 2,000 at 10 MB). */
  readonly terms?: number;
  /** Names defined elsewhere (a shared glossary) that the text may use too. */
  readonly externalTerms?: readonly string[];
  /** Source keys of a shared bibliography; when given, the document declares no inline sources. */
  readonly sourceKeys?: readonly string[];
  readonly title?: string;
  readonly id?: string;
}

/** The default number of terms for a size: 2,000 at 10 MB, fewer (sub-linearly) for smaller contracts. */
export function termsForSize(bytes: number): number {
  return Math.max(30, Math.round(2000 * Math.pow(bytes / 10_000_000, 0.8)));
}

/** The sizes the bench runs, by name. */
export const SIZES: Readonly<Record<string, number>> = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };

// ---------------------------------------------------------------------------------------------------------------
// Tokens and rendering

/** A piece of text that wrapping never splits; `use` marks a planted automatic term use. */
interface Token {
  readonly text: string;
  readonly use?: boolean;
  /** Set on a clause reference that the edit bench may use: the number's end, relative to the token start. */
  readonly editAt?: number;
  readonly target?: string;
}

const WIDTH = 100;

interface TermEntry {
  readonly name: string;
  readonly alias?: string;
  /** Only usable inside this clause number's subtree (scoped definitions). */
  readonly scope?: string;
}

/** Builds one contract. */
class ContractWriter {
  readonly rng: Rng;
  readonly #parts: string[] = [];
  #length = 0;
  readonly counts = {
    headingClauses: 0, paragraphClauses: 0, subclauses: 0, definitions: 0, parenthetical: 0, pointer: 0, scoped: 0,
    names: 0, terms: 0, uses: 0, explicit: 0, references: 0, citations: 0, citationItems: 0, callouts: 0, positions: 0,
    tables: 0, lists: 0, sources: 0,
  };
  readonly useOffsets: number[] = [];
  readonly editCandidates: { offset: number; target: string }[] = [];
  /** Terms the body may use (grows as parenthetical terms are defined). */
  readonly usable: TermEntry[] = [];
  /** Scoped terms usable where the writer is now (inside the clause that defines them). */
  scoped: TermEntry[] = [];
  #roundRobin = 0;
  readonly clauseNumbers = new Set<string>();
  /** Clause numbers written so far, for references (sub-clauses included). */
  readonly referable: string[] = [];
  readonly articleNumbers: number[] = [];
  readonly explicitIds: string[] = [];
  sourceKeys: string[] = [];
  readonly parties = { customer: 'Northwind', supplier: 'Contoso' };
  /** Past this offset, the next sentence makes sure an editable reference exists (for the edit bench). */
  editAfter = Infinity;
  /** The section (`7.3`) being written, once the body has begun. */
  section = '';
  #editPlanted = false;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  get length(): number {
    return this.#length;
  }

  write(text: string): void {
    this.#parts.push(text);
    this.#length += text.length;
  }

  text(): string {
    return this.#parts.join('');
  }

  /** Writes tokens as a paragraph wrapped at WIDTH, each line after the first prefixed with `indent`. */
  paragraph(tokens: readonly Token[], firstPrefix = '', indent = ''): void {
    let line = firstPrefix;
    let lineStart = this.#length;
    const lines: string[] = [];
    let lineHasToken = false;
    const flush = () => {
      lines.push(line);
      this.write(`${line}\n`);
      lineStart = this.#length;
    };
    for (const token of tokens) {
      const sep = lineHasToken ? ' ' : '';
      if (lineHasToken && line.length + sep.length + token.text.length > WIDTH) {
        flush();
        line = indent;
        lineHasToken = false;
        this.#place(token, lineStart + line.length);
        line += token.text;
      } else {
        this.#place(token, lineStart + line.length + sep.length);
        line += sep + token.text;
      }
      lineHasToken = true;
    }
    flush();
    this.write('\n');
  }

  #place(token: Token, at: number): void {
    if (token.use) this.useOffsets.push(at + 1);
    if (token.editAt !== undefined) {
      this.editCandidates.push({ offset: at + token.editAt, target: token.target! });
      if (at >= this.editAfter) this.#editPlanted = true;
    }
  }

  // --- Tokens ---------------------------------------------------------------------------------------------------

  filler(n: number): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < n; i++) {
      const w = this.rng.pick(FILLER);
      out.push({ text: this.rng.chance(0.02) ? `**${w}**` : w });
    }
    return out;
  }

  /** Picks a usable term: round-robin now and then (every term gets used), Zipf-distributed otherwise. */
  pickTerm(): TermEntry {
    if (this.scoped.length > 0 && this.rng.chance(0.2)) return this.rng.pick(this.scoped);
    if (this.rng.chance(0.3)) return this.usable[this.#roundRobin++ % this.usable.length]!;
    return this.usable[this.rng.zipf(this.usable.length)]!;
  }

  /** A term use: plain, plural, possessive, or an explicit `[[link]]`. */
  termUse(term = this.pickTerm()): Token {
    this.counts.uses++;
    const name = term.alias && this.rng.chance(0.35) ? term.alias : term.name;
    const r = this.rng.next();
    if (r < 0.03) {
      this.counts.explicit++;
      return { text: this.rng.chance(0.5) ? `[[${term.name}]]` : `[[${term.name}|${this.rng.pick(FILLER)} ${this.rng.pick(FILLER)}]]` };
    }
    if (r < 0.2) return { text: plural(name), use: true };
    if (r < 0.28) return { text: `${name}'s`, use: true };
    if (r < 0.3) return { text: `${name}’s`, use: true };
    return { text: name, use: true };
  }

  /** A clause reference to a clause written before (or an article), counted once per number. */
  reference(forceEditable = false): Token[] {
    if (forceEditable) {
      // A section written before, or else the one being written.
      const written = this.referable.filter((n) => /^\d+\.\d+$/.test(n));
      const target = written.length > 0 ? this.rng.pick(written) : this.section;
      this.counts.references++;
      return [{ text: `Section ${target}`, editAt: `Section ${target}`.length, target }];
    }
    const r = this.rng.next();
    if (this.articleNumbers.length >= 3 && r < 0.12) {
      const a = this.rng.pick(this.articleNumbers.slice(0, -1));
      const later = this.articleNumbers.filter((n) => n > a);
      const b = this.rng.pick(later);
      this.counts.references += 2;
      return [{ text: `Sections ${a} ${this.rng.chance(0.5) ? 'through' : 'and'} ${b}` }];
    }
    if (this.explicitIds.length > 0 && r < 0.18) {
      this.counts.references++;
      return [{ text: `[these provisions](#${this.rng.pick(this.explicitIds)})` }];
    }
    const target = this.referable.length > 0 ? this.referable[this.rng.zipf(this.referable.length)]! : String(this.rng.pick(this.articleNumbers));
    this.counts.references++;
    const keyword = this.rng.pick(['§', '§ ', 'Section ', 'Section ', 'Clause ']);
    const text = `${keyword}${target}`;
    // A reference to `7.3` can become `7.39` with one keystroke; that clause never exists (sections stay below 30).
    const editable = /^\d+\.\d+$/.test(target) && !this.clauseNumbers.has(`${target}9`);
    return [editable ? { text, editAt: text.length, target } : { text }];
  }

  citation(): Token {
    const n = this.rng.chance(0.15) ? 2 : 1;
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      const key = this.sourceKeys[this.rng.zipf(this.sourceKeys.length)]!;
      const prefix = this.rng.chance(0.15) ? 'see ' : '';
      const locator = this.rng.chance(0.6) ? `, ${this.rng.pick(LOCATORS)}` : '';
      items.push(`${prefix}@${key}${locator}`);
    }
    this.counts.citations++;
    this.counts.citationItems += n;
    return { text: `[${items.join('; ')}]` };
  }

  /** One sentence of contract prose: subject, modal, verb, objects, conditions; term-dense. */
  sentence(opts: { refs?: number; cite?: number } = {}): Token[] {
    const t: Token[] = [];
    const lead = this.rng.pick(DETERMINERS);
    t.push({ text: lead.charAt(0).toUpperCase() + lead.slice(1) });
    t.push(this.termUse());
    for (const m of this.rng.pick(MODALS).split(' ')) t.push({ text: m });
    t.push({ text: this.rng.pick(VERBS) });
    t.push(...this.filler(this.rng.int(1, 4)));
    t.push({ text: this.rng.pick(DETERMINERS) }, this.termUse());
    // One editable reference at least, and one past the middle (`editAfter`) when the text gets there.
    const forceEdit = this.section !== '' && (this.editCandidates.length === 0 || (!this.#editPlanted && this.length >= this.editAfter));
    if (forceEdit && this.length >= this.editAfter) this.#editPlanted = true;
    if (forceEdit || this.rng.chance(opts.refs ?? 0.35)) t.push({ text: 'in' }, { text: 'accordance' }, { text: 'with' }, ...this.reference(forceEdit));
    if (this.rng.chance(0.4)) t.push({ text: 'within' }, { text: `${this.rng.int(2, 90)} days` }, { text: 'after' }, { text: 'the' }, this.termUse());
    if (this.rng.chance(0.5)) t.push(...this.filler(this.rng.int(2, 6)), { text: this.rng.pick(DETERMINERS) }, this.termUse());
    if (this.rng.chance(0.3)) t.push(...this.filler(this.rng.int(2, 5)));
    if (this.rng.chance(opts.cite ?? 0.12)) t.push(this.citation());
    return endSentence(t);
  }

  sentences(n: number, opts?: { refs?: number; cite?: number }): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < n; i++) out.push(...this.sentence(opts));
    return out;
  }
}

function endSentence(tokens: Token[]): Token[] {
  const last = tokens[tokens.length - 1]!;
  tokens[tokens.length - 1] = { ...last, text: `${last.text}.` };
  return tokens;
}

/** The regular plural the term matcher knows: `-ies` after a consonant and `y`, `-es` after s/x/z/ch/sh, else `-s`. */
export function plural(name: string): string {
  if (/[^aeiouAEIOU]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/** `count` distinct term names (two or three words), with an initialism for some; none in `avoid`. */
export function termNames(rng: Rng, count: number, avoid: ReadonlySet<string> = new Set()): { name: string; alias?: string }[] {
  const out: { name: string; alias?: string }[] = [];
  const taken = new Set<string>(avoid);
  const aliases = new Set<string>();
  for (const a of avoid) aliases.add(a);
  let guard = 0;
  while (out.length < count && guard++ < count * 50) {
    const three = out.length > 1500 || rng.chance(0.1);
    const words = three ? [rng.pick(MODIFIERS), rng.pick(MODIFIERS), rng.pick(NOUNS)] : [rng.pick(MODIFIERS), rng.pick(NOUNS)];
    if (three && words[0] === words[1]) continue;
    const name = words.join(' ');
    if (taken.has(name)) continue;
    taken.add(name);
    let alias: string | undefined;
    if (rng.chance(0.12)) {
      const initials = words.map((w) => w[0]).join('');
      if (!taken.has(initials) && !aliases.has(initials) && initials.length >= 2) {
        alias = initials;
        aliases.add(initials);
        taken.add(initials);
      }
    }
    out.push(alias ? { name, alias } : { name });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The contract

/** Generates a contract of about `targetBytes` with its ground truth. */
export function generateContract(options: ContractOptions): GeneratedContract {
  const result = buildContract(options);
  if (result.truth.edit.offset < 0) throw new Error('generateContract: no editable clause reference was written (the contract is too small)');
  return result;
}

function buildContract(options: ContractOptions): GeneratedContract {
  const w = new ContractWriter(options.seed);
  const rng = w.rng;
  const size = options.targetBytes;
  const termCount = options.terms ?? termsForSize(size);
  const external = options.externalTerms ?? [];
  const avoid = new Set(external);

  // Terms: most in the definitions section, some parenthetical in the body (half of those with a pointer in the
  // definitions section), a few scoped to one clause.
  const names = termNames(rng, termCount, avoid);
  const parentheticalCount = Math.max(2, Math.round(termCount * 0.1));
  const scopedCount = Math.max(1, Math.round(termCount * 0.04));
  const mainTerms = names.slice(0, termCount - parentheticalCount - scopedCount);
  const bodyTerms = names.slice(mainTerms.length, mainTerms.length + parentheticalCount);
  const scopedTerms = names.slice(mainTerms.length + parentheticalCount);

  // Sources: inline in front matter, or keys of a shared bibliography.
  const inline = options.sourceKeys === undefined;
  if (inline) {
    const n = Math.max(8, Math.round(12 * Math.pow(size / 100_000, 0.5)));
    for (let i = 0; i < n; i++) w.sourceKeys.push(`${slug(rng.pick(PUBLISHERS))}-${rng.int(2015, 2026)}-${i + 1}`);
  } else {
    w.sourceKeys = [...options.sourceKeys!];
  }

  // The body is planned first (numbers only) so that pointers can name the clause that holds each parenthetical.
  // More sections are numbered than will be written (the body stops at the target size), and the body definitions
  // are placed in the first ones, which are always written: a section takes about 1 KB.
  const plan = planBody(rng, Math.ceil(size / 600) + 6, Math.floor(size / 1600) + 2, bodyTerms.length, scopedTerms.length);

  const title = options.title ?? `Master Outsourcing Contract ${rng.int(1000, 9999)}`;
  const id = options.id ?? slug(title);
  frontMatter(w, title, id, inline);

  // Preamble: the parties and the agreement itself, as parenthetical definitions.
  w.write(`# ${title}\n\n`);
  const preamble: Token[] = [
    { text: 'This' }, ...w.filler(2), { text: 'contract' }, { text: '(the "Agreement")' }, { text: 'is' }, { text: 'made' }, { text: 'between' },
    { text: 'Northwind' }, { text: 'Holdings' }, { text: 'Limited' }, { text: '(the "Customer")' }, { text: 'and' }, { text: 'Contoso' },
    { text: 'Systems' }, { text: 'Inc.' }, { text: '(the "Supplier")' }, { text: '(each a "Party" and together the "Parties").' },
  ];
  w.counts.definitions += 4;
  w.counts.parenthetical += 4;
  w.counts.names += 5;
  w.counts.terms += 5;
  w.paragraph(preamble);
  for (const name of Object.values(PARTY_TERMS)) w.usable.push({ name });
  for (const name of external) w.usable.push({ name });

  // Definitions section, grouped by initial letter (each group a top-level block).
  w.write('# Definitions\n\n');
  w.counts.uses++;
  w.paragraph([{ text: 'In' }, { text: 'this' }, { text: 'Agreement,', use: true }, ...w.filler(3), { text: 'the' }, { text: 'following' }, { text: 'terms' }, { text: 'have' }, { text: 'the' }, { text: 'meanings' }, { text: 'given' }, { text: 'below.' }]);
  const sorted = [...mainTerms.map((t) => ({ ...t, pointerTo: undefined as string | undefined })), ...plan.parentheticals.filter((_, i) => i % 2 === 0).map((p) => ({ name: bodyTerms[p.term]!.name, pointerTo: p.clause }))]
    .sort((a, b) => a.name.localeCompare(b.name));
  let letter = '';
  const defined: TermEntry[] = [];
  for (const term of sorted) {
    if (term.name[0] !== letter) {
      letter = term.name[0]!;
      w.write(`## ${letter}\n\n`);
    }
    if (term.pointerTo) {
      w.counts.definitions++;
      w.counts.pointer++;
      w.counts.names++;
      w.counts.references++;
      w.paragraph([{ text: `"${term.name}"` }, { text: 'has' }, { text: 'the' }, { text: 'meaning' }, { text: 'set' }, { text: 'forth' }, { text: 'in' }, { text: `Section ${term.pointerTo}.` }]);
      continue;
    }
    definition(w, term, defined);
    defined.push(term);
    w.usable.push(term);
  }

  w.editAfter = Math.max(w.length, size / 2);
  body(w, plan, bodyTerms, scopedTerms, size);

  const text = w.text();
  const c = w.counts;
  let middle: { offset: number; target: string } | undefined;
  for (const e of w.editCandidates) if (!middle || Math.abs(e.offset - text.length / 2) < Math.abs(middle.offset - text.length / 2)) middle = e;
  const step = Math.max(1, w.useOffsets.length / 1000);
  const samples: number[] = [];
  for (let i = 0; i < w.useOffsets.length && samples.length < 1000; i += step) samples.push(w.useOffsets[Math.floor(i)]!);
  return {
    text,
    truth: {
      bytes: text.length,
      clauses: c.headingClauses + c.paragraphClauses + c.subclauses,
      headingClauses: c.headingClauses,
      paragraphClauses: c.paragraphClauses,
      subclauses: c.subclauses,
      definitions: c.definitions,
      parentheticalDefinitions: c.parenthetical,
      pointerDefinitions: c.pointer,
      scopedDefinitions: c.scoped,
      names: c.names,
      terms: c.terms,
      termUses: c.uses,
      explicitTermUses: c.explicit,
      references: c.references,
      citations: c.citations,
      citationItems: c.citationItems,
      callouts: c.callouts,
      positions: c.positions,
      tables: c.tables,
      lists: c.lists,
      sources: inline ? w.sourceKeys.length : 0,
      termUseSamples: samples,
      edit: { offset: middle?.offset ?? -1, insert: '9', target: middle?.target ?? '' },
    },
  };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function frontMatter(w: ContractWriter, title: string, id: string, inline: boolean): void {
  const rng = w.rng;
  const lines = [
    '---',
    'clausemark: 1',
    `title: ${title}`,
    `id: ${id}`,
    'parties:',
    `  - name: ${w.parties.customer}`,
    '    aliases: [Northwind Holdings Limited]',
    `  - name: ${w.parties.supplier}`,
    '    aliases: [Contoso Systems Inc.]',
  ];
  if (inline) {
    lines.push('sources:');
    for (const key of w.sourceKeys) {
      const year = Number(key.split('-').at(-2));
      lines.push(
        `  ${key}:`,
        '    type: report',
        `    title: ${titleWords(rng, 4)} ${titleWords(rng, 2)}`,
        `    publisher: ${rng.pick(PUBLISHERS)}`,
        `    issued: ${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        `    URL: https://example.org/${key}`,
      );
      w.counts.sources++;
    }
  }
  lines.push('---', '', '');
  w.write(lines.join('\n'));
}

function titleWords(rng: Rng, n: number): string {
  const out: string[] = [];
  while (out.length < n) {
    const word = rng.pick(TITLE_WORDS);
    if (!out.includes(word)) out.push(word);
  }
  return out.join(' ');
}

/** A means-definition (sometimes with an alternative name or an article lead-in), then callouts. */
function definition(w: ContractWriter, term: TermEntry, earlier: readonly TermEntry[]): void {
  const rng = w.rng;
  w.counts.definitions++;
  w.counts.terms++;
  w.counts.names += term.alias ? 2 : 1;
  const head: Token[] = [];
  if (!term.alias && rng.chance(0.1)) head.push({ text: 'A' });
  const quoted = rng.chance(0.1) ? `“${term.name}”` : rng.chance(0.05) ? `"**${term.name}**"` : `"${term.name}"`;
  head.push({ text: quoted });
  if (term.alias) head.push({ text: 'or' }, { text: `"${term.alias}"` });
  head.push(...rng.pick([[{ text: 'means' }], [{ text: 'means' }], [{ text: 'means' }], [{ text: 'shall' }, { text: 'mean' }], [{ text: 'refers' }, { text: 'to' }]]));
  // The definition text uses only terms defined before it: no cycles, no use before definition.
  const usesEarlier = (n: number): Token[] => {
    const t: Token[] = [];
    for (let i = 0; i < n; i++) {
      t.push(...w.filler(rng.int(2, 5)), { text: rng.pick(DETERMINERS) });
      if (earlier.length > 0 && rng.chance(0.7)) t.push(w.termUse(earlier[rng.zipf(earlier.length)]!));
      else t.push(w.termUse(rng.pick(w.usable.slice(0, 5))));
    }
    return t;
  };
  const tokens = [...head, ...usesEarlier(rng.int(1, 3)), ...w.filler(rng.int(2, 6))];
  if (rng.chance(0.35)) tokens.push(w.citation());
  w.paragraph(endSentence(tokens));
  if (rng.chance(0.3)) {
    w.counts.callouts++;
    w.write('> [!EXPLAIN]\n');
    w.paragraph(endSentence([{ text: 'In' }, { text: 'plain' }, { text: 'words,' }, w.termUse(term), ...w.filler(rng.int(4, 10)), ...(rng.chance(0.4) ? [w.citation()] : [])]), '> ', '> ');
  }
  if (rng.chance(0.08)) {
    for (const party of [w.parties.customer, w.parties.supplier]) {
      w.counts.callouts++;
      w.counts.positions++;
      w.write(`> [!POSITION ${party}]\n`);
      w.paragraph(endSentence([{ text: 'As' }, { text: 'reported,' }, { text: party }, { text: 'reads' }, w.termUse(term), ...w.filler(rng.int(4, 10)), w.citation()]), '> ', '> ');
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The body: articles, sections, numbered paragraphs and sub-clauses

interface PlannedSection {
  readonly number: string;
  /** `heading`: `## 7.3 Title`; `paragraph`: `7.3.` opens the clause. */
  readonly style: 'heading' | 'paragraph';
}

interface BodyPlan {
  readonly articles: { readonly number: number; readonly sections: readonly PlannedSection[]; readonly explicitId: boolean }[];
  /** Parenthetical body terms: the section whose opening paragraph defines each. */
  readonly parentheticals: { readonly term: number; readonly clause: string }[];
  readonly scoped: { readonly term: number; readonly clause: string }[];
}

/** Numbers `sectionCount` sections in articles, and places body definitions in the first `definitionsWithin`. */
function planBody(rng: Rng, sectionCount: number, definitionsWithin: number, parentheticals: number, scoped: number): BodyPlan {
  const articles: BodyPlan['articles'][number][] = [];
  let left = sectionCount;
  for (let a = 1; left > 0; a++) {
    const n = Math.min(left, rng.int(3, 12));
    const style = rng.chance(0.6) ? 'heading' : 'paragraph';
    const sections: PlannedSection[] = [];
    for (let s = 1; s <= n; s++) sections.push({ number: `${a}.${s}`, style });
    articles.push({ number: a, sections, explicitId: rng.chance(0.15) });
    left -= n;
  }
  const all = articles.flatMap((a) => a.sections.map((s) => s.number));
  // Spread definitions over the first `definitionsWithin` sections, in order, never in the first one.
  const pick = (count: number, from: number): string[] => {
    const out: string[] = [];
    const pool = all.slice(from, Math.max(from + 1, definitionsWithin));
    for (let i = 0; i < count; i++) out.push(pool[Math.min(pool.length - 1, Math.floor(((i + rng.next() * 0.5) * pool.length) / Math.max(1, count)))]!);
    return out;
  };
  const pClauses = pick(parentheticals, 1);
  const sClauses = pick(scoped, 1);
  // One definition per section at most: a scoped one and a parenthetical one do not share a section.
  const taken = new Set<string>();
  const parentheticalPlan: { term: number; clause: string }[] = [];
  pClauses.forEach((clause, term) => {
    let c = clause;
    for (let i = all.indexOf(c); taken.has(c) && i < definitionsWithin - 1; ) c = all[++i]!;
    if (taken.has(c)) return; // No section left: a small contract defines fewer terms.
    taken.add(c);
    parentheticalPlan.push({ term, clause: c });
  });
  const scopedPlan: { term: number; clause: string }[] = [];
  sClauses.forEach((clause, term) => {
    let c = clause;
    for (let i = all.indexOf(c); taken.has(c) && i < definitionsWithin - 1; ) c = all[++i]!;
    if (taken.has(c)) return; // No section left: a small contract defines fewer terms.
    taken.add(c);
    scopedPlan.push({ term, clause: c });
  });
  return { articles, parentheticals: parentheticalPlan, scoped: scopedPlan };
}

const SUB_LETTERS = ['a', 'b', 'c', 'd', 'e'];
const SUB_ROMANS = ['i', 'ii', 'iii'];

function body(w: ContractWriter, plan: BodyPlan, bodyTerms: readonly TermEntry[], scopedTerms: readonly TermEntry[], size: number): void {
  const rng = w.rng;
  const parentheticalAt = new Map(plan.parentheticals.map((p) => [p.clause, bodyTerms[p.term]!]));
  const scopedAt = new Map(plan.scoped.map((s) => [s.clause, scopedTerms[s.term]!]));
  const clause = (number: string) => {
    w.clauseNumbers.add(number);
  };
  // Every number first, so that `clauseNumbers` knows what exists when references are made editable.
  for (const article of plan.articles) {
    clause(String(article.number));
    for (const s of article.sections) clause(s.number);
  }

  let definitionsLeft = plan.parentheticals.length + plan.scoped.length;
  for (const article of plan.articles) {
    if (w.length >= size && definitionsLeft === 0) break;
    w.scoped = [];
    const id = article.explicitId ? `art-${article.number}` : undefined;
    const titleTokens = rng.chance(0.3) ? [{ text: titleWords(rng, 1) }, { text: 'and' }, w.termUse()] : [{ text: titleWords(rng, rng.int(1, 2)) }];
    w.write(`# ${article.number}. ${titleTokens.map((t) => t.text).join(' ')}${id ? ` {#${id}}` : ''}\n\n`);
    w.counts.headingClauses++;
    w.articleNumbers.push(article.number);
    if (id) w.explicitIds.push(id);
    w.referable.push(String(article.number));

    for (const section of article.sections) {
      // Stop at the target size, never before every planned definition is written, never with an empty article.
      if (w.length >= size && definitionsLeft === 0 && section !== article.sections[0]) break;
      w.scoped = [];
      const number = section.number;
      w.section = number;
      const scopedTerm = scopedAt.get(number);
      const parenthetical = parentheticalAt.get(number);
      if (scopedTerm) definitionsLeft--;
      if (parenthetical) definitionsLeft--;
      // The opening paragraph: a scoped definition, a parenthetical definition, or plain prose.
      const opening: Token[] = [];
      if (scopedTerm) {
        w.counts.definitions++;
        w.counts.scoped++;
        w.counts.names++;
        w.counts.terms++;
        w.counts.references++; // "this Section 7.3" names its own clause.
        opening.push({ text: 'For' }, { text: 'purposes' }, { text: 'of' }, { text: `this Section ${number},` }, { text: `"${scopedTerm.name}"` }, { text: 'means' }, ...w.filler(3), { text: 'the' }, w.termUse());
        endSentence(opening);
        w.scoped = [{ name: scopedTerm.name, scope: number }];
        opening.push(...w.sentence());
      } else if (parenthetical) {
        w.counts.definitions++;
        w.counts.parenthetical++;
        w.counts.names++;
        w.counts.terms++;
        opening.push({ text: 'The' }, w.termUse(), { text: 'shall' }, { text: 'issue' }, ...w.filler(2), { text: `(the "${parenthetical.name}")` }, ...w.filler(3), { text: 'the' }, w.termUse());
        endSentence(opening);
        w.usable.push({ name: parenthetical.name });
        opening.push(...w.sentence());
      } else {
        opening.push(...w.sentences(rng.int(1, 2)));
      }

      if (section.style === 'heading') {
        const t = rng.chance(0.25) ? [w.termUse()] : [{ text: titleWords(rng, rng.int(1, 2)) }];
        w.write(`## ${number} ${t.map((x) => x.text).join(' ')}\n\n`);
        w.counts.headingClauses++;
        w.paragraph(opening);
      } else {
        w.paragraph([{ text: `${number}.` }, ...opening]);
        w.counts.paragraphClauses++;
      }
      w.referable.push(number);
      subclauses(w, number);

      // Numbered paragraphs inside a `## 7.3` section: `7.3.1.`, `7.3.2.`, each with sub-clauses now and then.
      if (section.style === 'heading' && rng.chance(0.5)) {
        const n = rng.int(1, 3);
        for (let k = 1; k <= n; k++) {
          const sub = `${number}.${k}`;
          clause(sub);
          w.paragraph([{ text: `${sub}.` }, ...w.sentences(rng.int(1, 2))]);
          w.counts.paragraphClauses++;
          w.referable.push(sub);
          if (rng.chance(0.4)) subclauses(w, sub);
        }
      }
      if (rng.chance(0.06)) table(w);
      if (rng.chance(0.08)) list(w);
      if (rng.chance(0.1)) w.paragraph(w.sentences(1));
    }
  }
}

/** `(a)`…`(e)` sub-clauses of `parent`, some with `(i)`…`(iii)` inside. */
function subclauses(w: ContractWriter, parent: string): void {
  const rng = w.rng;
  if (!rng.chance(0.8)) return;
  const n = rng.int(2, 5);
  for (let i = 0; i < n; i++) {
    const letter = SUB_LETTERS[i]!;
    const number = `${parent}(${letter})`;
    w.clauseNumbers.add(number);
    w.paragraph([{ text: `(${letter})` }, ...w.sentence({ refs: 0.25, cite: 0.08 })]);
    w.counts.subclauses++;
    w.referable.push(number);
    if (rng.chance(0.2)) {
      const m = rng.int(2, 3);
      for (let k = 0; k < m; k++) {
        const roman = SUB_ROMANS[k]!;
        const inner = `${number}(${roman})`;
        w.clauseNumbers.add(inner);
        w.paragraph([{ text: `(${roman})` }, ...w.sentence({ refs: 0.15, cite: 0.05 })]);
        w.counts.subclauses++;
      }
    }
  }
}

function table(w: ContractWriter): void {
  const rng = w.rng;
  w.counts.tables++;
  const rows = rng.int(3, 6);
  const lines = ['| Item | Target | Remedy |', '|---|---:|---|'];
  const start = w.length;
  let text = `${lines.join('\n')}\n`;
  for (let r = 0; r < rows; r++) {
    const a = w.termUse();
    const b = w.termUse();
    const prefix = '| ';
    const cellA = a.text.startsWith('[[') ? a.text.replace('|', '\\|') : a.text;
    if (a.use) w.useOffsets.push(start + text.length + prefix.length + 1);
    const row = `${prefix}${cellA} | ${rng.int(90, 99)}.${rng.int(0, 9)}% | ${w.filler(2).map((t) => t.text).join(' ')} ${b.text.startsWith('[[') ? b.text.replace('|', '\\|') : b.text} |`;
    text += `${row}\n`;
  }
  w.write(`${text}\n`);
}

function list(w: ContractWriter): void {
  const rng = w.rng;
  w.counts.lists++;
  const items = rng.int(2, 5);
  for (let i = 0; i < items; i++) {
    const tokens = [...w.filler(rng.int(1, 3)), { text: 'the' }, w.termUse(), ...w.filler(rng.int(2, 5))];
    endSentence(tokens);
    w.paragraph(tokens, '- ', '  ');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The workspace

/** What `writeWorkspace` wrote. */
export interface WorkspaceTruth {
  readonly root: string;
  /** Every Clausemark document, glossaries included (absolute paths). */
  readonly documents: readonly string[];
  readonly glossaries: readonly string[];
  readonly bytes: number;
  readonly glossaryTerms: number;
  readonly sources: number;
  /** A contract in the middle of the workspace and a keystroke in it (as `ContractTruth.edit`). */
  readonly edit: { readonly path: string; readonly offset: number; readonly insert: string; readonly target: string };
}

/** How to generate a workspace. */
export interface WorkspaceOptions {
  readonly seed: number;
  readonly files?: number;
  readonly fileBytes?: number;
  readonly glossaries?: number;
  readonly termsPerGlossary?: number;
  readonly sources?: number;
}

/**
 * Writes a workspace into `root`: `clausemark.json` (default bibliography and glossary imports), `sources.yaml`,
 * shared glossaries under `glossary/`, and `files` contracts of at least `fileBytes` each under `agreements/NN/`.
 */
export function writeWorkspace(root: string, options: WorkspaceOptions): WorkspaceTruth {
  const rng = new Rng(options.seed);
  const files = options.files ?? 5000;
  // A contract ends at the first section boundary past its target: 9,000 gives about 10 KB on average.
  const fileBytes = options.fileBytes ?? 9_000;
  const glossaryCount = options.glossaries ?? 4;
  const perGlossary = options.termsPerGlossary ?? 60;
  const sourceCount = options.sources ?? 200;
  let bytes = 0;
  const put = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    bytes += Buffer.byteLength(text);
  };

  const keys: string[] = [];
  const bib: string[] = ['# Shared bibliography of the generated workspace (CSL-YAML).', ''];
  for (let i = 0; i < sourceCount; i++) {
    const key = `${slug(rng.pick(PUBLISHERS))}-${rng.int(2015, 2026)}-${i + 1}`;
    keys.push(key);
    bib.push(
      `- id: ${key}`,
      '  type: report',
      `  title: ${titleWords(rng, 3)} ${titleWords(rng, 2)}`,
      `  publisher: ${rng.pick(PUBLISHERS)}`,
      '  issued:',
      `    date-parts: [[${key.split('-').at(-2)}, ${rng.int(1, 12)}, ${rng.int(1, 28)}]]`,
      `  URL: https://example.org/${key}`,
      '',
    );
  }
  put(join(root, 'sources.yaml'), bib.join('\n'));

  const glossaryNames = ['general', 'commercial', 'technology', 'regulatory', 'finance', 'people'].slice(0, glossaryCount);
  const allGlossaryTerms: string[] = [];
  const glossaries: string[] = [];
  const termRng = new Rng(options.seed ^ 0x5eed);
  const glossaryTerms = termNames(termRng, perGlossary * glossaryCount, new Set(Object.values(PARTY_TERMS)));
  glossaryNames.forEach((name, g) => {
    const terms = glossaryTerms.slice(g * perGlossary, (g + 1) * perGlossary).map((t) => t.name);
    allGlossaryTerms.push(...terms);
    const path = join(root, 'glossary', `${name}.clause.md`);
    put(path, glossary(new Rng(options.seed + g + 1), name, terms, keys));
    glossaries.push(path);
  });
  put(
    join(root, 'clausemark.json'),
    `${JSON.stringify({ bibliography: 'sources.yaml', imports: glossaryNames.map((n) => `glossary/${n}.clause.md`), rules: {} }, null, 2)}\n`,
  );

  const documents: string[] = [...glossaries];
  let edit: WorkspaceTruth['edit'] | undefined;
  for (let i = 0; i < files; i++) {
    const group = String(Math.floor(i / 100)).padStart(2, '0');
    const name = `contract-${String(i).padStart(4, '0')}`;
    const { text, truth } = generateContract({
      seed: options.seed * 100_003 + i,
      targetBytes: fileBytes,
      terms: 6,
      externalTerms: allGlossaryTerms,
      sourceKeys: keys,
      title: `Call-Off Contract ${i}`,
      id: name,
    });
    const path = join(root, 'agreements', group, `${name}.clause.md`);
    put(path, text);
    documents.push(path);
    if (i === Math.floor(files / 2)) edit = { path, ...truth.edit };
  }
  return { root, documents, glossaries, bytes, glossaryTerms: allGlossaryTerms.length, sources: keys.length, edit: edit! };
}

/** A shared glossary: a definitions-only document. */
function glossary(rng: Rng, name: string, terms: readonly string[], keys: readonly string[]): string {
  const w = new ContractWriter(rng.int(1, 2 ** 30));
  w.sourceKeys = [...keys];
  for (const name of Object.values(PARTY_TERMS)) w.usable.push({ name });
  w.write(['---', 'clausemark: 1', `title: Shared glossary (${name})`, `id: glossary-${name}`, 'parties:', '  - name: Northwind', '  - name: Contoso', '---', '', ''].join('\n'));
  w.write(`# Shared glossary: ${name}\n\n# Definitions\n\n`);
  const defined: TermEntry[] = [];
  for (const term of [...terms].sort()) {
    definition(w, { name: term }, defined);
    defined.push({ name: term });
  }
  return w.text();
}

/**
 * The workspace `writeWorkspace` writes into `dir`, written once: a later call finds its truth in `dir/truth.json` and
 * reads it back (bench:workspace and bench:ws-cold share the folder of the same flags).
 */
export function cachedWorkspace(dir: string, options: WorkspaceOptions, log: (message: string) => void): WorkspaceTruth {
  const stamp = join(dir, 'truth.json');
  if (existsSync(stamp)) return JSON.parse(readFileSync(stamp, 'utf8')) as WorkspaceTruth;
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  const truth = writeWorkspace(dir, options);
  writeFileSync(stamp, JSON.stringify(truth));
  log(`generated ${truth.documents.length} documents, ${(truth.bytes / 1e6).toFixed(1)} MB (${Math.round(performance.now() - t)} ms)`);
  return truth;
}
