// Loading through the extraction cache and on worker threads must give exactly the
// corpus (and so exactly the findings) that reading every file on this thread gives.
// Compared on a small generated corpus with a few awkward files added: a plain-text
// source, broken front matter, a duplicate key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkNote } from "../../core/checks/checkNote.js";
import { Corpus } from "../../core/corpus/corpus.js";
import { readSource } from "../../core/corpus/document.js";
import { extractDocument, extractRecord } from "../../core/corpus/extract.js";
import { StringTable } from "../../core/corpus/record.js";
import { DEFAULT_CORPUS_DIR, loadCorpus, type LoadOptions } from "../../host/loadCorpus.js";
import { ROOT } from "../helpers/fixtures.js";

interface Generated {
  generateCorpus(o: { docs: number; seed: number }): { id: string; fileName: string; text: string }[];
  generateNote(o: { lines: number; corpus: unknown; seed: number }): string;
  writeCorpus(dir: string, docs: unknown, o: { clean: boolean }): unknown;
}

/** Everything a check can read from a corpus, as plain data. */
function snapshot(corpus: Corpus, note: string) {
  const docs = [...corpus.docs.values()].map((d) => ({
    id: d.id,
    path: d.path,
    meta: d.meta,
    published: d.published,
    bodyStart: d.bodyStart,
    words: [...d.words].sort(),
    lowercase: [...d.lowercaseWords].sort(),
    searchText: d.searchText,
    acronyms: d.acronyms.map((a) => [a.acronym, a.long, a.sentence.index]),
    sentences: d.sentences.map((s) => ({ index: s.index, start: s.start, end: s.end, text: s.text, furniture: s.furniture, terms: s.terms, keys: s.keys, dates: s.dates, names: s.names.map((n) => ({ ...n, edition: n.edition && s.dates.indexOf(n.edition) })) })),
  }));
  const entities = corpus.entities().map((e) => ({
    key: e.key,
    name: e.name,
    kind: e.kind,
    aliases: e.aliases,
    docIds: e.docIds,
    // Counted while indexing (or stored), without making the list: the same number.
    docCount: (assert.equal(e.docCount, e.docIds.length, e.key), e.docCount),
    // Asked of the mentions' numbers, without the list: the same answer for every source.
    mentionedIn: (assert.deepEqual([...corpus.docs.keys()].filter((id) => e.mentionedIn(id)).sort(), [...e.docIds].sort(), e.key), true),
    mentionCount: e.mentionCount,
    sentenceCount: e.sentenceCount,
    mentions: e.mentions.map((m) => `${m.sentence.doc.id}#${m.sentence.index}:${m.mention.start}`),
  }));
  const keys = new Set<string>();
  for (const d of corpus.docs.values()) for (const s of d.sentences) for (const k of s.keys) keys.add(k);
  const postings = [...keys].sort().map((k) => [k, corpus.sentencesWith(k).map((s) => `${s.doc.id}#${s.index}`)]);
  // Counted as records are indexed, or taken from the stored index: the same answers.
  const vocabulary = new Set<string>(["zzunheardword"]);
  for (const d of corpus.docs.values()) for (const w of [...d.words, ...d.lowercaseWords]) vocabulary.add(w);
  const wordsKnown = [...vocabulary].sort().map((w) => [w, corpus.knowsWord(w), corpus.seenLowercase(w)]);
  return { docs, entities, postings, wordsKnown, findings: checkNote(note, corpus) };
}

async function setUp() {
  const gen = (await import(pathToFileURL(join(ROOT, "bench", "generate.mjs")).href)) as Generated;
  const dir = mkdtempSync(join(tmpdir(), "briefing-loading-"));
  const corpusDir = join(dir, "corpus");
  const docs = gen.generateCorpus({ docs: 90, seed: 3 });
  gen.writeCorpus(corpusDir, docs, { clean: true });
  const note = gen.generateNote({ lines: 150, corpus: docs, seed: 3 });
  writeFileSync(join(corpusDir, "harbour-notes.txt"), "HARBOUR NOTES\nThe Northern Waters Logistics Agreement (NWLA) was signed in March 2018.\nIt was renewed in 2020.\n");
  writeFileSync(join(corpusDir, "broken.md"), "---\ntitle: [unclosed\n---\nThe Arctic Security Dialogue began in 2016.\n");
  writeFileSync(join(corpusDir, "zz-duplicate.md"), `---\nid: ${docs[0].id}\ntitle: A second file with the same key\n---\nIt says something else in 1999.\n`);
  return { dir, corpusDir, note };
}

test("loading: workers and the cache (cold and warm) give the corpus and findings of a plain load", { timeout: 120_000 }, async () => {
  const { dir, corpusDir, note } = await setUp();
  const cacheDir = join(dir, "cache");
  try {
    const load = async (options: LoadOptions) => {
      const r = await loadCorpus([corpusDir], new Corpus(), options);
      await r.cacheWritten;
      return r;
    };
    const plain = await load({ workers: 0 });
    const expected = snapshot(plain.corpus, note);
    assert.ok(expected.findings.length > 10, "the generated note has findings");
    assert.ok(plain.problems.some((p) => /duplicate id/.test(p.message)) && plain.problems.some((p) => /front matter/.test(p.message)));

    const onWorkers = await load({ workers: 2 });
    assert.equal(onWorkers.stats.workers, 2);
    assert.deepEqual(snapshot(onWorkers.corpus, note), expected, "on worker threads");
    assert.deepEqual(onWorkers.problems, plain.problems);

    const cold = await load({ workers: 2, cacheDir });
    assert.equal(cold.stats.fromCache, 0);
    assert.equal(cold.stats.indexFromCache, false);
    assert.deepEqual(snapshot(cold.corpus, note), expected, "cold cache");

    const warm = await load({ cacheDir });
    assert.equal(warm.stats.fromCache, warm.stats.files, "every file from the cache");
    assert.equal(warm.stats.extracted, 0);
    assert.equal(warm.stats.indexFromCache, true, "the index the cold load stored");
    assert.deepEqual(snapshot(warm.corpus, note), expected, "warm cache");
    assert.deepEqual(warm.problems, plain.problems);

    // A stored index whose numbers were damaged is refused and stored again.
    const indexFile = readdirSync(join(cacheDir, readdirSync(cacheDir)[0])).find((n) => n.endsWith(".index"))!;
    const indexPath = join(cacheDir, readdirSync(cacheDir)[0], indexFile);
    const stored = readFileSync(indexPath);
    stored.writeInt32LE(2 ** 30, stored.length - 4);
    writeFileSync(indexPath, stored);
    const refused = await load({ cacheDir });
    assert.equal(refused.stats.indexFromCache, false);
    assert.deepEqual(snapshot(refused.corpus, note), expected, "a damaged index");
    assert.equal((await load({ cacheDir })).stats.indexFromCache, true, "stored again");

    // An edited source is read again; the others still come from the cache.
    const edited = join(corpusDir, "harbour-notes.txt");
    appendFileSync(edited, "The Polar Lantern exercise was first held in 2012.\n");
    const later = new Date(Date.now() + 5000);
    utimesSync(edited, later, later);
    const afterEdit = await load({ cacheDir, workers: 0 });
    assert.equal(afterEdit.stats.extracted, 1);
    assert.equal(afterEdit.stats.indexFromCache, false, "the index of other sources is not used");
    assert.deepEqual(snapshot(afterEdit.corpus, note), snapshot((await load({ workers: 0 })).corpus, note), "after an edit");

    // A damaged cache is ignored, not believed.
    const packDir = join(cacheDir, readdirSync(cacheDir)[0]);
    for (const p of readdirSync(packDir)) {
      const file = join(packDir, p);
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    }
    const damaged = await load({ cacheDir, workers: 0 });
    assert.equal(damaged.stats.fromCache, 0);
    assert.deepEqual(snapshot(damaged.corpus, note), snapshot((await load({ workers: 0 })).corpus, note), "damaged cache");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loading: a record made straight from a source reads back as the extracted document", async () => {
  const { dir, corpusDir, note } = await setUp();
  try {
    const byObjects = new Corpus();
    const byRecords = new Corpus();
    const table = new StringTable();
    for (const name of readdirSync(corpusDir).sort()) {
      const path = join(corpusDir, name);
      const { source } = readSource(path, readFileSync(path, "utf8"));
      if (!source || byObjects.docs.has(source.id)) continue;
      byObjects.add(extractDocument(source));
      byRecords.addRecord(extractRecord(source, table));
    }
    assert.deepEqual(snapshot(byRecords, note), snapshot(byObjects, note));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The editor's usual set-up: the embedded corpus and a team's folder, each with its own
// cache pack, so the second folder's records are remapped into the first one's strings.
test("loading: two folders from their cache packs give the corpus and findings of a plain load", { timeout: 120_000 }, async () => {
  const { dir, corpusDir, note } = await setUp();
  const cacheDir = join(dir, "cache");
  const folders = [DEFAULT_CORPUS_DIR, corpusDir];
  const noteOnBoth = `${note}\nJapan's Security Legislation was enacted in 2013 [@borah2024].\n`;
  try {
    const load = async (options: LoadOptions) => {
      const r = await loadCorpus(folders, new Corpus(), options);
      await r.cacheWritten;
      return r;
    };
    const expected = snapshot((await load({ workers: 0 })).corpus, noteOnBoth);
    assert.ok(expected.findings.some((f) => f.code === "date-conflict" && /2015/.test(f.message)), "the embedded corpus answers too");
    const cold = await load({ workers: 2, cacheDir });
    assert.deepEqual(snapshot(cold.corpus, noteOnBoth), expected, "cold cache");
    const warm = await load({ cacheDir });
    assert.equal(warm.stats.fromCache, warm.stats.files, "every file from the cache");
    assert.equal(warm.stats.indexFromCache, true);
    assert.deepEqual(snapshot(warm.corpus, noteOnBoth), expected, "warm cache, two packs");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
