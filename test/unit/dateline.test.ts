// A plain-text source has no front matter: its publication date is read from a dateline
// in its opening lines, so that "last month" and "this year" in it can be dated.
import assert from "node:assert/strict";
import { test } from "node:test";
import { datelineOf } from "../../core/corpus/dateline.js";
import { readSource } from "../../core/corpus/document.js";
import { extractDocument } from "../../core/corpus/extract.js";

test("dateline: a wire dateline, an 'Updated' line, a publisher line and a bare date line give the date", () => {
  assert.deepEqual(datelineOf("PORT CALDER, 12 March 2023 — The ministry said talks went well."), { year: 2023, month: 3, day: 12 });
  assert.deepEqual(datelineOf("Harbour talks resume\n\nUpdated 3 June 2024, 10:32 local time\n\nText."), { year: 2024, month: 6, day: 3 });
  assert.deepEqual(datelineOf("Grid links grow\n\nVelorian Ledger, 18 June 2024\n\nText."), { year: 2024, month: 6, day: 18 });
  assert.deepEqual(datelineOf("By A. Writer\nMarch 4, 2024\nText."), { year: 2024, month: 3, day: 4 });
});

test("dateline: dates inside the story, years alone and lines past the opening give none", () => {
  assert.equal(datelineOf("Norvania and Veloria signed the Coastal Accord in March 2020."), undefined);
  assert.equal(datelineOf("Ten years since 2019\nThe pact has held."), undefined);
  assert.equal(datelineOf("The talks, held on 8 September 2022, went well."), undefined);
  assert.equal(datelineOf(`${"Line.\n".repeat(9)}Updated 3 June 2024`), undefined);
});

test("dateline: a plain-text source's 'last month' is dated from its dateline", () => {
  const text = "Grid links grow\n\nVelorian Ledger, 18 June 2024\n\nThe Velorian Grid Accord was signed last month in Port Calder.\n";
  const { source } = readSource("/corpus/ledger.txt", text);
  assert.deepEqual(source?.published, { year: 2024, month: 6, day: 18 });
  const doc = extractDocument(source!);
  const dates = doc.sentences.flatMap((s) => s.dates);
  assert.ok(dates.some((d) => d.year === 2024 && d.month === 5), `dates read: ${JSON.stringify(dates)}`);
});

test("dateline: front matter's date wins over a dateline", () => {
  const { source } = readSource("/corpus/a.md", "---\nid: a\ndate: 2020-01-02\n---\nPORT CALDER, 12 March 2023 — Text.\n");
  assert.deepEqual(source?.published, { year: 2020, month: 1, day: 2 });
});
