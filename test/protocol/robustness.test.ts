// Bad input never takes the server down: odd text, hostile lines, positions past
// the end, malformed requests, unopened documents. Each answer is empty or sane,
// and the server keeps serving afterwards.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ErrorCodes } from "vscode-languageserver-protocol/node";
import { TestClient, fileUri, tempFolder } from "./harness.js";

describe("robustness", () => {
  const workspace = tempFolder();
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir] });
    await client.corpusLoaded();
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  const stillServing = async () => {
    const uri = fileUri(join(workspace.dir, `alive-${Math.random().toString(36).slice(2)}.md`));
    await client.open(uri, "Japan enacted its Security Legislation in 2013 [@borah2024].\n");
    assert.equal((await client.diagnostics(uri))[0]?.code, "date-conflict");
    assert.equal(client.exitCode, null);
  };

  test("binary junk, control characters and unbalanced markup", async () => {
    const uri = fileUri(join(workspace.dir, "junk.md"));
    const junk = "\u0000\u0001\u0002 [@ [[[ @@@ ]]] ```\n" + "\uFFFD\uD800 lone surrogate \uDC00\n" + "| a | b\n|---\n[^x]: [@]\n# [@bhattacharjee2022\n";
    await client.open(uri, junk);
    await client.diagnostics(uri);
    for (let line = 0; line < 6; line++) {
      for (const character of [0, 1, 3, 10]) {
        await client.hover(uri, { line, character });
        await client.completion(uri, { line, character });
        await client.definition(uri, { line, character });
      }
    }
    await stillServing();
  });

  test("a huge single-line note with hostile citation syntax answers quickly", async () => {
    const uri = fileUri(join(workspace.dir, "huge.md"));
    const line = "India [@a; @b [@c @d @@ [see @e".repeat(2500) + " and Dharma Gu";
    const started = Date.now();
    await client.open(uri, line + "\n");
    await client.diagnostics(uri);
    const end = { line: 0, character: line.length };
    await client.completion(uri, end);
    await client.hover(uri, { line: 0, character: 40_000 });
    assert.ok(Date.now() - started < 10_000, `answered in ${Date.now() - started} ms`);
    await stillServing();
  });

  test("positions past the end answer empty", async () => {
    const uri = fileUri(join(workspace.dir, "short.md"));
    await client.open(uri, "Short note [@borah2024].\n");
    await client.diagnostics(uri);
    assert.equal(await client.hover(uri, { line: 3, character: 0 }), null);
    assert.deepEqual((await client.completion(uri, { line: 0, character: 500 })).items, []);
    assert.deepEqual(await client.definition(uri, { line: 99, character: 99 }), []);
    assert.deepEqual(await client.references(uri, { line: 99, character: 99 }), []);
    await stillServing();
  });

  test("requests no editor sends (no params, no position, negative or text positions, no range, no document) get InvalidParams, and nothing is logged as a server fault", async () => {
    const uri = fileUri(join(workspace.dir, "malformed.md"));
    await client.open(uri, "Short note [@borah2024].\n");
    await client.diagnostics(uri);
    const logsBefore = client.logs.length;
    const malformed: [string, unknown][] = [
      ["textDocument/hover", { textDocument: { uri } }],
      ["textDocument/hover", { textDocument: { uri }, position: { line: -1, character: -5 } }],
      ["textDocument/completion", { textDocument: { uri }, position: { line: "0", character: "1" } }],
      ["textDocument/definition", { textDocument: { uri: 42 }, position: { line: 0, character: 0 } }],
      ["textDocument/references", { position: { line: 0, character: 0 }, context: null }],
      ["textDocument/codeAction", { textDocument: { uri }, range: null, context: null }],
      ["workspace/symbol", { query: 7 }],
      // No params (this client leaves out null ones; test/fuzz/regressions sends them raw).
      ["textDocument/hover", null],
      ["textDocument/completion", null],
      ["completionItem/resolve", null],
      ["textDocument/codeAction", null],
      ["textDocument/definition", null],
      ["textDocument/references", null],
      ["workspace/symbol", null],
    ];
    for (const [method, params] of malformed) {
      await assert.rejects(client.connection.sendRequest(method, params), (e: { code?: number; message?: string }) => {
        assert.equal(e.code, ErrorCodes.InvalidParams, `${method} ${JSON.stringify(params)}: ${e.message}`);
        return true;
      });
    }
    const faults = client.logs.slice(logsBefore).filter((l) => / failed: /.test(l.message));
    assert.deepEqual(faults, []);
    await stillServing();
  });

  test("requests about documents that were never opened answer empty", async () => {
    const uri = fileUri(join(workspace.dir, "not-open.md"));
    assert.equal(await client.hover(uri, { line: 0, character: 0 }), null);
    assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }), []);
    assert.deepEqual((await client.completion("untitled:Untitled-9", { line: 0, character: 0 })).items, []);
    await stillServing();
  });

  test("an unsaved (untitled) note is checked too", async () => {
    const uri = "untitled:Untitled-1";
    await client.open(uri, "The first 2+2 dialogue between India and Japan was held in 2018 [@smallsteps2024].\n");
    assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ["date-conflict"]);
  });
});
