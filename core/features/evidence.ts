// What the sources say about a name, a date, or the sentence a citation supports.
// Shared by hover, completion documentation and definition so that all three
// point at the same passage.

import { missingFrom } from "../checks/citationMismatch.js";
import { readClaim, type Claim } from "../checks/claim.js";
import { containsPhrase, searchForm } from "../text/search.js";
import { rankSentences } from "../checks/support.js";
import type { Corpus, Entity } from "../corpus/corpus.js";
import type { SourceDocument, SourceSentence } from "../corpus/extract.js";
import type { NoteSentence, ParsedNote } from "../note/parseNote.js";
import { sameDate, type DateMention } from "../text/dates.js";

export interface CitationSupport {
  /** The source passage closest to the sentence, if the source has one at all. */
  passage?: SourceSentence;
  /** The sentence's names, numbers and dates that the source does not hold. */
  missing: string[];
  /** True when the source holds everything the sentence states and a passage matches it. */
  supported: boolean;
}

/**
 * How well one cited source supports a note sentence: the best-matching passage
 * of that source and what the sentence says that the source does not.
 */
export function citationSupport(note: ParsedNote, sentence: NoteSentence, doc: SourceDocument, corpus: Corpus): CitationSupport {
  const claim = readClaim(note, sentence, corpus);
  const passage = bestPassage(claim, rankSentences(corpus, claim, new Set([doc.id]), 5).map((r) => r.sentence), corpus);
  const missing = missingFrom(claim, corpus, [doc]);
  return { passage, missing, supported: !!passage && missing.length === 0 };
}

/**
 * Among passages ranked by shared words, the one holding most of the claim's
 * facts (its years, names, numbers): "the first 2+2 … in 2019" is supported by
 * the passage that says 2019, not by one that shares more ordinary words.
 */
export function bestPassage(claim: Claim, ranked: SourceSentence[], corpus: Corpus): SourceSentence | undefined {
  // Each fact weighs what it tells apart: "2019" more than "India".
  const facts = [
    ...claim.names.map((n) => ({ text: n.text.replace(/['’]s$/, ""), weight: corpus.idf(`n:${n.key}`) })),
    ...[...claim.numbers, ...claim.specials].map((t) => ({ text: t.text, weight: corpus.idf(t.norm) })),
  ];
  const years = claim.dates.filter((d) => d.role !== "edition").map((d) => ({ year: d.year, weight: corpus.idf(`y:${d.year}`) }));
  let best: SourceSentence | undefined;
  let bestScore = -1;
  for (const s of ranked) {
    const form = searchForm(s.text);
    let score = 0;
    for (const f of facts) if (containsPhrase(form, f.text)) score += f.weight;
    for (const y of years) if (s.dates.some((d) => d.year === y.year)) score += y.weight;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The note sentence a citation speaks for. A citation inside a footnote
 * definition supports the sentence that carries the footnote mark.
 */
export function sentenceCiting(note: ParsedNote, citationStart: number): NoteSentence | undefined {
  const own = note.sentences.find((s) => s.citations.some((c) => c.start === citationStart));
  if (own?.block !== "footnote") return own;
  for (const [label, footnote] of note.footnotes) {
    if (!footnote.citations.some((c) => c.start === citationStart)) continue;
    const marked = note.sentences.find((s) => s.footnotes.some((f) => f.label === label));
    if (marked) return marked;
  }
  return own;
}

export interface SourcedDate {
  date: DateMention;
  sentence: SourceSentence;
}

/** Dates the sources give in the sentences that name an entity; deadlines ("by 2035") apart from events. */
export function datesOf(entity: Entity): SourcedDate[] {
  const out: SourcedDate[] = [];
  const seen = new Set<SourceSentence>();
  const keys = new Set(entity.mentions.map((m) => m.mention.key));
  for (const { sentence } of entity.mentions) {
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    for (const date of sentence.dates) {
      // "Vision 2025" names an edition of Vision, not a date of the partnership in the same sentence.
      if (date.role === "edition" && !sentence.names.some((n) => n.edition === date && keys.has(n.key))) continue;
      out.push({ date, sentence });
    }
  }
  return out;
}

/** Distinct years an entity's sentences give, most attested first: what completion offers after the name. */
export function yearsOf(entity: Entity): { year: number; sentences: SourceSentence[] }[] {
  const byYear = new Map<number, SourceSentence[]>();
  for (const { date, sentence } of datesOf(entity)) {
    if (date.role === "deadline") continue;
    const list = byYear.get(date.year) ?? [];
    if (!list.includes(sentence)) list.push(sentence);
    byYear.set(date.year, list);
  }
  return [...byYear.entries()]
    .map(([year, sentences]) => ({ year, sentences }))
    .sort((a, b) => new Set(b.sentences.map((s) => s.doc.id)).size - new Set(a.sentences.map((s) => s.doc.id)).size || b.sentences.length - a.sentences.length || a.year - b.year);
}

/**
 * Source sentences that give a date, ranked by how much they share with the note
 * sentence it appears in: "what the sources say happened then", most relevant first.
 */
export function sentencesOnDate(corpus: Corpus, date: Pick<DateMention, "year" | "month" | "day">, context: string[], limit = 5): SourceSentence[] {
  const candidates = corpus.sentencesWith(`y:${date.year}`).filter((s) => !s.furniture && s.dates.some((d) => sameDate(d as DateMention, date as DateMention)));
  const weight = (s: SourceSentence) => {
    // A source written at the note's precision ("March 2024") says more than one giving only the year.
    const exact = s.dates.some((d) => d.year === date.year && d.month === date.month && d.day === date.day) ? 1 : 0;
    let shared = 0;
    for (const term of context) if (s.terms.includes(term)) shared += corpus.idf(term);
    return shared + exact * 2;
  };
  return candidates
    .map((s) => ({ s, w: weight(s) }))
    .sort((a, b) => b.w - a.w || a.s.doc.id.localeCompare(b.s.doc.id) || a.s.index - b.s.index)
    .slice(0, limit)
    .map((x) => x.s);
}
