import { distance } from "fastest-levenshtein";
import type { Corpus } from "../corpus/corpus.js";
import type { Citation } from "../note/citations.js";
import { detached } from "../text/detached.js";
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

// The nearest key is asked for again and again for one key (each keystroke in its
// sentence re-checks it, a hover asks again), and each answer compares the key with
// every key of the corpus: answers are kept per corpus version.
const MAX_REMEMBERED = 2000;
const nearestKeys = new WeakMap<Corpus, { version: number; ids: string[]; lower: string[]; answers: Map<string, string | undefined> }>();

function keyTable(corpus: Corpus) {
  let table = nearestKeys.get(corpus);
  if (table?.version !== corpus.version) {
    const ids = [...corpus.docs.keys()];
    table = { version: corpus.version, ids, lower: ids.map((id) => id.toLowerCase()), answers: new Map() };
    nearestKeys.set(corpus, table);
  }
  return table;
}

/** The corpus key closest to `key` (ignoring case), if it is a few edits away at most. */
export function nearestKey(key: string, corpus: Corpus): string | undefined {
  const table = keyTable(corpus);
  if (table.answers.has(key)) return table.answers.get(key);
  const answer = nearestKeyIn(key, table.ids, table.lower);
  if (table.answers.size >= MAX_REMEMBERED) table.answers.clear();
  // Its own copy: a key read from a note is a view of that version of the note (see detached).
  table.answers.set(detached(key), answer);
  return answer;
}

/** `ids` in corpus order, `lower` their lower-case forms: the first of the closest keys, within the allowed edits. */
function nearestKeyIn(key: string, ids: string[], lower: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const typed = key.toLowerCase();
  const allowed = Math.max(2, Math.floor(key.length / 4));
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (Math.abs(id.length - key.length) > 3) continue;
    // The distance is at least the difference in length: a key further off than the
    // allowed edits could never be the answer, so it is not measured.
    if (Math.abs(lower[i].length - typed.length) > allowed) continue;
    const d = lower[i] === typed ? 0.5 : distance(typed, lower[i]);
    if (d < bestDistance) {
      best = id;
      bestDistance = d;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}
