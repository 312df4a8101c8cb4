import { isStopword } from "./words.js";
import { stemmer } from "stemmer";

export interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower case, straight apostrophes, possessive removed: "Japan’s" → "japan". */
  norm: string;
}

// Letters and digits joined by single inner punctuation: "India-Japan", "2+2", "R&D", "US-2", "2%".
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
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    out.push({ text: m[0], start: offset + m.index, end: offset + m.index + m[0].length, norm: normalizeWord(m[0]) });
  }
  return out;
}

export function isCapitalized(word: string): boolean {
  const c = word.charAt(0);
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

/** "GCAP", "JIMEX", "THeMIS", "US-2": two or more capitals, or capitals with digits. */
export function isAcronymLike(word: string): boolean {
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
  return /^(?:1[89]\d\d|20\d\d)$/.test(word);
}

const stemCache = new Map<string, string>();

/** The content term of a word for matching sentences: stemmed, or null for function words. */
export function contentTerm(norm: string): string | null {
  if (norm.length < 2 || isStopword(norm)) return null;
  let s = stemCache.get(norm);
  if (s === undefined) {
    s = /^[a-z]+$/.test(norm) ? stemmer(norm) : norm;
    if (stemCache.size < 200_000) stemCache.set(norm, s);
  }
  return s;
}
