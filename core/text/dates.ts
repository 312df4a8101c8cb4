import { isSurrogate, unitTest } from "./charClass.js";
import { MONTHS } from "./words.js";

/**
 * A date written in prose. `role` says how the sentence uses it: when something
 * happened ("held in 2017", "(2012)"), a deadline or target ("by 2040"), or the
 * edition in a name ("KORVAL 2021"). Only dates of a comparable role are compared.
 */
export interface DateMention {
  start: number;
  end: number;
  text: string;
  year: number;
  month?: number;
  day?: number;
  role: "point" | "deadline" | "edition";
  /** The year was not written but taken from the document's publication date ("on 14 March"). */
  inferredYear?: boolean;
}

const MONTH_RE = "(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?";
const YEAR_RE = "(1[89]\\d\\d|20\\d\\d)";

// Most specific first; each match claims its span so a year is not read twice.
const PATTERNS: { re: RegExp; parts: ("year" | "month" | "day")[] }[] = [
  { re: new RegExp(`\\b${YEAR_RE}-(\\d\\d)-(\\d\\d)\\b`, "g"), parts: ["year", "month", "day"] },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE},?\\s+${YEAR_RE}\\b`, "gi"), parts: ["day", "month", "year"] },
  { re: new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,\\s*${YEAR_RE}\\b`, "gi"), parts: ["month", "day", "year"] },
  { re: new RegExp(`\\b${MONTH_RE},?\\s+(?:of\\s+)?${YEAR_RE}\\b`, "gi"), parts: ["month", "year"] },
  // "mid-2022", "early-2023": the hyphen that keeps "2019-2024" from being read twice joins a part of the year here.
  { re: new RegExp(`\\b(?:mid|early|late)-${YEAR_RE}\\b(?![%\\d+]|[.,]\\d|-\\d)`, "gi"), parts: ["year"] },
  { re: new RegExp(`(?<![\\d.,$£€+\\-/])\\b${YEAR_RE}\\b(?![%\\d+]|[.,]\\d|-\\d\\d-)`, "g"), parts: ["year"] },
];

const MID_YEAR = PATTERNS[4].re;
const ANY_DIGIT = /\d/;
const ANY_YEAR = /1[89]\d\d|20\d\d/;
// A month's name as a word of its own (in any case): in every pattern that reads one, it
// starts a word and is followed by a full stop, a comma, a space or the end of a word.
// A text without one ("maritime", "decade") holds no such date.
const ANY_MONTH = new RegExp(`\\b${MONTH_RE}(?!\\w)`, "i");

const DEADLINE_WORDS = new Set(["by", "until", "till", "before", "through", "throughout"]);
// "no later than 2030", "a target date of 2030", "the deadline of 2030": a target, like "by 2030".
const DEADLINE_PHRASE = /\b(?:no later than|(?:target|deadline)(?: date| year)? (?:of|for|is|was))\s*$/i;
// "a December 2024 deadline", "its 2030 target": the date qualifies a target noun after it.
const DEADLINE_NOUN_AFTER = /^\s+(?:deadline|target|goal|timeline|timeframe|completion date)\b/i;
const NOT_EDITION = new Set(["in", "on", "of", "since", "from", "by", "during", "until", "till", "before", "after", "the", "and", "or", "to", "for", "till", "around", "circa", "early", "late", "mid", "fy", "q1", "q2", "q3", "q4", "h1", "h2"]);

/**
 * Dates in a sentence. With `referenceYear` (a source's publication year), a day and
 * month written without a year ("on 14 March") are read as that year's, and a month
 * of "this year" or "last year" as that year's or the one before.
 */
export function findDates(text: string, offset = 0, referenceYear?: number, referenceMonth?: number, yearBefore?: number): DateMention[] {
  // Every pattern needs a digit, but for "March of this year" and "last month", and all
  // but two a month: most sentences are done here.
  const relativeMonth = !!referenceYear && !!referenceMonth && text.includes(" month");
  if (!ANY_DIGIT.test(text) && !((referenceYear || yearBefore) && text.includes(" year")) && !relativeMonth) return [];
  const monthish = ANY_MONTH.test(text);
  // Every pattern of PATTERNS holds a year: a text without one (most sentences with a
  // number have none) skips them all.
  const yearish = ANY_YEAR.test(text);
  const taken = new Claims(text.length);
  const out: DateMention[] = [];
  for (const { re, parts } of yearish ? PATTERNS : []) {
    if (!monthish && parts.includes("month") && re !== PATTERNS[0].re) continue;
    if (re === MID_YEAR && !text.includes("-")) continue; // "mid-2022": its hyphen is in the text
    readUnclaimed(re, text, taken, out, (m, s, e) => {
      const value: Partial<DateMention> = {};
      let ok = true;
      parts.forEach((p, i) => {
        const g = m[i + 1];
        if (p === "year") value.year = Number(g);
        else if (p === "day") value.day = Number(g);
        else if (/^\d+$/.test(g)) value.month = Number(g);
        else {
          // "may" in lower case is the verb, not the month.
          if (g === "may") ok = false;
          value.month = MONTHS[g.toLowerCase().replace(".", "")];
        }
      });
      if (!ok || !value.year || (value.month !== undefined && !(value.month >= 1 && value.month <= 12))) return null;
      if (value.day !== undefined && !(value.day >= 1 && value.day <= 31)) return null;
      return { start: offset + s, end: offset + e, text: m[0], year: value.year, month: value.month, day: value.day, role: roleOf(text, s, parts.length === 1, e) };
    });
  }
  if (referenceYear && monthish) out.push(...yearlessDates(text, offset, referenceYear, taken));
  if (relativeMonth) out.push(...relativeMonths(text, offset, referenceYear!, referenceMonth!, taken));
  out.sort((a, b) => a.start - b.start);
  if (text.includes(" year")) {
    const relative = yearsRelativeToEarlier(text, offset, out, yearBefore, taken);
    if (relative.length) return [...out, ...relative].sort((a, b) => a.start - b.start);
  }
  return out;
}

// "delivered in 2020 and the second the following year": a year counted from the one
// written just before, in the same sentence or, failing that, earlier in the paragraph.
const RELATIVE_TO_EARLIER = /\b(?:the (following|next|previous|preceding) year|a year (later|earlier)|the year (after|before))\b/gi;
const LATER = new Set(["following", "next", "later", "after"]);

function yearsRelativeToEarlier(text: string, offset: number, dates: DateMention[], yearBefore: number | undefined, taken: Claims): DateMention[] {
  const out: DateMention[] = [];
  readUnclaimed(RELATIVE_TO_EARLIER, text, taken, out, (m, s, e) => {
    let anchor = yearBefore;
    for (const d of dates) if (d.end - offset <= s && d.role !== "deadline") anchor = d.year;
    if (anchor === undefined) return null;
    const word = (m[1] ?? m[2] ?? m[3]).toLowerCase();
    return { start: offset + s, end: offset + e, text: m[0], year: anchor + (LATER.has(word) ? 1 : -1), role: roleOf(text, s, false, e), inferredYear: true };
  });
  return out;
}

/** The year the last date of a sentence gives, to count "the following year" in the next one from. */
export function lastWrittenYear(dates: DateMention[]): number | undefined {
  for (let i = dates.length - 1; i >= 0; i--) if (dates[i].role !== "deadline") return dates[i].year;
  return undefined;
}

const YEARLESS = [
  new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}\\b`, "g"),
  new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*(?:,\\s*)?\\d)`, "g"),
];
// "in March of this year", "February last year": the month of a year named relative to the document's.
const RELATIVE_YEAR = new RegExp(`\\b${MONTH_RE},? (?:of )?(this|last) year\\b`, "g");

// "held in Marenholt last month": a month named relative to the document's own date.
const RELATIVE_MONTH = /\b(last|this|next|previous) month\b/gi;
const MONTH_SHIFT: Record<string, number> = { last: -1, previous: -1, this: 0, next: 1 };

function relativeMonths(text: string, offset: number, year: number, month: number, taken: Claims): DateMention[] {
  const out: DateMention[] = [];
  readUnclaimed(RELATIVE_MONTH, text, taken, out, (m, s, e) => {
    const index = year * 12 + (month - 1) + MONTH_SHIFT[m[1].toLowerCase()];
    return { start: offset + s, end: offset + e, text: m[0], year: Math.floor(index / 12), month: (index % 12) + 1, role: roleOf(text, s, false, e), inferredYear: true };
  });
  return out;
}

// The spans already read as dates, so that a year is not read twice: a flag per
// character, not a list searched for each match, which made a text of a million
// years (a pasted column of figures) take hours.
class Claims {
  private flags: Uint8Array | null = null;
  constructor(private readonly length: number) {}
  overlaps(start: number, end: number): boolean {
    if (!this.flags) return false;
    for (let i = start; i < end; i++) if (this.flags[i]) return true;
    return false;
  }
  claim(start: number, end: number): void {
    (this.flags ??= new Uint8Array(this.length)).fill(1, start, end);
  }
}

/**
 * Each match of `re` that no date read before it has taken: `read` makes it a date (or
 * null to pass it by), whose span is then taken so no later pattern reads it again.
 */
function readUnclaimed(re: RegExp, text: string, taken: Claims, out: DateMention[], read: (m: RegExpExecArray, start: number, end: number) => DateMention | null): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.overlaps(start, end)) continue;
    const date = read(m, start, end);
    if (!date) continue;
    taken.claim(start, end);
    out.push(date);
  }
}

function yearlessDates(text: string, offset: number, year: number, taken: Claims): DateMention[] {
  const out: DateMention[] = [];
  YEARLESS.forEach((re, k) =>
    readUnclaimed(re, text, taken, out, (m, s, e) => {
      const [dayText, monthText] = k === 0 ? [m[1], m[2]] : [m[2], m[1]];
      const month = MONTHS[monthText.toLowerCase().replace(".", "")];
      const day = Number(dayText);
      if (!month || day < 1 || day > 31) return null;
      return { start: offset + s, end: offset + e, text: m[0], year, month, day, role: roleOf(text, s, false, e), inferredYear: true };
    }),
  );
  readUnclaimed(RELATIVE_YEAR, text, taken, out, (m, s) => {
    const month = MONTHS[m[1].toLowerCase().replace(".", "")];
    if (!month) return null;
    return { start: offset + s, end: offset + s + m[0].length, text: m[0], year: m[2].toLowerCase() === "last" ? year - 1 : year, month, role: roleOf(text, s, false), inferredYear: true };
  });
  return out;
}

function roleOf(text: string, start: number, yearOnly: boolean, end = start): DateMention["role"] {
  const before = text.slice(Math.max(0, start - 40), start);
  if (end > start && DEADLINE_NOUN_AFTER.test(text.slice(end, end + 24))) return "deadline";
  const prev = lastWord(before);
  const prevLower = prev.toLowerCase();
  if (DEADLINE_WORDS.has(prevLower) || DEADLINE_PHRASE.test(before)) return "deadline";
  // "KORVAL 2021", "Silver Heron 2024": a year straight after a capitalised word, with only a space between.
  if (yearOnly && /[\p{L}\p{N}] $/u.test(before) && /^\p{Lu}/u.test(prev) && !NOT_EDITION.has(prevLower) && MONTHS[prevLower] === undefined) {
    return "edition";
  }
  return "point";
}

const isWordChar = unitTest(/^[\p{L}\p{N}’'-]$/u);

/**
 * The last run of letters, digits, apostrophes and hyphens in `text` ("" if none): the
 * last match of `/[\p{L}\p{N}’'-]+/gu`, found by scanning back from the end. Near a
 * character outside the BMP (a surrogate pair) the expression itself is run.
 */
function lastWord(text: string): string {
  let end = text.length;
  while (end > 0 && !isWordChar(text.charCodeAt(end - 1))) {
    if (isSurrogate(text.charCodeAt(end - 1))) return lastWordByRegExp(text);
    end--;
  }
  let start = end;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  if (start > 0 && isSurrogate(text.charCodeAt(start - 1))) return lastWordByRegExp(text);
  return text.slice(start, end);
}

function lastWordByRegExp(text: string): string {
  const words = text.match(/[\p{L}\p{N}’'-]+/gu) ?? [];
  return words[words.length - 1] ?? "";
}

/** The name a year of role "edition" belongs to: the capitalised words just before it. */
export function editionBase(text: string, date: DateMention, offset = 0): { start: number; end: number } | null {
  if (date.role !== "edition") return null;
  const before = text.slice(0, date.start - offset);
  const m = /((?:\p{Lu}[\p{L}\p{N}’'\-]*\s)+)$/u.exec(before);
  if (!m) return null;
  const start = offset + m.index;
  return { start, end: date.start - 1 };
}

// "between 2019 and 2024", "from 2019 to 2024", "2019–2024", "2019-24": the years bound a
// period; neither is when one thing happened.
const SPAN_JOIN = /^\s*(?:-|–|—|to|until|till|through|and)\s*$/i;
const SPAN_OPEN = /\b(?:between|from)\s+$/i;
const SHORT_SPAN_END = /^[-–]\d\d\b/;

/** The dates (by start) that bound a period rather than date an event. */
export function periodBounds(text: string, dates: DateMention[], offset = 0): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < dates.length; i++) {
    const a = dates[i];
    if (SHORT_SPAN_END.test(text.slice(a.end - offset, a.end - offset + 4))) out.add(a.start);
    const b = dates[i + 1];
    if (!b) continue;
    const join = text.slice(a.end - offset, b.start - offset);
    if (!SPAN_JOIN.test(join)) continue;
    // "in 2019 and 2022" lists two dates; "between 2019 and 2022" spans them. A dash or "to" spans alone.
    const opened = SPAN_OPEN.test(text.slice(Math.max(0, a.start - offset - 12), a.start - offset));
    if (/^\s*(?:and|to|until|till|through)\s*$/i.test(join) && !opened) continue;
    out.add(a.start);
    out.add(b.start);
  }
  return out;
}

/** Do two dates agree at the precision they share? */
export function sameDate(a: DateMention, b: DateMention): boolean {
  if (a.year !== b.year) return false;
  if (a.month !== undefined && b.month !== undefined && a.month !== b.month) return false;
  if (a.day !== undefined && b.day !== undefined && a.day !== b.day) return false;
  return true;
}

export function formatDate(d: Pick<DateMention, "year" | "month" | "day">): string {
  const names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  if (d.month === undefined) return String(d.year);
  if (d.day === undefined) return `${names[d.month - 1]} ${d.year}`;
  return `${d.day} ${names[d.month - 1]} ${d.year}`;
}

/** Every date pattern, for the ReDoS check in the tests (they are built at run time). */
export const DATE_PATTERNS: readonly RegExp[] = [...PATTERNS.map((p) => p.re), ...YEARLESS, RELATIVE_YEAR, RELATIVE_MONTH, RELATIVE_TO_EARLIER, ANY_MONTH];
