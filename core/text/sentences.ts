// Sentence splitting with exact offsets. Written by hand because it must keep
// citations ("[@a, p. 4]") and footnote marks inside the sentence they follow,
// know the abbreviations of this genre ("Dr R. Velander", "Gen."), and run over
// tens of thousands of documents in well under a second.

import { isLetterUnit, isSpaceUnit, isSurrogate, isUpperUnit, unitTest } from "./charClass.js";

export interface Span {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(
  `dr mr mrs ms prof gen lt col maj capt adm sr jr st no nos p pp vol ed eds fig e.g i.e vs cf al inc ltd co corp
  jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n a.m p.m approx est govt dept min rep sen hon rt rev`
    .split(/\s+/)
    .filter(Boolean),
);

export interface SplitOptions {
  /** Ranges (relative to the text) that are never split and, at a sentence start, belong to the sentence before. */
  attached?: Span[];
  /** Treat a line break as a sentence end unless the next line clearly continues the sentence. */
  lineBreaks?: boolean;
}

export function splitSentences(text: string, options: SplitOptions = {}): Span[] {
  const attached = [...(options.attached ?? [])].sort((a, b) => a.start - b.start);
  const n = text.length;
  // Lookups by offset, so a note with 100 000 citations splits in linear time.
  const inside = new Uint8Array(attached.length ? n : 0);
  const startsAt = new Map<number, Span>();
  for (const a of attached) {
    inside.fill(1, a.start, Math.min(a.end, n));
    startsAt.set(a.start, a);
  }
  const insideAttached = (i: number) => inside.length > 0 && inside[i] === 1;
  // Sources pass no ranges: asked only when there are some, the look-up (written out,
  // not a call) is code the engine never meets half-way through a corpus load and
  // recompiles the function for.
  const anyAttached = attached.length > 0;
  const breaks: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (isBlankLineBreak(text, i) || (options.lineBreaks && lineEndsSentence(text, i))) breaks.push(i);
      continue;
    }
    if (c !== 46 /* . */ && c !== 63 /* ? */ && c !== 33 /* ! */) continue;
    if (insideAttached(i)) continue;
    let j = i + 1;
    while (j < n && isClosingMark(text.charCodeAt(j)) && !(anyAttached && startsAt.has(j))) j++;
    if (j < n && !isSpaceUnit(text.charCodeAt(j)) && !(anyAttached && startsAt.has(j))) continue;
    if (c === 46 && isAbbreviation(text, i)) continue;
    // The next sentence must start like one: a capital, digit, quote or bracket.
    let k = j;
    while (k < n && isInlineSpace(text.charCodeAt(k))) k++; // spaces, tabs, no-break spaces
    if (k < n && !isSentenceOpening(text.charCodeAt(k))) continue;
    breaks.push(j);
  }
  const spans: Span[] = [];
  let start = 0;
  for (const b of [...breaks, n]) {
    pushTrimmed(text, start, b, spans);
    start = b;
  }
  return attachTrailing(text, spans, startsAt);
}

// The character tests of the scan, one UTF-16 unit each (see charClass.ts).
const isClosingMark = unitTest(/^[.?!’”"')\]]$/);
const isSentenceOpening = unitTest(/^[\p{Lu}\p{N}"“‘'(\[*_#\n\r]$/u);
const isLowerOrDigit = unitTest(/^[\p{Ll}\p{N}]$/u);
/** White space within a line (`[^\S\r\n]`): spaces, tabs, no-break spaces. */
const isInlineSpace = (c: number) => c !== 10 && c !== 13 && isSpaceUnit(c);

// Every read below is inside the text: an index past either end (charCodeAt gives
// NaN) makes the engine throw away the function's optimised code and compile it again.
function isBlankLineBreak(text: string, i: number): boolean {
  let j = i + 1;
  if (text.charCodeAt(i) === 13 && j < text.length && text.charCodeAt(j) === 10) j++;
  while (j < text.length && isInlineSpace(text.charCodeAt(j))) j++;
  if (j >= text.length) return false;
  const c = text.charCodeAt(j);
  return c === 10 || c === 13;
}

// In plain-text sources a line is usually a paragraph or a heading; a line whose
// successor starts in lower case, or that ends mid-phrase, continues the sentence.
function lineEndsSentence(text: string, i: number): boolean {
  let p = i - 1;
  for (; p >= 0; p--) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9 && c !== 13) break;
  }
  if (p < 0 || isContinuingMark(text.charCodeAt(p))) return false;
  const prevWord = lastWordBefore(text, p + 1, Math.max(0, p - 12), false)?.toLowerCase();
  if (prevWord && LINE_CONTINUING_WORDS.has(prevWord)) return false;
  let k = i + 1;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
  }
  return k >= text.length || !isLowerOrDigit(text.charCodeAt(k));
}

const LINE_CONTINUING_WORDS = new Set(["and", "or", "of", "the", "a", "an", "to", "in", "for", "with", "by", "on"]);
// , ; ( & - – —
const isContinuingMark = (c: number) => c === 44 || c === 59 || c === 40 || c === 38 || c === 45 || c === 0x2013 || c === 0x2014;

/**
 * The letters (and, with `dots`, full stops) that end `text` just before `end`, no
 * further back than `from`: what `/(\p{L}+)$/u` or `/([\p{L}.]+)$/u` finds in
 * `text.slice(from, end)`, undefined if nothing. Scanned back by hand; near a
 * character outside the BMP (a surrogate pair) the expression itself is run.
 */
function lastWordBefore(text: string, end: number, from: number, dots: boolean): string | undefined {
  let k = end;
  while (k > from) {
    const c = text.charCodeAt(k - 1);
    if (isSurrogate(c)) return (dots ? /([\p{L}.]+)$/u : /(\p{L}+)$/u).exec(text.slice(from, end))?.[1];
    if (!isLetterUnit(c) && !(dots && c === 46)) break;
    k--;
  }
  return k < end ? text.slice(k, end) : undefined;
}

function isAbbreviation(text: string, dot: number): boolean {
  const word = lastWordBefore(text, dot, Math.max(0, dot - 12), true);
  if (word === undefined) return false;
  // An initial: "Lars K. Vandermeer" (one capital; two units if outside the BMP).
  if (word.length === 1 ? isUpperUnit(word.charCodeAt(0)) : word.length === 2 && /^\p{Lu}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && isSpaceUnit(text.charCodeAt(start))) start++;
  while (end > start && isSpaceUnit(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push({ start, end });
}

// "… frigates.[^a]" or "… in 2019. [@key]": a citation standing alone after the
// full stop belongs to the sentence before it.
function attachTrailing(text: string, spans: Span[], startsAt: Map<number, Span>): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    let i = s.start;
    let lastEnd = -1;
    for (let a = startsAt.get(i); prev && a; a = startsAt.get(i)) {
      lastEnd = a.end;
      if (text[lastEnd] === ".") lastEnd++;
      i = lastEnd;
      while (i < s.end && isSpaceUnit(text.charCodeAt(i))) i++;
    }
    if (prev && lastEnd >= 0) {
      prev.end = Math.min(lastEnd, s.end);
      pushTrimmed(text, i, s.end, out);
    } else {
      out.push(s);
    }
  }
  return out;
}
