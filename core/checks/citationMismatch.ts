import type { Corpus } from "../corpus/corpus.js";
import type { DateMention } from "../text/dates.js";
import type { SourceDocument } from "../corpus/extract.js";
import { isCheckable, type Claim } from "./claim.js";
import type { SourcePassage } from "../types.js";
import { bestInDocs, docHasNumber, docHasWord, docMentionsName, passageOf, quote, rankSentences } from "./support.js";
import { standsForItsGovernment } from "./metonymy.js";
import { findAcronymDefinitions } from "../text/names.js";
import { containsPhrase } from "../text/search.js";
import type { NameMention } from "../text/names.js";
import type { Token } from "../text/tokens.js";
import { citedClauses } from "./clauseCitations.js";
import { findRoleMismatch, roleMessage } from "./roleMismatch.js";
import { countsForOtherUnits } from "./countedUnits.js";
import type { RawFinding } from "./rawFinding.js";
import { MONTHS } from "../text/words.js";

/**
 * The cited sources do not hold what the sentence says: a name, number or year of
 * the sentence appears in none of them. When another source holds them all, the fix
 * replaces the citation with it.
 */
export function checkCitationMismatch(claim: Claim, corpus: Corpus, datesInConflict: Set<number>): RawFinding[] {
  if (claim.cited.length === 0 || claim.judgement || !isCheckable(claim)) return [];
  const anchor = claim.sentence.citations[0] ?? claim.sentence.footnotes[0];
  if (!anchor) return [];
  const cited = claim.cited.map((d) => d.id);
  const citedSet = new Set(cited);
  const missing = missingFrom(claim, corpus, claim.cited, datesInConflict);
  if (missing.length === 0) {
    const clause = clauseMismatch(claim, corpus, datesInConflict);
    if (clause) return [clause];
    // Every name is there, but a person holds an office no source gives them.
    const role = findRoleMismatch(claim, corpus);
    if (role) return [{ code: "citation-mismatch", start: role.name.start, end: role.name.end, message: `${roleMessage(role)}.`, evidence: [role.evidence], fixes: [] }];
  }
  let problem: string;
  let alternative: { doc: SourceDocument; passage: SourcePassage } | null;
  if (missing.length) {
    const list = missing.map((m) => `"${m}"`).join(", ");
    problem = cited.length === 1 ? `The cited source ${cited[0]} does not mention ${list}` : `None of the cited sources (${cited.join(", ")}) mentions ${list}`;
    alternative = findAlternative(claim, corpus, citedSet, datesInConflict, missingYears(claim, missing));
  } else {
    // Every name is there, but what the sentence says of them is in another source.
    const inCited = bestInDocs(corpus, claim, claim.cited)?.score ?? 0;
    const elsewhere = rankSentences(corpus, claim, undefined, 8).find((r) => !citedSet.has(r.sentence.doc.id));
    if (claim.terms.length < 3 || !elsewhere || elsewhere.score < CONTENT_SUPPORT || inCited > CONTENT_WEAK || elsewhere.score - inCited < CONTENT_GAP) return [];
    problem = `${cited.length === 1 ? `The cited source ${cited[0]} says` : `The cited sources say`} nothing like this sentence`;
    alternative = { doc: elsewhere.sentence.doc, passage: passageOf(elsewhere.sentence) };
  }
  const message = alternative ? `${problem}; ${alternative.doc.id} does: "${quote(alternative.passage.text)}"` : `${problem}.`;
  const fixes: RawFinding["fixes"] = [];
  const only = claim.sentence.citations.length === 1 && claim.sentence.citations[0].keys.length === 1 ? claim.sentence.citations[0].keys[0] : undefined;
  if (alternative && only) fixes.push({ title: `Cite ${alternative.doc.id} instead`, edits: [{ start: only.start, end: only.end, newText: alternative.doc.id }], preferred: true });
  return [{ code: "citation-mismatch", start: anchor.start, end: anchor.end, message, evidence: alternative ? [alternative.passage] : [], fixes }];
}

/**
 * Every name, number and date of the sentence is in one cited source or another, but
 * a citation inside the sentence does not hold the stretch it follows: the citations
 * of "began in 2017 [@b], and … in 2021 [@a]" were swapped.
 */
function clauseMismatch(claim: Claim, corpus: Corpus, datesInConflict: Set<number>): RawFinding | null {
  for (const clause of citedClauses(claim, corpus)) {
    if (clause.docs.length === 0) continue;
    const missing = missingFrom(clause.claim, corpus, clause.docs, datesInConflict);
    if (missing.length === 0) continue;
    const ids = clause.docs.map((d) => d.id);
    const list = missing.map((m) => `"${m}"`).join(", ");
    const problem = ids.length === 1 ? `The cited source ${ids[0]} does not mention ${list}` : `None of the cited sources (${ids.join(", ")}) mentions ${list}`;
    const alternative = findAlternative(clause.claim, corpus, new Set(ids), datesInConflict, missingYears(clause.claim, missing));
    const only = clause.citation.keys.length === 1 ? clause.citation.keys[0] : undefined;
    return {
      code: "citation-mismatch",
      start: clause.citation.start,
      end: clause.citation.end,
      message: alternative ? `${problem} in the part of the sentence it follows; ${alternative.doc.id} does: "${quote(alternative.passage.text)}"` : `${problem} in the part of the sentence it follows.`,
      evidence: alternative ? [alternative.passage] : [],
      fixes: alternative && only ? [{ title: `Cite ${alternative.doc.id} instead`, edits: [{ start: only.start, end: only.end, newText: alternative.doc.id }], preferred: true }] : [],
    };
  }
  return null;
}

// Content-level mismatch needs a clear gap: another source holds most of the
// sentence while the cited one holds little of it.
const CONTENT_SUPPORT = 0.6;
const CONTENT_WEAK = 0.35;
const CONTENT_GAP = 0.35;

/** The sentence's names, numbers and years that none of `docs` contains. */
export function missingFrom(claim: Claim, corpus: Corpus, docs: SourceDocument[], skipDates = new Set<number>()): string[] {
  const missing: string[] = [];
  const defined = definedHere(claim);
  for (const n of claim.names) {
    if (docs.some((d) => docMentionsName(corpus, d, n))) continue;
    if (standsForItsGovernment(claim, corpus, n)) continue;
    // "The Northern Investment Bank (NIB) lent …": an acronym the note defines is its long form.
    const long = defined.get(n.start);
    if (long && docs.some((d) => containsPhrase(d.searchText, long))) continue;
    missing.push(n.text.replace(/['’]s$/, ""));
  }
  for (const { ordinal, name } of numberedNames(claim)) {
    if (!docs.some((d) => docHasOrdinal(d, ordinal.norm))) missing.push(`${ordinal.text} ${name.text.replace(/['’]s$/, "")}`);
  }
  for (const t of claim.specials) if (!docs.some((d) => docHasWord(d, t.norm))) missing.push(t.text);
  for (const t of [...claim.numbers, ...claim.counts]) if (!docs.some((d) => docHasNumber(d, t.norm))) missing.push(t.text);
  for (const t of countsForOtherUnits(claim.tokens, [...claim.numbers, ...claim.counts], docs)) missing.push(`${t.text} ${claim.tokens[claim.tokens.indexOf(t) + 1].text}`);
  for (const month of claim.months) if (!docs.some((d) => docHasMonth(d, MONTHS[month.norm]))) missing.push(month.text);
  for (const date of claim.dates) {
    if (skipDates.has(date.start) || date.role === "edition") continue;
    const held = docs.some((d) => docHoldsDate(d, date));
    if (!held) missing.push(date.text);
  }
  return [...new Set(missing)];
}

/**
 * "the 20th Baltora-Veloria Summit": an ordinal in figures just before a name numbers that
 * edition, and a source that only has the 21st does not hold the 20th.
 */
function numberedNames(claim: Claim): { ordinal: Token; name: NameMention }[] {
  const out: { ordinal: Token; name: NameMention }[] = [];
  for (const name of claim.names) {
    const k = claim.tokens.findIndex((t) => t.start >= name.start);
    const ordinal = k > 0 ? claim.tokens[k - 1] : undefined;
    if (ordinal && ORDINAL_FIGURE.test(ordinal.text) && name.start - ordinal.end === 1) out.push({ ordinal, name });
  }
  return out;
}

const ORDINAL_FIGURE = /^\d{1,3}(?:st|nd|rd|th)$/i;
const ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];

/** "5th" or "fifth". */
function docHasOrdinal(doc: SourceDocument, norm: string): boolean {
  if (doc.words.has(norm)) return true;
  const word = ORDINAL_WORDS[parseInt(norm, 10) - 1];
  return word !== undefined && doc.words.has(word);
}

/** Acronyms the sentence itself defines, by where the acronym starts: "Northern Investment Bank (NIB)". */
function definedHere(claim: Claim): Map<number, string> {
  const { prose, start } = claim.sentence;
  if (!prose.includes("(")) return new Map();
  return new Map(findAcronymDefinitions(prose, start).map((a) => [a.acronymStart, a.long]));
}

/**
 * Does the document give this date, at the precision both write it? A year-only date
 * on either side agrees with any date of that year; "May 2024" is not held by a source
 * whose only 2024 is "12 February 2024".
 */
function docHoldsDate(doc: SourceDocument, date: DateMention): boolean {
  const agrees = (year: number, month: number | undefined) => year === date.year && (date.month === undefined || month === undefined || month === date.month);
  if (doc.published && agrees(doc.published.year, date.month === undefined ? undefined : doc.published.month)) return true;
  return doc.sentences.some((s) => s.dates.some((x) => agrees(x.year, x.month)));
}

/** Does the document name this month: in a date, in words ("Jan."), or as its own month of publication? */
function docHasMonth(doc: SourceDocument, month: number): boolean {
  if (doc.published?.month === month) return true;
  if (Object.entries(MONTHS).some(([word, m]) => m === month && doc.words.has(word))) return true;
  return doc.sentences.some((s) => s.dates.some((d) => d.month === month));
}

/** The years among what the cited sources lack. */
function missingYears(claim: Claim, missing: string[]): number[] {
  return claim.dates.filter((d) => missing.includes(d.text)).map((d) => d.year);
}

// The passage shown must itself give the years the cited source lacks: another
// source that has the year only elsewhere, about something else, is no better.
function findAlternative(claim: Claim, corpus: Corpus, cited: Set<string>, skipDates: Set<number>, years: number[]) {
  for (const { sentence } of rankSentences(corpus, claim, undefined, 8)) {
    const doc = sentence.doc;
    if (cited.has(doc.id)) continue;
    if (!years.every((y) => sentence.dates.some((d) => d.year === y))) continue;
    if (missingFrom(claim, corpus, [doc], skipDates).length === 0) return { doc, passage: passageOf(sentence) };
  }
  return null;
}
