// nearestKey skips keys too different in length to be the answer and remembers its
// answers per corpus version: it must answer exactly as a comparison with every key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { distance } from "fastest-levenshtein";
import { nearestKey } from "../../core/checks/unknownSource.js";
import type { Corpus } from "../../core/corpus/corpus.js";
import { corpusOf } from "../helpers/fixtures.js";
import { seededRandom as random } from "../helpers/random.js";

/** The plain definition: every key compared, the first of the closest kept. */
function reference(key: string, corpus: Corpus): string | undefined {
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


const LETTERS = ["a", "b", "k", "r", "o", "2", "0", "1", "-", "A", "K", "İ", "ß", "é"];
const word = (rnd: () => number, min: number, max: number) => Array.from({ length: min + Math.floor(rnd() * (max - min + 1)) }, () => LETTERS[Math.floor(rnd() * LETTERS.length)]).join("");

test("nearestKey: the same answer as comparing with every key, asked once or again, before and after the corpus changes", () => {
  const rnd = random(3);
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++) files[`/c/${i}.md`] = `---\nid: ${word(rnd, 3, 14)}\n---\nSome text.\n`;
  const corpus = corpusOf(files);
  const keys = [...corpus.docs.keys()];
  const asked: string[] = [];
  for (let k = 0; k < 600; k++) {
    // Near misses of real keys (an edit or two, a case change) and unrelated keys.
    let key = rnd() < 0.7 ? keys[Math.floor(rnd() * keys.length)] : word(rnd, 1, 18);
    const edits = Math.floor(rnd() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rnd() * (key.length + 1));
      const r = rnd();
      key = r < 0.33 ? key.slice(0, at) + word(rnd, 1, 1) + key.slice(at) : r < 0.66 ? key.slice(0, at) + key.slice(at + 1) : key.slice(0, at) + word(rnd, 1, 1) + key.slice(at + 1);
    }
    if (rnd() < 0.2) key = key.toUpperCase();
    asked.push(key);
    assert.equal(nearestKey(key, corpus), reference(key, corpus), key);
    assert.equal(nearestKey(key, corpus), reference(key, corpus), `${key}, asked again`);
  }
  // A new document may be the nearest key now: answers given before are not reused.
  const added = `${asked[0]}x`;
  corpus.add(corpusOf({ "/c/new.md": `---\nid: ${added}\n---\nMore text.\n` }).docs.get(added)!);
  assert.ok(corpus.docs.has(added));
  assert.equal(nearestKey(added, corpus), added);
  for (const key of asked) assert.equal(nearestKey(key, corpus), reference(key, corpus), `${key}, after a document was added`);
});

test("nearestKey: the keys it remembers do not keep the text they were read from", () => {
  // V8 makes a long slice a view of its whole string: 300 keys typed into a note of
  // 200 KB, each cut from that version of it, would keep 60 MB.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const corpus = corpusOf({ "/c/a.md": "---\nid: alpha2020\ntitle: A\n---\nSome text in 2020.\n" });
  const note = "Some context the note gives, and nothing more.\n".repeat(4_000);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 300; i++) {
    const version = `${note}A claim [@unknownsourcekey${i}].`;
    nearestKey(version.slice(version.lastIndexOf("[@") + 2, version.lastIndexOf("]")), corpus);
  }
  gc();
  const kept = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  assert.ok(kept < 10, `${kept.toFixed(1)} MB kept for 300 remembered keys`);
});
