import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNote } from "../../core/checks/checkNote.js";
import type { Finding } from "../../core/types.js";
import { corpusOf } from "../helpers/fixtures.js";

// A small corpus written for these tests: two sources about invented events.
const corpus = corpusOf({
  "/c/reef2022.md": [
    "---",
    "id: reef2022",
    "title: Reef partners",
    "publisher: Ocean Weekly",
    "date: 2022-05-01",
    "---",
    "The Coral Shield Exercise was held in 2019 off Darwin, with six ships.",
    "The Pacific Fisheries Accord (PFA) was signed in October 2017 by Fiji and Samoa.",
    "Minister Tala Moana said the PFA would be reviewed by 2030.",
  ].join("\n"),
  "/c/port2023.md": [
    "---",
    "id: port2023",
    "title: Port upgrades",
    "date: 2023-02-10",
    "---",
    "The Suva port upgrade programme began in 2021 with funding from the Harbour Fund.",
    "Fiji plans a second dry dock at Suva.",
  ].join("\n"),
});

const check = (note: string) => checkNote(note, corpus);
const codes = (findings: Finding[]) => findings.map((f) => f.code);
const at = (note: string, f: Finding) => note.split("\n")[f.range.start.line].slice(f.range.start.character, f.range.end.character);

test("unsourced-claim: a dated, named claim without a citation, with the supporting source as fix", () => {
  const note = "The Coral Shield Exercise was held in 2019 off Darwin.";
  const [f] = check(note);
  assert.equal(f.code, "unsourced-claim");
  assert.equal(at(note, f), note);
  assert.equal(f.evidence[0].docId, "reef2022");
  assert.equal(f.fixes[0].edits[0].newText, " [@reef2022]");
  assert.equal(f.fixes[0].edits[0].range.start.character, note.length - 1, "inserted before the full stop");
});

test("unsourced-claim: judgements, questions, recommendations and plain prose are not claims", () => {
  for (const note of [
    "Fiji is likely to sign more accords.",
    "Should Samoa join the Coral Shield Exercise?",
    "Both capitals should fund the Harbour Fund.",
    "We assess that the accord will hold.",
    "This note summarises the fisheries track.",
    "It is unclear whether Samoa will stay.",
    "Fiji appears to be the accord's main backer.",
    "The pattern suggests that Samoa values the PFA above the port.",
    "Coral Shield Exercise:",
  ]) assert.deepEqual(codes(check(note)), [], note);
});

test("unsourced-claim: a footnote that cites, or any citation, sources the sentence", () => {
  assert.deepEqual(codes(check("The Coral Shield Exercise was held in 2019.[^1]\n\n[^1]: See [@reef2022].")), []);
  assert.deepEqual(codes(check("The Coral Shield Exercise was held in 2019 [@reef2022].")), []);
});

test("date-conflict: the wrong year for a known event, with the sourced year as fix", () => {
  const note = "The Coral Shield Exercise was held in 2018 [@reef2022].";
  const findings = check(note);
  assert.deepEqual(codes(findings), ["date-conflict"]);
  assert.equal(at(note, findings[0]), "2018");
  assert.equal(findings[0].fixes[0].edits[0].newText, "2019");
  assert.match(findings[0].message, /2019/);
  assert.equal(findings[0].evidence[0].docId, "reef2022");
});

test("date-conflict: the wrong month is found, the right one and a year-only date are not", () => {
  assert.deepEqual(codes(check("The Pacific Fisheries Accord was signed in March 2017 [@reef2022].")), ["date-conflict"]);
  assert.deepEqual(codes(check("The Pacific Fisheries Accord was signed in October 2017 [@reef2022].")), []);
  assert.deepEqual(codes(check("The Pacific Fisheries Accord was signed in 2017 [@reef2022].")), []);
});

test("date-conflict: a deadline is compared with deadlines only", () => {
  assert.deepEqual(codes(check("The PFA will be reviewed by 2035 [@reef2022].")), ["date-conflict"]);
  assert.deepEqual(codes(check("The PFA will be reviewed by 2030 [@reef2022].")), []);
  // "a 2030 deadline" is a deadline too: not the date the accord was signed.
  assert.deepEqual(codes(check("The Pacific Fisheries Accord set a 2030 deadline for its review [@reef2022].")), []);
});

test("date-conflict: a year about something the sources do not date is left alone", () => {
  assert.deepEqual(codes(check("Fiji opened an embassy in Apia in 2012.")), ["unsourced-claim"]);
});

test("citation-mismatch: the cited source lacks the sentence's names, and the fix cites the one that has them", () => {
  const note = "The Suva port upgrade programme began in 2021 [@reef2022].";
  const findings = check(note);
  assert.deepEqual(codes(findings), ["citation-mismatch"]);
  assert.equal(at(note, findings[0]), "[@reef2022]");
  assert.equal(findings[0].fixes[0].edits[0].newText, "port2023");
  assert.equal(findings[0].evidence[0].docId, "port2023");
});

test("citation-mismatch: an acronym and its long form are the same name", () => {
  assert.deepEqual(codes(check("The PFA was signed by Fiji and Samoa [@reef2022].")), []);
});

test("unknown-source: a key that is not in the corpus, with the nearest key as fix", () => {
  const note = "The Coral Shield Exercise was held in 2019 [@reef2021].";
  const findings = check(note);
  assert.deepEqual(codes(findings), ["unknown-source"]);
  assert.equal(at(note, findings[0]), "reef2021");
  assert.equal(findings[0].fixes[0].edits[0].newText, "reef2022");
});

test("unknown-name: a misspelt name, with the corpus's spelling as fix", () => {
  const note = "The Coral Sheild Exercise was held in 2019 [@reef2022].";
  const findings = check(note);
  assert.deepEqual(codes(findings), ["unknown-name"]);
  assert.equal(at(note, findings[0]), "Coral Sheild Exercise");
  assert.equal(findings[0].fixes[0].edits[0].newText, "Coral Shield Exercise");
});

test("unknown-name: names the corpus never mentions, and inflections, are not misspellings", () => {
  assert.deepEqual(codes(check("Tonga hosted the Pacific Islands Forum [@reef2022].")), ["citation-mismatch"]);
  assert.deepEqual(codes(check("Fijian ships joined the exercise [@reef2022].")), []);
});

test("severity settings change or silence a code", () => {
  const note = "The Coral Shield Exercise was held in 2019.";
  assert.equal(checkNote(note, corpus, { severity: { "unsourced-claim": "error" } })[0].severity, "error");
  assert.deepEqual(checkNote(note, corpus, { severity: { "unsourced-claim": "off" } }), []);
});

test("unknown-name: a misspelt keyword does not hide a name joined by 'and'", () => {
  const own = corpusOf({ "/c/safety.md": "---\nid: safety\n---\nThe Reef Safety and Rescue Agreement was signed in 2016 by both navies.\n" });
  const note = "The Reef Safety and Rescue Agreemnt was signed in 2016 [@safety].";
  const findings = checkNote(note, own);
  assert.deepEqual(codes(findings), ["unknown-name"]);
  assert.equal(at(note, findings[0]), "Reef Safety and Rescue Agreemnt");
  assert.equal(findings[0].fixes[0].edits[0].newText, "Reef Safety and Rescue Agreement");
});

test("date-conflict: two editions of one exercise are compared directly", () => {
  const own = corpusOf({ "/c/ex.md": "---\nid: ex\ndate: 2022-05-01\n---\nJapan sent a destroyer to SEA SHIELD 2022, the largest drill yet.\n" });
  assert.deepEqual(codes(checkNote("Japan joined SEA SHIELD 2024 [@ex].", own)), ["date-conflict"]);
  assert.deepEqual(codes(checkNote("Japan joined SEA SHIELD 2022 [@ex].", own)), []);
});

test("date-conflict: an ordinal keeps the first and the second meeting apart", () => {
  const own = corpusOf({ "/c/m.md": "---\nid: m\n---\nThe first Harbour Dialogue was held in 2019. The second Harbour Dialogue was held in 2022 in Suva.\n" });
  const [f] = checkNote("The first Harbour Dialogue was held in 2017 [@m].", own);
  assert.equal(f.code, "date-conflict");
  assert.equal(f.fixes[0].edits[0].newText, "2019");
});

// Start dates written as nouns, meeting formats named "… Mechanism", targets written
// as "a target date of": each is a start or a deadline like "founded in", "by".
const startsCorpus = corpusOf({
  "/s/works2020.md": [
    "---",
    "id: works2020",
    "title: Shipyards of the north",
    "date: 2020-04-01",
    "---",
    "Since its creation in 1985, Tarrow Heavy Industries has built patrol boats for the coast guard.",
    "The Harbour Safety Mechanism was launched in 2006.",
    "Started in 2005, the Marlin Torpedo Project has a target date of 2021 for a first batch.",
    "The Kestrel Sea Trials took place in 2014 near Brill Point, the navy said in 2015.",
  ].join("\n"),
  "/s/review2021.md": [
    "---",
    "id: review2021",
    "title: Annual review",
    "date: 2021-06-01",
    "---",
    "The coast guard bought two boats from Tarrow Heavy Industries.",
    "Officials at the Harbour Safety Mechanism discussed port access.",
  ].join("\n"),
});

test("date-conflict: a founding noun, a meeting mechanism and a target date are compared like verbs", () => {
  const checkStarts = (note: string) => checkNote(note, startsCorpus);
  const cases: [string, string, string][] = [
    ["Tarrow Heavy Industries was established in 1983 [@works2020].", "1983", "1985"],
    ["The Harbour Safety Mechanism has met since 2003 [@works2020].", "2003", "2006"],
    ["The Marlin Torpedo Project is due to deliver a first batch by 2018 [@works2020].", "2018", "2021"],
  ];
  for (const [note, wrong, right] of cases) {
    const found = checkStarts(note).filter((f) => f.code === "date-conflict");
    assert.equal(found.length, 1, note);
    assert.equal(at(note, found[0]), wrong, note);
    assert.equal(found[0].fixes[0].edits[0].newText, right, note);
  }
  // The sourced dates themselves stay quiet.
  for (const note of ["Tarrow Heavy Industries was established in 1985 [@works2020].", "The Harbour Safety Mechanism has met since 2006 [@works2020]."]) {
    assert.deepEqual(codes(checkStarts(note)), [], note);
  }
});

test("citation-mismatch: another source is offered only when the passage shown gives the missing year", () => {
  const squadron = corpusOf({
    "/q/base2019.md": "---\nid: base2019\ntitle: Bases\n---\nThe Osprey Patrol Squadron flies from Kell Island.\n",
    // Holds the name and 2016, in different sentences: its sentence about the squadron,
    // which has no year, must not be shown as if it gave 2016.
    "/q/works2022.md": "---\nid: works2022\ntitle: Works\n---\nThe navy based the Osprey Patrol Squadron at Kell Island.\n\nA new runway opened at Dunmore in 2016.\n",
  });
  const note = "The Osprey Patrol Squadron moved to Kell Island in 2016 [@base2019].";
  const found = checkNote(note, squadron);
  assert.deepEqual(codes(found), ["citation-mismatch"]);
  assert.match(found[0].message, /does not mention "2016"/);
  for (const e of found[0].evidence) assert.match(e.text, /2016/, "a passage shown as the alternative gives the year");
});

test("date-conflict: a country's other events of that year do not clear a named agreement's date", () => {
  const accords = corpusOf({
    "/a/accord2010.md": "---\nid: accord2010\ntitle: Accords\n---\nThe Kell Fisheries Accord, signed in 2008, set catch limits for the strait.\n\nRuritania held elections in 2007.\n",
    "/a/other2011.md": "---\nid: other2011\ntitle: Other\n---\nThe Kell Fisheries Accord remains popular in Ruritania.\n",
  });
  const note = "Ruritania signed the Kell Fisheries Accord in 2007 [@accord2010].";
  const found = checkNote(note, accords).filter((f) => f.code === "date-conflict");
  assert.equal(found.length, 1);
  assert.equal(found[0].fixes[0].edits[0].newText, "2008");
  assert.deepEqual(codes(checkNote("Ruritania signed the Kell Fisheries Accord in 2008 [@accord2010].", accords)), []);
});

test("date-conflict: what dates a start is a sentence about the thing begun, not one naming the same countries", () => {
  const drills = corpusOf({
    "/d/drills2020.md": [
      "---\nid: drills2020\ntitle: Drills\n---",
      "Ruritania and Borduria first held AMBER GULL in 2009.",
      "",
      "Ruritania and Borduria signed a trade pact in 2007.",
      "",
      "Professor Ana Vellor visited Dunmore in March 2014.",
    ].join("\n"),
    "/d/visits2021.md": "---\nid: visits2021\ntitle: Visits\n---\nVellor visited Kellport in May 2016.\n\nRuritania and Borduria sent ships to AMBER GULL again.\n",
  });
  const found = checkNote("Ruritania and Borduria began AMBER GULL in 2007 [@drills2020].", drills).filter((f) => f.code === "date-conflict");
  assert.equal(found.length, 1);
  assert.equal(found[0].fixes[0].edits[0].newText, "2009");
  // A person's visit is one of many: a sentence about that visit elsewhere clears it.
  const visit = checkNote("Professor Ana Vellor visited Kellport in May 2016 [@visits2021].", drills);
  assert.deepEqual(visit.filter((f) => f.code === "date-conflict"), []);
});

test("unsourced-claim: a sentence announcing what the note goes on to discuss claims nothing", () => {
  for (const note of ["The rest of this section looks at the PFA.", "The remainder of this note reviews the Coral Shield Exercise."]) assert.deepEqual(codes(check(note)), [], note);
});

test("date-conflict: the years bounding a period date no event", () => {
  assert.deepEqual(codes(check("Between 2019 and 2024 the Coral Shield Exercise grew [@reef2022].")).filter((c) => c === "date-conflict"), []);
  assert.deepEqual(codes(check("The Coral Shield Exercise was held in 2018 and 2019 [@reef2022].")), ["date-conflict"]);
});

test("citation-mismatch: an adjective of nationality is held by a source naming the country", () => {
  const demonyms = corpusOf({ "/c/d.md": "---\nid: d\ntitle: T\n---\nThe Vietnam Coast Guard and the Philippine Coast Guard signed the Hotline Memorandum in 2024." });
  assert.deepEqual(codes(checkNote("The Vietnamese and Philippine coast guards signed the Hotline Memorandum in 2024 [@d].", demonyms)), []);
  assert.deepEqual(codes(checkNote("The Malaysian and Philippine coast guards signed the Hotline Memorandum in 2024 [@d].", demonyms)), ["citation-mismatch"]);
});

test("citation-mismatch: a place written as an actor stands for its government; written as a location it is checked", () => {
  const places = corpusOf({
    "/c/summit.md": "---\nid: summit\ntitle: T\n---\nThe Lagoon Accord talks were held in Suva in 2021. Suva has pushed for faster talks.",
    "/c/fiji.md": "---\nid: fiji\ntitle: T\n---\nFiji pressed Samoa on the Lagoon Accord in 2021.",
  });
  assert.deepEqual(codes(checkNote("Suva pressed Samoa on the Lagoon Accord in 2021 [@fiji].", places)), []);
  assert.deepEqual(codes(checkNote("The talks on the Lagoon Accord were held in Suva in 2021 [@fiji].", places)), ["citation-mismatch"]);
});

test("citation-mismatch: a count in words or figures must be the source's, in either form", () => {
  assert.deepEqual(codes(check("The Coral Shield Exercise was held in 2019 off Darwin, with 6 ships [@reef2022].")), []);
  assert.deepEqual(codes(check("The Coral Shield Exercise was held in 2019 off Darwin, with six ships [@reef2022].")), []);
  assert.deepEqual(codes(check("The Coral Shield Exercise was held in 2019 off Darwin, with nine ships [@reef2022].")), ["citation-mismatch"]);
  assert.deepEqual(codes(check("Three things matter here.")), [], "a count alone is no claim");
});

test("citation-mismatch: a month the cited source does not give for that year is not held by the year alone", () => {
  assert.deepEqual(codes(check("Minister Tala Moana spoke about Darwin in June 2022 [@reef2022].")), ["citation-mismatch"]);
  assert.deepEqual(codes(check("Minister Tala Moana spoke about Darwin in May 2022 [@reef2022].")), [], "the month of publication");
  assert.deepEqual(codes(check("Six ships sailed to Darwin in March 2019 [@reef2022].")), [], "the source gives the year only");
});

test("citation-mismatch: a body the sources put people 'at' is no place standing for a government", () => {
  const bodies = corpusOf({
    "/c/a.md": "---\nid: a\ntitle: T\n---\nOfficials at the Harbour Export Directorate (HED) say rules are slow. Officials at HED met in 2021.",
    "/c/b.md": "---\nid: b\ntitle: T\n---\nFiji and Samoa are public bodies.",
  });
  assert.deepEqual(codes(checkNote("HED is a public body [@b].", bodies)), ["citation-mismatch"]);
});

test("citation-mismatch: each citation inside a sentence vouches for the stretch before it", () => {
  const right = "The Pacific Fisheries Accord was signed in October 2017 [@reef2022], and the Suva port upgrade programme began in 2021 [@port2023].";
  const swapped = "The Pacific Fisheries Accord was signed in October 2017 [@port2023], and the Suva port upgrade programme began in 2021 [@reef2022].";
  assert.deepEqual(codes(check(right)), []);
  const findings = check(swapped);
  assert.deepEqual(codes(findings), ["citation-mismatch"]);
  assert.equal(at(swapped, findings[0]), "[@port2023]");
  // Citations written together at the end cover the whole sentence.
  assert.deepEqual(codes(check("Fiji signed the Pacific Fisheries Accord and started the Suva port upgrade programme [@port2023] [@reef2022].")), []);
});

test("date-conflict: in a sentence of two clauses, each ordinal dates its own clause", () => {
  const talks = corpusOf({
    "/c/talks.md": "---\nid: talks\ntitle: T\n---\nThe first round of harbour talks was held in 2015.\nThe second round of harbour talks was held in Apia on 3 May 2018, when Minister Tala Moana met envoys from Fiji.\n",
  });
  // 2015 belongs to "the first" round: the second round's sentence, naming Tala Moana, does not date it.
  assert.deepEqual(codes(checkNote("The first round of harbour talks was held in 2015, and the second on 3 May 2018, when Tala Moana met envoys from Fiji [@talks].", talks)), []);
});

test("unknown-name: a last letter doubled or dropped is a misspelling ('Moanna' for 'Moana')", () => {
  assert.deepEqual(codes(check("Minister Tala Moanna said the PFA would be reviewed by 2030 [@reef2022].")), ["unknown-name"]);
});

test("citation-mismatch: an acronym the sentence defines is held by a source that has its long form", () => {
  assert.deepEqual(codes(check("The Harbour Fund (HF) paid for the Suva port upgrade programme [@port2023].")), []);
});

test("citation-mismatch: an ordinal in figures before a name numbers its edition", () => {
  const summits = corpusOf({ "/c/s.md": "---\nid: s\ntitle: T\n---\nFiji hosted the 5th Pacific Harbour Summit in Suva.\n" });
  assert.deepEqual(codes(checkNote("Fiji hosted the 5th Pacific Harbour Summit [@s].", summits)), []);
  assert.deepEqual(codes(checkNote("Fiji hosted the fifth Pacific Harbour Summit [@s].", summits)), []);
  assert.deepEqual(codes(checkNote("Fiji hosted the 6th Pacific Harbour Summit [@s].", summits)), ["citation-mismatch"]);
});

test("date-conflict: a recurring exercise's first edition does not date a later first within it, nor do the words of its name", () => {
  const drills = corpusOf({
    "/c/drills.md": [
      "---",
      "id: drills",
      "title: Drills",
      "date: 2024-01-01",
      "---",
      "Exercise Open Sky, an annual air drill first held in 2018, brings the two air forces together.",
      "In 2022 the exercise added a night serial for the first time.",
    ].join("\n"),
  });
  const run = (note: string) => checkNote(note, drills).map((f) => f.code);
  assert.deepEqual(run("In 2022 Open Sky added a night serial for the first time [@drills]."), []);
  assert.deepEqual(run("Exercise Open Sky was first held in 2017 [@drills]."), ["date-conflict"]);
});

test("citation-mismatch: a count before a model code is held to what the source counts with that code and noun", () => {
  const fleet = corpusOf({
    "/c/fleet.md": ["---", "id: fleet", "title: Fleet", "date: 2024-01-01", "---", "Report No. 14.", "The air force flies twelve KT-9 light trainers and two F-7 squadrons."].join("\n"),
  });
  const run = (note: string) => checkNote(note, fleet).map((f) => f.code);
  assert.deepEqual(run("The air force flies fourteen KT-9 light trainers [@fleet]."), ["citation-mismatch"]);
  assert.deepEqual(run("The air force flies twelve KT-9 light trainers [@fleet]."), []);
  // Another noun after the same code counts something else: left alone.
  assert.deepEqual(run("The air force has fourteen KT-9 pilots [@fleet]."), []);
});

test("unknown-name: another form of one word and a slip in another are one misspelt name", () => {
  const pacts = corpusOf({
    "/c/pacts.md": ["---", "id: pacts", "title: Pacts", "date: 2024-01-01", "---", "The Marine Industry Cooperation Charter was signed in 2021."].join("\n"),
  });
  const [f] = checkNote("The Marine Industrial Cooperation Chartre was signed in 2021 [@pacts].", pacts);
  assert.equal(f?.code, "unknown-name");
  assert.match(f.message, /Marine Industry Cooperation Charter/);
  // Only another form of a word, no slip: a different name, not a misspelling.
  assert.ok(!checkNote("The Marine Industrial Cooperation Charter was signed in 2021 [@pacts].", pacts).some((x) => x.code === "unknown-name"));
});

test("citation-mismatch: a month named without a year must be one the cited source names", () => {
  const visits = corpusOf({
    "/c/visits.md": ["---", "id: visits", "title: Visits", "date: 2024", "---", "Minister Tala Moana visited Suva in March to open the port.", "Moana returned to Apia."].join("\n"),
  });
  const run = (note: string) => checkNote(note, visits).map((f) => f.code);
  assert.deepEqual(run("Moana visited Suva in March [@visits]."), []);
  assert.deepEqual(run("Moana visited Suva in January [@visits]."), ["citation-mismatch"]);
  // A month inside a full date is compared as that date; the verb "may" is no month.
  assert.deepEqual(run("Moana may visit Suva again [@visits]."), []);
});

test("date-conflict: a sentence right after the one naming a thing, naming nothing itself, carries its subject", () => {
  const boats = corpusOf({
    "/c/boats.md": ["---", "id: boats", "title: Boats", "date: 2024-01-01", "---", "The yard built two cutters, Kestrel One and Kestrel Two.", "The first was delivered in 2020 and the second the following year.", "", "SENATOR REYES: Is the Harbour Sonar Project on schedule?", "", "MINISTER ONG: The contract was signed in 2023. Installation should be complete by 2027."].join("\n"),
  });
  const run = (note: string) => checkNote(note, boats).map((f) => f.code);
  assert.deepEqual(run("Kestrel Two, the second cutter, followed in 2022 [@boats]."), ["date-conflict"]);
  assert.deepEqual(run("Kestrel Two, the second cutter, followed in 2021 [@boats]."), []);
  assert.deepEqual(run("The Harbour Sonar Project is to be complete by 2026 [@boats]."), ["date-conflict"]);
  assert.deepEqual(run("The Harbour Sonar Project is to be complete by 2027 [@boats]."), []);
});

test("date-conflict: a yearly exercise's start dates only claims about its start; a passage restating the claim with its year outweighs a place's other dates", () => {
  const navy = corpusOf({
    "/c/navy.md": ["---", "id: navy", "title: Navy", "date: 2024-06-01", "---", "Exercise Open Sky, an annual air drill first held in 2018, brings the two air forces together.", "Suva ordered two tugs in 2020.", "In 2022 the navy also ordered six harbour patrol boats."].join("\n"),
  });
  const run = (note: string) => checkNote(note, navy).map((f) => f.code);
  assert.deepEqual(run("Exercise Open Sky was held again in 2023 [@navy]."), ["citation-mismatch"]);
  assert.deepEqual(run("Exercise Open Sky was first held in 2017 [@navy]."), ["date-conflict"]);
  assert.deepEqual(run("In 2022 Suva ordered six harbour patrol boats [@navy]."), []);
});
