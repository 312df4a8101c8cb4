// Hover, completion, quick fixes, definition, references and workspace symbols,
// as an editor receives them from the running server.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CompletionItemKind, SymbolKind, type CodeAction, type Hover, type TextDocumentEdit, type TextEdit } from "vscode-languageserver-protocol/node";
import { EMBEDDED_CORPUS, TestClient, applyEdits, fileUri, lineOf, positionOf, rangeOf, tempFolder } from "./harness.js";
import { NOTE } from "./fixtures.js";

const hoverText = (h: Hover | null): string => {
  if (!h) return "";
  const c = h.contents;
  return typeof c === "string" ? c : Array.isArray(c) ? c.map((x) => (typeof x === "string" ? x : x.value)).join("\n") : c.value;
};
const sourceLines = (id: string) => readFileSync(join(EMBEDDED_CORPUS, `${id}.md`), "utf8").split("\n");

describe("editor features", () => {
  const workspace = tempFolder({
    "briefs/cites-nakatani.md": "# Brief\n\nJapan invited India to join GCAP [@nakatani2025].\n\nNakatani visited India in 2025 [see @nakatani2025, p. 2; @sng2025].\n",
    "briefs/deep/footnoted.md": "Japan invited India to join GCAP.[^1]\n\n[^1]: Reported in [@nakatani2025].\n",
    "briefs/unrelated.md": "Japan enacted its Security Legislation in 2015 [@borah2024].\n\n```\n[@nakatani2025] inside code is not a citation\n```\n",
  });
  const noteUri = fileUri(join(workspace.dir, "note.md"));
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir] });
    await client.open(noteUri, NOTE);
    await client.diagnostics(noteUri);
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  describe("hover", () => {
    test("on a name: what it is, which sources name it, and their sentences", async () => {
      const hover = await client.hover(noteUri, positionOf(NOTE, "Yasukazu Hamada", 3));
      const text = hoverText(hover);
      assert.match(text, /\*\*Yasukazu Hamada\*\*/);
      assert.match(text, /person/);
      assert.match(text, /`bhattacharjee2022`/);
      assert.match(text, /Defence Minister Yasukazu Hamada/, "quotes the source sentence");
      assert.deepEqual(hover!.range, rangeOf(NOTE, "Yasukazu Hamada"));
    });

    test("on a name inside a longer run of capitalised words", async () => {
      const text = hoverText(await client.hover(noteUri, positionOf(NOTE, "Global Combat Air Program", 8)));
      assert.match(text, /\*\*Global Combat Air Program\*\* \(GCAP\)/);
      assert.match(text, /`nakatani2025`/);
      assert.match(text, /2035/, "the date the source gives it");
    });

    test("on [@key]: the source's metadata and the passage that best supports the sentence", async () => {
      const text = hoverText(await client.hover(noteUri, positionOf(NOTE, "smallsteps2024]", 4)));
      assert.match(text, /India and Japan take small steps towards stronger ties/);
      assert.match(text, /The Strategist \(ASPI\)/);
      assert.match(text, /best supports/);
      assert.match(text, /^> .*2\+2.*2019/m, "a passage that gives the 2+2 its year");
    });

    test("on [@key] of a source that does not support the sentence", async () => {
      const text = hoverText(await client.hover(noteUri, positionOf(NOTE, "second 2+2 [@nakatani2025]", "second 2+2 [@".length + 2)));
      assert.match(text, /Gen Nakatani's visit to India/);
      assert.match(text, /No passage in this source supports this sentence/);
      assert.match(text, /Yasukazu Hamada/, "says what the source lacks");
    });

    test("on an unknown key: the nearest key", async () => {
      const text = hoverText(await client.hover(noteUri, positionOf(NOTE, "bhatacharjee2022", 3)));
      assert.match(text, /No source in the corpus has the key/);
      assert.match(text, /bhattacharjee2022/);
    });

    test("on a date: what the sources say happened then", async () => {
      const hover = await client.hover(noteUri, positionOf(NOTE, "2019 [@smallsteps2024]", 2));
      const text = hoverText(hover);
      assert.match(text, /\*\*2019\*\* in the sources/);
      assert.match(text, /2\+2/);
      assert.match(text, /`smallsteps2024`/);
      assert.deepEqual(hover!.range, { start: positionOf(NOTE, "2019 [@smallsteps2024]"), end: positionOf(NOTE, "2019 [@smallsteps2024]", 4) });
    });

    test("on plain words, blank lines and positions past the end: nothing", async () => {
      assert.equal(await client.hover(noteUri, positionOf(NOTE, "partnership is likely", 3)), null);
      assert.equal(await client.hover(noteUri, { line: 9999, character: 0 }), null);
      assert.equal(await client.hover(noteUri, { line: 0, character: 9999 }), null);
      assert.equal(await client.hover(fileUri(join(workspace.dir, "never-opened.md")), { line: 0, character: 0 }), null);
    });
  });

  describe("completion", () => {
    const uri = fileUri(join(workspace.dir, "typing.md"));
    const typing = "Japan invited India to join GCAP [@\n\nThe armies train in Dharma Gu\n\nThe Global Com\n\nThe SSGP dates from 20\n\nSee [@sm\n";
    before(() => client.open(uri, typing));

    test("after [@: every source key, with title, publisher and date; the supporting source first", async () => {
      const list = await client.completion(uri, positionOf(typing, "[@", 2), "@");
      const labels = list.items.map((i) => i.label);
      assert.deepEqual([...labels].sort(), ["bhattacharjee2022", "borah2024", "nakatani2025", "smallsteps2024", "sng2025"]);
      const top = [...list.items].sort((a, b) => (a.sortText ?? "").localeCompare(b.sortText ?? ""))[0];
      assert.equal(top.label, "nakatani2025", "the source that mentions GCAP comes first");
      assert.equal(top.preselect, true);
      const borah = list.items.find((i) => i.label === "borah2024")!;
      assert.equal(borah.kind, CompletionItemKind.Reference);
      assert.match(borah.detail ?? "", /India-Japan Strategic Cooperation: Future Contours — CENJOWS — 2024-11-21/);
      const doc = typeof borah.documentation === "string" ? borah.documentation : borah.documentation?.value ?? "";
      assert.match(doc, /Dr Ulupi Borah/);
      assert.match(doc, /CENJOWS/);
    });

    test("a partly typed key is replaced, not appended to", async () => {
      const list = await client.completion(uri, positionOf(typing, "[@sm", 4));
      const item = list.items.find((i) => i.label === "smallsteps2024")!;
      assert.ok(item.textEdit && "range" in item.textEdit);
      assert.deepEqual(item.textEdit.range, { start: positionOf(typing, "[@sm", 2), end: positionOf(typing, "[@sm", 4) });
      assert.equal(applyEdits(typing, [{ range: item.textEdit.range, newText: item.textEdit.newText }]).includes("See [@smallsteps2024\n"), true);
    });

    test("a capitalised prefix offers the corpus names that start with it", async () => {
      const list = await client.completion(uri, positionOf(typing, "Dharma Gu", 9));
      const item = list.items.find((i) => i.label === "Dharma Guardian");
      assert.ok(item, `Dharma Guardian offered (got ${list.items.map((i) => i.label).join(", ")})`);
      assert.equal(item.kind, CompletionItemKind.Event);
      assert.match(item.detail ?? "", /exercise/);
      assert.ok(item.textEdit && "range" in item.textEdit);
      const done = applyEdits(typing, [{ range: item.textEdit.range, newText: item.textEdit.newText }]);
      assert.match(done, /The armies train in Dharma Guardian\n/);

      const gcap = await client.completion(uri, positionOf(typing, "The Global Com", 14));
      assert.ok(gcap.items.some((i) => i.label === "Global Combat Air Program"));
    });

    test("after a known event, the years the sources give it", async () => {
      const list = await client.completion(uri, positionOf(typing, "from 20", 7));
      const labels = list.items.map((i) => i.label).sort();
      assert.ok(labels.includes("2015"), `2015 offered (got ${labels.join(", ")})`);
      const item = list.items.find((i) => i.label === "2015")!;
      assert.equal(item.kind, CompletionItemKind.Value);
      assert.match(item.detail ?? "", /Special Strategic and Global Partnership/);
    });

    test("lower-case words and positions past the end offer nothing", async () => {
      assert.equal((await client.completion(uri, positionOf(typing, "armies", 3))).items.length, 0);
      assert.equal((await client.completion(uri, { line: 500, character: 2 })).items.length, 0);
    });

    test("an editor that resolves items gets each item's documentation when it asks, the same as inline", async () => {
      const lazy = await TestClient.start({ workspaceFolders: [workspace.dir], resolveDocumentation: true });
      try {
        await lazy.open(uri, typing);
        for (const [position, trigger, label] of [
          [positionOf(typing, "[@", 2), "@", "borah2024"],
          [positionOf(typing, "[@", 2), "@", "nakatani2025"],
          [positionOf(typing, "Dharma Gu", 9), undefined, "Dharma Guardian"],
        ] as const) {
          const inline = (await client.completion(uri, position, trigger)).items.find((i) => i.label === label)!;
          const item = (await lazy.completion(uri, position, trigger)).items.find((i) => i.label === label)!;
          assert.equal(item.documentation, undefined, `${label}: no documentation in the list`);
          assert.equal(item.detail, inline.detail);
          const resolved = await lazy.resolveCompletion(item);
          assert.ok(inline.documentation, `${label}: documented inline`);
          assert.deepEqual(resolved.documentation, inline.documentation, `${label}: the same documentation once resolved`);
        }
        // An item of another server's making is refused; one without data comes back as it was.
        await assert.rejects(lazy.resolveCompletion({ label: "x", data: { kind: "source" } }), /InvalidParams|completion item of this server/);
        assert.deepEqual(await lazy.resolveCompletion({ label: "plain" }), { label: "plain" });
      } finally {
        await lazy.stop();
      }
    });
  });

  describe("quick fixes", () => {
    const actionsFor = async (needle: string) => {
      const range = rangeOf(NOTE, needle);
      const actions = await client.codeActions(noteUri, range);
      assert.ok(actions.length > 0, `a quick fix at "${needle}"`);
      return actions;
    };
    const applied = (action: CodeAction) => {
      const change = action.edit?.documentChanges?.[0] as TextDocumentEdit;
      assert.equal(change.textDocument.uri, noteUri);
      return applyEdits(NOTE, change.edits as TextEdit[]);
    };
    const lineAfter = (text: string, needle: string) => text.split("\n")[lineOf(NOTE, needle)];

    test("date-conflict: set the date the source gives", async () => {
      const [action] = await actionsFor("2018");
      assert.equal(action.kind, "quickfix");
      assert.equal(action.isPreferred, true);
      assert.equal(action.diagnostics?.[0].code, "date-conflict");
      assert.equal(lineAfter(applied(action), "held in 2018"), "The first 2+2 dialogue between India and Japan was held in 2019 [@smallsteps2024].");
    });

    test("unknown-source: the nearest key", async () => {
      const [action] = await actionsFor("bhatacharjee2022");
      assert.match(lineAfter(applied(action), "bhatacharjee2022"), /\[@bhattacharjee2022\]\.$/);
    });

    test("unknown-name: the correct name", async () => {
      const [action] = await actionsFor("Dharma Guardain");
      assert.match(action.title, /Dharma Guardian/);
      assert.match(lineAfter(applied(action), "Dharma Guardain"), /in the Dharma Guardian exercise/);
    });

    test("unsourced-claim: cite the source that supports the sentence", async () => {
      const [action] = await actionsFor("Japan enacted its Security Legislation");
      assert.equal(lineAfter(applied(action), "Security Legislation in 2015."), "Japan enacted its Security Legislation in 2015 [@borah2024].");
    });

    test("citation-mismatch: replace the citation with the source that supports it", async () => {
      const [action] = await actionsFor("nakatani2025].\nRajnath");
      assert.equal(lineAfter(applied(action), "second 2+2 [@nakatani2025]"), "Rajnath Singh met Yasukazu Hamada in Tokyo for the second 2+2 [@bhattacharjee2022].");
    });

    test("applying a fix clears its diagnostic", async () => {
      const uri = fileUri(join(workspace.dir, "fix-me.md"));
      const text = "The first 2+2 dialogue between India and Japan was held in 2018 [@smallsteps2024].\n";
      await client.open(uri, text);
      const [diagnostic] = await client.diagnostics(uri);
      assert.equal(diagnostic.code, "date-conflict");
      const [action] = await client.codeActions(uri, diagnostic.range, [diagnostic]);
      const change = action.edit!.documentChanges![0] as TextDocumentEdit;
      assert.equal(change.textDocument.version, 1, "the fix is tied to the version it was computed for");
      await client.change(uri, applyEdits(text, change.edits as TextEdit[]));
      assert.deepEqual(await client.diagnostics(uri), []);
    });

    test("no fixes where there is nothing to fix", async () => {
      assert.deepEqual(await client.codeActions(noteUri, rangeOf(NOTE, "We assess")), []);
      assert.deepEqual(await client.codeActions(noteUri, { start: { line: 900, character: 0 }, end: { line: 901, character: 0 } }), []);
    });
  });

  describe("definition", () => {
    test("from [@key] to the passage that supports the sentence", async () => {
      const [location] = await client.definition(noteUri, positionOf(NOTE, "smallsteps2024]", 3));
      assert.equal(location.uri, fileUri(join(EMBEDDED_CORPUS, "smallsteps2024.md")));
      assert.match(sourceLines("smallsteps2024")[location.range.start.line].slice(location.range.start.character), /^[^.]*2\+2[^.]*2019/, "lands on a sentence giving the 2+2 its year");
    });

    test("from a name to its first source passage", async () => {
      const [location] = await client.definition(noteUri, positionOf(NOTE, "Global Combat Air Program", 3));
      assert.equal(location.uri, fileUri(join(EMBEDDED_CORPUS, "nakatani2025.md")));
      const line = sourceLines("nakatani2025")[location.range.start.line];
      assert.match(line.slice(location.range.start.character), /^Japan also invited India to join the Global Combat Air Program/);
    });

    test("an unknown key has no definition", async () => {
      assert.deepEqual(await client.definition(noteUri, positionOf(NOTE, "bhatacharjee2022", 2)), []);
    });
  });

  describe("references", () => {
    test("from a key: every note citing it, open or on disk, footnotes included, code blocks not", async () => {
      const locations = await client.references(noteUri, positionOf(NOTE, "Program [@nakatani2025]", 12));
      const where = locations.map((l) => `${l.uri.slice(fileUri(workspace.dir).length + 1)}:${l.range.start.line}`).sort();
      assert.deepEqual(where, ["briefs/cites-nakatani.md:2", "briefs/cites-nakatani.md:4", "briefs/deep/footnoted.md:2", "note.md:12", "note.md:9"]);
      const one = locations.find((l) => l.uri.endsWith("footnoted.md"))!;
      assert.equal(readFileSync(join(workspace.dir, "briefs/deep/footnoted.md"), "utf8").split("\n")[2].slice(one.range.start.character, one.range.end.character), "nakatani2025");
    });

    test("with includeDeclaration, the source document itself too", async () => {
      const locations = await client.references(noteUri, positionOf(NOTE, "Program [@nakatani2025]", 12), true);
      assert.ok(locations.some((l) => l.uri === fileUri(join(EMBEDDED_CORPUS, "nakatani2025.md"))));
    });

    test("from inside a source document: the notes that cite it", async () => {
      const sourceUri = fileUri(join(EMBEDDED_CORPUS, "borah2024.md"));
      await client.open(sourceUri, readFileSync(join(EMBEDDED_CORPUS, "borah2024.md"), "utf8"));
      const locations = await client.references(sourceUri, { line: 10, character: 0 });
      assert.deepEqual(locations.map((l) => l.uri), [fileUri(join(workspace.dir, "briefs/unrelated.md"))]);
      await client.close(sourceUri);
    });
  });

  describe("workspace symbols", () => {
    test("corpus names by a fuzzy query, each located in its source", async () => {
      const symbols = await client.workspaceSymbols("dharma");
      const dharma = symbols.find((s) => s.name === "Dharma Guardian")!;
      assert.ok(dharma, "Dharma Guardian listed");
      assert.equal(dharma.kind, SymbolKind.Event);
      assert.match(dharma.containerName ?? "", /exercise/);
      assert.ok(dharma.location.uri.startsWith(fileUri(EMBEDDED_CORPUS)));
      assert.match(readFileSync(new URL(dharma.location.uri), "utf8").split("\n")[dharma.location.range.start.line], /Dharma Guardian/);
    });

    test("an acronym finds its long name; sources are symbols too", async () => {
      assert.ok((await client.workspaceSymbols("GCAP")).some((s) => s.name === "Global Combat Air Program"));
      const all = await client.workspaceSymbols("");
      assert.ok(all.some((s) => s.name === "borah2024" && s.kind === SymbolKind.File));
      assert.ok(all.length > 50, "every corpus name when the query is empty");
    });
  });

  test("the corpus index lists every source and name", async () => {
    const index = await client.corpusIndex();
    assert.equal(index.sources.length, 5);
    assert.ok(index.names.some((n) => n.name === "Dharma Guardian" && n.kind === "exercise"));
    assert.match(index.markdown, /## Sources/);
    assert.match(index.markdown, /`sng2025`/);
  });
});
