// The pure feature builders on small inputs: no server, no editor.

import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { Corpus } from "../../core/corpus/corpus.js";
import { codeActionsFor, overlaps } from "../../core/features/codeActions.js";
import { completionsAt, namePrefix } from "../../core/features/completion.js";
import { corpusIndex, corpusIndexMarkdown } from "../../core/features/corpusIndex.js";
import { hoverAt } from "../../core/features/hover.js";
import { warmUp } from "../../core/features/warmUp.js";
import { offsetAt, targetAt } from "../../core/features/locate.js";
import { escapeMarkdown } from "../../core/features/markdown.js";
import { citationsOf, referencesTo } from "../../core/features/references.js";
import { matchScore, workspaceSymbols } from "../../core/features/workspaceSymbols.js";
import { checkNote } from "../../core/checks/checkNote.js";
import { parseNote } from "../../core/note/parseNote.js";
import { corpusOf } from "../helpers/fixtures.js";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../../host/loadCorpus.js";

const at = (text: string, needle: string, shift = 0) => {
  const o = text.indexOf(needle) + shift;
  const before = text.slice(0, o);
  return { line: before.split("\n").length - 1, character: o - before.lastIndexOf("\n") - 1 };
};

describe("feature builders", () => {
  let corpus: Corpus;
  before(async () => {
    corpus = (await loadCorpus([DEFAULT_CORPUS_DIR])).corpus;
  });

  test("offsetAt refuses positions outside the text", () => {
    const note = parseNote("ab\ncd");
    assert.equal(offsetAt(note, { line: 1, character: 2 }), 5);
    assert.equal(offsetAt(note, { line: 1, character: 3 }), null);
    assert.equal(offsetAt(note, { line: 2, character: 0 }), null);
    assert.equal(offsetAt(note, { line: -1, character: 0 }), null);
    assert.equal(offsetAt(note, { line: 0.5, character: 0 }), null);
  });

  test("targetAt: a key, a date, a name; the '@' and brackets count as the key", () => {
    const text = "Japan enacted its Security Legislation in 2015 [@borah2024].";
    const note = parseNote(text);
    const offset = (needle: string, shift = 0) => text.indexOf(needle) + shift;
    assert.equal(targetAt(note, offset("@borah"))?.kind, "citation");
    assert.equal(targetAt(note, offset("[@borah"))?.kind, "citation");
    assert.equal(targetAt(note, offset("2015", 2))?.kind, "date");
    assert.equal(targetAt(note, offset("Security", 3))?.kind, "name");
    assert.equal(targetAt(note, offset("enacted", 2)), null);
  });

  test("hover on an acronym shows the long name", () => {
    const text = "India may join GCAP.";
    const hover = hoverAt(parseNote(text), at(text, "GCAP", 1), corpus);
    assert.match(hover?.contents ?? "", /Global Combat Air Program/);
  });

  test("hover on a name in many sources: the first keys and how many more, the dates most sources give first", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) {
      const year = i < 20 ? 2011 : 2014;
      files[`wide${String(i).padStart(2, "0")}.md`] = `---\nid: wide${String(i).padStart(2, "0")}\n---\nThe Harbour Lantern Dialogue first met in ${year} to discuss ferries.\n`;
    }
    const wide = corpusOf(files);
    const text = "The Harbour Lantern Dialogue met again.";
    const contents = hoverAt(parseNote(text), at(text, "Lantern", 1), wide)?.contents ?? "";
    const head = contents.split("\n")[0];
    assert.match(head, /in 30 sources: `wide00`, .*`wide11` and 18 more$/);
    assert.doesNotMatch(head, /wide12/);
    assert.match(contents, /Dates the sources give: 2011 \(20 sources: `wide00`, `wide01`, `wide02`, `wide03` and 16 more\); 2014 \(10 sources: /);
  });

  test("warming up the hover and completion code changes no answer", () => {
    const text = "Japan invited India to join GCAP in 2021 [@nakatani2025].\n\nThe Dharma Gu";
    const note = parseNote(text);
    const ask = () => [hoverAt(note, at(text, "GCAP", 1), corpus), hoverAt(note, at(text, "2021", 1), corpus), completionsAt(note, at(text, "Dharma Gu", 9), corpus), checkNote(text, corpus)];
    const before = ask();
    warmUp(corpus);
    warmUp(corpusOf({}));
    assert.deepEqual(ask(), before);
  });

  test("hover on a date no source gives says so", () => {
    const text = "Nothing happened in 1987 at all.";
    assert.match(hoverAt(parseNote(text), at(text, "1987", 1), corpus)?.contents ?? "", /no source mentions this date/);
  });

  test("source text in hovers is escaped, not rendered", () => {
    assert.equal(escapeMarkdown("a *b* [c](d) <e>"), "a \\*b\\* \\[c\\](d) \\<e\\>");
  });

  test("completion after '[see @' and after '; @' inside a bracket", () => {
    for (const text of ["As argued [see @", "Both [@borah2024; @"]) {
      const list = completionsAt(parseNote(text), at(text, "@", text.lastIndexOf("@") - text.indexOf("@") + 1), corpus);
      assert.equal(list.entries.length, 5, text);
      assert.ok(list.entries.every((e) => e.kind === "source"));
    }
    const closed = "Done [@borah2024] and @";
    assert.equal(completionsAt(parseNote(closed), at(closed, "and @", 5), corpus).entries.length, 0, "an e-mail-like @ outside brackets is not a citation");
  });

  test("namePrefix takes the longest capitalised run that starts a corpus name", () => {
    assert.equal(namePrefix("in the Dharma Gu", corpus), "Dharma Gu");
    assert.equal(namePrefix("joined the Global Combat A", corpus), "Global Combat A");
    assert.equal(namePrefix("Tokyo and Xyz", corpus), "Xyz");
    assert.equal(namePrefix("lower case", corpus), null);
  });

  test("code actions are the fixes of findings touching the range", () => {
    const text = "Japan enacted its Security Legislation in 2013 [@borah2024].\n";
    const findings = checkNote(text, corpus);
    const actions = codeActionsFor(findings, { start: at(text, "2013", 4), end: at(text, "2013", 4) });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].edits[0].newText, "2015");
    assert.deepEqual(codeActionsFor(findings, { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }), []);
    assert.ok(overlaps({ start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }));
  });

  test("references: citations in text and footnotes, not in code", () => {
    const a = "One [@borah2024].\n\n```\n[@borah2024]\n```\n\nTwo.[^n]\n\n[^n]: In [@borah2024; @sng2025].\n";
    assert.deepEqual(citationsOf("borah2024", parseNote(a)).map((r) => r.start.line), [0, 8]);
    const refs = referencesTo("borah2024", [{ uri: "a", text: a }, { uri: "b", text: "Nothing here." }], parseNote);
    assert.deepEqual(refs.map((r) => r.uri), ["a", "a"]);
  });

  test("workspace symbols: prefix before word start before scattered letters", () => {
    assert.ok(matchScore("Dharma Guardian", "dha") > matchScore("Dharma Guardian", "gua"));
    assert.ok(matchScore("Dharma Guardian", "gua") > matchScore("Dharma Guardian", "dgn"));
    assert.equal(matchScore("Dharma Guardian", "xyz"), -1);
    assert.equal(workspaceSymbols(corpus, "dharma guardian")[0]?.name, "Dharma Guardian");
  });

  test("the corpus index lists sources and names by kind", () => {
    const index = corpusIndex(corpus);
    assert.deepEqual(index.sources.map((s) => s.id), ["bhattacharjee2022", "borah2024", "nakatani2025", "smallsteps2024", "sng2025"]);
    const md = corpusIndexMarkdown(index, [], (p) => `file://${p}`);
    assert.match(md, /### Exercise \(\d+\)/);
    assert.match(md, /\*\*Dharma Guardian\*\*/);
  });
});
