// The cache pack's own format: what it says of each file comes back exactly (metadata
// of any shape, in its key order), and a pack whose numbers were damaged is refused
// or, for the word lists read long after loading, cannot reach past the corpus's tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSource } from "../../core/corpus/document.js";
import { extractRecord } from "../../core/corpus/extract.js";
import { StringTable } from "../../core/corpus/record.js";
import { decodeEntries, decodeStrings, encodeEntries, encodeStrings, type EntryHead } from "../../host/packEntries.js";
import { readPack, writePack, type PackEntry } from "../../host/sourceCache.js";
import { seededRandom as random } from "../helpers/random.js";

function head(k: number, over: Partial<EntryHead>): EntryHead {
  return { key: `k${k}`, path: `doc${k}.md`, size: 100 + k, mtimeMs: 1_700_000_000_123.25 + k, problems: [], id: `doc${k}`, recordPath: `/corpus/doc${k}.md`, bodyStart: k, meta: {}, textBytes: 90 + k, lengths: [8, 3, 0, 7, 0, 0, 2, 1], ...over };
}

test("pack entries: every field, metadata in its own key order, dates of one, two or three parts, and problems come back exactly", () => {
  const heads = [
    head(0, { meta: { title: "Harbour talks", author: "A. Writer", publisher: "The Bulletin", url: "https://example.org/a", date: "2021-03-04" }, published: { year: 2021, month: 3, day: 4 } }),
    // A title taken from the text comes last.
    head(1, { meta: { author: "Staff", date: "2019", title: "First line" }, published: { year: 2019 } }),
    head(2, { meta: {}, published: undefined, problems: [{ severity: "warning", line: 2, message: "date \"soon\" is not a date" }] }),
    head(3, { meta: { title: "Ünïcode — “quoted”", date: "2020-11" }, published: { year: 2020, month: 11 } }),
    // Anything the number fields cannot say exactly goes as JSON.
    head(4, { meta: { title: "Odd", lang: "en" } as EntryHead["meta"], published: { year: 2018, day: 9 } as EntryHead["published"] }),
    head(5, { meta: { title: "A\u0000NUL inside" }, key: "key\u0000with NUL" }),
  ];
  const { numbers, strings, problems } = encodeEntries(heads, 8);
  const encoded = encodeStrings(strings);
  assert.equal(encoded.asJson, true, "a string with a NUL makes the list JSON");
  const back = decodeEntries(numbers, decodeStrings(encoded.bytes, strings.length, encoded.asJson)!, JSON.parse(JSON.stringify(problems)), 8);
  assert.ok(back);
  // Key order counts (a title taken from the text comes last): compared as JSON.
  const plain = (h: EntryHead) => JSON.stringify([h.key, h.path, h.size, h.mtimeMs, h.problems, h.id, h.recordPath, h.bodyStart, h.meta, h.published, h.textBytes, Array.from(h.lengths)]);
  assert.deepEqual(back.map(plain), heads.map(plain));
});

test("pack strings: NUL-joined strings decode one by one; a count that does not fit is refused", () => {
  const list = ["", "plain", "naïve café", "", "last"];
  const { bytes, asJson } = encodeStrings(list);
  assert.equal(asJson, false);
  assert.deepEqual(decodeStrings(bytes, list.length, asJson), list);
  assert.equal(decodeStrings(bytes, list.length - 1, asJson), null, "more strings than counted");
  assert.equal(decodeStrings(bytes, list.length + 1, asJson), null, "fewer strings than counted");
  assert.deepEqual(decodeStrings(Buffer.alloc(0), 0, false), []);
});

function packOf(dir: string): { file: string; entries: PackEntry[] } {
  const table = new StringTable();
  const texts = [
    "---\ntitle: Northern Waters\ndate: 2018-03-02\n---\nThe Northern Waters Logistics Agreement (NWLA) was signed in March 2018 in Tokyo.\nIt was renewed in 2020.\n",
    "---\ntitle: Polar Lantern\n---\nThe Polar Lantern exercise was first held in 2012. Navies from both sides took part.\n",
  ];
  const entries = texts.map((text, i): PackEntry => {
    const path = join(dir, `source${i}.md`);
    const record = extractRecord(readSource(path, text).source!, table);
    return { key: `key${i}`, path: `source${i}.md`, size: text.length, mtimeMs: 1000 + i, problems: [], record };
  });
  return { file: join(dir, "test.pack"), entries };
}

test("pack: records read back as written; damaged string numbers are refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bn-pack-"));
  try {
    const { file, entries } = packOf(dir);
    await writePack(file, dir, entries, 5000);
    const pack = await readPack(file, dir);
    assert.ok(pack, "an intact pack is read");
    assert.equal(pack.writtenAt, 5000);
    for (const [i, e] of pack.entries.entries()) {
      const r = e.record;
      const was = entries[i].record;
      const words = (a: Int32Array, strings: readonly string[]) => Array.from(a, (n) => strings[n]);
      assert.deepEqual([r.id, r.meta, r.published, r.text], [was.id, was.meta, was.published, was.text]);
      assert.deepEqual(words(r.words, r.strings), words(was.words, was.strings));
      assert.deepEqual(words(r.keys, r.strings), words(was.keys, was.strings));
    }

    // Every kept number made far too large: the sentences' texts point past the string table.
    const bytes = readFileSync(file);
    const at = (o: number) => bytes.readUInt32LE(o);
    const entriesAt = (48 + at(12) + at(16) + at(20) + 7) & ~7;
    const residentAt = entriesAt + at(24) * 16 * 8;
    const damaged = Buffer.from(bytes);
    for (let i = 0; i < at(28); i++) damaged.writeInt32LE(2 ** 30, residentAt + i * 4);
    writeFileSync(file, damaged);
    assert.equal(await readPack(file, dir), null, "damaged kept numbers");

    // An entry's numbers that cannot be what was written (the metadata's key order as Infinity, a negative length).
    for (const [field, value] of [[4, Infinity], [3, -1], [8, 0.5]] as const) {
      const numbersDamaged = Buffer.from(bytes);
      numbersDamaged.writeDoubleLE(value, entriesAt + field * 8);
      writeFileSync(file, numbersDamaged);
      assert.equal(await readPack(file, dir), null, `entry field ${field} = ${value}`);
    }

    // Word lists are read only when asked for: numbers past the table are dropped then.
    const wordsDamaged = Buffer.from(bytes);
    const wordsAt = residentAt + at(28) * 4;
    for (let i = 0; i < at(32); i++) wordsDamaged.writeInt32LE(2 ** 30, wordsAt + i * 4);
    writeFileSync(file, wordsDamaged);
    const read = await readPack(file, dir);
    assert.ok(read);
    assert.deepEqual(Array.from(read.entries[0].record.words), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("pack: bytes damaged anywhere give a pack that is refused, or records that can all be read", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "bn-pack-"));
  try {
    const { file, entries } = packOf(dir);
    await writePack(file, dir, entries, 5000);
    const intact = readFileSync(file);
    const rnd = random(21);
    let refused = 0;
    for (let k = 0; k < 400; k++) {
      const bytes = Buffer.from(intact);
      const at = Math.floor(rnd() * bytes.length);
      const how = k % 4;
      if (how === 0) bytes[at] ^= 1 << Math.floor(rnd() * 8); // one bit
      else if (how === 1) bytes.writeUInt32LE(Math.floor(rnd() * 2 ** 32), Math.min(at, bytes.length - 4)); // a number
      else if (how === 2) bytes.writeDoubleLE([Infinity, NaN, -1, 1e300, 2 ** 31, 0.5][k % 6], Math.min(at & ~7, bytes.length - 8)); // an entry number
      else bytes.fill(0xff, at, Math.min(at + 64, bytes.length)); // a stretch
      writeFileSync(file, bytes);
      const pack = await readPack(file, dir);
      if (!pack) {
        refused++;
        continue;
      }
      // Believed: every record reads without throwing, its string numbers within its table.
      for (const { record: r } of pack.entries) {
        void [r.text, r.meta, r.published, r.bodyStart];
        for (const a of [r.words, r.lowercase, r.keys]) for (const n of a) assert.ok(n >= 0 && n < r.strings.length, `case ${k}: string ${n} of ${r.strings.length}`);
      }
    }
    assert.ok(refused > 100, `${refused} of 400 damaged packs refused`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
