import type { Corpus } from "../corpus/corpus.js";
import type { SourceSentence } from "../corpus/extract.js";
import { formatDate, type DateMention } from "../text/dates.js";
import type { Claim } from "./claim.js";
import { passageOf, quote } from "./support.js";
import type { RawFinding } from "./rawFinding.js";

const EVENT_KINDS = new Set(["agreement", "exercise", "dialogue", "partnership", "initiative", "programme"]);
// A term in more than this share of source sentences ("India", "Japan") anchors nothing.
const MAX_ANCHOR_SPREAD = 0.12;

interface Anchor {
  label: string;
  sentences: readonly SourceSentence[];
  /** A named event ("Special Strategic and Global Partnership") is enough on its own to tie a date. */
  strong: boolean;
  nameKeys: Set<string>;
}

/**
 * A date attached to a known event or name that differs from every date the
 * sources give it. The sources' sentences must be about the same thing: they name
 * the same rare thing and share a content word (or the thing is a named event),
 * and their date plays the same role (a deadline "by 2035" is not compared with
 * "in 2025").
 */
export function checkDateConflicts(claim: Claim, corpus: Corpus): RawFinding[] {
  if (claim.dates.length === 0) return [];
  const anchors = anchorsOf(claim, corpus);
  if (anchors.length === 0) return [];
  const out: RawFinding[] = [];
  for (const date of claim.dates) {
    const evidence = sourceDates(claim, date, anchors);
    if (evidence.length === 0 || evidence.some((e) => agrees(date, e.date, evidence))) continue;
    const best = pickSourcedDate(date, evidence, claim);
    const value = formatAtPrecision(best.date, date);
    const passages = [...new Set(evidence.map((e) => e.sentence))].slice(0, 3).map(passageOf);
    out.push({
      code: "date-conflict",
      start: date.start,
      end: date.end,
      message: `The sources give ${value}, not ${date.text}: "${quote(best.sentence.text)}" (${best.sentence.doc.id}).`,
      evidence: passages,
      fixes: [{ title: `Change to ${value}, as ${best.sentence.doc.id} says`, edits: [{ start: date.start, end: date.end, newText: value }], preferred: true }],
    });
  }
  return out;
}

function anchorsOf(claim: Claim, corpus: Corpus): Anchor[] {
  const anchors: Anchor[] = [];
  for (const n of claim.names) {
    const entity = corpus.entity(n.key);
    const sentences = entity ? [...new Set(entity.mentions.map((m) => m.sentence))] : corpus.sentencesWith(`n:${n.key}`);
    if (sentences.length === 0 || sentences.length > corpus.sentenceCount * MAX_ANCHOR_SPREAD) continue;
    const keys = new Set([n.key, ...(entity ? [entity.key, ...entity.mentions.map((m) => m.mention.key)] : [])]);
    anchors.push({ label: n.text, sentences, strong: !!entity && EVENT_KINDS.has(entity.kind) && n.words.length > 1, nameKeys: keys });
  }
  for (const t of claim.specials) {
    const sentences = corpus.sentencesWith(t.norm);
    if (sentences.length === 0 || sentences.length > corpus.sentenceCount * MAX_ANCHOR_SPREAD) continue;
    anchors.push({ label: t.text, sentences, strong: false, nameKeys: new Set() });
  }
  return anchors;
}

interface SourceDate {
  date: DateMention;
  sentence: SourceSentence;
  cited: boolean;
}

function sourceDates(claim: Claim, date: DateMention, anchors: Anchor[]): SourceDate[] {
  const deadline = date.role === "deadline";
  const anchorWords = new Set(claim.tokens.filter((t) => anchors.some((a) => a.label.toLowerCase().includes(t.norm))).map((t) => t.norm));
  const ownTerms = claim.terms.filter((t) => !anchorWords.has(t));
  const cited = new Set(claim.cited.map((d) => d.id));
  const allNameKeys = new Set(anchors.flatMap((a) => [...a.nameKeys]));
  const out: SourceDate[] = [];
  const seen = new Set<SourceSentence>();
  for (const anchor of anchors) {
    for (const s of anchor.sentences) {
      if (seen.has(s) || s.furniture || s.dates.length === 0) continue;
      seen.add(s);
      const sharesContent = ownTerms.some((t) => s.terms.includes(t));
      if (!sharesContent && !anchor.strong) continue;
      for (const d of s.dates) {
        if ((d.role === "deadline") !== deadline) continue;
        // "Vision 2025" dates Vision, not the partnership named after it.
        if (d.role === "edition" && !s.names.some((n) => n.edition === d && allNameKeys.has(n.key))) continue;
        out.push({ date: d, sentence: s, cited: cited.has(s.doc.id) });
      }
    }
  }
  return out;
}

/** Does the note's date agree with this source date, at the precision both give? */
function agrees(date: DateMention, source: DateMention, all: SourceDate[]): boolean {
  if (date.year !== source.year) return false;
  // "March 2024" against sources saying "2024" and "January 2024": the month decides.
  if (date.month !== undefined) {
    const months = all.filter((e) => e.date.year === date.year && e.date.month !== undefined);
    if (months.length && !months.some((e) => e.date.month === date.month)) return false;
    if (date.day !== undefined) {
      const days = months.filter((e) => e.date.month === date.month && e.date.day !== undefined);
      if (days.length && !days.some((e) => e.date.day === date.day)) return false;
    }
  }
  return true;
}

// The fix proposes what the cited source says, else what most sources say.
function pickSourcedDate(date: DateMention, evidence: SourceDate[], claim: Claim): SourceDate {
  const precise = evidence.filter((e) => (date.month === undefined || e.date.month !== undefined));
  const pool = precise.length ? precise : evidence;
  const counts = new Map<string, number>();
  for (const e of pool) counts.set(formatAtPrecision(e.date, date), (counts.get(formatAtPrecision(e.date, date)) ?? 0) + (e.cited ? 10 : 1));
  const ranked = [...pool].sort((a, b) => (counts.get(formatAtPrecision(b.date, date)) ?? 0) - (counts.get(formatAtPrecision(a.date, date)) ?? 0) || Number(b.sentence.doc.id === claim.cited[0]?.id) - Number(a.sentence.doc.id === claim.cited[0]?.id));
  return ranked[0];
}

/** A source date written at the note date's precision: "2019" for "2017", "January 2024" for "March 2024". */
function formatAtPrecision(source: DateMention, like: DateMention): string {
  if (like.month === undefined) return String(source.year);
  if (like.day === undefined || source.day === undefined) return formatDate({ year: source.year, month: source.month });
  return formatDate(source);
}
