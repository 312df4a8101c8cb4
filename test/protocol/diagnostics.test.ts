// Diagnostics as an editor receives them: the five codes on a note citing the
// embedded corpus, with relatedInformation pointing into the source file, and
// the settings that shape them (severity, which files are notes).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { join } from "node:path";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver-protocol/node";
import { EMBEDDED_CORPUS, TestClient, fileUri, lineOf, messageOf, tempFolder } from "./harness.js";
import { NOTE, NOTE_EXPECTED } from "./fixtures.js";

const codesByLine = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${d.code}`).sort();
const expected = (text: string) => NOTE_EXPECTED.map(([needle, code]) => `${lineOf(text, needle)}:${code}`).sort();

describe("diagnostics", () => {
  const workspace = tempFolder();
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir] });
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test("the five codes land on the lines that carry them, and nowhere else", async () => {
    const uri = fileUri(join(workspace.dir, "note.md"));
    await client.open(uri, NOTE);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(codesByLine(diagnostics), expected(NOTE));
    for (const d of diagnostics) assert.equal(d.source, "briefing-notes");
  });

  test("each diagnostic has the range, severity and message an editor shows", async () => {
    const uri = fileUri(join(workspace.dir, "note-ranges.md"));
    await client.open(uri, NOTE);
    const diagnostics = await client.diagnostics(uri);
    const byCode = new Map(diagnostics.map((d) => [d.code, d]));
    const line = (needle: string) => NOTE.split("\n")[lineOf(NOTE, needle)];

    const date = byCode.get("date-conflict")!;
    assert.equal(line("in 2018 [@").slice(date.range.start.character, date.range.end.character), "2018");
    assert.match(messageOf(date), /2019/);
    assert.equal(date.severity, DiagnosticSeverity.Warning);

    const unknownSource = byCode.get("unknown-source")!;
    assert.equal(line("[@bhatacharjee2022]").slice(unknownSource.range.start.character, unknownSource.range.end.character), "bhatacharjee2022");
    assert.equal(unknownSource.severity, DiagnosticSeverity.Error);
    assert.match(messageOf(unknownSource), /bhattacharjee2022/);

    const name = byCode.get("unknown-name")!;
    assert.equal(line("Dharma Guardain").slice(name.range.start.character, name.range.end.character), "Dharma Guardain");
    assert.match(messageOf(name), /Dharma Guardian/);
  });

  test("relatedInformation points at the source passage: a file URI and a range in it", async () => {
    const uri = fileUri(join(workspace.dir, "note-related.md"));
    await client.open(uri, NOTE);
    const diagnostics = await client.diagnostics(uri);
    const date = diagnostics.find((d) => d.code === "date-conflict")!;
    assert.ok(date.relatedInformation?.length, "date-conflict carries its evidence");
    const related = date.relatedInformation![0];
    assert.equal(related.location.uri, fileUri(join(EMBEDDED_CORPUS, "smallsteps2024.md")));
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(join(EMBEDDED_CORPUS, "smallsteps2024.md"), "utf8").split("\n");
    const { start, end } = related.location.range;
    const passage = start.line === end.line ? source[start.line].slice(start.character, end.character) : source[start.line].slice(start.character);
    assert.match(passage, /first 2\+2 ministerial dialogue in 2019/, "the range covers the sentence that gives the date");
    assert.match(messageOf(related), /^smallsteps2024: .*2019/);

    const mismatch = diagnostics.find((d) => d.code === "citation-mismatch")!;
    assert.equal(mismatch.relatedInformation?.[0].location.uri, fileUri(join(EMBEDDED_CORPUS, "bhattacharjee2022.md")), "the source that does hold the facts");
    const unknownName = diagnostics.find((d) => d.code === "unknown-name")!;
    assert.match(unknownName.relatedInformation?.[0].message ?? "", /Dharma Guardian/);
  });

  test("editing a line re-checks it: fixing the date removes the date-conflict", async () => {
    const uri = fileUri(join(workspace.dir, "note-edit.md"));
    await client.open(uri, NOTE);
    assert.ok((await client.diagnostics(uri)).some((d) => d.code === "date-conflict"));
    const at = NOTE.indexOf("2018 [@");
    const line = lineOf(NOTE, "2018 [@");
    const character = at - NOTE.lastIndexOf("\n", at) - 1;
    await client.edit(uri, { start: { line, character }, end: { line, character: character + 4 } }, "2019");
    const after = await client.diagnostics(uri);
    assert.ok(!after.some((d) => d.code === "date-conflict"));
    assert.equal(after.length, NOTE_EXPECTED.length - 1);
  });

  test("closing a note clears its diagnostics", async () => {
    const uri = fileUri(join(workspace.dir, "note-close.md"));
    await client.open(uri, NOTE);
    await client.diagnostics(uri);
    const count = client.publications(uri).length;
    await client.close(uri);
    const cleared = await client.nextDiagnostics(uri, count);
    assert.deepEqual(cleared, []);
  });

  test("a source document of the corpus is not checked as a note", async () => {
    const uri = fileUri(join(EMBEDDED_CORPUS, "borah2024.md"));
    const { readFileSync } = await import("node:fs");
    await client.open(uri, readFileSync(join(EMBEDDED_CORPUS, "borah2024.md"), "utf8"));
    // A probe note opened after it is checked; by then the source would have been too.
    const probe = fileUri(join(workspace.dir, "probe.md"));
    await client.open(probe, "Japan's Security Legislation was enacted in 2013 [@borah2024].\n");
    await client.diagnostics(probe);
    assert.equal(client.publications(uri).length, 0);
    await client.close(uri);
  });
});

describe("settings shape diagnostics", () => {
  const workspace = tempFolder();
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir], settings: { severity: { "unsourced-claim": "off", "unknown-name": "hint" } } });
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test("severity per code: off removes a code, hint lowers it", async () => {
    const uri = fileUri(join(workspace.dir, "note.md"));
    await client.open(uri, NOTE);
    const diagnostics = await client.diagnostics(uri);
    assert.ok(!diagnostics.some((d) => d.code === "unsourced-claim"));
    assert.equal(diagnostics.find((d) => d.code === "unknown-name")?.severity, DiagnosticSeverity.Hint);
  });

  test("changing a setting while the server runs re-checks open notes", async () => {
    const uri = fileUri(join(workspace.dir, "note2.md"));
    await client.open(uri, NOTE);
    await client.diagnostics(uri);
    const count = client.publications(uri).length;
    await client.setSettings({ severity: { "unsourced-claim": "error" } });
    const after = await client.nextDiagnostics(uri, count, (d) => d.some((x) => x.code === "unsourced-claim"), "unsourced-claim back");
    assert.equal(after.find((d) => d.code === "unsourced-claim")?.severity, DiagnosticSeverity.Error);
    assert.equal(after.find((d) => d.code === "unknown-name")?.severity, DiagnosticSeverity.Warning, "back to the default");
  });

  test("notes.include decides which Markdown files are notes", async () => {
    const earlier = fileUri(join(workspace.dir, "note2.md"));
    const count = client.publications(earlier).length;
    await client.setSettings({ notes: { include: ["notes/**/*.md"] } });
    // note2.md, open since the last test, stops being a note: its diagnostics are withdrawn.
    await client.nextDiagnostics(earlier, count, (d) => d.length === 0, "note2.md cleared");
    const inside = fileUri(join(workspace.dir, "notes", "a.md"));
    const outside = fileUri(join(workspace.dir, "README.md"));
    await client.open(outside, NOTE);
    await client.open(inside, NOTE);
    assert.equal((await client.diagnostics(inside)).length, NOTE_EXPECTED.length);
    assert.equal(client.publications(outside).length, 0, "README.md is not a note");
  });
});
