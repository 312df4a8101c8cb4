import type { Corpus } from "../corpus/corpus.js";
import type { SourceDocument } from "../corpus/extract.js";
import { termsOf } from "../corpus/extract.js";
import type { NoteSentence, ParsedNote } from "../note/parseNote.js";
import type { CitationKey } from "../note/citations.js";
import { findDates, periodBounds, type DateMention } from "../text/dates.js";
import { findNames, type NameMention } from "../text/names.js";
import { isAcronymLike, isYearToken, tokenize, type Token } from "../text/tokens.js";
import { COUNT_WORDS, HEDGE_PATTERNS, MONTHS } from "../text/words.js";

/** What a note sentence claims, read once and shared by every check. */
export interface Claim {
  sentence: NoteSentence;
  tokens: Token[];
  names: NameMention[];
  dates: DateMention[];
  /** Starts of the dates that bound a period ("between 2019 and 2024"): no event's date. */
  periodBounds: Set<number>;
  /** Numbers that are not years: "2%", "90", "1,000". */
  numbers: Token[];
  /** Counts written as words ("five vehicles"): checked against the cited sources, but alone they make no claim. */
  counts: Token[];
  /** Months named without a year ("visited in January"): the cited sources must name them. */
  months: Token[];
  /** Tokens mixing digits with symbols or letters that name things: "3+3", "4K". */
  specials: Token[];
  terms: string[];
  citedKeys: CitationKey[];
  /** Cited documents that exist in the corpus, through inline citations and footnotes. */
  cited: SourceDocument[];
  /** The sentence gives a source: a citation (known or not) or a footnote that cites or links. */
  sourced: boolean;
  /** A question, recommendation, judgement or forecast: not checked as a claim. */
  judgement: boolean;
}

// Sentences about the note itself, not the world: "Prepared by …, 12 May 2025", "This note reviews …".
const META = /^\s*(?:prepared|written|drafted|compiled|updated|last updated|author|date|classification|distribution|contact|note|summary)\b[^.:,]{0,200}[:,]/i;
// "The rest of this section looks at the JTWG" announces what follows; it claims nothing.
const ABOUT_THE_NOTE = /^\s*(?:(?:the )?(?:rest|remainder|balance) of )?(?:this|the present|the following|the next|our) (?:note|paper|brief|briefing|memo|section|report|document|analysis|table|list|chapter)\b/i;

// "Joint Review Board:" over nested bullets labels what follows; it states nothing.
const LABEL = /^[^.!?;\d]{1,60}:$/;

export function readClaim(note: ParsedNote, sentence: NoteSentence, corpus: Corpus): Claim {
  const prose = sentence.prose;
  const tokens = tokenize(prose, sentence.start);
  const dates = findDates(prose, sentence.start);
  const names = findNames(prose, tokens, sentence.start, dates).filter((n) => isNameForClaims(n, corpus));
  const numbers = tokens.filter((t) => /^\d[\d,.]*%?$/.test(t.text) && !isYearToken(t.text) && !dates.some((d) => t.start >= d.start && t.end <= d.end));
  const counts = tokens.filter((t) => COUNT_WORDS[t.norm] !== undefined);
  // A token inside a date ("mid-2022") is checked as that date, not as a code like "6G".
  const inDate = (t: Token) => dates.some((d) => t.start >= d.start && t.end <= d.end);
  const specials = tokens.filter((t) => /\d/.test(t.text) && /[\p{L}+]/u.test(t.text) && !/^\d+(?:st|nd|rd|th)$/i.test(t.text) && !names.some((n) => t.start >= n.start && t.end <= n.end) && !inDate(t));
  const months = yearlessMonths(tokens, dates, names);
  const citedKeys = sentence.citations.flatMap((c) => c.keys);
  const footnotes = sentence.footnotes.map((f) => note.footnotes.get(f.label)).filter((f) => f !== undefined);
  for (const f of footnotes) citedKeys.push(...f.citations.flatMap((c) => c.keys));
  const cited = [...new Set(citedKeys.map((k) => corpus.docs.get(k.key)).filter((d): d is SourceDocument => d !== undefined))];
  const sourced = citedKeys.length > 0 || footnotes.some((f) => f.hasLink);
  const text = prose.trim();
  const judgement = text.endsWith("?") || HEDGE_PATTERNS.some((re) => re.test(text)) || META.test(text) || ABOUT_THE_NOTE.test(text) || LABEL.test(text);
  return { sentence, tokens, names, dates, periodBounds: periodBounds(prose, dates, sentence.start), numbers, counts, months, specials, terms: termsOf(tokens), citedKeys, cited, sourced, judgement };
}

/**
 * "visited Manila in January": a month named without a year is no date to compare, but
 * a source that never names that month does not hold it. Only a month written out in
 * full and capitalised, not opening the sentence ("May we …"), outside dates and names.
 */
function yearlessMonths(tokens: Token[], dates: DateMention[], names: NameMention[]): Token[] {
  return tokens.filter(
    (t, i) =>
      i > 0 &&
      t.norm.length >= 4 &&
      MONTHS[t.norm] !== undefined &&
      /^\p{Lu}\p{Ll}+$/u.test(t.text) &&
      !dates.some((d) => t.start >= d.start && t.end <= d.end) &&
      !names.some((n) => t.start >= n.start && t.end <= n.end),
  );
}

// A capitalised word opening a sentence is a name only if the sources treat it as one:
// "Following the talks…" must not count as a name the sources lack.
function isNameForClaims(n: NameMention, corpus: Corpus): boolean {
  if (!n.sentenceInitial || n.words.length > 1 || isAcronymLike(n.text)) return true;
  return corpus.entity(n.key) !== undefined || (corpus.knowsWord(n.key) && !corpus.seenLowercase(n.key));
}

/** Does the sentence state something checkable: a date, a number, a named thing? */
export function isCheckable(claim: Claim): boolean {
  return claim.dates.length > 0 || claim.numbers.length > 0 || claim.specials.length > 0 || claim.names.length > 0;
}
