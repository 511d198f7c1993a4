// Tests of `clausemark check` for CI: the SARIF 2.1.0 log (validated against the OASIS schema, one descriptor per rule,
// regions exact to the UTF-16 code unit across CRLF and astral characters), the GitHub annotation commands and their
// escaping, --fail-on exit codes, globs, and the progress line on a terminal; snapshots under test/fixtures/cli/.
//
// test/fixtures/sarif-schema-2.1.0.json is dist/json-schema/sarif-schema-2.1.0.json of the npm package
// @datadog/datadog-ci-plugin-sarif@5.11.0 (Apache-2.0), byte for byte (sha256 10666d46…556454): the OASIS TC's
// draft-07 schema (sarif-spec, sarif-2.1/prose/sarif-schema-2.1.0.json) with the typo in two language-tag patterns fixed.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../server/src/cli/checkOutput.js';
import { escapeData, escapeProperty, renderGithub } from '../../server/src/cli/github.js';
import { expandBraces, expandGlob, segmentRegExp } from '../../server/src/cli/glob.js';
import { runCli } from '../../server/src/cli/main.js';
import { PROGRESS_MIN_FILES } from '../../server/src/cli/progress.js';
import { RULES, RULES_DOC_URL } from '../../server/src/language/index.js';

const repo = new URL('../..', import.meta.url).pathname;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'clausemark-sarif-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const schema = JSON.parse(readFileSync(join(repo, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

/** The schema's complaints about `log` (none for a valid log). */
function schemaErrors(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** `𝒜` and `😀` are one code point and two UTF-16 code units each (four UTF-8 bytes). */
const ASTRAL_LINE = '\u{1D49C} \u{1F600} A Gadget is not a [[Sprocket]].';

/**
 * A small workspace with errors and warnings: a CRLF document with astral characters before a finding and a duplicate
 * definition (related location), and a document whose name and text hold the characters GitHub commands escape.
 */
const FINDINGS = {
  'crlf.clause.md': ['# Terms', '', '"Widget" means a small thing.', '', '"Gadget" means a tool.', '', '"Gadget" means a device.', '', ASTRAL_LINE, ''].join('\r\n'),
  'b,c:d.clause.md': [
    '---',
    'sources:',
    '  - id: "100%-src"',
    '    title: A source',
    '---',
    '# Other',
    '',
    '"Thing, with: comma" means x[@nokey].',
    '',
    'See §9.',
    '',
  ].join('\n'),
};

/** The findings workspace and its outputs, run from inside the folder; `normalize` hides the folder's path. */
function findings(format: string, extra: string[] = []) {
  const dir = folder(FINDINGS);
  const result = runCli(['check', '.', '--format', format, ...extra], dir);
  return { dir, result, normalize: (text: string) => text.replaceAll(pathToFileURL(dir).href, 'file:///findings') };
}

describe('--format sarif', () => {
  it('is checked against the schema file as the registry package ships it', () => {
    const bytes = readFileSync(join(repo, 'test/fixtures/sarif-schema-2.1.0.json'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('10666d46649b52e262001e70d43e6c52f7c0279ca3dbdfe9a7dc2e4071556454');
    expect(schema.$id).toBe('https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json');
  });

  it('is a valid SARIF 2.1.0 log on the example workspace, with exit code 0', () => {
    const result = runCli(['check', 'examples/frontier-dispute', '--format', 'sarif'], repo);
    expect(result.code).toBe(0);
    const log = JSON.parse(result.stdout) as Log;
    expect(schemaErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results!.length).toBeGreaterThan(0);
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(repo).href } });
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation).toEqual({
      uri: expect.stringMatching(/^examples\/frontier-dispute\/[\w-]+\.clause\.md$/),
      uriBaseId: '%SRCROOT%',
    });
  });

  it('is a valid log with errors, warnings and a related location, and exits 1', async () => {
    const { result, normalize } = findings('sarif');
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as Log;
    expect(schemaErrors(log)).toEqual([]);
    const levels = log.runs[0]!.results!.map((r) => r.level);
    expect(levels).toContain('error');
    expect(levels).toContain('warning');
    // The rule descriptors are checked against the registry below; the snapshot keeps their ids only, so that a
    // reworded rule document does not change it.
    const { rules, ...driver } = log.runs[0]!.tool.driver;
    const shown = { ...log, runs: [{ ...log.runs[0]!, tool: { driver: { ...driver, rules: rules!.map((r) => r.id) } } }] };
    await expect(normalize(`${JSON.stringify(shown, null, 2)}\n`)).toMatchFileSnapshot('../fixtures/cli/findings.sarif');
  });

  it('the schema check is live: a broken log fails it', () => {
    const log = JSON.parse(findings('sarif').result.stdout);
    log.runs[0].results[0].level = 'fatal';
    log.runs[0].results[0].locations[0].physicalLocation.region.startColumn = 0;
    delete log.runs[0].tool.driver.name;
    expect(schemaErrors(log)).toEqual(
      expect.arrayContaining([
        '/runs/0/results/0/level must be equal to one of the allowed values',
        '/runs/0/results/0/locations/0/physicalLocation/region/startColumn must be >= 1',
        "/runs/0/tool/driver must have required property 'name'",
      ]),
    );
  });

  it('has one rule descriptor per rule of the registry, with its documentation and default level', () => {
    const log = JSON.parse(runCli(['check', 'examples/frontier-dispute', '--format', 'sarif'], repo).stdout) as Log;
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const expectedLevel = { error: 'error', warning: 'warning', info: 'note', hint: 'note', off: 'none' } as const;
    RULES.forEach((rule, i) => {
      const descriptor: ReportingDescriptor = rules[i]!;
      expect(descriptor).toEqual({
        id: rule.id,
        name: expect.stringMatching(/^[A-Z][A-Za-z0-9]+$/),
        shortDescription: { text: rule.summary },
        fullDescription: { text: rule.docs.what },
        help: { text: expect.stringContaining(rule.docs.why), markdown: expect.stringContaining(`**Why:** ${rule.docs.why}`) },
        helpUri: `${RULES_DOC_URL}#${rule.id}`,
        defaultConfiguration: { level: expectedLevel[rule.defaultLevel] },
      });
    });
    expect(rules.find((r) => r.id === 'term.used-before-definition')!.name).toBe('TermUsedBeforeDefinition');
    expect(rules.find((r) => r.id === 'term.used-once')!.defaultConfiguration).toEqual({ level: 'none' });
  });

  it('gives every result the index of its rule and the level of its severity', () => {
    const log = JSON.parse(findings('sarif').result.stdout) as Log;
    const run = log.runs[0]!;
    for (const result of run.results!) expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
    const text = runCli(['check', '.', '--format', 'json'], folder(FINDINGS)).stdout;
    const severities = JSON.parse(text).files.flatMap((f: { diagnostics: { severity: number }[] }) => f.diagnostics.map((d) => d.severity));
    expect(run.results!.map((r) => r.level)).toEqual(severities.map((s: number) => ['', 'error', 'warning', 'note', 'note'][s]));
  });

  it('has regions exact to the UTF-16 code unit, after CRLF line ends and astral characters', () => {
    const run = (JSON.parse(findings('sarif').result.stdout) as Log).runs[0]!;
    expect(run.columnKind).toBe('utf16CodeUnits');
    const at = (rule: string, file: string): Result =>
      run.results!.find((r) => r.ruleId === rule && r.locations![0]!.physicalLocation!.artifactLocation!.uri === file)!;
    // `[[Sprocket]]` starts after 24 UTF-16 code units of line 9 (22 code points, 28 UTF-8 bytes) and is 12 long.
    expect(ASTRAL_LINE.indexOf('[[Sprocket]]')).toBe(24);
    expect(at('term.undefined', 'crlf.clause.md').locations![0]!.physicalLocation!.region).toEqual({ startLine: 9, startColumn: 25, endLine: 9, endColumn: 37 });
    // CRLF counts as one line end: the duplicate "Gadget" is on line 7, its first definition on line 5.
    const duplicate = at('term.duplicate', 'crlf.clause.md');
    expect(duplicate.locations![0]!.physicalLocation!.region).toEqual({ startLine: 7, startColumn: 2, endLine: 7, endColumn: 8 });
    expect(duplicate.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'crlf.clause.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: 2, endLine: 5, endColumn: 8 } },
        message: { text: 'First definition of "Gadget"' },
      },
    ]);
    // A colon in a relative reference is escaped, lest `b,c:` read as a scheme.
    expect(at('ref.broken', 'b,c%3Ad.clause.md').locations![0]!.physicalLocation!.region).toEqual({ startLine: 10, startColumn: 5, endLine: 10, endColumn: 7 });
  });

  it('gives a file outside the working directory an absolute URI', () => {
    const dir = folder(FINDINGS);
    const log = JSON.parse(runCli(['check', dir, '--format', 'sarif'], repo).stdout) as Log;
    expect(schemaErrors(log)).toEqual([]);
    const location = log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!;
    expect(location.uriBaseId).toBeUndefined();
    expect(location.uri!.startsWith(pathToFileURL(dir).href)).toBe(true);
  });
});

describe('the other formats of the findings workspace', () => {
  it.each([
    ['text', 'findings.txt'],
    ['json', 'findings.json'],
    ['github', 'findings.github.txt'],
  ])('%s', async (format, file) => {
    const { result, normalize } = findings(format);
    expect(result.code).toBe(1);
    await expect(normalize(result.stdout)).toMatchFileSnapshot(`../fixtures/cli/${file}`);
  });

  it('text stays path:line:col severity rule message, columns in UTF-16 code units', () => {
    const { result } = findings('text');
    expect(result.stdout).toContain('crlf.clause.md:9:25 error term.undefined No definition for term "Sprocket"\n');
    expect(result.stdout).toMatch(/\n4 errors, 4 warnings, 0 info, 0 hints in 2 files\n$/);
  });
});

describe('--format github', () => {
  it('prints one workflow command per finding, properties and message escaped', () => {
    const lines = findings('github').result.stdout.trimEnd().split('\n');
    expect(lines).toContain('::error file=crlf.clause.md,line=9,col=25,endLine=9,endColumn=37,title=term.undefined::No definition for term "Sprocket"');
    expect(lines).toContain(
      '::warning file=b%2Cc%3Ad.clause.md,line=3,col=10,endLine=3,endColumn=18,title=cite.unused::Source "100%25-src" is never cited in the workspace: expected a "[@100%25-src]" or the source removed',
    );
    // The message keeps `:` and `,` (only properties escape them).
    expect(lines).toContain('::warning file=b%2Cc%3Ad.clause.md,line=8,col=2,endLine=8,endColumn=20,title=term.unused::"Thing, with: comma" is defined but never used');
    expect(lines.at(-1)).toBe('4 errors, 4 warnings, 0 info, 0 hints in 2 files');
  });

  it('maps info and hint to notice, and gives a range over several lines its lines only', () => {
    const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
    const result: CheckResult = {
      files: [
        {
          uri: 'file:///w/a.clause.md',
          path: 'a.clause.md',
          findings: [
            { code: 'x.info', severity: 'info', message: 'one\r\ntwo', range: range(0, 0, 0, 3), related: [] },
            { code: 'x.hint', severity: 'hint', message: '50%', range: range(1, 2, 3, 4), related: [] },
          ],
        },
      ],
      summary: { error: 0, warning: 0, info: 1, hint: 1 },
    };
    expect(renderGithub(result).split('\n')).toEqual([
      '::notice file=a.clause.md,line=1,col=1,endLine=1,endColumn=4,title=x.info::one%0D%0Atwo',
      '::notice file=a.clause.md,line=2,endLine=4,title=x.hint::50%25',
      '0 errors, 0 warnings, 1 info, 1 hints in 1 file',
      '',
    ]);
  });

  /** What the Actions runner does with an escaped value: `%25`, `%0D`, `%0A`, `%3A`, `%2C` back to their characters. */
  const unescape = (text: string) => text.replace(/%(25|0D|0A|3A|2C)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

  it('escapes so that the runner reads back every string, and nothing ends a command early', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('%', '\r', '\n', ':', ',', '=', 'a', '2', '5', 'C', 'é', '\u{1F600}') }), (text) => {
        const data = escapeData(text);
        const property = escapeProperty(text);
        expect(unescape(data)).toBe(text);
        expect(unescape(property)).toBe(text);
        expect(data).not.toMatch(/[\r\n]/);
        expect(property).not.toMatch(/[\r\n:,]/);
      }),
    );
  });
});

describe('--fail-on', () => {
  /** A document with one unused term, the term.unused rule set to `level`. */
  const oneFinding = (level: string) => folder({ 'doc.clause.md': '"Widget" means a thing.\n', 'clausemark.json': JSON.stringify({ rules: { 'term.unused': level } }) });

  it.each([
    // level of the one finding, exit code with --fail-on error, warning, info
    ['error', [1, 1, 1]],
    ['warning', [0, 1, 1]],
    ['info', [0, 0, 1]],
    ['hint', [0, 0, 0]],
    ['off', [0, 0, 0]],
  ] as const)('a finding at %s exits %j with --fail-on error, warning, info', (level, codes) => {
    const dir = oneFinding(level);
    expect(['error', 'warning', 'info'].map((failOn) => runCli(['check', '.', '--fail-on', failOn], dir).code)).toEqual(codes);
    expect(runCli(['check', '.'], dir).code).toBe(codes[0]);
    expect(runCli(['check', '.', '--format=sarif', '--fail-on=warning'], dir).code).toBe(codes[1]);
  });

  it('refuses another level', () => {
    const result = runCli(['check', '.', '--fail-on', 'hint'], repo);
    expect(result).toMatchObject({ code: 2, stderr: 'clausemark: --fail-on must be one of error, warning, info\n' });
  });
});

describe('globs', () => {
  const tree = () =>
    folder({
      'contracts/msa.clause.md': '"Fee" means money. The Fee is due.\n',
      'contracts/eu/dpa.clause.md': '"Data" means facts. Data flows.\n',
      'contracts/eu/notes.md': '# Notes, not a Clausemark document\n',
      'contracts/eu/annex.md': '---\nclausemark: 1\n---\n"Annex" means this. See the Annex.\n',
      'contracts/node_modules/dep/x.clause.md': '[[Broken]]\n',
      'contracts/.hidden/y.clause.md': '[[Broken]]\n',
      'drafts/a[1].clause.md': '"Draft" means a draft. A Draft.\n',
      'drafts/b.clause.md': '"Bee" means b. A Bee.\n',
    });
  const paths = (dir: string, ...args: string[]) => JSON.parse(runCli(['check', ...args, '--format', 'json'], dir).stdout).files.map((f: { path: string }) => f.path);

  it('match Clausemark files across folders, skipping dependency and hidden folders', () => {
    const dir = tree();
    expect(paths(dir, 'contracts/**/*.clause.md')).toEqual(['contracts/eu/dpa.clause.md', 'contracts/msa.clause.md']);
    expect(paths(dir, 'contracts/**/*.md')).toEqual(['contracts/eu/annex.md', 'contracts/eu/dpa.clause.md', 'contracts/msa.clause.md']);
    expect(paths(dir, '**/*.clause.md')).toEqual(['contracts/eu/dpa.clause.md', 'contracts/msa.clause.md', 'drafts/a[1].clause.md', 'drafts/b.clause.md']);
    expect(paths(dir, 'contracts/.hidden/*.clause.md')).toEqual(['contracts/.hidden/y.clause.md']);
  });

  it('take ?, [..] and {a,b}; a matched folder gives every Clausemark file below it; a path that exists is no glob', () => {
    const dir = tree();
    expect(paths(dir, '{contracts,drafts}/?sa.clause.md')).toEqual(['contracts/msa.clause.md']);
    expect(paths(dir, 'drafts/[!a]*.clause.md')).toEqual(['drafts/b.clause.md']);
    expect(paths(dir, 'contracts/e?')).toEqual(['contracts/eu/annex.md', 'contracts/eu/dpa.clause.md']);
    expect(paths(dir, 'drafts/a[1].clause.md')).toEqual(['drafts/a[1].clause.md']);
    expect(paths(dir, 'drafts/a\\[1\\].*.md')).toEqual(['drafts/a[1].clause.md']);
  });

  it('exit 2 when they match no Clausemark file', () => {
    const dir = tree();
    for (const pattern of ['contracts/**/*.txt', 'nowhere/**/*.clause.md', 'contracts/eu/notes.*']) {
      expect(runCli(['check', pattern], dir)).toMatchObject({ code: 2, stderr: `clausemark: No Clausemark file matches ${pattern}\n` });
    }
  });

  it('compile segments and braces as a shell does', () => {
    expect(expandBraces('a{b,c{d,e}}f{,g}')).toEqual(['abf', 'abfg', 'acdf', 'acdfg', 'acef', 'acefg']);
    expect(expandBraces('{x}y{z')).toEqual(['{x}y{z']);
    expect(segmentRegExp('*.md').test('.hidden.md')).toBe(false);
    expect(segmentRegExp('.*.md').test('.hidden.md')).toBe(true);
    expect(segmentRegExp('[]x]?').test(']y')).toBe(true);
    expect(segmentRegExp('a(b)+c.md').test('a(b)+c.md')).toBe(true);
    expect(segmentRegExp('[a').test('[a')).toBe(true);
    const dir = tree();
    expect(expandGlob('contracts/*', dir)).toEqual([{ base: join(dir, 'contracts'), files: [join(dir, 'contracts/msa.clause.md')], folders: [join(dir, 'contracts/eu'), join(dir, 'contracts/node_modules')] }]);
  });
});

describe('the progress line', () => {
  /** A stand-in for stderr that records what is written. */
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, isTTY, write: (text: string) => written.push(text) };
  };
  const many = (n: number) => folder(Object.fromEntries(Array.from({ length: n }, (_, i) => [`doc${String(i).padStart(3, '0')}.clause.md`, `"Term ${i}" means ${i}. Term ${i}.\n`])));

  it('counts checked files in place on a terminal and is cleared at the end', () => {
    const dir = many(PROGRESS_MIN_FILES + 5);
    const stderr = stream(true);
    const result = runCli(['check', '.'], dir, { stderr });
    expect(result.code).toBe(0);
    const total = PROGRESS_MIN_FILES + 5;
    expect(stderr.written[0]).toBe(`\r\x1b[2Kchecked 1/${total} files`);
    expect(stderr.written.at(-2)).toBe(`\r\x1b[2Kchecked ${total}/${total} files`);
    expect(stderr.written.at(-1)).toBe('\r\x1b[2K');
    expect(stderr.written.every((w) => !w.includes('\n'))).toBe(true);
    expect(result.stderr).toBe('');
  });

  it('is never written when stderr is not a terminal, nor for a small workspace', () => {
    const notTty = stream(false);
    runCli(['check', '.'], many(PROGRESS_MIN_FILES + 5), { stderr: notTty });
    expect(notTty.written).toEqual([]);
    const small = stream(true);
    runCli(['check', '.'], many(PROGRESS_MIN_FILES - 1), { stderr: small });
    expect(small.written).toEqual([]);
  });

  it('stays off the log of the built command when stderr is a pipe', () => {
    const dir = many(PROGRESS_MIN_FILES + 5);
    const run = spawnSync(process.execPath, [join(repo, 'server/out/cli.js'), 'check', '.', '--format', 'github'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.endsWith(` in ${PROGRESS_MIN_FILES + 5} files\n`)).toBe(true);
  });
});

describe('the built command', () => {
  it('writes the same SARIF as the in-process run, with the package version', () => {
    const dir = folder(FINDINGS);
    const run = spawnSync(process.execPath, [join(repo, 'server/out/cli.js'), 'check', '.', '--format', 'sarif'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const built = JSON.parse(run.stdout) as Log;
    expect(schemaErrors(built)).toEqual([]);
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(built.runs[0]!.tool.driver).toMatchObject({ name: 'Clausemark', version, semanticVersion: version });
    const inProcess = JSON.parse(runCli(['check', '.', '--format', 'sarif'], dir).stdout) as Log;
    const withoutVersion = (log: Log) => ({ ...log, runs: log.runs.map((r) => ({ ...r, tool: { driver: { ...r.tool.driver, version: undefined, semanticVersion: undefined } } })) });
    expect(JSON.parse(JSON.stringify(withoutVersion(built)))).toEqual(JSON.parse(JSON.stringify(withoutVersion(inProcess))));
  });
});
