// The remark plugin that adds Clausemark's inline constructs (`[[term links]]`, `[@citations]`) to remark-parse.
import type {} from 'remark-parse';
import type { Processor } from 'unified';
import { clauseInlineFromMarkdown } from './inlineFromMarkdown.js';
import { clauseInlineSyntax } from './inlineSyntax.js';

/** Unified plugin: parse `[[Term|shown]]` into `termLink` nodes and `[see @key, p. 3]` into `citation` nodes. */
export function remarkClauseInline(this: Processor): undefined {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(clauseInlineSyntax());
  (data.fromMarkdownExtensions ??= []).push(clauseInlineFromMarkdown());
}
