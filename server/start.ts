// Entry point: `node start.js --stdio` (terminal editors), `--node-ipc` (the VS Code
// client) or `--socket=PORT`; vscode-languageserver reads the transport from argv.

import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { BriefingServer } from "./server.js";

export function startServer(): void {
  new BriefingServer(createConnection(ProposedFeatures.all)).listen();
}

startServer();
