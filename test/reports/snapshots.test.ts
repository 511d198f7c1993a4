// Snapshot tests of every report in every format it has, on the example workspace (the whole workspace, and the
// Amazon–OpenAI document alone, which imports the others): each output is a file under test/fixtures/reports/.

import { describe, expect, it } from 'vitest';
import { buildReport, FORMATS_OF, renderReport, type ReportKindOrAll } from '../../server/src/language/reports/index.js';
import { exampleWorkspace, unsafeMarkup } from './helpers.js';

const KINDS = Object.keys(FORMATS_OF) as ReportKindOrAll[];

describe('reports of the example workspace', () => {
  const { index, documents, normalize } = exampleWorkspace();

  for (const kind of KINDS) {
    for (const format of FORMATS_OF[kind]) {
      it(`${kind} as ${format}`, async () => {
        const result = renderReport(kind, format, buildReport(kind, index, documents));
        if (!result.ok) throw new Error(result.error);
        expect(result.extension).toBe(format);
        if (format === 'html' || format === 'svg') expect(unsafeMarkup(result.text)).toEqual([]);
        await expect(normalize(result.text)).toMatchFileSnapshot(`../fixtures/reports/${kind}.${format}`);
      });
    }
  }

  it('of one document: its own terms and the imported terms it uses, its clauses with incoming references from other files', async () => {
    const amazon = documents.find((uri) => uri.endsWith('/amazon-openai.clause.md'))!;
    const result = renderReport('all', 'md', buildReport('all', index, [amazon]));
    if (!result.ok) throw new Error(result.error);
    await expect(normalize(result.text)).toMatchFileSnapshot('../fixtures/reports/amazon-openai.all.md');
  });

  it('JSON is the data as it is', () => {
    const data = buildReport('all', index, documents);
    const result = renderReport('all', 'json', data);
    expect(result.ok && JSON.parse(result.text)).toEqual(JSON.parse(JSON.stringify(data)));
  });

  it('the same workspace gives the same bytes twice', () => {
    const again = exampleWorkspace();
    for (const kind of KINDS) {
      for (const format of FORMATS_OF[kind]) {
        const a = renderReport(kind, format, buildReport(kind, index, documents));
        const b = renderReport(kind, format, buildReport(kind, again.index, again.documents));
        expect(a.ok && b.ok && a.text === b.text, `${kind}.${format}`).toBe(true);
      }
    }
  });
});
