import type { Corpus } from "../corpus/corpus.js";
import { indexKeys, type SourceDocument, type SourceSentence } from "../corpus/extract.js";
import type { NameMention } from "../text/names.js";
import { containsPhrase, searchForm } from "../text/search.js";
import { COUNT_WORDS } from "../text/words.js";
import type { SourcePassage } from "../types.js";
import type { Claim } from "./claim.js";
import { localeOrder, topKIndices } from "../text/order.js";
import { StampSet } from "../text/stampSet.js";

/** The index keys a claim is looked up by: content words, names and years. */
export function claimKeys(claim: Claim): string[] {
  return indexKeys(claim.terms, claim.names, claim.dates);
}

export interface ScoredSentence {
  sentence: SourceSentence;
  /** Share of the claim's information (idf-weighted) the sentence holds, 0–1. */
  score: number;
}

// Candidates come from the postings of the claim's rarest keys only, so a lookup
// costs the same at 10 000 documents as at 5: common words never fan out. A sentence
// that supports the claim shares its rarest words.
const RARE_KEYS = 3;
const MAX_POSTINGS = 400;

// Weights by string number, all 0 between calls: a sentence's keys are summed by
// indexing an array, not by a map look-up for each of them (ranking reads a thousand
// sentences of twenty keys for each claim).
let weightScratch = new Float64Array(0);

function weightTable(size: number): Float64Array {
  if (weightScratch.length < size) weightScratch = new Float64Array(Math.max(size, weightScratch.length * 2));
  return weightScratch;
}

// The candidates of one ranking, in arrays kept between calls and grown as needed: a
// ranking reads up to a thousand sentences, and an object and a set entry for each
// were most of what a keystroke or a completion allocated.
let candidateIds = new Int32Array(1024);
let candidateScores = new Float64Array(1024);
const candidateDocs: string[] = [];
const seen = new StampSet();

function addCandidate(at: number, id: number, doc: string, score: number): void {
  if (at === candidateIds.length) {
    const ids = new Int32Array(at * 2);
    ids.set(candidateIds);
    candidateIds = ids;
    const scores = new Float64Array(at * 2);
    scores.set(candidateScores);
    candidateScores = scores;
  }
  candidateIds[at] = id;
  candidateScores[at] = score;
  candidateDocs[at] = doc;
}

/** Source sentences ranked by how much of the claim they hold; `docs` limits the search. */
export function rankSentences(corpus: Corpus, claim: Claim, docs?: ReadonlySet<string>, limit = 5): ScoredSentence[] {
  const keys = claimKeys(claim);
  const weights = new Map(keys.map((k) => [k, corpus.idf(k)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (!total) return [];
  const rare = [...keys].sort((a, b) => corpus.df(a) - corpus.df(b)).filter((k) => corpus.df(k) > 0).slice(0, RARE_KEYS);
  // Scored on the corpus's compact index: only the sentences returned are made into objects.
  const byNumber = new Map<number, number>();
  for (const [k, w] of weights) {
    const n = corpus.keyNumber(k);
    if (n !== undefined) byNumber.set(n, w);
  }
  const byKey = weightTable(corpus.strings.size);
  for (const [n, w] of byNumber) byKey[n] = w;
  seen.clear();
  let count = 0;
  for (const key of rare) {
    const postings = corpus.sentenceIds(key);
    for (let i = 0; i < postings.length && i < MAX_POSTINGS; i++) {
      const s = postings[i];
      if (seen.has(s) || corpus.sentenceIsFurniture(s)) continue;
      const doc = corpus.sentenceDocId(s);
      if (docs && !docs.has(doc)) continue;
      seen.add(s);
      addCandidate(count++, s, doc, corpus.sumOfWeights(s, byKey) / total);
    }
  }
  for (const n of byNumber.keys()) byKey[n] = 0;
  // The best few of up to a thousand, as a stable sort would order them.
  const best = topKIndices(count, limit, (a, b) => candidateScores[b] - candidateScores[a] || localeOrder(candidateDocs[a], candidateDocs[b]));
  return best.map((i) => ({ sentence: corpus.sentence(candidateIds[i]), score: candidateScores[i] }));
}

/** The best sentence of the given documents, scanning them whole (a note cites few). */
export function bestInDocs(corpus: Corpus, claim: Claim, docs: SourceDocument[]): ScoredSentence | undefined {
  const keys = claimKeys(claim);
  const weights = new Map(keys.map((k) => [k, corpus.idf(k)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  let best: ScoredSentence | undefined;
  for (const doc of docs) {
    for (const s of doc.sentences) {
      if (s.furniture) continue;
      let hit = 0;
      for (const k of s.keys) hit += weights.get(k) ?? 0;
      const score = total ? hit / total : 0;
      if (!best || score > best.score) best = { sentence: s, score };
    }
  }
  return best;
}

export function passageOf(s: SourceSentence): SourcePassage {
  return { docId: s.doc.id, path: s.doc.path, range: s.doc.lines.range(s.start, s.end), text: s.text.replace(/\s+/g, " ").trim() };
}

/** Does the document name this thing, by its words, an acronym or its long form? */
export function docMentionsName(corpus: Corpus, doc: SourceDocument, name: NameMention): boolean {
  // The index answers most of these without the document's text, which a source read
  // from the cache reads from disk (3 000 documents for the first check of a long note).
  const entity = corpus.entity(name.key);
  if (entity?.mentionedIn(doc.id)) return true;
  if (containsPhrase(doc.searchText, name.text)) return true;
  if (entity && [entity.name, ...entity.aliases].some((a) => containsPhrase(doc.searchText, a))) return true;
  if (namesTheDocument(doc, [name.text, ...(entity ? [entity.name, ...entity.aliases] : [])])) return true;
  // "Prime Minister Arvid Tolsen" for "PM Arvid Tolsen": most of the words suffice.
  const words = name.words.map((w) => w.toLowerCase().replace(/['’]s$/, "")).filter((w) => w.length > 2 && !["the", "and", "of", "for"].includes(w));
  if (name.words.length === 1 && words.length === 1) return docHasPlaceOf(doc, words[0]);
  if (words.length < 2) return false;
  const found = words.filter((w) => doc.words.has(w)).length;
  return found / words.length >= 2 / 3;
}

/**
 * "2018 in the NMOD fact sheet [@nmod2023]": a note names a source by its publisher or
 * author, which its front matter gives and its prose need not repeat.
 */
function namesTheDocument(doc: SourceDocument, forms: string[]): boolean {
  const { publisher, author } = doc.meta;
  const about = searchForm([publisher, author].filter(Boolean).join(" | "));
  return about.length > 2 && forms.some((f) => containsPhrase(about, f));
}

// Adjectives of nationality and origin: "Vietnamese", "Brazilian", "British", "Philippine".
const DEMONYM_ENDING = /(?:ese|ian|ean|an|ish|i|ine)$/;
const MIN_STEM = 4;

/**
 * Does the document name the place a demonym comes from? "Norvanian coast guards"
 * is what a source saying "the Norvania Coast Guard" holds; "Chinese" is "China",
 * "British" is "Britain". The place and the adjective share a stem of at least four
 * letters and differ only in a short ending.
 */
function docHasPlaceOf(doc: SourceDocument, word: string): boolean {
  if (!DEMONYM_ENDING.test(word) || word.length < MIN_STEM + 1) return false;
  for (const w of doc.words) {
    if (w.length < MIN_STEM || w[0] !== word[0]) continue;
    let common = 0;
    while (common < w.length && common < word.length && w[common] === word[common]) common++;
    if (common >= MIN_STEM && common >= Math.min(w.length, word.length) - 1 && Math.max(w.length, word.length) - common <= 4) return true;
  }
  return false;
}

/** Does the document give this number, in figures or in words ("6" for "six", "five" for "5")? */
export function docHasNumber(doc: SourceDocument, norm: string): boolean {
  if (doc.words.has(norm)) return true;
  const value = COUNT_WORDS[norm];
  if (value !== undefined) return doc.words.has(String(value)) || hasCountWordInCompound(doc, norm);
  const word = COUNT_WORD_OF.get(norm);
  return word !== undefined && (doc.words.has(word) || hasCountWordInCompound(doc, word));
}

// "an eight-day exercise" holds "eight days": a count word inside a hyphenated word is
// one token, so the words alone miss it. Only words are looked for this way: a figure
// ("2" in "2,000") would be found inside other numbers.
function hasCountWordInCompound(doc: SourceDocument, word: string): boolean {
  return containsPhrase(doc.searchText, word);
}

const COUNT_WORD_OF = new Map(Object.entries(COUNT_WORDS).map(([w, n]) => [String(n), w]));

export function docHasWord(doc: SourceDocument, norm: string): boolean {
  return doc.words.has(norm);
}

export function quote(text: string, max = 160): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
