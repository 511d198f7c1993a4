// The micromark text extension on `[` that tokenizes explicit term links (`[[Term|shown]]`) and pandoc citations (`[see @key, p. 3]`).
//
// Both constructs are self-delimited, so they need no resolver: a tokenizer either consumes the whole construct or
// fails (`nok`), and micromark then reverts and lets the core link-label construct have the `[`. They are registered
// before the core constructs, so `[[Term]]` wins over a link reference definition `[Term]: url`.
// Every scan stops at the next `[` (a failed attempt never reads past it), so all attempts together read each
// character of a paragraph a bounded number of times: the tokenizer is linear even on `[[[[…` and `[@[@…`.
// Rule for micromark's assertion build: every consume happens inside a token entered (and not yet exited) just
// before it, so after a nested token (a line ending, a space run) is exited a fresh chunk token is entered.
import { asciiAlphanumeric, markdownLineEnding, markdownLineEndingOrSpace, markdownSpace } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    termLink: 'termLink';
    termLinkMarker: 'termLinkMarker';
    termLinkTarget: 'termLinkTarget';
    termLinkDivider: 'termLinkDivider';
    termLinkShown: 'termLinkShown';
    termLinkText: 'termLinkText';
    termLinkSpace: 'termLinkSpace';
    citation: 'citation';
    citationMarker: 'citationMarker';
    citationItem: 'citationItem';
    citationPrefix: 'citationPrefix';
    citationPrefixData: 'citationPrefixData';
    citationSuppressAuthor: 'citationSuppressAuthor';
    citationKeyMarker: 'citationKeyMarker';
    citationKey: 'citationKey';
    citationLocator: 'citationLocator';
    citationLocatorData: 'citationLocatorData';
    citationSeparator: 'citationSeparator';
  }
}

/** The micromark syntax extension for `[[term links]]` and `[@citations]` (text content, on `[`). */
export function clauseInlineSyntax(): Extension {
  return { text: { [codes.leftSquareBracket]: [termLinkConstruct, citationConstruct] } };
}

const termLinkConstruct: Construct = { name: 'termLink', tokenize: tokenizeTermLink };
const citationConstruct: Construct = { name: 'citation', tokenize: tokenizeCitation };

/** Lookahead: `\|`, the divider as written inside a GFM table cell. */
const escapedPipe: Construct = { partial: true, tokenize: tokenizeEscapedPipe };
/** Lookahead: `@` followed by a character that can start a key. */
const keyAhead: Construct = { partial: true, tokenize: tokenizeKeyAhead };
/** Lookahead: `-@` followed by a character that can start a key. */
const suppressedKeyAhead: Construct = { partial: true, tokenize: tokenizeSuppressedKeyAhead };
/** Lookahead: one key punctuation mark followed by a letter or digit (so a trailing `.` stays out of the key). */
const punctuationInKey: Construct = { partial: true, tokenize: tokenizePunctuationInKey };

const nonAsciiLetterOrDigit = /^[\p{L}\p{N}]$/u;

/** A letter or digit (ASCII, or a non-ASCII letter or digit of the Basic Multilingual Plane). */
function letterOrDigit(code: Code): boolean {
  if (code === null || code < 0) return false;
  if (code < 128) return asciiAlphanumeric(code);
  return nonAsciiLetterOrDigit.test(String.fromCharCode(code));
}

/** A character that may start a citation key or stand anywhere in it. */
function keyCharacter(code: Code): boolean {
  return code === codes.underscore || letterOrDigit(code);
}

/** Punctuation allowed inside a key when a letter or digit follows it. */
function keyPunctuation(code: Code): boolean {
  return code === codes.dash || code === codes.dot || code === codes.colon || code === codes.slash;
}

function tokenizeTermLink(effects: Effects, ok: State, nok: State): State {
  let hasTarget = false;
  let hasShown = false;
  return start;

  function start(code: Code): State | undefined {
    effects.enter('termLink');
    effects.enter('termLinkMarker');
    effects.consume(code);
    return secondOpen;
  }

  function secondOpen(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return nok(code);
    effects.consume(code);
    effects.exit('termLinkMarker');
    effects.enter('termLinkTarget');
    return target;
  }

  // Between chunks of the target: no line endings, no brackets; `|` or `\|` divides, `]]` closes.
  function target(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code) || code === codes.leftSquareBracket) return nok(code);
    if (code === codes.verticalBar || code === codes.rightSquareBracket) return endTarget(code);
    if (code === codes.backslash) return effects.check(escapedPipe, endTarget, targetTextStart)(code);
    if (markdownSpace(code)) return spaceStart(code, target);
    return targetTextStart(code);
  }

  function targetTextStart(code: Code): State | undefined {
    hasTarget = true;
    effects.enter('termLinkText');
    effects.consume(code);
    return targetText;
  }

  function targetText(code: Code): State | undefined {
    if (
      code === codes.eof ||
      markdownLineEndingOrSpace(code) ||
      code === codes.leftSquareBracket ||
      code === codes.rightSquareBracket ||
      code === codes.verticalBar ||
      code === codes.backslash
    ) {
      effects.exit('termLinkText');
      return target(code);
    }
    effects.consume(code);
    return targetText;
  }

  function endTarget(code: Code): State | undefined {
    if (!hasTarget) return nok(code);
    effects.exit('termLinkTarget');
    if (code === codes.rightSquareBracket) return closeStart(code);
    effects.enter('termLinkDivider');
    effects.consume(code);
    return code === codes.backslash ? dividerPipe : dividerEnd;
  }

  function dividerPipe(code: Code): State | undefined {
    effects.consume(code);
    return dividerEnd;
  }

  function dividerEnd(code: Code): State | undefined {
    effects.exit('termLinkDivider');
    effects.enter('termLinkShown');
    return shown(code);
  }

  // Between chunks of the shown text: it may wrap lines; `]]` closes, a `[` is not allowed.
  function shown(code: Code): State | undefined {
    if (code === codes.eof || code === codes.leftSquareBracket) return nok(code);
    if (code === codes.rightSquareBracket) {
      if (!hasShown) return nok(code);
      effects.exit('termLinkShown');
      return closeStart(code);
    }
    if (markdownLineEnding(code)) return lineEnding(effects, code, shown);
    if (markdownSpace(code)) return spaceStart(code, shown);
    hasShown = true;
    effects.enter('termLinkText');
    effects.consume(code);
    return shownText;
  }

  function shownText(code: Code): State | undefined {
    if (
      code === codes.eof ||
      markdownLineEndingOrSpace(code) ||
      code === codes.leftSquareBracket ||
      code === codes.rightSquareBracket
    ) {
      effects.exit('termLinkText');
      return shown(code);
    }
    effects.consume(code);
    return shownText;
  }

  function spaceStart(code: Code, next: State): State | undefined {
    effects.enter('termLinkSpace');
    effects.consume(code);
    return space;

    function space(code: Code): State | undefined {
      if (markdownSpace(code)) {
        effects.consume(code);
        return space;
      }
      effects.exit('termLinkSpace');
      return next(code);
    }
  }

  function closeStart(code: Code): State | undefined {
    effects.enter('termLinkMarker');
    effects.consume(code);
    return secondClose;
  }

  function secondClose(code: Code): State | undefined {
    if (code !== codes.rightSquareBracket) return nok(code);
    effects.consume(code);
    effects.exit('termLinkMarker');
    effects.exit('termLink');
    return ok;
  }
}

function tokenizeCitation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this;
  return start;

  /** `@` and `-@` start a key only after `[`, `;`, a space or a line ending (so `a@b.com` is no key). */
  function atBoundary(): boolean {
    const previous = self.previous;
    return previous === codes.leftSquareBracket || previous === codes.semicolon || markdownLineEndingOrSpace(previous);
  }

  /** Characters that end a prefix or locator chunk and are dealt with by the caller. */
  function stop(code: Code): boolean {
    return (
      code === codes.eof ||
      code === codes.leftSquareBracket ||
      code === codes.rightSquareBracket ||
      code === codes.semicolon ||
      markdownLineEnding(code)
    );
  }

  function start(code: Code): State | undefined {
    effects.enter('citation');
    effects.enter('citationMarker');
    effects.consume(code);
    effects.exit('citationMarker');
    return itemStart;
  }

  function itemStart(code: Code): State | undefined {
    effects.enter('citationItem');
    if (code === codes.atSign) return effects.check(keyAhead, keyMarker, prefixStart)(code);
    if (code === codes.dash) return effects.check(suppressedKeyAhead, suppressAuthor, prefixStart)(code);
    return prefixStart(code);
  }

  function prefixStart(code: Code): State | undefined {
    effects.enter('citationPrefix');
    return prefix(code);
  }

  // Between chunks of the prefix (`see ` in `[see @key]`): it may wrap lines and must end in a key.
  function prefix(code: Code): State | undefined {
    if (code === codes.eof || code === codes.leftSquareBracket || code === codes.rightSquareBracket || code === codes.semicolon) {
      return nok(code);
    }
    if (markdownLineEnding(code)) return lineEnding(effects, code, prefix);
    if (code === codes.atSign && atBoundary()) return effects.check(keyAhead, endPrefixThenKey, prefixDataStart)(code);
    if (code === codes.dash && atBoundary()) {
      return effects.check(suppressedKeyAhead, endPrefixThenSuppress, prefixDataStart)(code);
    }
    return prefixDataStart(code);
  }

  function prefixDataStart(code: Code): State | undefined {
    effects.enter('citationPrefixData');
    effects.consume(code);
    return prefixData;
  }

  function prefixData(code: Code): State | undefined {
    if (stop(code) || ((code === codes.atSign || code === codes.dash) && atBoundary())) {
      effects.exit('citationPrefixData');
      return prefix(code);
    }
    effects.consume(code);
    return prefixData;
  }

  function endPrefixThenKey(code: Code): State | undefined {
    effects.exit('citationPrefix');
    return keyMarker(code);
  }

  function endPrefixThenSuppress(code: Code): State | undefined {
    effects.exit('citationPrefix');
    return suppressAuthor(code);
  }

  function suppressAuthor(code: Code): State | undefined {
    effects.enter('citationSuppressAuthor');
    effects.consume(code);
    effects.exit('citationSuppressAuthor');
    return keyMarker;
  }

  function keyMarker(code: Code): State | undefined {
    effects.enter('citationKeyMarker');
    effects.consume(code);
    effects.exit('citationKeyMarker');
    return keyStart;
  }

  function keyStart(code: Code): State | undefined {
    if (!keyCharacter(code)) return nok(code);
    effects.enter('citationKey');
    effects.consume(code);
    return key;
  }

  function key(code: Code): State | undefined {
    if (keyCharacter(code)) {
      effects.consume(code);
      return key;
    }
    if (keyPunctuation(code)) return effects.check(punctuationInKey, keyInside, afterKey)(code);
    return afterKey(code);
  }

  function keyInside(code: Code): State | undefined {
    effects.consume(code);
    return key;
  }

  function afterKey(code: Code): State | undefined {
    effects.exit('citationKey');
    if (code === codes.rightSquareBracket || code === codes.semicolon) return endItem(code);
    if (code === codes.eof || code === codes.leftSquareBracket) return nok(code);
    effects.enter('citationLocator');
    return locator(code);
  }

  // Between chunks of the locator (`, p. 3` in `[@key, p. 3]`): anything up to `;` or `]`, may wrap lines.
  function locator(code: Code): State | undefined {
    if (code === codes.eof || code === codes.leftSquareBracket) return nok(code);
    if (code === codes.rightSquareBracket || code === codes.semicolon) {
      effects.exit('citationLocator');
      return endItem(code);
    }
    if (markdownLineEnding(code)) return lineEnding(effects, code, locator);
    effects.enter('citationLocatorData');
    effects.consume(code);
    return locatorData;
  }

  function locatorData(code: Code): State | undefined {
    if (stop(code)) {
      effects.exit('citationLocatorData');
      return locator(code);
    }
    effects.consume(code);
    return locatorData;
  }

  function endItem(code: Code): State | undefined {
    effects.exit('citationItem');
    if (code === codes.semicolon) {
      effects.enter('citationSeparator');
      effects.consume(code);
      effects.exit('citationSeparator');
      return itemStart;
    }
    effects.enter('citationMarker');
    effects.consume(code);
    effects.exit('citationMarker');
    return after;
  }

  // `[@x](url)` and `[@x][ref]` stay links.
  function after(code: Code): State | undefined {
    if (code === codes.leftParenthesis || code === codes.leftSquareBracket) return nok(code);
    effects.exit('citation');
    return ok(code);
  }
}

/** Consumes one line ending in its own `lineEnding` token, then goes on with `next`. */
function lineEnding(effects: Effects, code: Code, next: State): State | undefined {
  effects.enter('lineEnding');
  effects.consume(code);
  effects.exit('lineEnding');
  return next;
}

function tokenizeEscapedPipe(effects: Effects, ok: State, nok: State): State {
  return start;

  function start(code: Code): State | undefined {
    effects.enter('termLinkDivider');
    effects.consume(code);
    effects.exit('termLinkDivider');
    return pipe;
  }

  function pipe(code: Code): State | undefined {
    return code === codes.verticalBar ? ok(code) : nok(code);
  }
}

function tokenizeKeyAhead(effects: Effects, ok: State, nok: State): State {
  return marker;

  function marker(code: Code): State | undefined {
    effects.enter('citationKeyMarker');
    effects.consume(code);
    effects.exit('citationKeyMarker');
    return first;
  }

  function first(code: Code): State | undefined {
    return keyCharacter(code) ? ok(code) : nok(code);
  }
}

function tokenizeSuppressedKeyAhead(effects: Effects, ok: State, nok: State): State {
  return start;

  function start(code: Code): State | undefined {
    effects.enter('citationSuppressAuthor');
    effects.consume(code);
    effects.exit('citationSuppressAuthor');
    return marker;
  }

  function marker(code: Code): State | undefined {
    return code === codes.atSign ? tokenizeKeyAhead(effects, ok, nok)(code) : nok(code);
  }
}

function tokenizePunctuationInKey(effects: Effects, ok: State, nok: State): State {
  return start;

  function start(code: Code): State | undefined {
    effects.enter('citationKey');
    effects.consume(code);
    effects.exit('citationKey');
    return next;
  }

  function next(code: Code): State | undefined {
    return letterOrDigit(code) ? ok(code) : nok(code);
  }
}
