// Entry point: `node start.js --stdio` (terminal editors), `--node-ipc` (the VS Code
// client) or `--socket=PORT`; vscode-languageserver reads the transport from argv.

import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { isExtractWorker } from "../host/extractWorker.js";
import { BriefingServer } from "./server.js";
import { inputArrived } from "./slices.js";

export function startServer(): void {
  new BriefingServer(createConnection(ProposedFeatures.all)).listen();
  // Long work gives way while a large message streams in over stdio (see slices.ts).
  if (process.argv.includes("--stdio")) process.stdin.on("data", inputArrived);
}

// The bundle is also started as a corpus-loading worker thread (host/extractPool.ts):
// that thread only extracts documents.
if (!isExtractWorker()) startServer();
