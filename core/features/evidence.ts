// What the sources say about a name, a date, or the sentence a citation supports.
// Shared by hover, completion documentation and definition so that all three
// point at the same passage.

import { missingFrom } from "../checks/citationMismatch.js";
import { readClaim, type Claim } from "../checks/claim.js";
import { containsPhrase, searchForm } from "../text/search.js";
import { rankSentences } from "../checks/support.js";
import type { Corpus, Entity } from "../corpus/corpus.js";
import { ROLES } from "../corpus/record.js";
import type { SourceDocument, SourceSentence } from "../corpus/extract.js";
import { piecesAround, pieceSentences, type NoteSentence, type ParsedNote } from "../note/parseNote.js";
import type { DateMention } from "../text/dates.js";
import { localeOrder } from "../text/order.js";

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
 * facts (its years, names, numbers): "the first Tidewater Dialogue … in 2017" is supported by
 * the passage that says 2017, not by one that shares more ordinary words.
 */
export function bestPassage(claim: Claim, ranked: SourceSentence[], corpus: Corpus): SourceSentence | undefined {
  // Each fact weighs what it tells apart: "2017" more than "Veloria".
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
  // The citation is in the piece around its start: only that one's sentences are read.
  const own = piecesAround(note, citationStart)
    .flatMap(pieceSentences)
    .find((s) => s.citations.some((c) => c.start === citationStart));
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

/** Dates the sources give in the sentences that name an entity; deadlines ("by 2040") apart from events. */
export function datesOf(entity: Entity): SourcedDate[] {
  const out: SourcedDate[] = [];
  const seen = new Set<SourceSentence>();
  const keys = new Set(entity.mentions.map((m) => m.mention.key));
  for (const { sentence } of entity.mentions) {
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    for (const date of sentence.dates) {
      // "Pathway 2030" names an edition of Pathway, not a date of the partnership in the same sentence.
      if (date.role === "edition" && !sentence.names.some((n) => n.edition === date && keys.has(n.key))) continue;
      out.push({ date, sentence });
    }
  }
  return out;
}

/**
 * `datesOf`, read on the corpus's compact index: `fn(list, i, k)` for each date (the
 * k-th date of the list, in the list's i-th sentence), in the same order, and no
 * object made. An entity named in thousands of sentences is summed up in a few
 * milliseconds this way.
 */
export function forEachDateOf(entity: Entity, corpus: Corpus, fn: (sentence: number, row: number) => void): void {
  const keys = new Set(entity.mentionKeys());
  for (const id of entity.mentionSentenceIds()) {
    const first = corpus.firstDateRowOf(id);
    const end = corpus.endDateRowOf(id);
    for (let r = first; r < end; r++) {
      // "Pathway 2030" names an edition of Pathway, not a date of the partnership in the same sentence.
      if (ROLES[corpus.dateRowRole(r)] === "edition" && !corpus.dateRowIsEditionOf(id, r, keys)) continue;
      fn(id, r);
    }
  }
}

/** A date row of the corpus (see `Corpus.dateRowsOf`) as a plain date: year, and month and day when given. */
export function dateOfRow(corpus: Corpus, r: number): Pick<DateMention, "year" | "month" | "day"> {
  return { year: corpus.dateRowYear(r), month: corpus.dateRowMonth(r) || undefined, day: corpus.dateRowDay(r) || undefined };
}

export interface YearOf {
  year: number;
  /** The sources that give it, each once, in the order their sentences come. */
  docIds: string[];
  /** How many sentences give it, and the first few of them. */
  sentenceCount: number;
  sentences: SourceSentence[];
}

/** Distinct years an entity's sentences give, most attested first: what completion offers after the name. */
export function yearsOf(entity: Entity, corpus: Corpus, firstSentences = 3): YearOf[] {
  const byYear = new Map<number, { ids: number[]; docIds: Set<string> }>();
  forEachDateOf(entity, corpus, (id, r) => {
    if (ROLES[corpus.dateRowRole(r)] === "deadline") return;
    const year = corpus.dateRowYear(r);
    let entry = byYear.get(year);
    if (!entry) byYear.set(year, (entry = { ids: [], docIds: new Set() }));
    // A sentence's dates come together: one with two dates in a year counts once.
    if (entry.ids[entry.ids.length - 1] !== id) {
      entry.ids.push(id);
      entry.docIds.add(corpus.sentenceDocId(id));
    }
  });
  return [...byYear.entries()]
    .map(([year, { ids, docIds }]) => ({ year, docIds: [...docIds], sentenceCount: ids.length, ids }))
    .sort((a, b) => b.docIds.length - a.docIds.length || b.sentenceCount - a.sentenceCount || a.year - b.year)
    .map(({ year, docIds, sentenceCount, ids }) => ({ year, docIds, sentenceCount, sentences: ids.slice(0, firstSentences).map((id) => corpus.sentence(id)) }));
}

/**
 * Source sentences that give a date, ranked by how much they share with the note
 * sentence it appears in: "what the sources say happened then", most relevant first.
 */
export function sentencesOnDate(corpus: Corpus, date: Pick<DateMention, "year" | "month" | "day">, context: string[], limit = 5): SourceSentence[] {
  // Read in sentence order from the corpus's date table and postings (a year can have
  // thousands of sentences); only those returned are made into objects.
  const ids = corpus.sentenceIds(`y:${date.year}`);
  const shared = new Float64Array(ids.length);
  // The context's weight in each: its terms' postings met with the year's.
  for (const term of context) {
    const postings = corpus.sentenceIds(term);
    if (postings.length === 0) continue;
    addWhereShared(ids, postings, corpus.idf(term), shared);
  }
  // The best few, as sorting them all would give them (ties by source id, then place).
  type Candidate = { id: number; w: number; doc: string };
  const best: Candidate[] = [];
  const docOf = (c: Candidate) => (c.doc ||= corpus.sentenceDocId(c.id));
  const better = (a: Candidate, b: Candidate) => b.w - a.w || localeOrder(docOf(a), docOf(b)) || corpus.sentenceIndex(a.id) - corpus.sentenceIndex(b.id);
  const month = date.month ?? 0;
  const day = date.day ?? 0;
  for (let i = 0; i < ids.length; i++) {
    // Once the list is full, a sentence that could not beat its last even as an exact
    // match is passed over before its dates are read: most of a common year's are.
    if (best.length === limit && shared[i] + 2 < best[limit - 1].w) continue;
    const id = ids[i];
    if (corpus.isFurniture(id)) continue;
    // Read from the date table as numbers (0: no month or day), with no object per date.
    let same = false;
    let exact = 0;
    for (let r = corpus.firstDateRowOf(id), end = corpus.endDateRowOf(id); r < end; r++) {
      if (corpus.dateRowYear(r) !== date.year) continue;
      const m = corpus.dateRowMonth(r);
      const d = corpus.dateRowDay(r);
      if ((m === 0 || month === 0 || m === month) && (d === 0 || day === 0 || d === day)) same = true;
      // A source written at the note's precision ("March 2024") says more than one giving only the year.
      if (m === month && d === day) exact = 1;
    }
    if (!same) continue;
    const w = shared[i] + exact * 2;
    if (best.length === limit && w < best[limit - 1].w) continue;
    const c: Candidate = { id, w, doc: "" };
    if (best.length === limit && better(c, best[limit - 1]) >= 0) continue;
    let k = best.length;
    while (k > 0 && better(c, best[k - 1]) < 0) k--;
    best.splice(k, 0, c);
    if (best.length > limit) best.pop();
  }
  return best.map((c) => corpus.sentence(c.id));
}

/**
 * `shared[i] += weight` for each sentence number of `ids` that `postings` also holds
 * (both ascending). A common word's postings can be twenty times the year's: the
 * shorter list is walked and the other searched ahead by doubling steps, so the cost
 * follows the shorter list.
 */
export function addWhereShared(ids: Int32Array, postings: Int32Array, weight: number, shared: Float64Array): void {
  if (postings.length > 4 * ids.length) {
    for (let i = 0, j = 0; i < ids.length && j < postings.length; i++) {
      j = seek(postings, j, ids[i]);
      if (j < postings.length && postings[j] === ids[i]) shared[i] += weight;
    }
  } else if (ids.length > 4 * postings.length) {
    for (let i = 0, j = 0; j < postings.length && i < ids.length; j++) {
      i = seek(ids, i, postings[j]);
      if (i < ids.length && ids[i] === postings[j]) shared[i] += weight;
    }
  } else {
    for (let i = 0, j = 0; i < ids.length && j < postings.length; ) {
      if (ids[i] === postings[j]) {
        shared[i] += weight;
        i++;
        j++;
      } else if (ids[i] < postings[j]) i++;
      else j++;
    }
  }
}

/** The first position at or after `from` whose value is not below `value` (`list` ascending). */
function seek(list: Int32Array, from: number, value: number): number {
  let step = 1;
  let lo = from;
  let hi = from;
  while (hi < list.length && list[hi] < value) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > list.length) hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

