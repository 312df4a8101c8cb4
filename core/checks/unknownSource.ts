import { distance } from "fastest-levenshtein";
import type { Corpus } from "../corpus/corpus.js";
import type { Citation } from "../note/citations.js";
import type { RawFinding } from "./rawFinding.js";

/** `[@key]` naming no document of the corpus, with the nearest key as a fix. */
export function checkUnknownSources(citations: Citation[], corpus: Corpus): RawFinding[] {
  const out: RawFinding[] = [];
  for (const c of citations) {
    for (const k of c.keys) {
      if (corpus.docs.has(k.key)) continue;
      const near = nearestKey(k.key, corpus);
      out.push({
        code: "unknown-source",
        start: k.start,
        end: k.end,
        message: near
          ? `No source in the corpus has the key "${k.key}". Did you mean "${near}" (${corpus.docs.get(near)?.meta.title ?? near})?`
          : `No source in the corpus has the key "${k.key}". Add the document to a corpus folder or correct the key.`,
        evidence: [],
        fixes: near ? [{ title: `Change to [@${near}]`, edits: [{ start: k.start, end: k.end, newText: near }], preferred: true }] : [],
      });
    }
  }
  return out;
}

export function nearestKey(key: string, corpus: Corpus): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = key.toLowerCase();
  for (const id of corpus.docs.keys()) {
    if (Math.abs(id.length - key.length) > 3) continue;
    const d = id.toLowerCase() === lower ? 0.5 : distance(lower, id.toLowerCase());
    if (d < bestDistance) {
      best = id;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}
