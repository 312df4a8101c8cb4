// Entry point: `node start.js --stdio` (terminal editors), `--node-ipc` (the VS Code
// client) or `--socket=PORT`; vscode-languageserver reads the transport from argv.

import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { isExtractWorker } from "../host/extractWorker.js";
import { BriefingServer } from "./server.js";

export function startServer(): void {
  new BriefingServer(createConnection(ProposedFeatures.all)).listen();
}

// The bundle is also started as a corpus-loading worker thread (host/extractPool.ts):
// that thread only extracts documents.
if (!isExtractWorker()) startServer();
