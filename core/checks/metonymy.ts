import type { Corpus } from "../corpus/corpus.js";
import type { NameMention } from "../text/names.js";
import { containsPhrase } from "../text/search.js";
import { isAcronymLike } from "../text/tokens.js";
import type { Claim } from "./claim.js";

// Words that make the name after them a location: "held in Marenholt", "off Calder Head".
const LOCATIVE = ["in", "at", "off", "near", "outside", "inside", "within"];
// What makes a name a place in the sources: "at" also precedes bodies ("officials at the directorate").
const PLACE_PREPOSITIONS = ["in", "off", "near", "outside"];
// Looking through this many of the documents that name a place is enough to know it is one.
const MAX_DOCS_READ = 20;

/**
 * "Marenholt and Port Calder held their first 3+3", "Velander pressed Marenholt": a place the
 * sources locate things in ("in Marenholt"), written here as an actor, stands for its
 * country's government. A source that says "Norvania" supports the sentence, so the
 * capital's absence from it is no mismatch. Written as a location ("held in Marenholt"),
 * the place is a fact to check like any other.
 */
export function standsForItsGovernment(claim: Claim, corpus: Corpus, name: NameMention): boolean {
  const before = claim.sentence.prose.slice(Math.max(0, name.start - claim.sentence.start - 24), name.start - claim.sentence.start);
  const words = before.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.at(-1) === "the") words.pop();
  if (LOCATIVE.includes(words.at(-1) ?? "")) return false;
  return isPlaceInCorpus(corpus, name);
}

function isPlaceInCorpus(corpus: Corpus, name: NameMention): boolean {
  const entity = corpus.entity(name.key);
  // A name with an acronym or a long form is a body or a programme, not a city.
  if (!entity || entity.kind !== "name" || entity.aliases.length > 0 || isAcronymLike(name.text)) return false;
  const names = [entity.name, ...entity.aliases];
  for (const id of entity.docIds.slice(0, MAX_DOCS_READ)) {
    const doc = corpus.docs.get(id);
    if (doc && names.some((n) => PLACE_PREPOSITIONS.some((p) => containsPhrase(doc.searchText, `${p} ${n}`)))) return true;
  }
  return false;
}
