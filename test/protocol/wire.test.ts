// What the server writes to a stream must be exactly what the library would write:
// wire.ts only saves work (a diagnostic's bytes are made once and reused).

import assert from "node:assert/strict";
import { test } from "node:test";
import type { Message } from "vscode-languageserver/node";
import { encodeMessage } from "../../server/wire.js";

const diagnostic = (line: number, message: string) => ({
  range: { start: { line, character: 0 }, end: { line, character: 4 } },
  severity: 2,
  code: "unsourced-claim",
  source: "briefing-notes",
  message,
  relatedInformation: [{ location: { uri: "file:///c/s%201.md", range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } } }, message: "s1: “quoted” — text ✓ \u2028 \"escaped\" \\ 𝔸" }],
});

const publish = (params: Record<string, unknown>): Message => ({ jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params }) as Message;

test("a publish is encoded as the library encodes it, with or without a version, and again after reuse", () => {
  const shared = diagnostic(3, "Shared – sent in two publishes");
  const messages = [
    publish({ uri: "file:///n%C3%A9/note.md", version: 7, diagnostics: [diagnostic(0, "First"), shared] }),
    publish({ uri: "file:///note.md", version: null, diagnostics: [shared] }),
    publish({ uri: "file:///note.md", diagnostics: [] }),
    publish({ uri: "file:///note.md", version: 8, diagnostics: [shared, diagnostic(9, "Ünïcödé 名前")] }),
  ];
  for (const m of messages) {
    const bytes = encodeMessage(m);
    assert.deepEqual(bytes, Buffer.from(JSON.stringify(m), "utf8"));
    assert.deepEqual(JSON.parse(bytes.toString("utf8")), m);
  }
});

test("other messages, and publishes with anything unexpected in them, take the library's encoding", () => {
  const messages: Message[] = [
    { jsonrpc: "2.0", id: 1, result: { contents: { kind: "markdown", value: "Hover — “text”" } } } as Message,
    { jsonrpc: "2.0", method: "window/logMessage", params: { type: 3, message: "corpus: 5 sources" } } as Message,
    publish({ uri: "file:///note.md", version: 1, diagnostics: [diagnostic(0, "x")], extra: true }),
    publish({ uri: "file:///note.md", version: 1, diagnostics: [null] }),
    { jsonrpc: "2.0", id: 2, method: "textDocument/publishDiagnostics", params: { uri: "file:///n.md", diagnostics: [] } } as Message,
  ];
  for (const m of messages) assert.deepEqual(encodeMessage(m), Buffer.from(JSON.stringify(m), "utf8"));
});
