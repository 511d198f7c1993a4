// Finds definitions in one paragraph's text run: means-definitions (with alternative names, article lead-ins
// and short qualifiers), definitions inside a paragraph, inline parentheticals and pointer definitions
// (format section 3). Quoted words without a defining verb or a parenthetical lead-in are not definitions.

import { readLeadingNumber } from '../clauseNumber.js';
import type { DefinedName, DefinitionForm, DefinitionPointer, Span, TextRun } from '../model.js';
import { runSpan } from '../runs.js';

/** A definition as found in one paragraph, before the document gives it a clause and a scope. */
export interface FoundDefinition {
  readonly names: readonly DefinedName[];
  readonly form: DefinitionForm;
  /** Run indexes of the defining text (the paragraph, or the sentence holding a parenthetical). */
  readonly textFrom: number;
  readonly textTo: number;
  readonly pointer?: DefinitionPointer;
  /** `For the purposes of this definition, "x" means …`: limited to the paragraph's first definition. */
  readonly scopedToDefinition: boolean;
}

const OPEN = '"“';
/** Where a quoted name may open: a quote, or `**` before a quote or at the end of the text. */
const OPENING = /["“]|\*\*(?=["“]|$)/g;

/** The first place at or after `from` where a quoted name may open, or -1. */
function nextOpening(text: string, from: number): number {
  OPENING.lastIndex = from;
  return OPENING.exec(text)?.index ?? -1;
}
const NAME = /^(?:\*\*|__)?["“]((?:\*\*|__)?[^"“”\n\uFFFC]{1,100}?(?:\*\*|__)?)["”](?:\*\*|__)?/;
const LEAD_IN = /^(?:(?:A|An|The|To|Each|Any)\s+)/;
const ALT_JOIN = /^(?:\s*,?\s*(?:or|and)\s+|\s*\(\s*(?:or\s+|and\s+)?)/;
const VERBS_START = 'means|shall mean|refers to|shall refer to|has the meaning|shall have the meaning|have the meaning|includes|shall include|is';
const VERBS_INSIDE = 'means|shall mean|refers to|shall refer to|has the meaning|shall have the meaning|have the meaning';
const QUALIFIED_VERB_START = new RegExp(`^((?:\\s+[^\\s"“”\\uFFFC(),.;:]+){0,4}?)\\s+(${VERBS_START})(?![\\p{L}\\p{N}])`, 'u');
const QUALIFIED_VERB_INSIDE = new RegExp(`^((?:\\s+[^\\s"“”\\uFFFC(),.;:]+){0,4}?)\\s+(${VERBS_INSIDE})(?![\\p{L}\\p{N}])`, 'u');
const POINTER =
  /^\s+(?:set forth|given|assigned|ascribed|specified|provided|defined)(?:\s+(?:to\s+)?(?:it|such term|that term|them|each))?\s+(?:in|under)\s+(?:((?:§{1,2}\s*|(?:section|clause|article)\s+)(?:\d+(?:\.\d+)*(?:\([a-zA-Z0-9]{1,5}\))*|[IVXLCDM]+\b))(?:\s+(?:of|in)\s+)?)?(?:the\s+)?((?:\p{Lu}[\p{L}\p{N}'’-]*)(?:\s+(?:\p{Lu}[\p{L}\p{N}'’-]*|of|and|to))*)?/iu;
const SCOPED_TO_DEFINITION = /for\s+(?:the\s+)?purposes?\s+of\s+this\s+definition[^.;]*$/i;
const PAREN = /\(([^()\n]{1,240})\)/g;
const PAREN_LEAD_WORDS =
  /^(?:[\s,;:]|the|each|a|an|and|or|collectively|together|individually|jointly|hereinafter|herein|referred|to|as|such|all|respectively|called|also|known|being|any|one|of|them|its|their)*$/i;
const ABBREVIATIONS = /(?:^|[\s(])(?:inc|ltd|corp|co|no|nos|mr|ms|mrs|dr|jr|sr|u\.s|e\.g|i\.e|etc|vs|cf|p|pp|art|para|sec|st|llc|plc|n\.a|s\.a)$/i;

/** Reads every definition in a paragraph's run; spans in the result are run indexes (see `definitionSpans`). */
export function findDefinitions(run: TextRun): FoundDefinition[] {
  const text = run.text;
  const found: FoundDefinition[] = [];
  const taken: [number, number][] = [];

  const start = leadingSkip(text);
  const head = readDefinitionAt(text, start, true);
  if (head) {
    found.push({ ...head, textFrom: start, textTo: text.length, scopedToDefinition: false });
    taken.push([start, head.end]);
  }

  // Definitions inside the paragraph: a quoted name at a word boundary followed by a defining verb. The candidates
  // (an opening quote, or `**` before one or at the end) are found by a search, not by a loop over every character.
  for (let i = nextOpening(text, 0); i >= 0; i = nextOpening(text, i + 1)) {
    if (i > 0 && !/[\s(\u00a0]/.test(text[i - 1]!)) continue;
    if (taken.some(([a, b]) => i >= a && i < b)) continue;
    const leadStart = articleBefore(text, i);
    // Inside a paragraph a definition starts a sentence or a clause of one: `…, "control" means`, not
    // `He said "no" means no`.
    if (!startsSentenceOrClause(text, leadStart)) continue;
    const def = readDefinitionAt(text, i, false);
    if (!def) continue;
    const sentenceFrom = sentenceStart(text, leadStart);
    found.push({
      ...def,
      textFrom: sentenceFrom,
      textTo: sentenceEnd(text, def.end),
      scopedToDefinition: head !== undefined && SCOPED_TO_DEFINITION.test(text.slice(sentenceFrom, leadStart)),
    });
    taken.push([i, def.end]);
    i = def.end - 1;
  }

  // Inline parentheticals: (the "X"), (each, a "Party"), (collectively, the "Documents"). Two in one sentence
  // each define by the words before them, not by the whole sentence (so that neither defines the other).
  let previousParenEnd = 0;
  for (const m of text.matchAll(PAREN)) {
    const inner = m[1]!;
    const innerStart = m.index + 1;
    if (taken.some(([a, b]) => innerStart >= a && innerStart < b)) continue;
    const names = quotedNamesIn(inner, innerStart);
    if (names.length === 0) continue;
    const rest = inner.replace(/["“][^"“”]*["”]/g, ' ').replace(/\*\*|__/g, ' ').replace(/\bsuch\s+\p{L}+/giu, ' ');
    if (!PAREN_LEAD_WORDS.test(rest)) continue;
    const sentenceFrom = sentenceStart(text, m.index);
    const sentenceTo = sentenceEnd(text, m.index + m[0].length);
    const sharesSentence = previousParenEnd > sentenceFrom;
    found.push({
      names,
      form: 'parenthetical',
      textFrom: sharesSentence ? previousParenEnd : sentenceFrom,
      textTo: sharesSentence || hasLaterParenthetical(text, m.index + m[0].length, sentenceTo) ? m.index + m[0].length : sentenceTo,
      scopedToDefinition: false,
    });
    previousParenEnd = m.index + m[0].length;
  }
  return found;
}

interface DefinitionAt {
  readonly names: readonly DefinedName[];
  readonly form: DefinitionForm;
  readonly pointer?: DefinitionPointer;
  /** Run index just past the verb (or the pointer). */
  readonly end: number;
}

/** The run index where a paragraph's own text starts: past a clause number or an `(a)` marker. */
function leadingSkip(text: string): number {
  let pos = text.length - text.trimStart().length;
  const n = readLeadingNumber(text.slice(pos));
  if (n && !n.keyword && n.parts >= 2 && /^\s/.test(text.slice(pos + n.length))) pos += n.length;
  else {
    const marker = /^\([a-zA-Z0-9]{1,5}\)\s+/.exec(text.slice(pos));
    if (marker) pos += marker[0].length;
  }
  while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  return pos;
}

function articleBefore(text: string, quoteAt: number): number {
  const before = text.slice(Math.max(0, quoteAt - 6), quoteAt);
  const m = /(?:^|\s)(A|An|The|To|Each|Any)\s+$/.exec(before);
  return m ? quoteAt - (before.length - m.index - (m[0].length - m[0].trimStart().length)) : quoteAt;
}

function readDefinitionAt(text: string, at: number, atStart: boolean): DefinitionAt | undefined {
  let pos = at;
  if (atStart) {
    const lead = LEAD_IN.exec(text.slice(pos));
    if (lead && OPEN.includes(text[pos + lead[0].length] ?? '') ) pos += lead[0].length;
    else if (lead && text.startsWith('**', pos + lead[0].length)) pos += lead[0].length;
  }
  const names: { name: string; from: number; to: number }[] = [];
  const first = readName(text, pos);
  if (!first) return undefined;
  names.push(first);
  pos = first.next;
  for (;;) {
    const join = ALT_JOIN.exec(text.slice(pos));
    if (!join) break;
    const alt = readName(text, pos + join[0].length);
    if (!alt) break;
    names.push(alt);
    pos = alt.next;
    if (join[0].includes('(') && text[pos] === ')') pos++;
  }
  if (names.some((n) => isDisclaimer(n.name))) return undefined;
  const verb = (atStart ? QUALIFIED_VERB_START : QUALIFIED_VERB_INSIDE).exec(text.slice(pos));
  if (!verb) return undefined;
  const verbEnd = pos + verb[0].length;
  const defined = names.map((n): DefinedName => ({ name: n.name, span: { start: n.from, end: n.to } }));
  return { names: defined, ...pointerAfter(text, verb[2]!, verbEnd) };
}

function pointerAfter(text: string, verb: string, verbEnd: number): { form: DefinitionForm; pointer?: DefinitionPointer; end: number } {
  if (!/meaning$/.test(verb)) return { form: 'means', end: verbEnd };
  const m = POINTER.exec(text.slice(verbEnd));
  if (!m || (!m[1] && !m[2])) return { form: 'means', end: verbEnd };
  const clause = m[1]?.trim();
  const target = clause ? clause.replace(/^(?:§{1,2}|section|clause|article)\s*/i, '') : '';
  const targetAt = clause ? text.indexOf(clause, verbEnd) : -1;
  const targetFrom = targetAt >= 0 ? targetAt + clause!.length - target.length : verbEnd;
  const document = m[2]?.trim();
  return {
    form: 'pointer',
    pointer: {
      target,
      span: { start: targetFrom, end: targetFrom + target.length },
      ...(document ? { document } : {}),
    },
    end: verbEnd + m[0].length,
  };
}

function readName(text: string, pos: number): { name: string; from: number; to: number; next: number } | undefined {
  const m = NAME.exec(text.slice(pos));
  if (!m) return undefined;
  const raw = m[1]!;
  const inner = raw.replace(/^(?:\*\*|__)|(?:\*\*|__)$/g, '');
  const trimmed = inner.trim();
  if (!trimmed || !/\p{L}/u.test(trimmed)) return undefined;
  const quoteAt = m[0].search(/["“]/);
  const from = pos + quoteAt + 1 + raw.indexOf(inner) + (inner.length - inner.trimStart().length);
  return { name: trimmed.replace(/\s+/g, ' '), from, to: from + trimmed.length, next: pos + m[0].length };
}

/** ALL-CAPS phrases of several words (`"AS IS"`) are disclaimers, not terms. */
function isDisclaimer(name: string): boolean {
  return /\s/.test(name) && name === name.toUpperCase() && /\p{Lu}/u.test(name);
}

function quotedNamesIn(inner: string, innerStart: number): DefinedName[] {
  const names: DefinedName[] = [];
  for (const q of inner.matchAll(/["“]([^"“”]{1,100})["”]/g)) {
    const raw = q[1]!;
    const stripped = raw.replace(/^(?:\*\*|__)|(?:\*\*|__)$/g, '');
    const name = stripped.trim();
    if (!name || !/\p{L}/u.test(name) || isDisclaimer(name)) continue;
    const from = innerStart + q.index + 1 + raw.indexOf(stripped) + (stripped.length - stripped.trimStart().length);
    names.push({ name: name.replace(/\s+/g, ' '), span: { start: from, end: from + name.length } });
  }
  return names;
}

/**
 * Whether a sentence or a clause of one starts at `at`: nothing but spaces and inline content stands between it and
 * the run's start or a `,.;:()`. Inline content (a citation, code, inline HTML, shown in the run as one opaque
 * character) is no punctuation, so it neither starts a sentence nor hides the one that starts after it. (An HTML
 * comment is not in the run at all: an invisible `<!-- clausemark-disable-next-line -->` at a line's end changes
 * nothing the lines around it read.)
 */
function startsSentenceOrClause(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && /[\s\uFFFC]/.test(text[k]!)) k--;
  return k < 0 || ',.;:()'.includes(text[k]!);
}

/** True when another defining parenthetical follows in `[from, to)`. */
function hasLaterParenthetical(text: string, from: number, to: number): boolean {
  return /\([^()\n]{0,240}["“][^"“”]{1,100}["”][^()\n]{0,240}\)/.test(text.slice(from, to));
}

function sentenceStart(text: string, at: number): number {
  for (let i = at - 1; i > 0; i--) {
    const c = text[i]!;
    if (c === '\n' && text[i - 1] === '\n') return i + 1;
    if (/[.!?;]/.test(c) && /\s/.test(text[i + 1] ?? '') && !ABBREVIATIONS.test(text.slice(Math.max(0, i - 5), i))) {
      let s = i + 1;
      while (s < at && /\s/.test(text[s]!)) s++;
      return s;
    }
  }
  return leadingSkip(text) <= at ? leadingSkip(text) : 0;
}

function sentenceEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text[i]!;
    if (/[.!?]/.test(c) && (i + 1 === text.length || /\s/.test(text[i + 1]!)) && !ABBREVIATIONS.test(text.slice(Math.max(0, i - 5), i))) {
      return i + 1;
    }
  }
  return text.length;
}

/** Converts run indexes of a found definition's names and pointer into document spans. */
export function definitionSpans(run: TextRun, def: FoundDefinition): { names: DefinedName[]; span: Span; pointer?: DefinitionPointer } {
  const names = def.names.map((n) => ({ name: n.name, span: runSpan(run, n.span.start, n.span.end) }));
  const span = runSpan(run, def.textFrom, def.textTo);
  if (!def.pointer) return { names, span };
  return { names, span, pointer: { ...def.pointer, span: runSpan(run, def.pointer.span.start, def.pointer.span.end) } };
}
