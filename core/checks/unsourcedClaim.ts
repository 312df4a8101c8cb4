import type { Corpus } from "../corpus/corpus.js";
import { isCheckable, type Claim } from "./claim.js";
import { passageOf, quote, rankSentences } from "./support.js";
import type { RawFinding } from "./rawFinding.js";

// A passage holding this share of the sentence's information is offered as its source.
const SUGGEST_SCORE = 0.45;
// A sentence naming only things every source names ("Veloria", "Norvania") is a claim when
// a source says much the same: then the citation is missing, not the fact.
const RESTATED_SCORE = 0.6;
const COMMON_SPREAD = 0.05;

/** A sentence stating a checkable fact with no citation, inline or through a footnote. */
export function checkUnsourcedClaim(claim: Claim, corpus: Corpus): RawFinding[] {
  if (claim.sourced || claim.judgement || !isCheckable(claim)) return [];
  const { start, end, prose } = claim.sentence;
  const best = rankSentences(corpus, claim, undefined, 1)[0];
  if (!statesSpecificFact(claim, corpus) && !(best && best.score >= RESTATED_SCORE)) return [];
  const suggestion = best && best.score >= SUGGEST_SCORE ? best.sentence : undefined;
  const what = describeFacts(claim);
  // Insert the citation before the sentence's closing punctuation: "… in 2019 [@key]."
  const trimmed = prose.trimEnd();
  const punct = /[.!?]["”’)]*$/.exec(trimmed);
  const at = start + (punct ? trimmed.length - punct[0].length : trimmed.length);
  return [
    {
      code: "unsourced-claim",
      start,
      end,
      message: suggestion
        ? `This sentence states ${what} but cites no source. ${suggestion.doc.id} says: "${quote(suggestion.text)}"`
        : `This sentence states ${what} but cites no source.`,
      evidence: suggestion ? [passageOf(suggestion)] : [],
      fixes: suggestion ? [{ title: `Cite ${suggestion.doc.id}`, edits: [{ start: at, end: at, newText: ` [@${suggestion.doc.id}]` }], preferred: true }] : [],
    },
  ];
  void end;
}

function statesSpecificFact(claim: Claim, corpus: Corpus): boolean {
  if (claim.dates.length || claim.numbers.length || claim.specials.length) return true;
  return claim.names.some((n) => {
    const entity = corpus.entity(n.key);
    if (!entity) return !n.sentenceInitial || n.words.length > 1; // a proper noun no source has
    return entity.kind !== "name" && entity.kind !== "place" ? true : entity.sentenceCount <= Math.max(3, corpus.sentenceCount * COMMON_SPREAD);
  });
}

function describeFacts(claim: Claim): string {
  const parts: string[] = [];
  if (claim.dates.length) parts.push(`a date (${claim.dates[0].text})`);
  if (claim.numbers.length) parts.push(`a number (${claim.numbers[0].text})`);
  const name = claim.names.find((n) => !n.sentenceInitial) ?? claim.names[0];
  if (name) parts.push(`a named fact (${name.text.replace(/['’]s$/, "")})`);
  else if (claim.specials.length) parts.push(`a named fact (${claim.specials[0].text})`);
  return parts.length ? parts.join(" and ") : "a checkable fact";
}
