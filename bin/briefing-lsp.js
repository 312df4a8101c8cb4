#!/usr/bin/env node
// The Briefing Notes language server, for any editor that speaks LSP:
//   briefing-lsp --stdio
// (also --node-ipc or --socket=PORT). The code is built into out/ by `npm install`.
import { existsSync } from "node:fs";

const USAGE = `Usage: briefing-lsp [--stdio | --node-ipc | --socket=PORT]

Starts the Briefing Notes language server (stdio when no transport is given).
Settings come from the editor's "briefingNotes" section; see docs/editors.md.
`;

const args = process.argv.slice(2);
if (args.includes("-h") || args.includes("--help")) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (args.includes("--version")) {
  const { readFileSync } = await import("node:fs");
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
  process.exit(0);
}
// vscode-languageserver picks the transport from argv; stdio is what editors expect by default.
if (!args.some((a) => a === "--stdio" || a === "--node-ipc" || a === "--socket" || a.startsWith("--socket=") || a.startsWith("--pipe="))) process.argv.push("--stdio");

const entry = new URL("../out/server/start.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("briefing-lsp: the project is not built yet; run `npm install` (or `npm run build`) first\n");
  process.exit(2);
}
await import(entry.href);
