import { findDates, type DateMention } from "./dates.js";
import { isAcronymLike, isCapitalized, isYearToken, type Token } from "./tokens.js";
import { KIND_KEYWORDS, MONTHS, NAME_CONNECTORS, PERSON_TITLES, SENTENCE_OPENERS, STOPWORDS, type EntityKind } from "./words.js";

/** A capitalised run of words that names something: "Comprehensive Security and Trade Partnership", "CRI". */
export interface NameMention {
  start: number;
  end: number;
  text: string;
  /** Lookup key: lower case, hyphens as spaces, no possessive, no leading "the". */
  key: string;
  words: string[];
  /** What the name's own words say it is ("… Agreement", a title before a person). */
  kind?: EntityKind;
  /** What the words around it suggest ("VELMEX (maritime exercise)"). */
  contextKind?: EntityKind;
  /** The run opens the sentence, so its capital may only be the sentence's. */
  sentenceInitial: boolean;
  /** "KORVAL 2021": the year that names an edition. */
  edition?: DateMention;
}

export function nameKey(text: string): string {
  const lower = text.toLowerCase();
  // Most names are plain words and single spaces: nothing but the leading words to drop.
  if (SIMPLE_NAME.test(lower)) {
    let key = lower.startsWith("the ") ? lower.slice(4) : lower;
    if (key.startsWith("exercise ") && key.length > 9) key = key.slice(9);
    return key;
  }
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/["“”]/g, "")
    .replace(/'s\b|'$/g, "")
    .replace(/[-–—]/g, " ")
    .replace(/\s+/g, " ")
    .replace(/^the /, "")
    .replace(/^exercise (?=\S)/, "") // "Exercise Grey Marlin" and "Grey Marlin" are one exercise
    .trim();
}

const SIMPLE_NAME = /^[a-z0-9]+(?: [a-z0-9]+)*$/;


/**
 * KIND_KEYWORDS as a map, for the words of sentences: an object looked up with a
 * string made from the text costs more.
 */
const KIND_OF_WORD = new Map<string, EntityKind>(Object.entries(KIND_KEYWORDS));

/**
 * `MONTHS[word] !== undefined` for a lower-case word, asked of a small Set: an object
 * looked up with a string made from the text first searches the engine's table of all
 * interned strings.
 */
const MONTH_KEYS = new Set(Object.keys(MONTHS));
const isMonthKey = (word: string) => MONTH_KEYS.has(word);

const MAX_NAME_WORDS = 12;

function isNameWord(t: Token): boolean {
  return (isCapitalized(t.text) || isAcronymLike(t.text)) && !isYearToken(t.text) && !isMonthKey(t.norm);
}

// "Veloria’s Overseas Affairs": a possessive ends a name.
const isPossessive = (t: Token) => {
  const w = t.text;
  const q = w.charCodeAt(w.length - 2);
  return w.charCodeAt(w.length - 1) === 115 /* s */ && (q === 39 || q === 0x2019);
};

// Words may join into one name only when nothing but a single space (or a hyphen) separates them.
function joined(text: string, a: Token, b: Token, base: number): boolean {
  const gap = b.start - a.end;
  return gap === 0 || (gap === 1 && text.charCodeAt(a.end - base) === 32);
}

/**
 * Capitalised runs of a sentence. `tokens` are the sentence's tokens with offsets
 * relative to the same string as `base` (the sentence start).
 */
export function findNames(text: string, tokens: Token[], base: number, dates?: DateMention[]): NameMention[] {
  const out: NameMention[] = [];
  const sentenceDates = dates ?? findDates(text, base);
  // Whether each token is a name word, worked out once: runs look ahead at tokens the scan comes back to.
  const known = new Uint8Array(tokens.length);
  const nameWord = (k: number) => {
    if (known[k] === 0) known[k] = isNameWord(tokens[k]) ? 1 : 2;
    return known[k] === 1;
  };
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    // After a colon a new sentence may start too: "SENATOR X: Is the … on schedule?"
    // (Asked only of a name word.)
    if (!nameWord(i) || ((i === 0 || afterColon(text, tokens, i, base)) && (SENTENCE_OPENERS.has(t.norm) || STOPWORDS.has(t.norm))) || isUnitOrCurrency(text, tokens, i, base, nameWord)) {
      i++;
      continue;
    }
    let j = i;
    let lastName = i;
    while (j + 1 < tokens.length && !isPossessive(tokens[j]) && joined(text, tokens[j], tokens[j + 1], base)) {
      const next = tokens[j + 1];
      if (nameWord(j + 1)) {
        j++;
        lastName = j;
      } else if (NAME_CONNECTORS.has(next.norm) && j + 2 < tokens.length && nameWord(j + 2) && joined(text, next, tokens[j + 2], base)) {
        j++;
      } else break;
    }
    // Twelve capitalised words in a row are a title or shouting, not a name.
    if (lastName - i < MAX_NAME_WORDS) {
      for (const run of splitAtAnd(tokens.slice(i, lastName + 1))) {
        const m = mention(text, run, base, i === 0 && run[0] === t, sentenceDates);
        // Kept as found, not filtered afterwards (see splitAtAnd on arrays).
        if (m.key.length > 1 && !(m.words.length === 1 && isMonthKey(m.key))) out.push(m);
      }
    }
    i = lastName + 1;
  }
  return out;
}

function afterColon(text: string, tokens: Token[], i: number, base: number): boolean {
  const end = tokens[i].start - base;
  for (let k = tokens[i - 1].end - base; k < end; k++) if (text.charCodeAt(k) === 58 /* : */) return true;
  return false;
}

const AMOUNT = /^\d[\d,.]*$/;
const isAmount = (t: Token | undefined) => !!t && AMOUNT.test(t.text) && !isYearToken(t.text);

/**
 * "1,500 MW", "40 GW", "USD 320 million": a short capitalised code right after an
 * amount is its unit, right before one its currency. Neither names anything a source
 * could date or lack; "KORVAL 2021" (a year) is an edition and stays a name.
 */
function isUnitOrCurrency(text: string, tokens: Token[], i: number, base: number, nameWord: (k: number) => boolean): boolean {
  const t = tokens[i];
  // One to three letters (at most six UTF-16 units): most words are longer, and need no expression.
  if (t.text.length > 6 || !/^\p{Lu}[\p{Lu}\p{Ll}]{0,2}$/u.test(t.text)) return false;
  const next = tokens[i + 1];
  if (next && nameWord(i + 1) && joined(text, t, next, base)) return false; // "MW Power Company": part of a longer name
  const prev = tokens[i - 1];
  if (isAmount(prev) && t.start - prev!.end === 1) return true;
  return /^\p{Lu}{3}$/u.test(t.text) && isAmount(next) && next!.start - t.end === 1;
}

// "Veloria and Norvania" is two names; "Comprehensive Security and Trade Partnership" is one:
// a run joined by "and"/"&" stays whole only when it ends in a kind keyword.
// Arrays here and in `mention` are filled by push, not by map or filter: those give
// packed arrays from the interpreter but holey ones from optimised code, and a
// function that has met only one kind is thrown away and compiled again on the other.
function splitAtAnd(run: Token[]): Token[][] {
  const kind = KIND_OF_WORD.get(run[run.length - 1].norm);
  const parts: Token[][] = [];
  if (kind && kind !== "place") {
    parts.push(trimConnectors(run));
    return parts;
  }
  let cur: Token[] = [];
  for (const t of run) {
    if (t.norm === "and" || t.norm === "&") {
      pushTrimmed(cur, parts);
      cur = [];
    } else cur.push(t);
  }
  pushTrimmed(cur, parts);
  return parts;
}

function pushTrimmed(part: Token[], parts: Token[][]): void {
  if (part.length === 0) return;
  const trimmed = trimConnectors(part);
  if (trimmed.length > 0) parts.push(trimmed);
}

function trimConnectors(run: Token[]): Token[] {
  let a = 0;
  let b = run.length;
  while (a < b && NAME_CONNECTORS.has(run[a].norm)) a++;
  while (b > a && NAME_CONNECTORS.has(run[b - 1].norm)) b--;
  return run.slice(a, b);
}

function mention(text: string, run: Token[], base: number, sentenceInitial: boolean, dates: DateMention[]): NameMention {
  // A title ("Defence Minister Tomas Ervik") is not part of the person's name.
  let titleEnd = -1;
  for (let k = 0; k < run.length - 1; k++) {
    const norm = run[k].norm;
    const title = norm.endsWith(".") ? norm.slice(0, -1) : norm;
    if (PERSON_TITLES.has(title) && !NAME_CONNECTORS.has(run[k + 1].norm)) titleEnd = k;
  }
  const words = titleEnd >= 0 ? run.slice(titleEnd + 1) : run;
  const start = words[0].start;
  const end = words[words.length - 1].end;
  const surface = text.slice(start - base, end - base);
  const edition = dates.find((d) => d.role === "edition" && d.start === end + 1);
  const texts: string[] = [];
  const norms: string[] = [];
  for (const w of words) {
    texts.push(w.text);
    norms.push(w.norm);
  }
  return {
    start,
    end,
    text: surface,
    key: nameKey(surface),
    words: texts,
    kind: titleEnd >= 0 ? "person" : kindOfWords(norms, (w) => KIND_OF_WORD.get(w)),
    sentenceInitial: sentenceInitial && titleEnd < 0,
    edition,
  };
}

export function kindFromWords(norms: string[]): EntityKind | undefined {
  return kindOfWords(norms, (w) => KIND_KEYWORDS[w]);
}

function kindOfWords(norms: string[], keyword: (word: string) => EntityKind | undefined): EntityKind | undefined {
  const last = norms[norms.length - 1];
  // A "Working Group" meets, like a dialogue; other groups are organisations.
  // (Read only when there is a word before: an index of -1 costs a recompile.)
  if (last === "group" && norms.length > 1 && norms[norms.length - 2] === "working") return "dialogue";
  const lastKind = keyword(last);
  if (lastKind) return lastKind;
  // "Ministry of Transport", "Exercise Grey Marlin", "Sea of Norvania": the first word says it.
  if (norms.length > 1 && (norms[0] === "exercise" || norms[0] === "operation")) return "exercise";
  if (norms.length > 1) {
    const firstKind = keyword(norms[0]);
    if (firstKind) return firstKind;
  }
  return undefined;
}

/** What the words around a name say it is: "Coral Sentinel exercises", "VELMEX (maritime exercise)", "exercise, KORVAL 2021". */
export function kindFromContext(tokens: Token[], m: NameMention): EntityKind | undefined {
  const first = tokens.findIndex((t) => t.start >= m.start);
  let last = first;
  while (last + 1 < tokens.length && tokens[last + 1].end <= m.end) last++;
  if (first < 0) return undefined;
  const contextKind = (t: Token | undefined) => {
    const kind = t && !isCapitalized(t.text) ? KIND_OF_WORD.get(t.norm) : undefined;
    return kind && CONTEXT_KINDS.has(kind) ? kind : undefined;
  };
  for (let k = last + 1; k <= last + 3 && k < tokens.length; k++) {
    if (m.edition && tokens[k].start === m.edition.start) continue;
    const kind = contextKind(tokens[k]);
    if (kind) return kind;
  }
  let k = first - 1;
  while (k >= 0 && CONTEXT_MODIFIERS.has(tokens[k].norm)) k--;
  return contextKind(tokens[k]);
}

const CONTEXT_MODIFIERS = new Set(["including", "like", "as", "such", "the", "its", "biggest", "largest", "annual", "joint", "bilateral", "multilateral"]);

// Organisations and places are named as modifiers too ("army to army"), so only event kinds are read from context.
const CONTEXT_KINDS = new Set<EntityKind>(["exercise", "agreement", "dialogue", "initiative", "programme", "platform"]);

/**
 * Acronyms defined in the text: "Coastal Radar Initiative (CRI)". The long form is
 * found by the Schwartz–Hearst method: the acronym's letters, read right to left,
 * must appear in order in the words before it, its first letter starting a word.
 */
export function findAcronymDefinitions(text: string, base = 0): { acronym: string; long: string; longStart: number; longEnd: number; acronymStart: number }[] {
  const out: { acronym: string; long: string; longStart: number; longEnd: number; acronymStart: number }[] = [];
  if (!text.includes("(")) return out; // every definition is in brackets
  const re = /\(\s*([\p{Lu}][\p{L}\p{N}&\-]{1,11})\s*\)/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const acronym = m[1];
    if (/^\d+$/.test(acronym) || acronym.replace(/[^\p{Lu}]/gu, "").length < 1) continue;
    const letters = acronym.replace(/[^\p{L}\p{N}]/gu, "");
    if (letters.length < 2) continue;
    const before = text.slice(0, m.index).trimEnd();
    const words = before.split(/\s+/).slice(-Math.min(letters.length + 5, letters.length * 2));
    const long = schwartzHearst(letters, words.join(" "));
    if (!long) continue;
    const longStart = before.length - long.length;
    out.push({ acronym, long, longStart: base + longStart, longEnd: base + before.length, acronymStart: base + m.index + m[0].indexOf(acronym) });
  }
  return out;
}

function schwartzHearst(acronym: string, candidate: string): string | null {
  const a = acronym.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  const c = candidate.toLowerCase();
  let ai = a.length - 1;
  let ci = c.length - 1;
  // Right to left, every letter but the first anywhere in order…
  for (; ai > 0; ai--, ci--) {
    while (ci >= 0 && c[ci] !== a[ai]) ci--;
    if (ci < 0) return null;
  }
  // …and the first at the start of a word that is not a function word ("and Cross-Supply Accord").
  for (; ci >= 0; ci--) {
    if (c[ci] !== a[0] || (ci > 0 && /[\p{L}\p{N}]/u.test(c[ci - 1]))) continue;
    const firstWord = /^[\p{L}]+/u.exec(c.slice(ci))?.[0] ?? "";
    if (firstWord.length <= 3 && ["and", "of", "the", "for", "on", "in", "to", "a", "an"].includes(firstWord)) continue;
    const long = candidate.slice(ci);
    return long.length > acronym.length && /^[\p{L}]/u.test(long) ? long : null;
  }
  return null;
}
