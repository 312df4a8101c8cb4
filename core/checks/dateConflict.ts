import type { Corpus, Entity, SentenceIds } from "../corpus/corpus.js";
import { ROLES } from "../corpus/record.js";
import { formatDate, type DateMention } from "../text/dates.js";
import { clauseAround } from "../text/clauses.js";
import { contentTerm } from "../text/tokens.js";
import { containsPhrase } from "../text/search.js";
import { stagesOf, type Stage } from "../text/stages.js";
import type { NameMention } from "../text/names.js";
import { ORIGIN_WORDS } from "../text/words.js";
import { StampSet } from "../text/stampSet.js";
import type { Claim } from "./claim.js";
import { passageOf, quote, rankSentences } from "./support.js";
import { citedClauses, type CitedClause } from "./clauseCitations.js";
import type { RawFinding } from "./rawFinding.js";

const ORIGIN_STEMS = new Set([...ORIGIN_WORDS].map((w) => contentTerm(w) ?? w));
// An organisation's start is its founding; other origin words ("launched") are about what it did.
// Nouns as well as verbs ("since its creation in 1985"): the stemmer leaves some nouns whole.
const FOUNDING_STEMS = new Set(
  ["establish", "establishment", "found", "founding", "set", "create", "creation", "form", "institute", "inaugurate", "inauguration"].map((w) => contentTerm(w) ?? w),
);
const EVENT_KINDS = new Set(["agreement", "exercise", "dialogue", "partnership", "initiative", "programme"]);
// A term in more than this share of source sentences ("Veloria", "Norvania") anchors nothing;
// in a small corpus a few sentences are always allowed.
const MAX_ANCHOR_SPREAD = 0.12;
const isRare = (corpus: Corpus, df: number) => df <= Math.max(3, corpus.sentenceCount * MAX_ANCHOR_SPREAD);

interface Anchor {
  label: string;
  /** Where the claim names it (offset into the note). */
  start: number;
  /** The source sentences that name it and give a date (furniture included), by corpus number. */
  sentences: SentenceIds;
  /** A named event ("Comprehensive Security and Trade Partnership") is enough on its own to tie a date. */
  strong: boolean;
  /** An agreement, exercise, dialogue …: "began", "signed", "first held" all date its start. */
  event: boolean;
  organisation: boolean;
  nameKeys: Set<string>;
  /** A single word the sources use as a plain name ("Norvanian", "Marenholt"): two of them together tie nothing. */
  weak: boolean;
  /** The entity's key, when the sources know it as one. */
  entityKey?: string;
  /** An exercise or dialogue: held again and again, so it has many dates. */
  recurring?: boolean;
}

/**
 * A date attached to a known event or name that differs from every date the
 * sources give it. The sources' sentences must be about the same thing: they name
 * the same rare thing and share a content word (or the thing is a named event),
 * and their date plays the same role (a deadline "by 2040" is not compared with
 * "in 2025").
 */
export function checkDateConflicts(claim: Claim, corpus: Corpus): RawFinding[] {
  if (claim.dates.length === 0) return [];
  const allAnchors = anchorsOf(claim, corpus);
  if (allAnchors.length === 0) return [];
  const stretches = citedClauses(claim, corpus);
  const out: RawFinding[] = [];
  for (const date of claim.dates) {
    if (claim.periodBounds.has(date.start)) continue;
    const anchors = anchorsAround(date, allAnchors, stretches);
    const focus = focusOf(anchors, speaksOfStart(claim, date));
    const evidence = sourceDates(claim, date, anchors, focus, corpus);
    if (evidence.length === 0) {
      const carried = dateInFollowingSentence(claim, date, anchors, focus, corpus);
      if (carried) out.push(carried);
      continue;
    }
    if (datedByCitedPublication(claim, date, focus, evidence)) continue;
    if (editionInFollowingSentence(corpus, date, focus)) continue;
    // Whether a source date agrees depends, besides its year, only on the note's date
    // and on all the evidence: settled once here, not once per source date.
    const precise = agreesAtPrecision(date, evidence);
    // "Signed in 2005" where the sources sign it in 2003 and bring it into force in 2005.
    const stages = stagesOf(claim.sentence.prose, date.start - claim.sentence.start, date.end - claim.sentence.start, claim.dates.filter((d) => d !== date).map((d) => ({ start: d.start - claim.sentence.start, end: d.end - claim.sentence.start })));
    const sameStage = (id: number) => stagesAgree(corpus, id, date.year, stages);
    if (precise && evidence.some((e) => yearOf(e) === date.year && sameStage(idOf(e)))) continue;
    // Any source sentence about the same thing that gives this date, whatever it says, clears it;
    // when a named event is among the things, its own sentences decide (a country's do not).
    // A sentence about another edition ("its 4th Annual Summit" for the 3rd) clears nothing.
    const ordinals = ordinalsNear(claim, date);
    const ordinalTerms = ordinalNumbers(corpus);
    if (precise && focus.some((a) => a.sentences.ids.some((id, i) => a.sentences.hasYear(i, date.year) && !ofAnotherOrdinal(a.sentences, i, ordinals, ordinalTerms) && sameStage(id)))) continue;
    // A named event's own sentences decide its dates; a place's or a person's are about many things.
    if (!focus.some((a) => a.strong) && restatedWithThisYear(claim, date, corpus)) continue;
    // The same year at another stage is not what the note should say instead.
    const otherYears = evidence.filter((e) => yearOf(e) !== date.year);
    const best = pickSourcedDate(date, otherYears.length ? otherYears : evidence);
    const value = formatAtPrecision(dateAt(best), date);
    // Only the passages shown are made into objects.
    const ids = [idOf(best)];
    for (let e = 0; e < evidence.length && ids.length < 3; e++) if (!ids.includes(idOf(evidence[e]))) ids.push(idOf(evidence[e]));
    const bestSentence = corpus.sentence(idOf(best));
    const passages = ids.map((id) => passageOf(corpus.sentence(id)));
    out.push({
      code: "date-conflict",
      start: date.start,
      end: date.end,
      message: `The sources give ${value}, not ${date.text}: "${quote(bestSentence.text)}" (${bestSentence.doc.id}).`,
      evidence: passages,
      fixes: [{ title: `Change to ${value}, as ${bestSentence.doc.id} says`, edits: [{ start: date.start, end: date.end, newText: value }], preferred: true }],
    });
  }
  return out;
}

/**
 * The anchors that can date this date: when citations cut the sentence into stretches
 * ("signed in 2017 [@a], and … began in 2021 [@b]"), those named in the date's own
 * stretch, if it names any; else all of the sentence's.
 */
function anchorsAround(date: DateMention, anchors: Anchor[], stretches: CitedClause[]): Anchor[] {
  const stretch = stretches.find((s) => date.start >= s.start && date.start < s.end);
  if (!stretch) return anchors;
  const own = anchors.filter((a) => a.start >= stretch.start && a.start < stretch.end);
  return own.length ? own : anchors;
}

function anchorsOf(claim: Claim, corpus: Corpus): Anchor[] {
  const anchors: Anchor[] = [];
  for (const n of claim.names) {
    const entity = corpus.entity(n.key);
    // Counted before any sentence is made: a common name is no anchor.
    const count = entity ? entity.sentenceCount : corpus.df(`n:${n.key}`);
    if (count === 0 || !isRare(corpus, count)) continue;
    // Only sentences that give a date can date anything: the others are never looked at.
    const sentences = entity ? entity.datedSentenceIds() : corpus.datedSentenceIdsWith(`n:${n.key}`);
    const keys = new Set([n.key, ...(entity ? [entity.key, ...entity.mentionKeys()] : [])]);
    // A named event, by its full name or a defined acronym ("CRI"), is specific enough on its own.
    const strong = !!entity && EVENT_KINDS.has(entity.kind) && (n.words.length > 1 || entity.aliases.length > 0);
    // A named thing of several words that is not a person or place ("… White Paper") has a start date too.
    const event = !!entity && (EVENT_KINDS.has(entity.kind) || (n.words.length > 1 && entity.kind === "name"));
    const weak = !entity || (entity.kind === "name" && n.words.length === 1);
    const recurring = entity?.kind === "exercise" || entity?.kind === "dialogue";
    anchors.push({ label: n.text, start: n.start, sentences, strong, event, organisation: entity?.kind === "organisation", nameKeys: keys, weak, entityKey: entity?.key, recurring });
  }
  for (const t of claim.specials) {
    const count = corpus.df(t.norm);
    if (count === 0 || !isRare(corpus, count)) continue;
    anchors.push({ label: t.text, start: t.start, sentences: corpus.datedSentenceIdsWith(t.norm), strong: false, event: false, organisation: false, nameKeys: new Set(), weak: false });
  }
  return anchors;
}

/**
 * The anchors whose sentences can date the claim: its named events when it has any
 * (or, for a start, any named thing that has one), else all of them. A sentence that
 * names only the same countries, or the same person, dates something else.
 */
function focusOf(anchors: Anchor[], start: boolean): Anchor[] {
  const strong = anchors.filter((a) => a.strong);
  if (strong.length) return strong;
  const events = start ? anchors.filter((a) => a.event) : [];
  return events.length ? events : anchors;
}

/** "began in 2003", "has met since 2003": the claim dates a start. */
function speaksOfStart(claim: Claim, date: DateMention): boolean {
  // The words of a name ("Exercise Open Water") say nothing of what the sentence does.
  const origin = claim.tokens
    .filter((t) => !claim.names.some((n) => t.start >= n.start && t.end <= n.end))
    .map((t) => contentTerm(t.norm))
    .filter((t): t is string => t !== null && ORIGIN_STEMS.has(t));
  // "added a night serial for the first time" dates a first within the event, not its start.
  const firstOfSomethingElse = origin.length > 0 && origin.every((t) => t === FIRST) && FIRST_TIME_ONLY(claim.sentence.prose);
  return (origin.length > 0 && !firstOfSomethingElse) || /\bsince\s*$/i.test(claim.sentence.prose.slice(0, date.start - claim.sentence.start));
}

const FIRST = contentTerm("first") ?? "first";
/** Every "first" of the text is in "(for) the first time". */
const FIRST_TIME_ONLY = (text: string) => (text.match(/\bfirst\b/gi) ?? []).length === (text.match(/\bthe first time\b/gi) ?? []).length;

/** A date a source gives: the k-th date of the compact list, in its i-th sentence. */
interface SourceDate {
  list: SentenceIds;
  i: number;
  k: number;
  cited: boolean;
  /** How many of the claim's rarer words the source sentence shares. */
  overlap: number;
}

const idOf = (e: SourceDate) => e.list.ids[e.i];
const yearOf = (e: SourceDate) => e.list.years[e.k];
const monthOf = (e: SourceDate) => e.list.months[e.k] || undefined;
const dayOf = (e: SourceDate) => e.list.days[e.k] || undefined;
const dateAt = (e: SourceDate): Pick<DateMention, "year" | "month" | "day"> => ({ year: yearOf(e), month: monthOf(e), day: dayOf(e) });

// The sentences one search has read, kept between searches: a common exercise gives
// thousands of dated sentences, and a Set of their numbers was the search's largest cost.
const seenBySearch = new StampSet();

function sourceDates(claim: Claim, date: DateMention, anchors: Anchor[], focus: Anchor[], corpus: Corpus): SourceDate[] {
  const deadline = date.role === "deadline";
  const anchorTerms = new Set(claim.tokens.filter((t) => anchors.some((a) => a.label.toLowerCase().includes(t.norm))).map((t) => contentTerm(t.norm) ?? t.norm));
  // "for the first time" shares nothing with a source's "first held in 2019".
  const firstIsIdiom = FIRST_TIME_ONLY(claim.sentence.prose);
  const ownTerms = claim.terms.filter((t) => !anchorTerms.has(t) && !(t === FIRST && firstIsIdiom));
  // As string numbers: the sentences are read on the corpus's compact index, and only
  // those about the same thing are made into objects.
  const rareOwnTerms = numbers(corpus, ownTerms.filter((t) => isRare(corpus, corpus.df(t))));
  // "KORVAL 2023" against "KORVAL 2021": two editions of one name compare directly.
  const editionOf = claim.names.find((n) => n.edition === date);
  // "has met since 2003" dates a start as surely as "began in 2003".
  const claimOrigin = speaksOfStart(claim, date);
  const claimFounding = claim.terms.some((t) => FOUNDING_STEMS.has(t));
  // A table row's year means what its column header says ("First held"), which the row does not carry.
  const inTable = claim.sentence.block === "table";
  const claimOrdinals = ordinalsNear(claim, date);
  const cited = new Set(claim.cited.map((d) => d.id));
  const allNameKeys = new Set(anchors.flatMap((a) => [...a.nameKeys]));
  const originStems = numbers(corpus, ORIGIN_STEMS);
  const foundingStems = numbers(corpus, FOUNDING_STEMS);
  const ordinalTerms = ordinalNumbers(corpus);
  const hasSpecific = anchors.some((a) => !a.weak);
  const out: SourceDate[] = [];
  const seen = seenBySearch;
  seen.clear();
  // Sentences about a named event date it; those that only name the same countries date something else.
  for (const anchor of focus) {
    const list = anchor.sentences;
    for (let i = 0; i < list.ids.length; i++) {
      const id = list.ids[i];
      if (seen.has(id) || list.furniture[i]) continue;
      seen.add(id);
      // Whether the sentence is about the same thing is asked first: for a common name
      // most sentences fail it, and it costs less than reading their ordinals.
      const sameOrigin = (claimOrigin && anchor.event && list.termsIn(i, originStems) > 0) || (claimFounding && anchor.organisation && list.termsIn(i, foundingStems) > 0);
      const shared = list.termsIn(i, rareOwnTerms) + (sameOrigin ? 1 : 0);
      const sharedAnchors = anchors.length === 1 ? 1 : sharedAnchorCount(anchors, id);
      const sameEdition = !!editionOf && anchor.nameKeys.has(editionOf.key) && (list.editionKeys.get(i) ?? []).some((k) => anchor.nameKeys.has(k));
      // A named event's sentences date it on their own, except that a recurring one (an
      // exercise held every year) has many dates: one of them, "first held in 2019", says
      // nothing of what the claim dates in 2023 unless the claim too is about its start.
      const datesOnItsOwn = anchor.strong && (!anchor.recurring || claimOrigin || inTable);
      if (shared === 0 && sharedAnchors < 2 && !datesOnItsOwn && !sameEdition) continue;
      // The claim names something specific (a ship, a strait) and the sentence shares only
      // the plain one-word names ("Velorian", "Norvanian"): it is about something else.
      if (anchor.weak && hasSpecific && !anchors.some((a) => !a.weak && a.sentences.has(id))) continue;
      if (ofAnotherOrdinal(list, i, claimOrdinals, ordinalTerms)) continue;
      // "first held in 2019" is one edition of a yearly exercise: it dates only a claim about its start.
      const startsOnly = anchor.recurring && !claimOrigin && !inTable && !sameEdition && list.termsIn(i, originStems) > 0;
      const overlap = shared + sharedAnchors;
      for (let k = list.yearStart[i]; k < list.yearStart[i + 1]; k++) {
        if (startsOnly && datesAStart(corpus, id, k - list.yearStart[i], yearOf({ list, i, k, cited: false, overlap }))) continue;
        const role = ROLES[list.roles[k]];
        if ((role === "deadline") !== deadline) continue;
        // "Pathway 2030" dates Pathway, not the partnership named after it.
        if (role === "edition" && !(list.editionOf.get(k) ?? []).some((key) => allNameKeys.has(key))) continue;
        out.push({ list, i, k, cited: cited.has(list.docIds[i]), overlap });
      }
    }
  }
  return out;
}

/**
 * Is the n-th date of the source sentence a start: an origin word before it in its clause
 * ("first held in 2019", "The first X was held in 2024", "dates from 1993"), not in another
 * ("founded in 2019; its 6th summit took place in 2024")?
 */
function datesAStart(corpus: Corpus, id: number, n: number, year: number): boolean {
  const sentence = corpus.sentence(id);
  const date = sentence.dates[n];
  if (!date || date.year !== year) return false;
  const at = date.start - sentence.start;
  const before = sentence.text.slice(clauseAround(sentence.text, at).start, at);
  return (before.match(/\p{L}+/gu) ?? []).some((w) => ORIGIN_STEMS.has(contentTerm(w.toLowerCase()) ?? w.toLowerCase()));
}

/**
 * How many of the claim's anchors the source sentence names. Two plain one-word names
 * ("Velorian and Norvanian special forces …") are what any sentence about the two
 * countries shares: they count as one.
 */
function sharedAnchorCount(anchors: Anchor[], id: number): number {
  const shared = anchors.filter((a) => a.sentences.has(id));
  return shared.some((a) => !a.weak) ? shared.length : Math.min(shared.length, 1);
}

/**
 * A report published in 2025 that tells of a visit without dating it dates the visit to
 * 2025. When no named event ties the date, the cited sources give no date of their own
 * for what the sentence names, and one of them, published in the note's year, names it,
 * the other sources' dates are about other occasions for the same people or places.
 */
function datedByCitedPublication(claim: Claim, date: DateMention, focus: Anchor[], evidence: SourceDate[]): boolean {
  if (focus.some((a) => a.strong) || evidence.some((e) => e.cited)) return false;
  return claim.cited.some((d) => d.published?.year === date.year && focus.some((a) => containsPhrase(d.searchText, a.label)));
}

/**
 * "Exercise Grey Marlin 2019 was held off Port Calder. The 2021 iteration was cancelled …":
 * a source names a recurring event's other editions in the sentences that follow it,
 * by year alone. An edition the sources give that way is no conflict.
 */
function editionInFollowingSentence(corpus: Corpus, date: DateMention, focus: Anchor[]): boolean {
  for (const anchor of focus) {
    const entity = anchor.entityKey ? corpus.entity(anchor.entityKey) : undefined;
    if (!entity || !anchor.event) continue;
    // The sentences after each mention that give this year, mention by mention.
    const pairs = followingByYear(corpus, entity).get(date.year) ?? [];
    let stopped = -1;
    for (let k = 0; k < pairs.length; k += 2) {
      const mention = pairs[k];
      if (mention === stopped) continue;
      const sentence = corpus.sentence(pairs[k + 1]);
      // A sentence that names another event ("Exercise Grey Marlin: … the 2023 iteration"
      // after the agreement's line) speaks of that one's editions: the mention's later
      // sentences are not read.
      if (namesAnotherEvent(corpus, sentence.names, entity.key)) stopped = mention;
      else if (namesEditionByYear(sentence.text, date.year)) return true;
    }
  }
  return false;
}

/**
 * For each year, the pairs (mention's sentence, a sentence after it in the same source
 * that gives the year), in the order of the mentions and then of the sentences after
 * them. Read from the date table once per entity and corpus version: a common exercise
 * has thousands of mentions, and scanning them all for each date of each claim about it
 * cost milliseconds a sentence.
 */
const followingCache = new WeakMap<Entity, { version: number; byYear: Map<number, number[]> }>();

function followingByYear(corpus: Corpus, entity: Entity): Map<number, number[]> {
  const cached = followingCache.get(entity);
  if (cached?.version === corpus.version) return cached.byYear;
  const byYear = new Map<number, number[]>();
  for (const id of entity.mentionSentenceIds()) {
    const doc = corpus.sentenceDocId(id);
    for (let next = id + 1; next <= id + FOLLOWING_SENTENCES; next++) {
      if (!corpus.hasSentence(next) || corpus.sentenceDocId(next) !== doc) break;
      for (let r = corpus.firstDateRowOf(next), end = corpus.endDateRowOf(next); r < end; r++) {
        const year = corpus.dateRowYear(r);
        let pairs = byYear.get(year);
        if (!pairs) byYear.set(year, (pairs = []));
        // A sentence giving the year twice is one pair.
        if (pairs[pairs.length - 2] === id && pairs[pairs.length - 1] === next) continue;
        pairs.push(id, next);
      }
    }
  }
  followingCache.set(entity, { version: corpus.version, byYear });
  return byYear;
}

const MAX_CARRYING_MENTIONS = 50;

// A passage holding this share of the claim's information says what the claim says.
const RESTATED_SCORE = 0.6;

/**
 * "In 2022 the capital ordered six patrol boats": the sentences naming the capital date
 * other orders, but the passage that says most of what the claim says gives its year.
 * Asked only before a conflict is reported, so its search costs nothing on most dates.
 */
function restatedWithThisYear(claim: Claim, date: DateMention, corpus: Corpus): boolean {
  const claimOrdinals = ordinalsNear(claim, date);
  return rankSentences(corpus, claim, undefined, 3).some((r) => {
    if (r.score < RESTATED_SCORE || !r.sentence.dates.some((d) => givesSameDate(d, date))) return false;
    // "its 5th summit … last month" restates nothing about the 6th.
    const ordinals = ordinalsOf(r.sentence.terms);
    return claimOrdinals.size === 0 || ordinals.size === 0 || [...claimOrdinals].some((o) => ordinals.has(o));
  });
}

/** The same date, at least as precise as the note's, in the same role: an edition's year ("Drill 2024") dates nothing. */
function givesSameDate(source: DateMention, note: DateMention): boolean {
  if (source.role === "edition" || (source.role === "deadline") !== (note.role === "deadline") || source.year !== note.year) return false;
  if (note.month !== undefined && source.month !== note.month) return false;
  return note.day === undefined || source.day === note.day;
}

/**
 * "… two frigates, the Alpha and the Beta. The first was delivered in 2020 and the second
 * the following year." / "Q: Is the Radar Project on schedule? A: … Installation should be
 * complete by 2027.": when no sentence naming the thing gives a date, a sentence just
 * after one that does, naming nothing itself and sharing a rarer word with the claim,
 * carries its subject. The claim's date is a conflict only if no such sentence gives it.
 */
function dateInFollowingSentence(claim: Claim, date: DateMention, anchors: Anchor[], focus: Anchor[], corpus: Corpus): RawFinding | null {
  const anchorWords = new Set(anchors.flatMap((a) => a.label.toLowerCase().split(/\s+/).map((w) => contentTerm(w) ?? w)));
  const own = new Set(claim.terms.filter((t) => !anchorWords.has(t) && /^[a-z]/.test(t) && isRare(corpus, corpus.df(t))));
  if (own.size === 0) return null;
  const deadline = date.role === "deadline";
  let found: { id: number; year: number } | null = null;
  for (const anchor of focus) {
    const entity = anchor.entityKey ? corpus.entity(anchor.entityKey) : undefined;
    // Only a thing no sentence of its own dates; and a few of its mentions are enough to look past.
    if (!entity || anchor.weak || anchor.sentences.ids.length > 0) continue;
    const mentions = entity.mentionSentenceIds();
    for (let m = 0; m < mentions.length && m < MAX_CARRYING_MENTIONS; m++) {
      const id = mentions[m];
      const doc = corpus.sentenceDocId(id);
      for (let next = id + 1; next <= id + FOLLOWING_SENTENCES; next++) {
        if (!corpus.hasSentence(next) || corpus.sentenceDocId(next) !== doc) break;
        if (corpus.firstDateRowOf(next) === corpus.endDateRowOf(next)) continue;
        const sentence = corpus.sentence(next);
        if (namesAnotherEvent(corpus, sentence.names, entity.key)) break;
        // A sentence naming something of its own ("Installation …" opening it is no name) is about that.
        const namesItsOwn = sentence.names.some((n) => !(n.sentenceInitial && n.words.length === 1));
        if (sentence.furniture || namesItsOwn || !sentence.terms.some((t) => own.has(t))) continue;
        for (const d of sentence.dates) {
          if ((d.role === "deadline") !== deadline || d.role === "edition") continue;
          if (d.year === date.year) return null;
          found ??= { id: next, year: d.year };
        }
      }
    }
  }
  if (!found || restatedWithThisYear(claim, date, corpus)) return null;
  const sentence = corpus.sentence(found.id);
  const value = String(found.year);
  return {
    code: "date-conflict",
    start: date.start,
    end: date.end,
    message: `The sources give ${value}, not ${date.text}: "${quote(sentence.text)}" (${sentence.doc.id}).`,
    evidence: [passageOf(sentence)],
    fixes: [{ title: `Change to ${value}, as ${sentence.doc.id} says`, edits: [{ start: date.start, end: date.end, newText: value }], preferred: true }],
  };
}

// "the 2021 iteration", "its 2023 edition": a year before a lower-case noun.
const EDITION_BY_YEAR = /\b(?:[Tt]he|[Ii]ts|[Tt]his|[Tt]hat)\s+(\d{4})\s+[a-z]/g;

function namesEditionByYear(text: string, year: number): boolean {
  for (const m of text.matchAll(EDITION_BY_YEAR)) if (Number(m[1]) === year) return true;
  return false;
}

function namesAnotherEvent(corpus: Corpus, names: readonly NameMention[], key: string): boolean {
  return names.some((n) => {
    const other = corpus.entity(n.key);
    return !!other && other.key !== key && EVENT_KINDS.has(other.kind);
  });
}

// How far a source's "the 2021 iteration" may sit from the sentence that names the event.
const FOLLOWING_SENTENCES = 2;

/**
 * Does the source sentence give this year at a stage the note's date could mean? When
 * either says no stage, or they share one, it does.
 */
function stagesAgree(corpus: Corpus, id: number, year: number, noteStages: Set<Stage>): boolean {
  if (noteStages.size === 0) return true;
  const sentence = corpus.sentence(id);
  const spans = sentence.dates.map((d) => ({ start: d.start - sentence.start, end: d.end - sentence.start }));
  const ofYear = sentence.dates.map((d, k) => ({ d, span: spans[k] })).filter(({ d }) => d.year === year);
  if (ofYear.length === 0) return true;
  return ofYear.some(({ span }) => {
    const stages = stagesOf(sentence.text, span.start, span.end, spans.filter((x) => x !== span));
    return stages.size === 0 || [...stages].some((st) => noteStages.has(st));
  });
}

/** The string numbers of the terms the corpus has. */
function numbers(corpus: Corpus, terms: Iterable<string>): Set<number> {
  const out = new Set<number>();
  for (const t of terms) {
    const n = corpus.keyNumber(t);
    if (n !== undefined) out.add(n);
  }
  return out;
}


const ORDINALS = new Set(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "inaugur", "latest", "last"]);
const ORDINAL_VALUE: Record<string, string> = { "1st": "first", inaugur: "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "6th": "sixth", "7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth" };

function ordinalsOf(terms: string[]): Set<string> {
  return new Set(terms.filter((t) => ORDINALS.has(t)).map((t) => ORDINAL_VALUE[t] ?? t));
}

/**
 * The ordinals that qualify this date: "the first Tidewater Dialogue in 2017, and the second in 2021"
 * gives 2017 to the first only. With one ordinal in the sentence, it is the date's.
 */
function ordinalsNear(claim: Claim, date: DateMention): Set<string> {
  const all = ordinalsOf(claim.terms);
  if (all.size < 2) return all;
  const { start: base, prose } = claim.sentence;
  const clause = clauseAround(prose, date.start - base);
  const terms = claim.tokens.filter((t) => t.start - base >= clause.start && t.end - base <= clause.end).map((t) => contentTerm(t.norm) ?? t.norm);
  const own = ordinalsOf(terms);
  return own.size ? own : all;
}

/** "the second Tidewater Dialogue … 2021" says nothing about when the first was held: the sentence names only other ordinals. */
function ofAnotherOrdinal(list: SentenceIds, i: number, claimOrdinals: Set<string>, ordinalTerms: Map<number, string>): boolean {
  if (claimOrdinals.size === 0) return false;
  const ordinals = new Set<string>();
  for (let t = list.termStart[i]; t < list.termStart[i + 1]; t++) {
    const o = ordinalTerms.get(list.terms[t]);
    if (o) ordinals.add(o);
  }
  return ordinals.size > 0 && ![...claimOrdinals].some((o) => ordinals.has(o));
}

/** The ordinal terms the corpus has, by string number, with the ordinal each stands for. */
function ordinalNumbers(corpus: Corpus): Map<number, string> {
  const out = new Map<number, string>();
  for (const t of ORDINALS) {
    const n = corpus.keyNumber(t);
    if (n !== undefined) out.set(n, ORDINAL_VALUE[t] ?? t);
  }
  return out;
}

/**
 * Does the note's date agree, at the precision both give, with a source date of its
 * year? ("March 2024" against sources saying "2024" and "January 2024": the month
 * decides.) A source date agrees when it has the note's year and this holds.
 */
function agreesAtPrecision(date: DateMention, all: SourceDate[]): boolean {
  if (date.month !== undefined) {
    const months = all.filter((e) => yearOf(e) === date.year && monthOf(e) !== undefined);
    if (months.length && !months.some((e) => monthOf(e) === date.month)) return false;
    if (date.day !== undefined) {
      const days = months.filter((e) => monthOf(e) === date.month && dayOf(e) !== undefined);
      if (days.length && !days.some((e) => dayOf(e) === date.day)) return false;
    }
  }
  return true;
}

// The fix proposes the date of the source sentence closest to the claim (most shared
// words; the cited source first on a tie), at the precision the note wrote.
function pickSourcedDate(date: DateMention, evidence: SourceDate[]): SourceDate {
  const precise = evidence.filter((e) => date.month === undefined || monthOf(e) !== undefined);
  const pool = precise.length ? precise : evidence;
  // The first of the best, as a stable sort would put it.
  let best = pool[0];
  for (const e of pool) if (e.overlap > best.overlap || (e.overlap === best.overlap && Number(e.cited) > Number(best.cited))) best = e;
  return best;
}

/** A source date written at the note date's precision: "2019" for "2017", "January 2024" for "March 2024". */
function formatAtPrecision(source: Pick<DateMention, "year" | "month" | "day">, like: DateMention): string {
  if (like.month === undefined) return String(source.year);
  if (like.day === undefined || source.day === undefined) return formatDate({ year: source.year, month: source.month });
  return formatDate(source);
}
