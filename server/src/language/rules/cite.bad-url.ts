// Rule: cite.bad-url. Reports a source URL that is not an http(s) address (`javascript:`, `file:`, `mailto:`, a
// relative path): on the URL itself for the document's own front-matter sources, and at the first citation of
// each other source (bibliography files, imported documents). Why: the hover turns the URL into a link, and a
// `javascript:` or `file:` link is at best dead and at worst an attack on whoever clicks it.
// ok:     `URL: https://example.com/msa`
// not ok: `URL: javascript:alert(1)`

import type { SourceEntry } from '../../syntax/model.js';
import { citationsBefore, firstCitations } from './cite.incomplete.js';
import type { Finding, Rule } from './rule.js';

/** True for an absolute http or https address with a host. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s/?#]/i.test(url.trim());
}

function badUrl(source: SourceEntry): string | undefined {
  return source.url !== undefined && !isWebUrl(source.url) ? source.url : undefined;
}

/** The rule. */
export const rule: Rule = {
  id: 'cite.bad-url',
  defaultLevel: 'warning',
  window: 'occurrences',
  windowPrefix: citationsBefore,
  summary: 'A source URL is not http(s)',
  docs: {
    what:
      'A source `URL` that is not an absolute `http://` or `https://` address: `javascript:`, `data:`, `file:`, `mailto:`, a relative path. ' +
      'For sources in the document\'s own front matter the finding stands on the URL (cited or not); a source from a bibliography file or an ' +
      'imported document is reported at its first citation in the document, with the URL\'s place as related information.',
    why: 'Hover and reports turn the URL into a link. A relative or `file:` link is dead for every other reader, and a `javascript:` or `data:` link runs whatever it holds for whoever clicks it.',
    ok: { document: `---\nsources:\n  msa-2024:\n    title: Master Services Agreement\n    URL: https://example.com/msa-2024\n---\n\nFees are due within 30 days [@msa-2024].\n` },
    notOk: { document: `---\nsources:\n  msa-2024:\n    title: Master Services Agreement\n    URL: javascript:alert(1)\n---\n\nFees are due within 30 days [@msa-2024].\n` },
  },
  *check({ linked, model, uri }): Iterable<Finding> {
    const own = new Set(model.frontMatter?.sources ?? []);
    for (const source of own) {
      const url = badUrl(source);
      if (url === undefined) continue;
      yield {
        span: source.urlSpan ?? source.keySpan,
        message: `Source URL "${url}" is not http(s): expected an address starting with "https://"`,
        data: { key: source.key, url },
      };
    }
    for (const use of firstCitations(linked.citations)) {
      const url = badUrl(use.source);
      if (url === undefined || own.has(use.source) || use.source.origin === uri) continue;
      yield {
        span: use.item.keySpan,
        message: `Source "${use.source.key}" has the URL "${url}", which is not http(s): expected an address starting with "https://"`,
        related: [{ uri: use.source.origin, span: use.source.urlSpan ?? use.source.keySpan, message: `The URL of source "${use.source.key}"` }],
        data: { key: use.source.key, url },
      };
    }
  },
};
