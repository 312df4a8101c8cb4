import { isStopword } from "./words.js";
import { stemmer } from "stemmer";

export interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower case, straight apostrophes, possessive removed: "Norvania’s" → "norvania". */
  norm: string;
}

// Letters and digits joined by single inner punctuation: "Veloria-Norvania", "3+3", "R&D", "KX-3", "2%".
// Each repetition needs a separator, so the pattern cannot backtrack badly.
const WORD = /[\p{L}\p{N}]+(?:[’'\-+.&][\p{L}\p{N}]+)*%?|&/gu;

export function normalizeWord(text: string): string {
  if (/^[a-z0-9]+$/.test(text)) return text; // most words: nothing to do
  return text
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/'s$|'$/, "");
}

export function tokenize(text: string, offset = 0): Token[] {
  // A hand-written scanner for the same grammar as WORD: this runs on every sentence
  // of every source, and the regular expression with Unicode classes is its hot spot.
  // Text with astral characters (surrogate pairs) takes the regular expression: the
  // scan below starts over with it at the first surrogate it meets (none is a word
  // unit, so each one comes to the last branch of the loop).
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordUnit(c)) {
      let j = i + 1;
      let simple = isLowerAsciiOrDigit(c);
      let quote = false;
      for (;;) {
        while (j < n) {
          const d = text.charCodeAt(j);
          if (!isWordUnit(d)) break;
          if (simple && !isLowerAsciiOrDigit(d)) simple = false;
          j++;
        }
        // An inner separator joins two runs: "Veloria-Norvania", "R&D", "3+3".
        if (j + 1 < n && isInnerSeparator(text.charCodeAt(j)) && isWordUnit(text.charCodeAt(j + 1))) {
          const sep = text.charCodeAt(j);
          if (sep === 39 || sep === 0x2019) quote = true;
          simple = false;
          j++;
          continue;
        }
        break;
      }
      if (j < n && text.charCodeAt(j) === 37 /* % */) {
        j++;
        simple = false;
      }
      const word = text.slice(i, j);
      // Without an apostrophe there is no possessive to drop: lower case is the whole normalisation.
      out.push({ text: word, start: offset + i, end: offset + j, norm: simple ? word : quote ? normalizeWord(word) : word.toLowerCase() });
      i = j;
    } else if (c === 38 /* & */) {
      out.push({ text: "&", start: offset + i, end: offset + i + 1, norm: "&" });
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) return tokenizeByRegExp(text, offset);
    else i++;
  }
  return out;
}

function tokenizeByRegExp(text: string, offset: number): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    out.push({ text: m[0], start: offset + m.index, end: offset + m.index + m[0].length, norm: normalizeWord(m[0]) });
  }
  return out;
}

const WORD_UNIT = /^[\p{L}\p{N}]$/u;
// Per UTF-16 unit of the Basic Multilingual Plane: 0 not yet known, 1 a letter or digit, 2 not.
const wordUnits = new Uint8Array(65536);

function isWordUnit(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  let k = wordUnits[c];
  if (k === 0) {
    k = WORD_UNIT.test(String.fromCharCode(c)) ? 1 : 2;
    wordUnits[c] = k;
  }
  return k === 1;
}

const isLowerAsciiOrDigit = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

// ’ ' - + . &
const isInnerSeparator = (c: number) => c === 0x2019 || c === 39 || c === 45 || c === 43 || c === 46 || c === 38;

export function isCapitalized(word: string): boolean {
  const code = word.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  const c = word.charAt(0);
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

/** "CRI", "VELMEX", "ToRVIS", "KX-3": two or more capitals, or capitals with digits. */
export function isAcronymLike(word: string): boolean {
  let caps = 0;
  let letters = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return isAcronymLikeUnicode(word);
    if (c >= 65 && c <= 90) {
      caps++;
      letters++;
    } else if (c >= 97 && c <= 122) letters++;
  }
  return caps >= 2 && caps >= Math.ceil(letters / 2);
}

function isAcronymLikeUnicode(word: string): boolean {
  let caps = 0;
  let letters = 0;
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) continue; // not a cased letter
    letters++;
    if (ch === upper) caps++;
  }
  return caps >= 2 && caps >= Math.ceil(letters / 2);
}

export function isYearToken(word: string): boolean {
  if (word.length !== 4) return false;
  const a = word.charCodeAt(0);
  const b = word.charCodeAt(1);
  const isDigit = (c: number) => c >= 48 && c <= 57;
  if (!isDigit(word.charCodeAt(2)) || !isDigit(word.charCodeAt(3))) return false;
  return (a === 49 && (b === 56 || b === 57)) || (a === 50 && b === 48); // 18xx, 19xx, 20xx
}

// norm → content term (null for a function word): most words recur across sources.
const termCache = new Map<string, string | null>();

/** The content term of a word for matching sentences: stemmed, or null for function words. */
export function contentTerm(norm: string): string | null {
  let s = termCache.get(norm);
  if (s === undefined) {
    s = norm.length < 2 || isStopword(norm) ? null : /^[a-z]+$/.test(norm) ? stemmer(norm) : norm;
    if (termCache.size < 200_000) termCache.set(norm, s);
  }
  return s;
}
