import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNote } from "../../core/checks/checkNote.js";
import type { Finding } from "../../core/types.js";
import { corpusOf } from "../helpers/fixtures.js";

// Sources shaped like web reports: a recurring exercise whose later editions are named
// by year alone, an undated visit in a dated report, a plain-text article without front
// matter, and a fact sheet known by its publisher.
const corpus = corpusOf({
  "/c/tides2024.md": [
    "---",
    "id: tides2024",
    "title: Navies at sea",
    "publisher: Pacific Maritime Office",
    "date: 2024-03-01",
    "---",
    "Exercise Blue Wave is a biennial exercise between the Samoan Navy and the Fijian Navy.",
    "Exercise Blue Wave 2019 was held off Apia with five ships.",
    "The 2021 iteration was cancelled because of storms.",
    "The Harbour Compact was signed in 2018.",
    "Samoan and Fijian special forces also train together in Exercise Reef Hawk, which dates from 1993.",
    "Minister Tala Moana met Fiji's premier in 2022 to discuss fisheries.",
  ].join("\n"),
  "/c/visit2025.md": ["---", "id: visit2025", "title: A visit", "date: 2025-05-07", "---", "Minister Tala Moana's recent visit to Suva focused on fisheries."].join("\n"),
  "/c/drills.txt": [
    "Samoan and Fijian navies wrap up drills",
    "Updated 3 June 2024",
    "Three Samoan vessels and two Fijian ships, including the patrol boat Nafanua, ended an eight-day exercise in the Apolima Strait on Sunday.",
  ].join("\n"),
});

const codes = (note: string) => checkNote(note, corpus).map((f: Finding) => f.code);

test("date-conflict: an edition a source names by year in the sentence after the event ('The 2021 iteration') is no conflict", () => {
  assert.deepEqual(codes("The 2021 iteration of Exercise Blue Wave was cancelled because of storms [@tides2024]."), []);
  assert.ok(codes("Exercise Blue Wave 2020 was held off Apia with five ships [@tides2024].").includes("date-conflict"));
});

test("date-conflict: a wrong signing year is still a conflict next to an exercise's editions", () => {
  assert.ok(codes("The Harbour Compact was signed in 2021 [@tides2024].").includes("date-conflict"));
});

test("date-conflict: a report published in the note's year dates the visit it tells of", () => {
  assert.deepEqual(codes("In 2025 Minister Tala Moana visited Suva for talks on fisheries [@visit2025]."), []);
});

test("date-conflict: sharing only the countries' adjectives does not tie a sentence about a ship to another event", () => {
  assert.deepEqual(codes("In 2024 three Samoan vessels and two Fijian ships, including the patrol boat Nafanua, exercised for eight days in the Apolima Strait [@drills]."), []);
});

test("citation-mismatch: a count word inside a hyphenated word ('eight-day') holds the count", () => {
  assert.deepEqual(codes("Nafanua exercised for eight days in the Apolima Strait [@drills]."), []);
  assert.ok(codes("Nafanua exercised for nine days in the Apolima Strait [@drills].").includes("citation-mismatch"));
});

test("citation-mismatch: a source named by its publisher is mentioned by that source", () => {
  assert.deepEqual(codes("The Pacific Maritime Office dates the Harbour Compact to 2018 [@tides2024]."), []);
});

test("judgements: forecasts of continuation and present expectations are not claims", () => {
  assert.deepEqual(codes("Exercise Blue Wave will remain the main venue for the two navies."), []);
  assert.deepEqual(codes("The next Exercise Blue Wave is expected in 2025."), []);
});

// People and their offices, as sources name them in different words and forms.
const people = corpusOf({
  "/c/talks.md": [
    "---",
    "id: talks",
    "title: Talks",
    "date: 2024-05-01",
    "---",
    "Samoan Defence Minister Tala Moana met his counterpart, Minister of Foreign Affairs, Sione Vaai, in Apia.",
    "Rear Admiral Losa Tui, commander of the Samoan Navy's Northern Fleet, said the patrols would continue.",
    "Talks were held in Apia with Ana Tamapua.",
  ].join("\n"),
  "/c/later.md": ["---", "id: later", "title: Later", "date: 2025-02-01", "---", "Moana, who became President in January 2025, visited Suva."].join("\n"),
});
const peopleCodes = (note: string) => checkNote(note, people).map((f: Finding) => f.code);

test("citation-mismatch: a person given an office no source gives them, before the name or in an apposition", () => {
  assert.deepEqual(peopleCodes("Foreign Minister Tala Moana met Sione Vaai in Apia [@talks]."), ["citation-mismatch"]);
  assert.deepEqual(peopleCodes("Rear Admiral Losa Tui, Chief of the Samoan Navy, said the patrols would continue [@talks]."), ["citation-mismatch"]);
});

test("citation-mismatch: an office the sources give in other words, or under a shorter form of the name, agrees", () => {
  assert.deepEqual(peopleCodes("Defence Minister Tala Moana met Foreign Minister Sione Vaai in Apia [@talks]."), []);
  assert.deepEqual(peopleCodes("President Tala Moana visited Suva [@talks; @later]."), []);
  assert.deepEqual(peopleCodes("Losa Tui, commander of the Northern Fleet, said the patrols would continue [@talks]."), []);
  // A source that gives a person no office is no ground to judge one.
  assert.deepEqual(peopleCodes("Minister Ana Tamapua held talks in Apia [@talks]."), []);
});

test("citation-mismatch: a count is held to what it counts when the source counts that with another number", () => {
  assert.ok(codes("Exercise Blue Wave 2019 was held off Apia with four ships [@tides2024].").includes("citation-mismatch"));
  assert.deepEqual(codes("Exercise Blue Wave 2019 was held off Apia with five ships [@tides2024]."), []);
});

// One treaty, two dates: signed one year, in force another.
const treaties = corpusOf({
  "/c/pacts.md": [
    "---",
    "id: pacts",
    "title: Pacts",
    "date: 2024-01-01",
    "---",
    "The Apia Treaty was signed on 13 November 2006 and entered into force on 7 February 2008.",
    "The Suva Accord was signed and ratified in 2015.",
  ].join("\n"),
});
const treatyCodes = (note: string) => checkNote(note, treaties).map((f: Finding) => f.code);

test("date-conflict: a signing dated with the year the treaty entered into force is a conflict", () => {
  assert.ok(treatyCodes("Signed in 2008, the Apia Treaty is the basis of the relationship [@pacts].").includes("date-conflict"));
  assert.deepEqual(treatyCodes("The Apia Treaty entered into force in 2008 [@pacts]."), []);
  assert.deepEqual(treatyCodes("The Apia Treaty was signed in 2006 [@pacts]."), []);
  assert.deepEqual(treatyCodes("The Apia Treaty dates from 2008 [@pacts]."), []);
  assert.deepEqual(treatyCodes("The Suva Accord was signed in 2015 [@pacts]."), []);
});
