// The per-keystroke checker returns exactly what checkNote returns, while checking
// again only the sentences whose text changed.

import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { checkNote } from "../../core/checks/checkNote.js";
import type { Corpus } from "../../core/corpus/corpus.js";
import { IncrementalChecker } from "../../core/features/incrementalCheck.js";
import { parseNote } from "../../core/note/parseNote.js";
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
