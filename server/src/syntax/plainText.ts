// Turns a slice of Clausemark source into plain display text for hovers and reports: markup, citations and
// block-quote prefixes removed, term links replaced by their shown text. Display only, never used to find constructs.

/** Plain display text of a source slice. */
export function plainText(source: string): string {
  return source
    .replace(/^[ \t]{0,3}>[ \t]?/gm, '')
    .replace(/\[\[([^\]|\n]*?)(?:\\?\|([^\]\n]*?))?\]\]/g, (_m, target: string, shown?: string) => (shown ?? target).trim())
    .replace(/\s*\[[^\]\n]*@[^\]\n]*\]/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, '')
    .replace(/\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/(^|[\s(“"])[*_](?=\S)|(?<=\S)[*_](?=[\s.,;:)”"]|$)/gm, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
