// The loading hot paths have hand-written fast versions (a tokenizer scan instead of a
// Unicode regular expression, front matter read without the YAML parser). Each must
// give exactly what the general version gives: checked here against the general
// version on many random inputs, from a fixed seed so a failure can be replayed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { tokenize } from "../../core/text/tokens.js";
import { findDates } from "../../core/text/dates.js";
import { nameKey } from "../../core/text/names.js";
import { simpleYaml } from "../../core/corpus/frontMatter.js";
import { seededRandom as random } from "../helpers/random.js";


function randomText(rnd: () => number, pieces: string[], max: number): string {
  let out = "";
  const n = 1 + Math.floor(rnd() * max);
  for (let i = 0; i < n; i++) out += pieces[Math.floor(rnd() * pieces.length)];
  return out;
}

// The definition the scanner must match.
const WORD = /[\p{L}\p{N}]+(?:[’'\-+.&][\p{L}\p{N}]+)*%?|&/gu;
function referenceTokens(text: string, offset: number) {
  const norm = (w: string) => (/^[a-z0-9]+$/.test(w) ? w : w.toLowerCase().replace(/’/g, "'").replace(/'s$|'$/, ""));
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], start: offset + m.index!, end: offset + m.index! + m[0].length, norm: norm(m[0]) }));
}

test("tokenize: the scanner finds exactly the words of the regular expression", () => {
  const rnd = random(7);
  const pieces = ["a", "B", "z", "Q", "0", "9", " ", "-", "+", ".", "&", "'", "’", "%", "é", "É", "ß", "İ", "Σ", "—", "–", "\n", "²", "Ⅻ", "日", "\u00a0", ",", "(", "s", "S", "India", "Japan’s", "2+2", "R&D", "US-2", "𝐀", "😀"];
  for (let k = 0; k < 20000; k++) {
    const text = randomText(rnd, pieces, 16);
    assert.deepEqual(tokenize(text, 3), referenceTokens(text, 3), JSON.stringify(text));
  }
});

test("nameKey: the plain-name shortcut agrees with the full normalisation", () => {
  const full = (text: string) =>
    text
      .toLowerCase()
      .replace(/[’‘`]/g, "'")
      .replace(/["“”]/g, "")
      .replace(/'s\b|'$/g, "")
      .replace(/[-–—]/g, " ")
      .replace(/\s+/g, " ")
      .replace(/^the /, "")
      .replace(/^exercise (?=\S)/, "")
      .trim();
  const rnd = random(11);
  const pieces = ["The ", "the", "Exercise ", "exercise", " ", "  ", "Malabar", "2022", "K", "\u212a", "-", "’s", "'", "\"", "A", "b", "İ", "\t"];
  for (let k = 0; k < 20000; k++) {
    const text = randomText(rnd, pieces, 6);
    assert.equal(nameKey(text), full(text), JSON.stringify(text));
  }
});

test("findDates: the quick exits for text without digits or months change nothing", () => {
  const rnd = random(13);
  const pieces = ["in ", "March ", "march ", "May ", "may ", "8 ", "2019", "2019-03-04", " by ", "Sept. ", "of ", ", ", "MILAN ", "on ", "12th ", "x", "1999", "20", "."];
  for (let k = 0; k < 5000; k++) {
    const text = randomText(rnd, pieces, 10);
    const dates = findDates(text, 0, 2024);
    // Reference: the same patterns run on a text whose digits and months cannot be skipped.
    if (!/\d/.test(text)) assert.deepEqual(dates, [], text);
    if (!/jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i.test(text)) assert.ok(dates.every((d) => d.month === undefined || /^\d{4}-\d\d-\d\d$/.test(d.text)), text);
  }
});

test("front matter: the simple reader gives what the YAML parser gives, or steps aside", () => {
  const rnd = random(17);
  const pieces = ["abc", "Abc ", "de", "2014", "-01", "-22", "é", "’", "—", '"', "'", ":", ": ", "#", " #", " ", "x", "1", ".", "/", "?", "&", "!", "%", "@", "[", "{", ",", "~", "null", "True", "0x1", "\t", "\u0085", "\\"];
  const keys = ["id", "title", "date", "url", "t_2", "id", "Title"];
  let fast = 0;
  for (let k = 0; k < 40000; k++) {
    const lines: string[] = [];
    const n = 1 + Math.floor(rnd() * 3);
    for (let l = 0; l < n; l++) lines.push(`${keys[Math.floor(rnd() * keys.length)]}: ${randomText(rnd, pieces, 4)}`);
    const text = lines.join("\n") + "\n";
    const simple = simpleYaml(text);
    if (!simple) continue;
    fast++;
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    assert.equal(doc.errors.length, 0, JSON.stringify(text));
    assert.deepEqual(simple, doc.toJS(), JSON.stringify(text));
  }
  assert.ok(fast > 500, `only ${fast} inputs took the simple reader`);
  // The shapes real sources have.
  const real = 'id: abebrou2014\ntitle: "Sainaland and Branbesh: the quieter side"\nauthor: "Deihost Abebrou"\ndate: 2014-01-22\nurl: https://x.example/2014/01/a-b\n';
  assert.deepEqual(simpleYaml(real), parseDocument(real).toJS());
});
