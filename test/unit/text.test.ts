import { test } from "node:test";
import assert from "node:assert/strict";
import { splitSentences } from "../../core/text/sentences.js";
import { findDates, periodBounds } from "../../core/text/dates.js";
import { findAcronymDefinitions, findNames, nameKey } from "../../core/text/names.js";
import { tokenize } from "../../core/text/tokens.js";
import { findCitations } from "../../core/note/citations.js";

const sentences = (text: string, opts = {}) => splitSentences(text, opts).map((s) => text.slice(s.start, s.end));
const names = (text: string) => findNames(text, tokenize(text), 0).map((n) => n.text);

test("sentences: abbreviations and initials do not end a sentence", () => {
  assert.deepEqual(sentences("Dr S. Jaishankar met Gen. Ito in Tokyo. The talks went well."), ["Dr S. Jaishankar met Gen. Ito in Tokyo.", "The talks went well."]);
});

test("sentences: a citation after the full stop belongs to the sentence before", () => {
  const text = "The drill was held in 2019. [@a] Then it grew.[^1] It ended.";
  const attached = [...text.matchAll(/\[[@^][^\]]+\]/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  assert.deepEqual(sentences(text, { attached }), ["The drill was held in 2019. [@a]", "Then it grew.[^1]", "It ended."]);
});

test("sentences: in plain-text sources a heading line is its own sentence, a wrapped line is not", () => {
  assert.deepEqual(sentences("The China Challenge\nNakatani visited Delhi in the\nspring. He left.", { lineBreaks: true }), ["The China Challenge", "Nakatani visited Delhi in the\nspring.", "He left."]);
});

test("dates: years, month-years and full dates, with their role", () => {
  const d = findDates("Signed in March 2018, renewed on 8 September 2022, due by 2035; MILAN 2022 and the (2015) act.");
  assert.deepEqual(d.map((x) => [x.text, x.year, x.month ?? null, x.day ?? null, x.role]), [
    ["March 2018", 2018, 3, null, "point"],
    ["8 September 2022", 2022, 9, 8, "point"],
    ["2035", 2035, null, null, "deadline"],
    ["2022", 2022, null, null, "edition"],
    ["2015", 2015, null, null, "point"],
  ]);
});

test("dates: numbers that are not years, and the verb 'may', are left alone", () => {
  assert.deepEqual(findDates("It may cost 2,019 units or 2019% more; the 2+2 met; May 2021 was busy.").map((d) => d.text), ["May 2021"]);
});

test("dates: a day and month without a year take the reference year", () => {
  const [d] = findDates("The meeting on 8 September in Tokyo.", 0, 2022);
  assert.equal(d.year, 2022);
  assert.equal(d.inferredYear, true);
  assert.equal(findDates("The meeting on 8 September in Tokyo.").length, 0);
});

test("dates: a part of a year ('mid-2021', 'Early-2019') is that year; a quarter before a year names no edition", () => {
  assert.deepEqual(findDates("Signed in mid-2021 and reviewed in Early-2019; a year after a hyphen, as in 2019-2024, is not read again.").map((d) => [d.text, d.year]), [["mid-2021", 2021], ["Early-2019", 2019], ["2019", 2019]]);
  assert.equal(findDates("The drill was held in Q3 2024.")[0].role, "point");
});

test("dates: 'the following year' counts from the year written before it, in the sentence or the one given", () => {
  const [, next] = findDates("The first ship came in 2020 and the second the following year.");
  assert.deepEqual([next.text, next.year, next.inferredYear], ["the following year", 2021, true]);
  assert.equal(findDates("A review followed a year earlier.", 0, undefined, undefined, 2018)[0].year, 2017);
  assert.equal(findDates("A review followed the following year.").length, 0);
});

test("names: multi-word names keep inner connectors; 'and' splits plain lists", () => {
  assert.deepEqual(names("They upgraded the Special Strategic and Global Partnership with the Ministry of Defence."), ["Special Strategic and Global Partnership", "Ministry of Defence"]);
  assert.deepEqual(names("They held talks between India and Japan and the United States."), ["India", "Japan", "United States"]);
  const [opener] = findNames("Talks began.", tokenize("Talks began."), 0);
  assert.equal(opener.sentenceInitial, true, "a capitalised first word is marked, so checks can doubt it");
});

test("names: titles are not part of a person's name; a sentence opener is not a name", () => {
  const found = findNames("Yesterday Defence Minister Yasukazu Hamada spoke.", tokenize("Yesterday Defence Minister Yasukazu Hamada spoke."), 0);
  assert.deepEqual(found.map((n) => [n.text, n.kind]), [["Yasukazu Hamada", "person"]]);
  const scholar = "Later Professor Ana Vellor and Brigadier Tom Rell spoke.";
  assert.deepEqual(findNames(scholar, tokenize(scholar), 0).map((n) => [n.text, n.kind]), [["Ana Vellor", "person"], ["Tom Rell", "person"]]);
});

test("names: the last word says what a name is; a working group meets like a dialogue", () => {
  const text = "Later the Tarrow Heavy Industries, the Harbour Safety Mechanism and the Joint Cyber Working Group met.";
  assert.deepEqual(findNames(text, tokenize(text), 0).map((n) => [n.text, n.kind]), [
    ["Tarrow Heavy Industries", "organisation"],
    ["Harbour Safety Mechanism", "dialogue"],
    ["Joint Cyber Working Group", "dialogue"],
  ]);
});

test("names: an edition year is read with its name", () => {
  const [m] = findNames("The navy joined MILAN 2022 in February.", tokenize("The navy joined MILAN 2022 in February."), 0);
  assert.equal(m.text, "MILAN");
  assert.equal(m.edition?.year, 2022);
});

test("names: keys ignore case, possessives, hyphens and a leading 'the'", () => {
  assert.equal(nameKey("The Mine-Countermeasures Exercise’s"), "mine countermeasures exercise");
  assert.equal(nameKey("Exercise Polar Lantern"), nameKey("Polar Lantern"));
});

test("acronyms: long forms found by the Schwartz–Hearst method", () => {
  const defs = findAcronymDefinitions("Japan invited India to the Global Combat Air Program (GCAP) and progressed the Acquisition and Cross-Servicing Agreement (ACSA), the unified complex radio antenna (UNICORN) too.");
  assert.deepEqual(defs.map((d) => [d.acronym, d.long]), [
    ["GCAP", "Global Combat Air Program"],
    ["ACSA", "Acquisition and Cross-Servicing Agreement"],
    ["UNICORN", "unified complex radio antenna"],
  ]);
  assert.deepEqual(findAcronymDefinitions("It was enacted (2015) and (see below) (X)."), []);
});

test("citations: Pandoc forms, locators, several keys, e-mail addresses ignored", () => {
  const text = "A [@smith2020] B [@jones, p. 4] C [see @a; @b-2] D [mail me@example.org] E [@key.]";
  assert.deepEqual(findCitations(text).map((c) => c.keys.map((k) => k.key)), [["smith2020"], ["jones"], ["a", "b-2"], ["key"]]);
  const [c] = findCitations(text);
  assert.equal(text.slice(c.start, c.end), "[@smith2020]");
  assert.equal(text.slice(c.keys[0].start, c.keys[0].end), "smith2020");
});

test("dates: years that bound a period are told from years listed", () => {
  const bounds = (text: string) => { const d = findDates(text); const b = periodBounds(text, d); return d.filter((x) => b.has(x.start)).map((x) => x.text); };
  assert.deepEqual(bounds("Between 2019 and 2024 it met three times."), ["2019", "2024"]);
  assert.deepEqual(bounds("From March 2019 to 2021, and 2015–2018, and 2010-12."), ["March 2019", "2021", "2015", "2018", "2010"]);
  assert.deepEqual(bounds("It met in 2019 and 2022."), []);
});

test("dates: a month of 'this year' or 'last year' takes its year from the reference year", () => {
  const d = findDates("The agreement signed in March of this year followed talks in February last year.", 0, 2022);
  assert.deepEqual(d.map((x) => [x.text, x.year, x.month]), [["March of this year", 2022, 3], ["February last year", 2021, 2]]);
  assert.equal(findDates("The agreement signed in March of this year.").length, 0);
});

test("dates: 'last month' in a source is the month before its publication date; a note's is no date", () => {
  const [d] = findDates("The summit was held in Kathmandu last month.", 0, 2023, 1);
  assert.deepEqual([d.year, d.month, d.inferredYear], [2022, 12, true]);
  assert.deepEqual(findDates("The summit was held in Kathmandu last month."), []);
  // "a December 2024 deadline" is a deadline like "by December 2024".
  assert.equal(findDates("They set a December 2024 deadline for the line.")[0].role, "deadline");
});

test("names: 'Constructor' is a word like any other, not a month or a kind found on Object's prototype", () => {
  const text = "The Naval Constructor Programme began in 2011.";
  const names = findNames(text, tokenize(text), 0);
  const programme = names.find((n) => n.text.includes("Constructor"));
  assert.equal(programme?.text, "Naval Constructor Programme");
  assert.equal(programme?.kind, "programme");
  const alone = findNames("Officials met the Constructor.", tokenize("Officials met the Constructor."), 0);
  assert.equal(typeof alone.find((n) => n.text === "Constructor")?.kind, "undefined");
});
