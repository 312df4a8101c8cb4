import type { Corpus } from "../corpus/corpus.js";
import type { SourceDocument } from "../corpus/extract.js";
import type { Citation } from "../note/citations.js";
import type { Claim } from "./claim.js";

/** A citation placed inside a sentence and the stretch of the sentence it vouches for. */
export interface CitedClause {
  citation: Citation;
  /** The stretch, as offsets into the note. */
  start: number;
  end: number;
  docs: SourceDocument[];
  /** The claim cut down to what this stretch states, citing only this citation's sources. */
  claim: Claim;
}

/**
 * "The dialogue began in 2017 [@a], and Marwood invited Norvanian firms [@b]": when a
 * sentence puts citations after separate stretches of prose, each citation vouches
 * for the stretch before it (back to the previous citation), and the last one also
 * for whatever follows it. A sentence with all its citations together at its end is
 * one stretch, checked as a whole elsewhere.
 */
export function citedClauses(claim: Claim, corpus: Corpus): CitedClause[] {
  const { sentence } = claim;
  if (sentence.block === "table" || sentence.citations.length < 2) return [];
  const cites = [...sentence.citations].sort((a, b) => a.start - b.start);
  const out: CitedClause[] = [];
  let from = sentence.start;
  for (let i = 0; i < cites.length; i++) {
    const c = cites[i];
    const to = i === cites.length - 1 ? sentence.end : c.start;
    // Citations written one after another ("[@a] [@b]") share the stretch before them.
    if (!WORD.test(sentence.prose.slice(from - sentence.start, c.start - sentence.start)) && i > 0) return [];
    const docs = [...new Set(c.keys.map((k) => corpus.docs.get(k.key)).filter((d): d is SourceDocument => d !== undefined))];
    const within = (x: { start: number }) => x.start >= from && x.start < to;
    out.push({
      citation: c,
      start: from,
      end: to,
      docs,
      claim: {
        ...claim,
        names: claim.names.filter(within),
        dates: claim.dates.filter(within),
        numbers: claim.numbers.filter(within),
        counts: claim.counts.filter(within),
        months: claim.months.filter(within),
        specials: claim.specials.filter(within),
        cited: docs,
      },
    });
    from = c.end;
  }
  return out;
}

const WORD = /\p{L}{2,}/u;
