// The server's corpus bookkeeping: which file owns which key as files come, change
// and go, without reloading the rest.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CorpusHost } from "../../server/corpusHost.js";

const source = (id: string, sentence: string) => `---\nid: ${id}\ntitle: "${id}"\n---\n\n${sentence}\n`;
const root = mkdtempSync(join(tmpdir(), "corpus-host-"));
after(() => rmSync(root, { recursive: true, force: true }));

function folders() {
  const dir = mkdtempSync(join(root, "case-"));
  const a = join(dir, "a");
  const b = join(dir, "b");
  mkdirSync(a);
  mkdirSync(b);
  return { a, b };
}

test("a duplicate key: the earlier folder wins; deleting its file hands the key to the other", async () => {
  const { a, b } = folders();
  writeFileSync(join(a, "one.md"), source("shared", "The Harbour Accord was signed in 2021."));
  writeFileSync(join(b, "two.md"), source("shared", "The Harbour Accord was signed in 2022."));
  const host = new CorpusHost();
  const problems = await host.load([a, b]);
  assert.match(problems.map((p) => p.message).join("\n"), /duplicate id "shared"/);
  assert.equal(host.corpus.docs.get("shared")?.path, join(a, "one.md"));

  rmSync(join(a, "one.md"));
  const { changed } = await host.apply(join(a, "one.md"), "deleted");
  assert.equal(changed, true);
  assert.equal(host.corpus.docs.get("shared")?.path, join(b, "two.md"), "the shadowed file takes the key");
  assert.equal(host.problems.length, 0);
});

test("a file whose id changes gives up its old key", async () => {
  const { a } = folders();
  const file = join(a, "doc.md");
  writeFileSync(file, source("old-key", "Malabar was held in 2020."));
  const host = new CorpusHost();
  await host.load([a]);
  writeFileSync(file, source("new-key", "Malabar was held in 2020."));
  await host.apply(file, "changed");
  assert.deepEqual([...host.corpus.docs.keys()], ["new-key"]);
});

test("deleting a folder removes every document under it; paths outside the corpus are ignored", async () => {
  const { a, b } = folders();
  mkdirSync(join(a, "sub"));
  writeFileSync(join(a, "sub", "x.md"), source("x", "JIMEX is a maritime exercise."));
  writeFileSync(join(a, "sub", "y.txt"), "Dharma Guardian is an army exercise.\n");
  writeFileSync(join(a, "z.md"), source("z", "Exercise Malabar began in 1992."));
  const host = new CorpusHost();
  await host.load([a]);
  assert.equal(host.corpus.size, 3);
  rmSync(join(a, "sub"), { recursive: true });
  await host.apply(join(a, "sub"), "deleted");
  assert.deepEqual([...host.corpus.docs.keys()], ["z"]);
  writeFileSync(join(b, "elsewhere.md"), source("elsewhere", "Not in the corpus."));
  assert.deepEqual(await host.apply(join(b, "elsewhere.md"), "created"), { changed: false, problems: [] });
});

test("a broken file leaves the corpus and reports why; fixing it brings it back", async () => {
  const { a } = folders();
  const file = join(a, "doc.md");
  writeFileSync(file, source("doc", "JIMEX is a maritime exercise."));
  const host = new CorpusHost();
  await host.load([a]);
  writeFileSync(file, Buffer.from([0, 1, 2, 3]));
  const broken = await host.apply(file, "changed");
  assert.equal(broken.changed, true);
  assert.match(broken.problems[0].message, /binary/);
  assert.equal(host.corpus.size, 0);
  writeFileSync(file, source("doc", "JIMEX is a maritime exercise."));
  assert.deepEqual((await host.apply(file, "changed")).problems, []);
  assert.equal(host.corpus.size, 1);
});

test("a reload swaps the corpus whole: readers never see it half-built", async () => {
  const { a } = folders();
  for (let i = 0; i < 20; i++) writeFileSync(join(a, `d${i}.md`), source(`d${i}`, `Exercise number ${i} was held in 20${10 + i}.`));
  const host = new CorpusHost();
  await host.load([a]);
  const before = host.corpus;
  const reload = host.load([a]);
  assert.equal(host.corpus, before, "the old corpus stays while the new one loads");
  await reload;
  assert.notEqual(host.corpus, before);
  assert.equal(host.corpus.size, 20);
});
