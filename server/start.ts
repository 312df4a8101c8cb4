// Entry point: `node start.js --stdio` (editors, the VS Code client among them),
// `--socket=PORT` or `--node-ipc`. Over a stream (stdio, a socket) messages are
// written by wire.ts, which reuses each diagnostic's bytes from one publish to the
// next; over IPC, node serialises them itself.

import { createConnection as connectSocket } from "node:net";
import { format } from "node:util";
import { createConnection, ProposedFeatures, SocketMessageReader, SocketMessageWriter, StreamMessageReader, StreamMessageWriter, type Connection } from "vscode-languageserver/node";
import { isExtractWorker } from "../host/extractWorker.js";
import { BriefingServer } from "./server.js";
import { inputArrived } from "./slices.js";
import { WRITER_OPTIONS } from "./wire.js";

/** The port of `--socket=PORT` or `--socket PORT`. */
function socketPort(argv: string[]): number | undefined {
  const i = argv.findIndex((a) => a === "--socket" || a.startsWith("--socket="));
  if (i < 0) return undefined;
  const port = Number(argv[i] === "--socket" ? argv[i + 1] : argv[i].slice("--socket=".length));
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

function connect(): Connection {
  const argv = process.argv.slice(2);
  if (argv.includes("--stdio")) {
    const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout, WRITER_OPTIONS));
    // stdout carries the protocol: anything a library prints goes to the log instead.
    console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
    console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
    console.error = (...args: unknown[]) => connection.console.error(format(...args));
    // The editor went away without `exit`: so does the server.
    process.stdin.on("end", () => process.exit(1));
    return connection;
  }
  const port = socketPort(argv);
  if (port !== undefined) {
    const socket = connectSocket(port, "127.0.0.1");
    socket.on("close", () => process.exit(1));
    return createConnection(ProposedFeatures.all, new SocketMessageReader(socket, "utf-8"), new SocketMessageWriter(socket, WRITER_OPTIONS));
  }
  // --node-ipc, --pipe: the library reads the transport from argv.
  return createConnection(ProposedFeatures.all);
}

export function startServer(): void {
  new BriefingServer(connect()).listen();
  // Long work gives way while a large message streams in over stdio (see slices.ts).
  if (process.argv.includes("--stdio")) process.stdin.on("data", inputArrived);
}

// The bundle is also started as a corpus-loading worker thread (host/extractPool.ts):
// that thread only extracts documents.
if (!isExtractWorker()) startServer();
