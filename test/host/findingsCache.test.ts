// The findings cache: a reopened document in an unchanged workspace takes the rules' findings from the cache (the
// rules do not run) and gets the diagnostics and the check basis of running them, and a keystroke afterwards the
// same answer as without the cache; any change of what the findings depend on (the text, the configuration, the
// version, an imported document, a bibliography, clausemark.json, a document that links to it, the matching options,
// the folders, a missing mark) misses; a file that is corrupt, cut short, foreign or of another document is ignored
// and removed; findings that are not plain data, and those of a check in which a rule failed, are not kept; the
// size bound counts block packs and findings together; a directory that cannot be written makes it do nothing.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateContract } from '../../bench/generate.js';
import { BlockCache } from '../../server/src/host/blockCache.js';
import { framed } from '../../server/src/host/cacheFiles.js';
import { FindingsCache, type FindingsCacheOptions } from '../../server/src/host/findingsCache.js';
import { DEFAULT_CONFIG, type LanguageConfig } from '../../server/src/language/config.js';
import { checkBasis, documentDiagnostics } from '../../server/src/language/diagnostics.js';
import { diagnosticsAfterEdit } from '../../server/src/language/editDiagnostics.js';
import { RULES } from '../../server/src/language/rules/index.js';
import type { Rule } from '../../server/src/language/rules/rule.js';
import { createLanguageService } from '../../server/src/language/service.js';
import { WorkspaceIndex } from '../../server/src/language/workspaceIndex.js';
import { parseDocument } from '../../server/src/syntax/parseDocument.js';
import { EXAMPLE_FILES } from '../fuzz/documents.js';

const root = mkdtempSync(join(tmpdir(), 'clausemark-findings-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `d${dirs++}`);

const ROOT = 'file:///ws';
const uriOf = (path: string) => `${ROOT}/${path}`;
/** Every rule on (term.used-once is off by default). */
const CONFIG: LanguageConfig = { ...DEFAULT_CONFIG, rules: { 'term.used-once': 'info' } };

/** The example workspace, its Amazon document given findings of several rules (a broken reference, an unknown term and source). */
const FILES: Readonly<Record<string, string>> = {
  ...EXAMPLE_FILES,
  'amazon-openai.clause.md': `${EXAMPLE_FILES['amazon-openai.clause.md']!}\n\nSee §99 and [[Nothing Defined]] as reported [@no-such-source].\n`,
};
const AMAZON = 'amazon-openai.clause.md';
const MICROSOFT = 'microsoft-openai.clause.md';

/** How often the rules ran. */
let ruleRuns = 0;
/** The registry, counting its runs (one array for every check, as the service passes it). */
const COUNTED: readonly Rule[] = RULES.map((rule) => ({ ...rule, check: (context) => (ruleRuns++, rule.check(context)) }));

/** A new session's index of `files` (in their order), with referenced files that are absent marked missing. */
function indexOf(files: Readonly<Record<string, string>>, roots = [ROOT]): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setRoots(roots);
  for (const [path, text] of Object.entries(files)) {
    const uri = uriOf(path);
    if (path === 'clausemark.json') index.setConfig(uri, text);
    else if (path.endsWith('.md')) index.setDocument(uri, text);
    else index.setSourceFile(uri, text);
  }
  for (let round = 0; round < 5; round++) for (const w of index.wantedFiles()) index.markMissing(w.uri, 'does not exist');
  return index;
}

/** A new session's cache over `directory` that writes at once and keeps the findings of any document, and its log. */
function cacheIn(directory: string, options: Partial<FindingsCacheOptions> = {}): { cache: FindingsCache; logs: string[] } {
  const logs: string[] = [];
  return { cache: new FindingsCache({ directory, version: 'test-1', delayMs: 0, minChars: 0, log: (m) => logs.push(m), ...options }), logs };
}

/** A session that checks `path` of `files` with a cache over `directory` and writes what it keeps. */
async function session(directory: string, path: string, files = FILES, config = CONFIG, rules = COUNTED): Promise<void> {
  const { cache } = cacheIn(directory);
  documentDiagnostics(indexOf(files), uriOf(path), config, rules, cache);
  await cache.flush();
}

/** What a check gives and leaves: the diagnostics and the basis (its findings, levels and generation). */
function checked(index: WorkspaceIndex, uri: string, config: LanguageConfig, cache?: FindingsCache, rules = COUNTED) {
  const diagnostics = documentDiagnostics(index, uri, config, rules, cache);
  const basis = checkBasis(index.linked(uri)!)!;
  return { diagnostics, basis: { generation: basis.reads.generation, levels: basis.levels, findings: basis.findings, rules: basis.rules } };
}

const findingsFiles = (directory: string) => (existsSync(directory) ? readdirSync(directory).filter((n) => n.endsWith('.findings')) : []);

describe('the findings cache', () => {
  it('gives a reopened document the findings of running the rules, without running them', async () => {
    const dir = freshDir();
    await session(dir, AMAZON);
    expect(findingsFiles(dir)).toHaveLength(1);

    const { cache } = cacheIn(dir);
    const index = indexOf(FILES);
    const before = ruleRuns;
    const hit = checked(index, uriOf(AMAZON), CONFIG, cache);
    expect(cache.lastLookup?.hit).toBe(true);
    expect(ruleRuns).toBe(before);

    const fresh = indexOf(FILES);
    const ran = checked(fresh, uriOf(AMAZON), CONFIG);
    expect(ruleRuns).toBeGreaterThan(before);
    expect(hit).toEqual(ran);
    expect(hit.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['ref.broken', 'term.undefined', 'cite.unknown']));
  });

  it('leaves the keystroke window the basis it has after running the rules', async () => {
    const dir = freshDir();
    await session(dir, AMAZON);
    const { cache } = cacheIn(dir);
    const uri = uriOf(AMAZON);
    const index = indexOf(FILES);
    const fresh = indexOf(FILES);
    checked(index, uri, CONFIG, cache);
    expect(cache.lastLookup?.hit).toBe(true);
    checked(fresh, uri, CONFIG);
    const basis = checkBasis(index.linked(uri)!);
    const text = FILES[AMAZON]!;
    const paragraph = text.indexOf('This file');
    const edits = [
      `${text.slice(0, paragraph)}x${text.slice(paragraph)}`,
      `${text.slice(0, paragraph)}See § 42. ${text.slice(paragraph)}`,
      `${text}Another [[Nothing Defined]].\n`,
      text.replace('§99', '§98'),
    ];
    let answered = 0;
    for (const edited of edits) {
      const answer = diagnosticsAfterEdit(index, uri, CONFIG, edited, COUNTED);
      expect(answer).toEqual(diagnosticsAfterEdit(fresh, uri, CONFIG, edited, COUNTED));
      if (!('refused' in answer)) answered++;
    }
    expect(answered).toBeGreaterThan(0);
    // The window worked from the basis the cache gave: no full check ran again.
    expect(checkBasis(index.linked(uri)!)).toBe(basis);
  });

  it('is used by the service through its `findings` option', async () => {
    const dir = freshDir();
    const first = cacheIn(dir).cache;
    createLanguageService(indexOf(FILES), () => CONFIG, { findings: () => first }).diagnostics(uriOf(AMAZON));
    await first.flush();
    const { cache } = cacheIn(dir);
    const service = createLanguageService(indexOf(FILES), () => CONFIG, { findings: cache });
    const diagnostics = service.diagnostics(uriOf(AMAZON));
    expect(cache.lastLookup?.hit).toBe(true);
    expect(diagnostics).toEqual(documentDiagnostics(indexOf(FILES), uriOf(AMAZON), CONFIG));
  });

  /** Changes of what a document's findings depend on: each must miss, and the check must be a fresh one's. */
  const CHANGES: readonly {
    readonly what: string;
    readonly path?: string;
    readonly files?: Readonly<Record<string, string>>;
    readonly config?: LanguageConfig;
    readonly version?: string;
    readonly index?: (index: WorkspaceIndex) => void;
  }[] = [
    { what: 'the document’s text', files: { ...FILES, [AMAZON]: `${FILES[AMAZON]!}One more line.\n` } },
    { what: 'a rule’s level in the settings', config: { ...CONFIG, rules: { ...CONFIG.rules, 'ref.broken': 'warning' } } },
    { what: 'a rule turned off in the settings', config: { ...CONFIG, rules: { ...CONFIG.rules, 'term.undefined': 'off' } } },
    { what: 'the version of the rules', version: 'test-2' },
    { what: 'an imported glossary', files: { ...FILES, 'glossary.clause.md': FILES['glossary.clause.md']!.replace('"Agent" means', '"Agent" or "Agents" means') } },
    { what: 'the bibliography', files: { ...FILES, 'sources.yaml': `${FILES['sources.yaml']!}\n- id: no-such-source\n  type: article\n  title: Now it exists\n` } },
    { what: 'clausemark.json', files: { ...FILES, 'clausemark.json': '{ "bibliography": "sources.yaml", "rules": { "term.used-once": "off" } }' } },
    { what: 'an imported document it links into', files: { ...FILES, [MICROSOFT]: `${FILES[MICROSOFT]!}\n"Late Term" means a term defined late.\n` } },
    { what: 'a document that links into it', path: MICROSOFT, files: { ...FILES, [AMAZON]: `${FILES[AMAZON]!}Uses Late Terms.\n` } },
    { what: 'another document of the workspace', files: { ...FILES, 'other.clause.md': '# Other\n\nNothing here.\n' } },
    { what: 'the term matching options', index: (index) => index.setMatching({ plurals: false, capitalizedAtSentenceStart: true }) },
    { what: 'matching at sentence starts', index: (index) => index.setMatching({ plurals: true, capitalizedAtSentenceStart: false }) },
    { what: 'the workspace folders', index: (index) => index.setRoots([`${ROOT}/sub`]) },
    { what: 'a file marked missing', index: (index) => index.markMissing(uriOf('glossary.clause.md'), 'was deleted') },
    { what: 'the size limit', index: (index) => index.setMaxFileSize(Buffer.byteLength(FILES[AMAZON]!) + 10) },
  ];

  for (const change of CHANGES) {
    it(`misses when ${change.what} changed`, async () => {
      const path = change.path ?? AMAZON;
      const files = change.files ?? FILES;
      const config = change.config ?? CONFIG;
      const dir = freshDir();
      await session(dir, path);
      const changed = () => {
        const index = indexOf(files);
        change.index?.(index);
        return index;
      };
      const { cache, logs } = cacheIn(dir, change.version ? { version: change.version } : {});
      const before = ruleRuns;
      const result = checked(changed(), uriOf(path), config, cache);
      expect(cache.lastLookup?.hit ?? false).toBe(false);
      expect(ruleRuns).toBeGreaterThan(before);
      expect(result).toEqual(checked(changed(), uriOf(path), config));
      if (change.version) expect(logs.join('\n')).toMatch(/another version/);
      // The changed state's findings are kept in turn: the next session with it finds them.
      await cache.flush();
      const next = cacheIn(dir, change.version ? { version: change.version } : {}).cache;
      const again = checked(changed(), uriOf(path), config, next);
      expect(next.lastLookup?.hit ?? false).toBe(true);
      expect(again).toEqual(result);
    });
  }

  /** Damage done to a stored file, and what the log must say. */
  const DAMAGE: readonly { readonly what: string; readonly damage: (file: string, dir: string) => string; readonly reason: RegExp }[] = [
    { what: 'cut short', damage: (file) => (writeFileSync(file, readFileSync(file).subarray(0, readFileSync(file).length - 7)), file), reason: /truncated/ },
    { what: 'with a header cut short', damage: (file) => (writeFileSync(file, readFileSync(file).subarray(0, 20)), file), reason: /truncated header/ },
    {
      what: 'corrupt',
      damage: (file) => {
        const bytes = readFileSync(file);
        bytes[bytes.length - 3] ^= 0x20;
        writeFileSync(file, bytes);
        return file;
      },
      reason: /checksum/,
    },
    { what: 'empty', damage: (file) => (writeFileSync(file, ''), file), reason: /not a findings cache file/ },
    { what: 'foreign', damage: (file) => (writeFileSync(file, 'CLMKBLK2 not ours at all'), file), reason: /not a findings cache file/ },
    {
      what: 'of another document (under this one’s name)',
      damage: (file, dir) => {
        const header = headerOf(file);
        rewrite(file, { ...header, uri: uriOf('elsewhere.clause.md') }, bodyOf(file));
        return join(dir, readdirSync(dir).find((n) => n.endsWith('.findings'))!);
      },
      reason: /another document/,
    },
    { what: 'holding something else than findings, with a fitting checksum', damage: (file) => (rewrite(file, headerOf(file), Buffer.from('{"findings":1}')), file), reason: /not findings/ },
    { what: 'holding a finding without a span, with a fitting checksum', damage: (file) => (rewrite(file, headerOf(file), Buffer.from('[["ref.broken",[{"message":"x"}]]]')), file), reason: /not findings/ },
  ];

  for (const { what, damage, reason } of DAMAGE) {
    it(`ignores and removes a file ${what}`, async () => {
      const dir = freshDir();
      await session(dir, AMAZON);
      const file = damage(join(dir, findingsFiles(dir)[0]!), dir);
      // No write for a minute: the file the lookup removed is not written again meanwhile.
      const { cache, logs } = cacheIn(dir, { delayMs: 60_000 });
      const before = ruleRuns;
      const result = checked(indexOf(FILES), uriOf(AMAZON), CONFIG, cache);
      expect(cache.lastLookup?.hit).toBe(false);
      expect(ruleRuns).toBeGreaterThan(before);
      expect(result).toEqual(checked(indexOf(FILES), uriOf(AMAZON), CONFIG));
      expect(logs.join('\n')).toMatch(reason);
      await new Promise((r) => setTimeout(r, 50)); // The removal is not awaited by the lookup.
      expect(existsSync(file)).toBe(false);
    });
  }

  it('keeps a file of the same document under another key for the next store to replace', async () => {
    const dir = freshDir();
    await session(dir, AMAZON);
    const changed = { ...FILES, [AMAZON]: `${FILES[AMAZON]!}A change.\n` };
    const { cache, logs } = cacheIn(dir, { delayMs: 60_000 });
    const before = headerOf(join(dir, findingsFiles(dir)[0]!)).key;
    checked(indexOf(changed), uriOf(AMAZON), CONFIG, cache);
    expect(logs).toEqual([]);
    expect(headerOf(join(dir, findingsFiles(dir)[0]!)).key).toBe(before);
    await cache.flush();
    expect(findingsFiles(dir)).toHaveLength(1);
    expect(headerOf(join(dir, findingsFiles(dir)[0]!)).key).not.toBe(before);
  });

  it('does not keep findings that are not plain data', async () => {
    for (const [data, reason] of [
      [{ when: new Date(0) }, /an object of a class/],
      [{ name: 'x', missing: undefined }, /undefined value of "missing"/],
      [{ ratio: Number.NaN }, /the number NaN/],
    ] as const) {
      const dir = freshDir();
      const odd: Rule = { ...RULES[0]!, id: 'test.odd', check: () => [{ span: { start: 0, end: 1 }, message: 'odd', data: data as Record<string, unknown> }] };
      const { cache, logs } = cacheIn(dir);
      documentDiagnostics(indexOf(FILES), uriOf(AMAZON), CONFIG, [...RULES, odd], cache);
      await cache.flush();
      expect(findingsFiles(dir)).toEqual([]);
      expect(logs.join('\n')).toMatch(reason);
    }
  });

  it('does not keep the findings of a check in which a rule failed', async () => {
    const dir = freshDir();
    const failing: Rule = { ...RULES[0]!, id: 'test.failing', check: () => { throw new Error('boom'); } };
    const { cache } = cacheIn(dir);
    const diagnostics = documentDiagnostics(indexOf(FILES), uriOf(AMAZON), CONFIG, [...RULES, failing], cache);
    await cache.flush();
    expect(diagnostics.some((d) => d.message.includes('Rule test.failing failed'))).toBe(true);
    expect(findingsFiles(dir)).toEqual([]);
  });

  it('keeps nothing of a document shorter than its threshold, nor of one above the size limit', async () => {
    const dir = freshDir();
    const { cache } = cacheIn(dir, { minChars: 100_000 });
    documentDiagnostics(indexOf(FILES), uriOf(AMAZON), CONFIG, RULES, cache);
    const big = indexOf(FILES);
    big.setMaxFileSize(100);
    documentDiagnostics(big, uriOf(AMAZON), CONFIG, RULES, cacheIn(dir).cache);
    await cache.flush();
    expect(findingsFiles(dir)).toEqual([]);
  });

  it('keeps block packs and findings together under the size bound, the least recently used removed first', async () => {
    const dir = freshDir();
    const contract = generateContract({ seed: 5, targetBytes: 20_000 }).text;
    const blocks = new BlockCache({ directory: dir, version: 'test-1', delayMs: 0 });
    blocks.store(parseDocument(contract, uriOf('contract.clause.md')));
    await blocks.flush();
    for (const path of [AMAZON, MICROSOFT]) await session(dir, path);
    const sizes = Object.fromEntries(readdirSync(dir).map((n) => [n, statSync(join(dir, n)).size]));
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    // Oldest first: the pack, then Amazon's findings, then Microsoft's.
    const names = Object.keys(sizes).sort((a, b) => (a.endsWith('.pack') ? -1 : b.endsWith('.pack') ? 1 : 0));
    names.forEach((n, i) => utimesSync(join(dir, n), new Date(1e12 + i * 1000), new Date(1e12 + i * 1000)));
    const packName = names.find((n) => n.endsWith('.pack'))!;
    const bound = total - sizes[packName]! + 1;
    const { cache } = cacheIn(dir, { maxBytes: bound });
    documentDiagnostics(indexOf(FILES), uriOf('glossary.clause.md'), CONFIG, RULES, cache);
    await cache.flush();
    const left = readdirSync(dir);
    expect(left.reduce((n, name) => n + statSync(join(dir, name)).size, 0)).toBeLessThanOrEqual(bound);
    expect(left).not.toContain(packName);
    expect(findingsFiles(dir)).toHaveLength(left.length);
    // The newest file (just written) is kept.
    expect(left.length).toBeGreaterThan(0);
  });

  it('does nothing, throws nothing and says so once when its directory cannot be made', async () => {
    const base = freshDir();
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, 'file'), 'not a directory');
    const { cache, logs } = cacheIn(join(base, 'file', 'cache'));
    for (let i = 0; i < 2; i++) {
      expect(documentDiagnostics(indexOf(FILES), uriOf(AMAZON), CONFIG, RULES, cache)).toEqual(documentDiagnostics(indexOf(FILES), uriOf(AMAZON), CONFIG));
      await cache.flush();
    }
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/cannot be written \(ENOTDIR\)/);
  });
});

/** The JSON header of a findings file. */
function headerOf(file: string): Record<string, unknown> {
  const bytes = readFileSync(file);
  try {
    return JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function bodyOf(file: string): Buffer {
  const bytes = readFileSync(file);
  return bytes.subarray(12 + bytes.readUInt32LE(8));
}

/** Writes a findings file from a header and a body, its length and checksum made to fit, as a writer would. */
function rewrite(file: string, header: Record<string, unknown>, body: Buffer): void {
  const { bytes: _bytes, sha1: _sha1, ...rest } = header;
  writeFileSync(file, Buffer.concat(framed(Buffer.from('CLMKFND1', 'latin1'), rest, [body])));
}
