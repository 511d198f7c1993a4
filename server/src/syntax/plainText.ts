// Turns a slice of Clausemark source into plain display text for hovers and reports: markup, citations and
// block-quote prefixes removed, term links replaced by their shown text. Display only, never used to find constructs.

/**
 * The replacements, in order, each with a character its pattern cannot match without: a text without it is left
 * as it is (most paragraphs have no emphasis, HTML or escapes, and each pass would copy the text).
 */
const PASSES: readonly [needs: readonly string[], pattern: RegExp, replacement: string | ((...groups: string[]) => string)][] = [
  [['>'], /^[ \t]{0,3}>[ \t]?/gm, ''],
  [['[['], /\[\[([^\]|\n]*?)(?:\\?\|([^\]\n]*?))?\]\]/g, (_m, target: string, shown?: string) => (shown ?? target!).trim()],
  [['@'], /\s*\[[^\]\n]*@[^\]\n]*\]/g, ''],
  [['<!--'], /<!--[\s\S]*?-->/g, ''],
  [['<'], /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, ''],
  [[']('], /\[([^\]\n]*)\]\([^)\n]*\)/g, '$1'],
  [['**', '__', '`'], /(\*\*|__|`)/g, ''],
  [['*', '_'], /(^|[\s(“"])[*_](?=\S)|(?<=\S)[*_](?=[\s.,;:)”"]|$)/gm, '$1'],
  [['\\'], /\\([!-/:-@[-`{-~])/g, '$1'],
];

/** Plain display text of a source slice. */
export function plainText(source: string): string {
  let text = source;
  for (const [needs, pattern, replacement] of PASSES) {
    if (needs.some((n) => text.includes(n))) text = text.replace(pattern, replacement as string);
  }
  return text.replace(/\s+/g, ' ').trim();
}
