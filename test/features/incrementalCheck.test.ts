// The per-keystroke checker returns exactly what checkNote returns, while checking
// again only the sentences whose text changed.

import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { checkNote } from "../../core/checks/checkNote.js";
import type { Corpus } from "../../core/corpus/corpus.js";
import { IncrementalChecker } from "../../core/features/incrementalCheck.js";
import { citationKeyAt, sentenceAt } from "../../core/features/locate.js";
import { parseNote, type NoteParseCache } from "../../core/note/parseNote.js";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../../host/loadCorpus.js";

const NOTE = `# Track

The first 2+2 dialogue between India and Japan was held in 2018 [@smallsteps2024].
Japan enacted its Security Legislation in 2015.
Rajnath Singh met Yasukazu Hamada in Tokyo for the second 2+2 [@nakatani2025].
The armies train together in the Dharma Guardain exercise [@bhattacharjee2022].

Japan invited India to join GCAP.[^g]

[^g]: Reported in [@nakatani2025].
`;

describe("IncrementalChecker", () => {
  let corpus: Corpus;
  before(async () => {
    corpus = (await loadCorpus([DEFAULT_CORPUS_DIR])).corpus;
  });

  test("gives the same findings as checkNote", () => {
    const checker = new IncrementalChecker();
    assert.deepEqual(checker.check("n", parseNote(NOTE), corpus), checkNote(NOTE, corpus));
    assert.ok(checkNote(NOTE, corpus).length >= 4);
  });

  test("after an edit, re-checks only the changed sentence and still matches checkNote", () => {
    const checker = new IncrementalChecker();
    checker.check("n", parseNote(NOTE), corpus);
    assert.equal(checker.lastStats.checked, checker.lastStats.sentences);
    // Typing above everything shifts every offset; only the new sentence is new.
    const edited = NOTE.replace("# Track\n", "# Track\n\nA new opening sentence about Malabar.\n");
    const findings = checker.check("n", parseNote(edited), corpus);
    assert.equal(checker.lastStats.checked, 1);
    assert.deepEqual(findings, checkNote(edited, corpus));
  });

  test("a changed footnote definition re-checks the sentence that points to it", () => {
    const checker = new IncrementalChecker();
    checker.check("n", parseNote(NOTE), corpus);
    const edited = NOTE.replace("[^g]: Reported in [@nakatani2025].", "[^g]: Reported in the press.");
    const findings = checker.check("n", parseNote(edited), corpus);
    assert.equal(checker.lastStats.checked, 2, "the footnote's own sentence and the one marked [^g]");
    assert.deepEqual(findings, checkNote(edited, corpus));
    assert.ok(findings.some((f) => f.code === "unsourced-claim" && f.range.start.line === 7), "the GCAP sentence lost its source");
  });

  test("severity settings apply to cached findings", () => {
    const checker = new IncrementalChecker();
    checker.check("n", parseNote(NOTE), corpus);
    const findings = checker.check("n", parseNote(NOTE), corpus, { severity: { "unsourced-claim": "off", "date-conflict": "error" } });
    assert.equal(checker.lastStats.checked, 0);
    assert.ok(!findings.some((f) => f.code === "unsourced-claim"));
    assert.equal(findings.find((f) => f.code === "date-conflict")?.severity, "error");
  });

  // As the language server parses: in pieces, cached between versions, so unchanged
  // sentences come back as the same objects and their keys are reused.
  test("with pieces cached between versions: an edit to a sentence changes its findings, an edit elsewhere keeps the others", () => {
    const cache: NoteParseCache = new Map();
    const parse = (text: string) => parseNote(text, { cache, chunkedFrom: 0, minPiece: 1 });
    const checker = new IncrementalChecker();
    const note = `${NOTE}\n${NOTE.replace("# Track", "# Again")}`;
    assert.deepEqual(checker.check("n", parse(note), corpus), checkNote(note, corpus));
    // Fix the misspelt exercise in the second half: its finding goes, the others stay.
    const at = note.lastIndexOf("Dharma Guardain");
    const fixed = `${note.slice(0, at)}Dharma Guardian${note.slice(at + "Dharma Guardain".length)}`;
    const afterFix = checker.check("n", parse(fixed), corpus);
    assert.equal(checker.lastStats.checked, 1);
    assert.deepEqual(afterFix, checkNote(fixed, corpus));
    assert.equal(afterFix.filter((f) => f.code === "unknown-name").length, checkNote(note, corpus).filter((f) => f.code === "unknown-name").length - 1);
    // Typing in the first heading moves every sentence after it: none is checked again.
    const moved = fixed.replace("# Track", "# Tracks");
    assert.deepEqual(checker.check("n", parse(moved), corpus), checkNote(moved, corpus));
    assert.equal(checker.lastStats.checked, 0);
  });

  // What the language server does on every keystroke: the note parsed one block per
  // piece with a cache, checked with the findings of unmoved sentences handed back.
  // After every edit the findings must be those of the text checked afresh.
  test("keystroke by keystroke, in single-block pieces: every version gives what checkNote gives", () => {
    const cache: NoteParseCache = new Map();
    const parse = (text: string) => parseNote(text, { cache, chunkedFrom: 0, everyBlock: true });
    const checker = new IncrementalChecker();
    let text = [NOTE, NOTE.replace("# Track", "# Again").replace(/\[\^g\]/g, "[^h]"), "- Japan enacted its Security Legislation in 2015.\n- Rajnath Singh met Yasukazu Hamada [@nakatani2025].\n"].join("\n");
    const type = (at: number, insert: string, remove = 0) => {
      text = text.slice(0, at) + insert + text.slice(at + remove);
      const where = `after editing at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`;
      for (const severity of [undefined, { "unsourced-claim": "off" as const }]) {
        assert.deepEqual(checker.check("n", parse(text), corpus, { severity }), checkNote(text, corpus, { severity }), where);
      }
      // What hovers and completion read, from the moved pieces: what a fresh parse gives.
      const moved = parse(text);
      const fresh = parseNote(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const [a, b] = [sentenceAt(moved, offset), sentenceAt(fresh, offset)];
        assert.deepEqual(a && [a.start, a.end, a.prose], b && [b.start, b.end, b.prose], `${where}, sentence at ${offset}`);
        assert.deepEqual(citationKeyAt(moved, offset)?.key, citationKeyAt(fresh, offset)?.key, `${where}, citation at ${offset}`);
      }
      assert.deepEqual(moved.sentences, fresh.sentences, where);
      assert.deepEqual(moved.citations, fresh.citations, where);
    };
    // A word typed and deleted one character at a time, within a line, in each block.
    for (const anchor of ["Legislation", "Tokyo", "exercise", "GCAP", "Reported", "Hamada"]) {
      const at = text.indexOf(anchor) + anchor.length;
      for (const [k, ch] of [..." xyzzy"].entries()) type(at + k, ch);
      for (let k = 6; k > 0; k--) type(at + k - 1, "", 1);
    }
    // Lines added and taken away move every sentence below them.
    const second = text.indexOf("# Again");
    type(second, "A new line about Malabar in 2019.\n\n");
    type(second, "", "A new line about Malabar in 2019.\n\n".length);
    // A sentence split over two lines, and joined again.
    const space = text.indexOf(" in Tokyo");
    type(space, "\n", 1);
    type(space, " ", 1);
  });

  test("a sentence whose text changed is checked again even where the Markdown parser saw no change", () => {
    // A paragraph with a flood of emphasis marks: the parser sees them all blanked, so
    // '*' and '_' give it the same text and the piece's parse is reused.
    const flood = `Japan enacted its Security Legislation in 2015 ${"*a ".repeat(500)}.`;
    const cache: NoteParseCache = new Map();
    const parse = (text: string) => parseNote(text, { cache, chunkedFrom: 0, minPiece: 1 });
    const checker = new IncrementalChecker();
    const note = `${NOTE}\n${flood}\n`;
    checker.check("n", parse(note), corpus);
    const edited = note.replace("*a .", "_a .");
    assert.notEqual(edited, note);
    assert.deepEqual(checker.check("n", parse(edited), corpus), checkNote(edited, corpus));
    assert.equal(checker.lastStats.checked, 1);
  });

  test("keeps only the sentences the note has now: one deleted and typed again is checked again", () => {
    const checker = new IncrementalChecker();
    checker.check("n", parseNote(NOTE), corpus);
    const without = NOTE.replace("Japan enacted its Security Legislation in 2015.\n", "");
    checker.check("n", parseNote(without), corpus);
    assert.equal(checker.lastStats.checked, 0);
    assert.deepEqual(checker.check("n", parseNote(NOTE), corpus), checkNote(NOTE, corpus));
    assert.equal(checker.lastStats.checked, 1);
  });

  test("a corpus change invalidates the cache", () => {
    const checker = new IncrementalChecker();
    checker.check("n", parseNote(NOTE), corpus);
    const doc = corpus.docs.get("sng2025")!;
    corpus.remove("sng2025");
    try {
      checker.check("n", parseNote(NOTE), corpus);
      assert.equal(checker.lastStats.checked, checker.lastStats.sentences);
    } finally {
      corpus.add(doc);
    }
  });
});
