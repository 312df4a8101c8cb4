// Workspace symbols: the corpus's names and sources, found by a fuzzy query.

import { passageOf } from "../checks/support.js";
import { describe } from "../checks/unknownName.js";
import type { Corpus } from "../corpus/corpus.js";
import type { EntityKind } from "../text/words.js";
import type { SourcePassage } from "../types.js";
import { documentStart } from "./definition.js";
import { listSome, sourceTitle } from "./markdown.js";
import { localeOrder } from "../text/order.js";

export interface CorpusSymbol {
  name: string;
  kind: EntityKind | "source";
  /** Where it comes from, shown beside the name. */
  container: string;
  location: SourcePassage;
}

const MAX_SYMBOLS = 500;

export function workspaceSymbols(corpus: Corpus, query: string, limit = MAX_SYMBOLS): CorpusSymbol[] {
  const q = (query ?? "").toLowerCase().replace(/\s+/g, "");
  const scored: { symbol: CorpusSymbol; score: number }[] = [];
  for (const entity of corpus.entities()) {
    const score = Math.max(...[entity.name, ...entity.aliases].map((n) => matchScore(n, q)));
    if (score < 0) continue;
    const first = entity.firstMention();
    if (!first) continue;
    scored.push({ symbol: { name: entity.name, kind: entity.kind, container: `${describe(entity)}: ${listSome(entity.docIds, 4)}`, location: passageOf(first.sentence) }, score: score + Math.min(entity.mentionCount, 20) / 100 });
  }
  for (const doc of corpus.docs.values()) {
    const score = Math.max(matchScore(doc.id, q), matchScore(sourceTitle(doc), q));
    if (score < 0) continue;
    scored.push({ symbol: { name: doc.id, kind: "source", container: sourceTitle(doc), location: documentStart(doc) }, score: score + 0.5 });
  }
  return scored.sort((a, b) => b.score - a.score || localeOrder(a.symbol.name, b.symbol.name)).slice(0, limit).map((s) => s.symbol);
}

/**
 * -1 when the query's letters do not appear in order in the name; otherwise higher
 * for a prefix, then a word start, then a scattered match. Editors filter again
 * with their own scoring, so this need only be generous and sensibly ordered.
 */
export function matchScore(name: string, query: string): number {
  if (!query) return 0;
  const lower = name.toLowerCase();
  const compact = lower.replace(/\s+/g, "");
  if (compact.startsWith(query)) return 3;
  if (lower.split(/[\s\-]+/).some((w) => w.startsWith(query))) return 2;
  let i = 0;
  for (const c of compact) if (c === query[i]) i++;
  return i === query.length ? 1 : -1;
}
