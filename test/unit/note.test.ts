import { test } from "node:test";
import assert from "node:assert/strict";
import { parseNote } from "../../core/note/parseNote.js";

const checked = (text: string) => parseNote(text).sentences.map((s) => s.prose.replace(/\s+/g, " ").trim());

test("parsing: paragraphs, list items, table body rows and footnotes are read; the rest is not", () => {
  const note = [
    "---",
    "title: Held in 1999",
    "---",
    "# Heading held in 1998",
    "",
    "A paragraph sentence. A second one.",
    "",
    "- A list item.",
    "",
    "| Name | Year |",
    "|---|---|",
    "| Row name | 2001 |",
    "",
    "> A block quote in 1997.",
    "",
    "```",
    "Code in 1996.",
    "```",
    "",
    "<div>HTML in 1995</div>",
    "",
    "Text with `inline code 1994` and a [link](http://x.invalid/1993).[^n]",
    "",
    "[^n]: A footnote.",
  ].join("\n");
  assert.deepEqual(checked(note), ["A paragraph sentence.", "A second one.", "A list item.", "Row name 2001", "Text with and a link .", "A footnote."]);
});

test("parsing: citations and footnote marks attach to their sentence and are blanked from its prose", () => {
  const note = parseNote("First claim [@a, p. 4]. Second claim.[^x] Third [see @b; @c].\n\n[^x]: As reported in [@d].\n");
  const [first, second, third] = note.sentences;
  assert.deepEqual(first.citations.flatMap((c) => c.keys.map((k) => k.key)), ["a"]);
  assert.ok(!first.prose.includes("@"));
  assert.deepEqual(second.footnotes.map((f) => f.label), ["x"]);
  assert.deepEqual(third.citations.flatMap((c) => c.keys.map((k) => k.key)), ["b", "c"]);
  assert.deepEqual(note.footnotes.get("x")?.citations.flatMap((c) => c.keys.map((k) => k.key)), ["d"]);
});

test("parsing: offsets point into the original text, across lines", () => {
  const text = "Intro line.\nThe Malabar exercise grew in 2020 [@k].\n";
  const note = parseNote(text);
  const s = note.sentences[1];
  assert.equal(text.slice(s.start, s.end), "The Malabar exercise grew in 2020 [@k].");
  assert.deepEqual(note.lines.position(s.start), { line: 1, character: 0 });
});

test("parsing: broken and odd Markdown never throws", () => {
  for (const text of ["", "[", "[@", "| a |\n|", "```\nunclosed", "---\nunclosed: front", "\u0000\u0001binary", "[^x]: orphan", "*".repeat(5000), "[".repeat(3000) + "@a"]) {
    assert.doesNotThrow(() => parseNote(text));
  }
});
