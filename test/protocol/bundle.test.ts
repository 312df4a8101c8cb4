// The bundled server the VS Code extension ships (dist/server.cjs, CommonJS, with
// the ESM-only Markdown parser inside) must behave like the one built by tsc: it
// starts, finds the embedded corpus beside the bundle, and publishes diagnostics,
// over stdio (how the VS Code client starts it), node IPC and a socket.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { before, describe, test } from "node:test";
import { ROOT, TestClient, fileUri, lineOf, positionOf, tempFolder } from "./harness.js";
import { NOTE, NOTE_EXPECTED } from "./fixtures.js";

const run = promisify(execFile);

describe("the esbuild bundle", () => {
  before(async () => {
    await run(process.execPath, [join(ROOT, "esbuild.config.mjs")], { cwd: ROOT });
  });

  for (const transport of ["stdio", "ipc", "socket"] as const) {
    test(`dist/server.cjs answers over ${transport}`, async () => {
      const workspace = tempFolder();
      const client = await TestClient.start({
        command: [process.execPath, join(ROOT, "dist", "server.cjs"), "--stdio"],
        workspaceFolders: [workspace.dir],
        transport,
      });
      try {
        const status = await client.corpusLoaded();
        assert.equal(status.documents, 5, "the embedded corpus is found from the bundle");
        assert.deepEqual(status.folders, [join(ROOT, "corpus")]);
        const uri = fileUri(join(workspace.dir, "note.md"));
        await client.open(uri, NOTE);
        const got = (await client.diagnostics(uri)).map((d) => `${d.range.start.line}:${d.code}`).sort();
        assert.deepEqual(got, NOTE_EXPECTED.map(([needle, code]) => `${lineOf(NOTE, needle)}:${code}`).sort());
        const hover = await client.hover(uri, positionOf(NOTE, "Yasukazu Hamada", 2));
        assert.ok(hover, "hover answers");
      } finally {
        await client.stop();
        workspace.cleanup();
      }
    });
  }
});
