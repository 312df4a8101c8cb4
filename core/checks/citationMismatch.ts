import type { Corpus } from "../corpus/corpus.js";
import type { SourceDocument } from "../corpus/extract.js";
import type { Claim } from "./claim.js";
import { docHasWord, docMentionsName, passageOf, quote, rankSentences } from "./support.js";
import type { RawFinding } from "./rawFinding.js";

/**
 * The cited sources do not hold what the sentence says: a name, number or year of
 * the sentence appears in none of them. When another source holds them all, the fix
 * replaces the citation with it.
 */
export function checkCitationMismatch(claim: Claim, corpus: Corpus, datesInConflict: Set<number>): RawFinding[] {
  if (claim.cited.length === 0 || claim.judgement) return [];
  const missing = missingFrom(claim, corpus, claim.cited, datesInConflict);
  if (missing.length === 0) return [];
  const anchor = claim.sentence.citations[0] ?? claim.sentence.footnotes[0];
  if (!anchor) return [];
  const citedIds = new Set(claim.cited.map((d) => d.id));
  const alternative = findAlternative(claim, corpus, citedIds, datesInConflict);
  const citedList = claim.cited.map((d) => d.id).join(", ");
  const what = missing.map((m) => `"${m}"`).join(", ");
  const citedNames = claim.cited.length === 1 ? `${citedList} does` : `none of ${citedList} do`;
  const message = alternative
    ? `${citedNames.replace(/ do(es)?$/, "")} ${claim.cited.length === 1 ? "does" : "do"} not mention ${what}; ${alternative.doc.id} does: "${quote(alternative.passage.text)}".`
    : `${claim.cited.length === 1 ? citedList : `None of ${citedList}`} ${claim.cited.length === 1 ? "does" : "do"} not mention ${what}.`;
  const fixes: RawFinding["fixes"] = [];
  if (alternative && claim.sentence.citations.length === 1 && claim.sentence.citations[0].keys.length === 1) {
    const key = claim.sentence.citations[0].keys[0];
    fixes.push({ title: `Cite ${alternative.doc.id} instead`, edits: [{ start: key.start, end: key.end, newText: alternative.doc.id }], preferred: true });
  }
  return [
    {
      code: "citation-mismatch",
      start: anchor.start,
      end: anchor.end,
      message: message.charAt(0).toUpperCase() + message.slice(1),
      evidence: alternative ? [alternative.passage] : [],
      fixes,
    },
  ];
}

/** The sentence's names, numbers and years that none of `docs` contains. */
export function missingFrom(claim: Claim, corpus: Corpus, docs: SourceDocument[], skipDates = new Set<number>()): string[] {
  const missing: string[] = [];
  for (const n of claim.names) if (!docs.some((d) => docMentionsName(corpus, d, n))) missing.push(n.text.replace(/['’]s$/, ""));
  for (const t of [...claim.specials, ...claim.numbers]) if (!docs.some((d) => docHasWord(d, t.norm))) missing.push(t.text);
  for (const date of claim.dates) {
    if (skipDates.has(date.start) || date.role === "edition") continue;
    const held = docs.some((d) => d.published?.year === date.year || d.sentences.some((s) => s.dates.some((x) => x.year === date.year)));
    if (!held) missing.push(date.text);
  }
  return [...new Set(missing)];
}

function findAlternative(claim: Claim, corpus: Corpus, cited: Set<string>, skipDates: Set<number>) {
  for (const { sentence } of rankSentences(corpus, claim, undefined, 8)) {
    const doc = sentence.doc;
    if (cited.has(doc.id)) continue;
    if (missingFrom(claim, corpus, [doc], skipDates).length === 0) return { doc, passage: passageOf(sentence) };
  }
  return null;
}
