// What the fuzzer found, kept found: each test is one hang or stall it hit, at the
// depth it was fixed (the core's parser, date finder and passages; the server's
// sliced parsing and checking).

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { checkNote } from "../../core/checks/checkNote.js";
import { definitionAt } from "../../core/features/definition.js";
import { hoverAt } from "../../core/features/hover.js";
import { IncrementalChecker } from "../../core/features/incrementalCheck.js";
import { CHUNKED_FROM, parseNote, parseNoteSteps, type NoteParseCache, type ParsedNote } from "../../core/note/parseNote.js";
import { findDates } from "../../core/text/dates.js";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../../host/loadCorpus.js";
import type { Corpus } from "../../core/corpus/corpus.js";
import { TestClient, delay, fileUri, tempFolder } from "../protocol/harness.js";
import { NoteMaker, Rng, loadMaterial, manyLines, surrogates } from "./generators.js";
import { ROOT } from "./fuzzer.js";
import { RpcClient } from "./rpc.js";

const material = loadMaterial(join(ROOT, "corpus"));

/** CPU milliseconds `f` takes (wall time would count other processes on a busy machine). */
function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** What a parse gives, as comparable data. */
const shape = (n: ParsedNote) => JSON.stringify({ sentences: n.sentences, citations: n.citations, footnotes: [...n.footnotes.entries()].sort() });

describe("the Markdown parser's slow cases", () => {
  // Each took seconds to minutes in micromark (20 lines of "*_*_…": 49 s), or
  // overflowed the stack (2 000 "1. " on a line); all stay far under a second.
  const cases: Record<string, string> = {
    "unmatched emphasis over a paragraph": ("*_".repeat(1000) + "\n").repeat(20),
    "unmatched emphasis on one line": "*_".repeat(4999),
    "nested brackets": "[".repeat(3000) + "]".repeat(3000) + "(x)",
    "brackets over a paragraph": ("[".repeat(2000) + "\n").repeat(20),
    "unclosed link destinations": ("[a](".repeat(2000) + "\n").repeat(20),
    "half-typed citations": "[@".repeat(4999),
    "angle brackets": ("<".repeat(5000) + "\n").repeat(20),
    "a list nested 200 deep": Array.from({ length: 200 }, (_, i) => `${"  ".repeat(i)}- item ${i} [@borah2024]`).join("\n"),
    "2 000 list markers on one line": "1. ".repeat(2000) + "x",
    "2 000 quote marks on a line, 50 lines": ("> ".repeat(2000) + "x\n").repeat(50),
  };
  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      let note: ParsedNote | undefined;
      const ms = cpuMs(() => (note = parseNote(text)));
      assert.ok(ms < 5000, `${ms.toFixed(0)} ms (linear input takes far less; quadratic takes far more)`);
      assert.ok(note);
    });
  }

  test("citations in a flooded paragraph are still read", () => {
    const text = ("*_".repeat(1000) + " [@borah2024]\n").repeat(20);
    assert.equal(parseNote(text).citations.length, 20);
  });
});

describe("a long note is parsed in pieces", () => {
  test("which read exactly as the whole: sentences, citations, footnotes", () => {
    // What the scan for cuts once misread (found by running this test on 400 seeds):
    // a fence or front matter behind a byte order mark, which the parser drops; a line
    // the parser sees blanked (too deep in quote marks), where no block starts afresh.
    const misread = [
      "\uFEFF```\ncode line\n\nMore code 2019 [@borah2024].\n```\n\nProse after [@borah2024].\n",
      "\uFEFF---\ntitle: x\n\nMore: 2019\n---\n\nProse after [@borah2024].\n",
      `A paragraph about 2019 [@borah2024].\n\n${">".repeat(36)} quoted\n\n    indented code 2019 [@x]\nA paragraph with a mark.[^n]\n\n[^n]: A footnote [@borah2024].\n`,
      // A first piece behind a byte order mark that ends inside a fence (the scan took a
      // "```" in an HTML block for one) runs on into the next, as any other.
      "\uFEFF<div>\nhtml\n```\n</div>\n\nProse one [@borah2024].\n\n```\ncode 2019\n\n# Still code\n\nAlso code [@borah2024].\n",
      // …and where a paragraph ends for the guard against floods of delimiters, too.
      `Tokyo\n\`inline 2019\`\n${" ".repeat(40)}A line too deep to read.\n${"[".repeat(2000)} words 2019 [@borah2024].\n`,
    ];
    for (const text of misread) {
      for (const options of [{ chunkedFrom: 0 }, { chunkedFrom: 0, everyBlock: true }]) {
        assert.equal(shape(parseNote(text, options)), shape(parseNote(text)), `${JSON.stringify(text.slice(0, 30))}, ${JSON.stringify(options)}`);
      }
    }
    // Generated notes full of what makes cutting hard: fences, HTML, footnotes
    // defined far from their marks, front matter, lists, CRLF, a byte order mark.
    for (let seed = 1; seed <= 24; seed++) {
      const rng = new Rng(seed);
      const maker = new NoteMaker(rng, material);
      const parts: string[] = [];
      // Under CHUNKED_FROM, where a whole parse is still done with the Markdown parser.
      let size = 0;
      for (let i = 0; i < 60 && size < 50_000; i++) {
        parts.push(rng.chance(0.4) ? maker.edgeCase() : maker.note(rng.between(1, 30)));
        size += parts[parts.length - 1].length;
      }
      let text = parts.join(rng.chance(0.5) ? "\n\n" : "\n");
      if (seed % 7 === 0) text = text.replace(/\n/g, "\r\n");
      if (seed % 11 === 0) text = surrogates(rng, text);
      if (seed % 13 === 0) text = "\uFEFF" + text;
      assert.ok(text.length < CHUNKED_FROM);
      assert.equal(shape(parseNote(text, { chunkedFrom: 0 })), shape(parseNote(text)), `seed ${seed}`);
      // The small pieces the language server asks for, so a keystroke re-parses little.
      assert.equal(shape(parseNote(text, { chunkedFrom: 0, minPiece: 300 })), shape(parseNote(text)), `seed ${seed}, small pieces`);
      // One block a piece, as the language server parses.
      assert.equal(shape(parseNote(text, { chunkedFrom: 0, everyBlock: true })), shape(parseNote(text)), `seed ${seed}, one block a piece`);
    }
  });

  test("long runs of blank lines, cut out as pieces of their own, read as in the whole", () => {
    const blanks = (n: number, line = "") => `${line}\n`.repeat(n);
    const blocks = [
      "A paragraph about the 2+2 in 2019 [@smallsteps2024].",
      "- a list item\n- another, cited [@nakatani2025]",
      "[^n]: A footnote [@borah2024].",
      "    an indented continuation or code block",
      "```\nfenced code" + blanks(300) + "still code\n```",
      "<div>\nhtml" + blanks(200) + "</div>",
      "| a | b |\n|---|---|\n| 1 | 2 |",
      "# A heading",
      "Setext heading\n===",
      "---",
      "A sentence with a mark.[^n]",
      // Control characters do not indent: a line that starts with one starts a paragraph.
      "\u0000A line that starts with a NUL, in 2019 [@borah2024].",
      "\fA form feed, then 2+2 [@smallsteps2024].",
    ];
    // Blocks that run on past blank lines into an indented line: the run must stay with them.
    const runOn = [
      `[^n]: A footnote [@borah2024].${blanks(400)}    Its second paragraph, still the footnote.`,
      `- A list item.${blanks(400)}  Its second paragraph, still the item.`,
      `    indented code${blanks(400)}    more of the same code`,
    ];
    // A long run before a line at the margin (not "---") is never given to the Markdown parser.
    for (const next of blocks.filter((b) => !/^(?: |---)/.test(b))) {
      const cache: NoteParseCache = new Map();
      parseNote(`Intro.\n${blanks(5000)}${next}\n`, { cache, chunkedFrom: 0, everyBlock: true });
      assert.ok(![...cache.keys()].some((k) => k.includes(blanks(1000))), `the run before ${JSON.stringify(next.slice(0, 20))} was parsed`);
    }
    for (const text of runOn) assert.equal(shape(parseNote(text, { chunkedFrom: 0, everyBlock: true })), shape(parseNote(text, { chunkedFrom: Infinity })), JSON.stringify(text.slice(0, 40)));
    for (let seed = 1; seed <= 12; seed++) {
      const rng = new Rng(seed);
      const parts: string[] = [];
      for (let i = 0; i < 14; i++) parts.push(blocks[rng.between(0, blocks.length - 1)], blanks(rng.chance(0.5) ? rng.between(100, 3000) : rng.between(1, 3), rng.chance(0.3) ? " \t" : ""));
      const text = (seed % 3 === 0 ? blanks(500) : "") + parts.join("\n");
      for (const options of [{ chunkedFrom: 0 }, { chunkedFrom: 0, minPiece: 300 }, { chunkedFrom: 0, everyBlock: true }]) {
        assert.equal(shape(parseNote(text, options)), shape(parseNote(text, { chunkedFrom: Infinity })), `seed ${seed}, ${JSON.stringify(options)}`);
      }
    }
  });

  test("a code fence that never closes, a piece of its own, reads as in the whole", () => {
    const code = [
      "const x = 1; // [@borah2024] is code here",
      "",
      "   ``",
      "~~~",
      "````not a close, it has words",
      "    ```",
      "A line that reads like prose in 2019 [@nakatani2025].",
      "[^n]: not a footnote here",
      "\t```",
    ];
    const prose = "A paragraph about the 2+2 in 2019 [@smallsteps2024].\n\n[^n]: A footnote [@borah2024].\n\nA sentence with a mark.[^n]\n";
    for (let seed = 1; seed <= 16; seed++) {
      const rng = new Rng(seed);
      const opener = ["```", "~~~", "````js", "  ~~~~ info", "```\r"][seed % 5];
      const lines: string[] = [];
      for (let i = 0; i < rng.between(1, 400); i++) lines.push(code[rng.between(0, code.length - 1)]);
      const body = lines.join(seed % 4 === 0 ? "\r\n" : "\n");
      // A closing fence of the right kind somewhere turns it into a closed block with prose after.
      const close = seed % 3 === 0 ? `\n${opener.trim().replace(/[^`~]/g, "")}\nProse again [@borah2024].\n` : "";
      const text = `${prose}\n${opener}\n${body}${close}${seed % 2 ? "\n" : ""}`;
      for (const options of [{ chunkedFrom: 0 }, { chunkedFrom: 0, everyBlock: true }]) {
        assert.equal(shape(parseNote(text, options)), shape(parseNote(text, { chunkedFrom: Infinity })), `seed ${seed}, ${JSON.stringify(options)}`);
      }
    }
  });

  test("a line too long to be prose reads as a blank line, and the Markdown around it as Markdown", () => {
    // A pasted blob (base64, a minified file) is blanked for the parser. It used to make
    // one piece with its neighbours, too large for the Markdown parser and so read as
    // plain text: the heading and the quotation beside it became sentences to check.
    const overlong = "QUJD".repeat(300_000) + " [@borah2024] in 2019.";
    const blocks = [
      "# A heading about the 2+2 in 2019",
      "> A quotation that mentions 2019 [@nakatani2025].",
      "- a list item, cited [@nakatani2025]",
      "A paragraph about the 2+2 in 2019 [@smallsteps2024].",
      "[^n]: A footnote [@borah2024].",
      "| a | b |\n|---|---|\n| 1 | 2 |",
      "A sentence with a mark.[^n]",
    ];
    // What a parse reads, by the text it points at rather than by offsets.
    const read = (note: ParsedNote, text: string) =>
      JSON.stringify({
        sentences: note.sentences.map((s) => [text.slice(s.start, s.end), s.prose, s.block, s.citations.map((c) => text.slice(c.start, c.end))]),
        footnotes: [...note.footnotes.values()].map((f) => [f.label, f.citations.map((c) => text.slice(c.start, c.end))]).sort(),
      });
    for (let seed = 1; seed <= 10; seed++) {
      const rng = new Rng(seed);
      const withLine: string[] = [];
      const withBlank: string[] = [];
      for (let i = 0; i < 8; i++) {
        const block = rng.pick(blocks);
        const gap = rng.pick(["\n", "\n\n", "\n  \n"]);
        withLine.push(block, gap, overlong, rng.pick(["\n", "\n\n"]));
        withBlank.push(block, gap, "", withLine[withLine.length - 1]);
      }
      const text = withLine.join("");
      const reference = read(parseNote(withBlank.join(""), { chunkedFrom: Infinity }), withBlank.join(""));
      for (const options of [{}, { chunkedFrom: 0, minPiece: 600 }, { chunkedFrom: 0, everyBlock: true }]) {
        assert.equal(read(parseNote(text, options), text), reference, `seed ${seed}, ${JSON.stringify(options)}`);
      }
    }
  });

  test("lines too long to be prose anywhere in a note (fences, lists, HTML, front matter): the pieces read as the whole", () => {
    // Under CHUNKED_FROM, where the whole is still parsed as Markdown, with the long lines blanked.
    // Front matter opened by "---" and a carriage return alone (a line ending to the
    // parser): the blank lines inside it are no place to cut.
    for (const gap of [" ".repeat(10_388), "\n".repeat(150)]) {
      const text = `---\r\r\n${gap}\ntitle: Japan and India\r\r\n---\r\r\n\r\nProse about 2019 [@borah2024].\n`;
      for (const options of [{ chunkedFrom: 0 }, { chunkedFrom: 0, everyBlock: true }]) {
        assert.equal(shape(parseNote(text, options)), shape(parseNote(text, { chunkedFrom: Infinity })), `front matter, ${JSON.stringify(options)}`);
      }
    }
    for (let seed = 1; seed <= Number(process.env.LONGLINE_SEEDS ?? 16); seed++) {
      const rng = new Rng(seed);
      const maker = new NoteMaker(rng, material);
      const lines = maker.note(rng.between(5, 25)).split("\n");
      if (seed % 4 === 0) lines.unshift("---", "title: x", "---");
      for (let k = rng.between(1, 3); k > 0; k--) {
        const long = rng.pick(["x", "[@borah2024] ", "- ", "```", "    ", "> ", "<div>", "|a|"]).repeat(12_000).slice(0, rng.between(10_001, 14_000));
        lines.splice(rng.between(0, lines.length), 0, long);
      }
      const text = lines.join(rng.chance(0.2) ? "\r\n" : "\n");
      assert.ok(text.length < CHUNKED_FROM, `seed ${seed}: ${text.length} characters`);
      for (const options of [{ chunkedFrom: 0 }, { chunkedFrom: 0, minPiece: 600 }, { chunkedFrom: 0, everyBlock: true }]) {
        assert.equal(shape(parseNote(text, options)), shape(parseNote(text, { chunkedFrom: Infinity })), `seed ${seed}, ${JSON.stringify(options)}`);
      }
    }
  });

  test("typing beside a pasted 5 MB line does not parse the line again", () => {
    // Each keystroke in the paragraph before such a line parsed the line again with it,
    // in one step the server cannot pause (a fifth of a second): keystrokes queued
    // behind each other, and requests behind them all. (The fuzzer found it.)
    const intro = "India and Japan held talks in 2019 [@borah2024]";
    const blob = "QUJDé".repeat(1_000_000);
    const text = `# Notes on the pasted data\n\n${intro}\n\n${blob}\n\nMore in 2018 [@smallsteps2024].\n`;
    for (const options of [{}, { minPiece: 600 }, { everyBlock: true }]) {
      const cache: NoteParseCache = new Map();
      parseNote(text, { cache, chunkedFrom: 0, ...options });
      const before = new Set(cache.keys());
      const edited = text.replace(intro, `${intro} and again in 2020`);
      const note = parseNote(edited, { cache, chunkedFrom: 0, ...options });
      const parsedAgain = [...cache.keys()].filter((k) => !before.has(k));
      assert.ok(parsedAgain.length > 0 && parsedAgain.every((k) => k.length < 10_000), `${JSON.stringify(options)}: pieces of ${parsedAgain.map((k) => k.length).join(", ")} characters parsed again`);
      assert.equal(shape(note), shape(parseNote(edited, { chunkedFrom: 0, ...options })), "the same as a parse without the cache");
    }
  });

  test("an edit re-parses only the piece it touched", () => {
    const text = manyLines(new Rng(3), new NoteMaker(new Rng(3), material), 5000);
    const cache: NoteParseCache = new Map();
    parseNote(text, { cache });
    const before = new Set(cache.keys());
    const at = text.indexOf("\n", text.length >> 1);
    const edited = text.slice(0, at) + " The first 2+2 was held in 2019 [@smallsteps2024]." + text.slice(at);
    const note = parseNote(edited, { cache });
    const parsedAgain = [...cache.keys()].filter((k) => !before.has(k));
    assert.ok(before.size > 20 && parsedAgain.length <= 2, `${parsedAgain.length} of ${cache.size} pieces parsed again`);
    assert.equal(shape(note), shape(parseNote(edited)), "the same as a parse without the cache");
  });

  test("in steps short enough to pause between, on a long note", () => {
    const text = manyLines(new Rng(4), new NoteMaker(new Rng(4), material), 30_000);
    const steps = parseNoteSteps(text);
    let longest = 0;
    let count = 0;
    for (;;) {
      let r: IteratorResult<void, ParsedNote> | undefined;
      longest = Math.max(longest, cpuMs(() => (r = steps.next())));
      count++;
      if (r!.done) break;
    }
    assert.ok(count > 100, `${count} steps`);
    assert.ok(longest < 500, `the longest step took ${longest.toFixed(0)} ms`);
  });

  test("a byte order mark at the start no longer shifts every offset by one", () => {
    const text = "\uFEFFHello world [@borah2024].";
    const [s] = parseNote(text).sentences;
    assert.equal(text.slice(s.start, s.end), "Hello world [@borah2024].");
  });
});

describe("long passages", () => {
  let corpus: Corpus;
  before(async () => {
    corpus = (await loadCorpus([DEFAULT_CORPUS_DIR])).corpus;
  });

  test("a million years in one text are read in linear time", () => {
    let dates: unknown[] = [];
    const ms = cpuMs(() => (dates = findDates("1999 ".repeat(1_000_000))));
    assert.equal(dates.length, 1_000_000);
    assert.ok(ms < 10_000, `${ms.toFixed(0)} ms`);
  });

  test("hover and definition on a 5 MB line of years answer at once (they took hours)", () => {
    const line = "1999 ".repeat(1_000_000);
    const note = parseNote(`Japan enacted its Security Legislation in 2015 [@borah2024].\n${line}\n`);
    const ms = cpuMs(() => {
      hoverAt(note, { line: 1, character: 2_500_002 }, corpus);
      definitionAt(note, { line: 1, character: 2_500_002 }, corpus);
    });
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
  });

  test("checking in steps, and only around a range, gives what a whole check gives", () => {
    const text = new NoteMaker(new Rng(5), material).note(400);
    const note = parseNote(text);
    const whole = checkNote(note, corpus);
    const checker = new IncrementalChecker();
    const steps = checker.checkSteps("n", note, corpus);
    let r = steps.next();
    while (!r.done) r = steps.next();
    assert.deepEqual(r.value, whole);
    const mid = note.sentences[note.sentences.length >> 1];
    const around = new IncrementalChecker().findingsIn("n", note, corpus, mid.start, mid.end);
    const expected = whole.filter((f) => {
      const s = note.lines.offset(f.range.start);
      return note.sentences.some((x) => x.end >= mid.start && x.start <= mid.end && s >= x.start && s <= x.end);
    });
    assert.deepEqual(around, expected);
  });
});

describe("the server while a note of 100 000 lines is parsed and checked", () => {
  const workspace = tempFolder();
  const small = fileUri(join(workspace.dir, "small.md"));
  const big = fileUri(join(workspace.dir, "big.md"));
  const bigText = manyLines(new Rng(6), new NoteMaker(new Rng(6), material), 100_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir], settings: { debounceMs: 0 } });
    await client.corpusLoaded();
    await client.open(small, "The first 2+2 dialogue between India and Japan was held in 2018 [@smallsteps2024].\n");
    await client.diagnostics(small);
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  const timed = async <T>(f: () => Promise<T>): Promise<number> => {
    const started = Date.now();
    await f();
    return Date.now() - started;
  };

  test("other requests are answered within a second, also while it is edited", async () => {
    await client.open(big, bigText);
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      times.push(await timed(() => client.hover(small, { line: 0, character: 75 })));
      times.push(await timed(() => client.hover(big, { line: 50_000 + i, character: 3 })));
      await client.edit(big, { start: { line: 1000 * i, character: 0 }, end: { line: 1000 * i, character: 0 } }, "Japan enacted its Security Legislation in 2013. ");
      await delay(100);
    }
    assert.ok(Math.max(...times) < 5000, `answers took ${times.join(", ")} ms`);
  });

  test("its diagnostics arrive, at most a thousand of them", { timeout: 180_000 }, async () => {
    const diagnostics = await client.waitFor("the long note's diagnostics", () => client.publications(big).at(-1)?.diagnostics, 170_000);
    assert.ok(diagnostics.length > 0 && diagnostics.length <= 1000, `${diagnostics.length} diagnostics`);
  });

  test("a definition on a 5 MB line is answered", async () => {
    const uri = fileUri(join(workspace.dir, "line.md"));
    await client.open(uri, `Intro [@borah2024].\n${"1999 ".repeat(1_000_000)}\n`);
    const ms = await timed(() => client.definition(uri, { line: 1, character: 2_500_002 }));
    assert.ok(ms < 5000, `${ms} ms`);
  });
});

describe("a request with null params", () => {
  test("gets InvalidParams, as other malformed requests do, not an internal error", async () => {
    // The library's own handlers read `params.workDoneToken` before ours ran.
    const rpc = new RpcClient({ command: [process.execPath, join(ROOT, "bin", "briefing-lsp.js"), "--stdio"], cwd: ROOT });
    try {
      const init = await rpc.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} }).answer;
      assert.equal(init.kind, "result");
      rpc.notify("initialized", {});
      const methods = ["textDocument/hover", "textDocument/completion", "completionItem/resolve", "textDocument/codeAction", "textDocument/definition", "textDocument/references", "workspace/symbol"];
      for (const method of methods) {
        const answer = await rpc.request(method, null).answer;
        assert.deepEqual([answer.kind, answer.code], ["error", -32602], `${method}: ${answer.detail}`);
      }
      const hover = await rpc.request("textDocument/hover", { textDocument: { uri: "file:///nowhere.md" }, position: { line: 0, character: 0 } }).answer;
      assert.equal(hover.kind, "result", "still serving");
    } finally {
      await rpc.stop();
    }
  });
});
