import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCorpus } from "../../host/loadCorpus.js";
import { readSource } from "../../core/corpus/document.js";
import { corpusOf, EMBEDDED_CORPUS, FIXTURES } from "../helpers/fixtures.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "briefing-corpus-"));
}

const good = (id: string) => `---\nid: ${id}\ntitle: A good source\ndate: 2023-04-01\n---\n\nThe Coral Shield Exercise was held in 2021 off Darwin.\n`;

test("loading: the embedded corpus loads its five documents with their front matter", async () => {
  const { corpus, problems } = await loadCorpus([EMBEDDED_CORPUS]);
  assert.deepEqual(problems, []);
  assert.deepEqual([...corpus.docs.keys()].sort(), ["bhattacharjee2022", "borah2024", "nakatani2025", "smallsteps2024", "sng2025"]);
  assert.equal(corpus.docs.get("borah2024")?.meta.publisher, "CENJOWS");
  assert.equal(corpus.docs.get("borah2024")?.published?.year, 2024);
});

test("loading: broken front matter is reported with file and line, and the document still loads", () => {
  const { source, problems } = readSource("/c/broken.md", "---\nid: x\ntitle: [unclosed\n---\nThe Arctic Security Dialogue began in 2016.\n");
  assert.ok(source, "the body is kept");
  assert.equal(source.id, "broken");
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /broken front matter/);
  assert.equal(problems[0].path, "/c/broken.md");
  assert.ok(problems[0].line && problems[0].line >= 2);
});

test("loading: unknown keys and an invalid id are warned about", () => {
  const { source, problems } = readSource("/c/doc-1.md", "---\nid: not a key!\ntitel: typo\n---\nText.\n");
  assert.equal(source?.id, "doc-1");
  assert.deepEqual(problems.map((p) => p.line).sort(), [2, 3]);
  assert.ok(problems.some((p) => /unknown front-matter key "titel"/.test(p.message)));
  assert.ok(problems.some((p) => /id "not a key!" is not a valid citation key/.test(p.message)));
});

test("loading: plain text takes its id from the file name and its title from the first line", () => {
  const { source } = readSource("/c/harbour notes.txt", "Icebreaker programme update\n\nText here.");
  assert.equal(source?.id, "harbour-notes");
  assert.equal(source?.meta.title, "Icebreaker programme update");
});

test("loading: binary, huge, duplicate, unreadable and looping files are skipped with one clear problem each", async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, "a.md"), good("alpha"));
    writeFileSync(join(dir, "b.md"), good("alpha"));
    writeFileSync(join(dir, "binary.md"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]));
    writeFileSync(join(dir, "huge.txt"), Buffer.alloc(6 * 1024 * 1024, 0x61));
    mkdirSync(join(dir, "folder.md"));
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "c.md"), good("gamma"));
    symlinkSync(dir, join(dir, "sub", "loop"));
    symlinkSync(join(dir, "missing-target.md"), join(dir, "dangling.md"));
    const { corpus, problems } = await loadCorpus([dir]);
    assert.deepEqual([...corpus.docs.keys()].sort(), ["alpha", "gamma"]);
    const byFile = (name: string) => problems.filter((p) => p.path.endsWith(name));
    assert.match(byFile("b.md")[0].message, /duplicate id "alpha"/);
    assert.match(byFile("binary.md")[0].message, /binary/);
    assert.match(byFile("huge.txt")[0].message, /larger than/);
    assert.match(byFile("dangling.md")[0].message, /broken or looping symbolic link/);
    assert.equal(problems.length, 4, problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    // The good documents still answer: the exercise is known.
    assert.ok(corpus.entity("coral shield exercise"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loading: a missing corpus folder is a problem, not a crash", async () => {
  const { corpus, problems } = await loadCorpus(["/nonexistent/briefing-corpus"]);
  assert.equal(corpus.size, 0);
  assert.match(problems[0].message, /does not exist/);
});

test("extraction on the seeds: acronyms become aliases, kinds come from words and context", async () => {
  const { corpus } = await loadCorpus([EMBEDDED_CORPUS]);
  const gcap = corpus.entity("gcap");
  assert.equal(gcap?.name, "Global Combat Air Program");
  assert.ok(gcap?.aliases.includes("GCAP"));
  assert.equal(corpus.entity("dharma guardian")?.kind, "exercise");
  assert.equal(corpus.entity("acsa")?.kind, "agreement");
  assert.equal(corpus.entity("rajnath singh")?.kind, "person");
  // Page furniture and headings give no names.
  assert.equal(corpus.entity("become a member"), undefined);
  assert.equal(corpus.entity("read more"), undefined);
});

test("extraction on the seeds: years are tied to the names in their sentence", async () => {
  const { corpus } = await loadCorpus([EMBEDDED_CORPUS]);
  const years = (key: string) => [...new Set(corpus.entity(key)!.mentions.flatMap((m) => m.sentence.dates.map((d) => d.year)))].sort();
  assert.ok(years("special strategic and global partnership").includes(2014));
  assert.ok(years("security legislation").includes(2015));
  assert.deepEqual(years("gcap"), [2035]);
});

test("extraction on documents never seen: names, acronyms, editions and deadlines", async () => {
  const { corpus } = await loadCorpus([join(FIXTURES, "arctic")]);
  const nwla = corpus.entity("nwla");
  assert.equal(nwla?.name, "Northern Waters Logistics Agreement");
  assert.equal(nwla?.kind, "agreement");
  assert.deepEqual(nwla?.docIds.sort(), ["harbour-notes", "lindqvist2021"]);
  const irp = corpus.entity("irp");
  assert.equal(irp?.kind, "programme");
  const deadline = irp!.mentions.flatMap((m) => m.sentence.dates).find((d) => d.year === 2030);
  assert.equal(deadline?.role, "deadline");
  const lantern = corpus.entity("polar lantern");
  assert.equal(lantern?.kind, "exercise");
  assert.ok(lantern!.mentions.some((m) => m.mention.edition?.year === 2019));
});

test("the index follows documents in and out", () => {
  const corpus = corpusOf({ "/c/a.md": good("alpha") });
  const before = corpus.version;
  const entity = corpus.entity("coral shield exercise");
  assert.ok(entity?.mentionedIn("alpha"));
  corpus.remove("alpha");
  // An entity kept from before no longer finds the source in the corpus.
  assert.equal(entity!.mentionedIn("alpha"), false);
  assert.equal(corpus.entity("coral shield exercise"), undefined);
  assert.equal(corpus.sentencesWith("n:coral shield exercise").length, 0);
  assert.ok(corpus.version > before);
});

test("extraction: a source table's data rows are sentences whose facts belong together; its header row is not", () => {
  const corpus = corpusOf({
    "/c/links.md": [
      "---",
      "id: links",
      "title: Links",
      "---",
      "| Project | Capacity | Opened |",
      "|---|---|---|",
      "| the Tarn Valley line | 900 MW | 2014 |",
      "| the Moss Bay cable | 300 MW | 2019 |",
    ].join("\n"),
  });
  const rows = corpus.docs.get("links")!.sentences.filter((s) => !s.furniture);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((s) => s.dates.map((d) => d.year)), [[2014], [2019]]);
  // "900 MW": the unit after an amount names nothing.
  assert.ok(!rows[0].names.some((n) => n.text === "MW"));
});
