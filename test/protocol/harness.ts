// A minimal LSP client for the protocol tests: starts the server as a child
// process over stdio and talks to it with vscode-languageserver-protocol, the
// library VS Code's own client is built on. It records what an editor would
// receive (diagnostics, messages, status, registrations) and answers what an
// editor would be asked (workspace/configuration, client/registerCapability).
//
// Helper module, not a test: it has no side effects when the test runner loads it.

import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CodeActionRequest,
  CompletionRequest,
  CompletionResolveRequest,
  ConfigurationRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  IPCMessageReader,
  IPCMessageWriter,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  SocketMessageReader,
  SocketMessageWriter,
  WorkspaceSymbolRequest,
  createProtocolConnection,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type Location,
  type LogMessageParams,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type ShowMessageParams,
  type SymbolInformation,
  type WorkspaceSymbol,
} from "vscode-languageserver-protocol/node";
import { URI } from "vscode-uri";
import { CORPUS_INDEX, CORPUS_STATUS, type CorpusIndexResult, type CorpusStatus } from "../../server/protocol.js";

/** The project root (tests run from out/test/protocol). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const EMBEDDED_CORPUS = join(ROOT, "corpus");
export const SERVER_COMMAND = [process.execPath, join(ROOT, "bin", "briefing-lsp.js"), "--stdio"];

const TIMEOUT_MS = 15_000;

export interface StartOptions {
  /** The `briefingNotes` settings section the client answers with. */
  settings?: Record<string, unknown>;
  workspaceFolders?: string[];
  initializationOptions?: Record<string, unknown>;
  /** Defaults to the built bin/briefing-lsp.js. */
  command?: string[];
  /** Answer workspace/configuration (true) or behave like a client that cannot (false). */
  configuration?: boolean;
  /** Register file watchers for the server (true) or leave watching to the server (false). */
  watchers?: boolean;
  /** How to talk to the server: stdio (the default, as the VS Code client and terminal editors do), node IPC (`--node-ipc`) or a TCP socket the client listens on (`--socket=PORT`). */
  transport?: "stdio" | "ipc" | "socket";
  /** Declare that completion items' documentation can be resolved later, as VS Code does. */
  resolveDocumentation?: boolean;
}

/** Starts the server and connects to it over `transport`. */
async function connectTo(command: string[], transport: "stdio" | "ipc" | "socket"): Promise<{ child: ChildProcess; connection: ProtocolConnection }> {
  const [cmd, ...rest] = command;
  const args = rest.filter((a) => a !== "--stdio");
  if (transport === "ipc") {
    const child = spawn(cmd, [...args, "--node-ipc"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe", "ipc"] });
    return { child, connection: createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)) };
  }
  if (transport === "socket") {
    // The editor listens; the server connects to the port it is given.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
    const child = spawn(cmd, [...args, `--socket=${(server.address() as AddressInfo).port}`], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    const socket = await accepted;
    server.close();
    return { child, connection: createProtocolConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket)) };
  }
  const child = spawn(cmd, [...args, "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  return { child, connection: createProtocolConnection(child.stdout!, child.stdin!) };
}

export class TestClient {
  readonly statuses: CorpusStatus[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly registrations: Registration[] = [];
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  private stderr = "";

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    public settings: Record<string, unknown>,
  ) {}

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const { child, connection } = await connectTo(options.command ?? SERVER_COMMAND, options.transport ?? "stdio");
    const client = new TestClient(connection, child, options.settings ?? {});
    child.stderr!.on("data", (d) => (client.stderr += d.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => client.record(() => client.published.set(p.uri, [...(client.published.get(p.uri) ?? []), p])));
    connection.onNotification(ShowMessageNotification.type, (p) => client.record(() => client.messages.push(p)));
    connection.onNotification(LogMessageNotification.type, (p) => client.record(() => client.logs.push(p)));
    connection.onNotification(CORPUS_STATUS, (p: CorpusStatus) => client.record(() => client.statuses.push(p)));
    connection.onRequest(ConfigurationRequest.type, (p) => p.items.map((item) => (item.section === "briefingNotes" ? client.settings : null)));
    connection.onRequest(RegistrationRequest.type, (p) => {
      client.record(() => client.registrations.push(...p.registrations));
    });
    connection.onRequest("client/unregisterCapability", () => null);
    connection.onRequest("window/showMessageRequest", () => null);
    connection.listen();

    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: options.configuration !== false,
        didChangeConfiguration: { dynamicRegistration: false },
        didChangeWatchedFiles: { dynamicRegistration: options.watchers !== false, relativePatternSupport: true },
        workspaceFolders: true,
        workspaceEdit: { documentChanges: true },
        symbol: { dynamicRegistration: false },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        hover: { contentFormat: ["markdown", "plaintext"] },
        completion: {
          completionItem: { documentationFormat: ["markdown", "plaintext"], ...(options.resolveDocumentation ? { resolveSupport: { properties: ["documentation", "detail"] } } : {}) },
          contextSupport: true,
        },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } }, isPreferredSupport: true },
        definition: { linkSupport: false },
        references: {},
      },
    };
    const folders = options.workspaceFolders ?? [];
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0] ? URI.file(folders[0]).toString() : null,
      workspaceFolders: folders.map((f) => ({ uri: URI.file(f).toString(), name: f })),
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private record(update: () => void): void {
    update();
    for (const w of [...this.waiters]) w();
  }

  /** Waits until `probe` returns something other than undefined, re-checking as messages arrive. */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = TIMEOUT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (e) {
          finish();
          reject(e);
          return;
        }
        if (value === undefined) return;
        finish();
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nserver stderr:\n${this.stderr.slice(-3000)}\nlog:\n${this.logs.map((l) => l.message).join("\n").slice(-3000)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves once a corpus has finished loading (the n-th time, counting from 1). */
  corpusLoaded(times = 1): Promise<CorpusStatus> {
    return this.waitFor(`corpus load #${times}`, () => this.statuses.filter((s) => !s.loading)[times - 1]);
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "markdown", version: 1, text } });
  }

  /** Replaces the whole text, as an editor may (a change event without a range). */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental edit, as VS Code sends while typing. */
  async edit(uri: string, range: Range, newText: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyEdits(this.texts.get(uri) ?? "", [{ range, newText }]));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? "";
  }

  /** Every publishDiagnostics received for the URI, oldest first. */
  publications(uri: string): PublishDiagnosticsParams[] {
    return this.published.get(uri) ?? [];
  }

  /** The diagnostics published for the document's current version. */
  diagnostics(uri: string): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    return this.waitFor(`diagnostics for ${uri} v${version}`, () => [...this.publications(uri)].reverse().find((p) => p.version === version)?.diagnostics);
  }

  /** The first diagnostics published after `count` publications that satisfy `accept`. */
  nextDiagnostics(uri: string, after: number, accept: (d: Diagnostic[]) => boolean = () => true, what = "new diagnostics"): Promise<Diagnostic[]> {
    return this.waitFor(`${what} for ${uri}`, () => this.publications(uri).slice(after).find((p) => accept(p.diagnostics))?.diagnostics);
  }

  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { briefingNotes: settings } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position, triggerCharacter?: string): Promise<CompletionList> {
    const context = triggerCharacter ? { triggerKind: 2 as const, triggerCharacter } : { triggerKind: 1 as const };
    const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context });
    if (!result) return { isIncomplete: false, items: [] };
    return Array.isArray(result) ? { isIncomplete: false, items: result as CompletionItem[] } : result;
  }

  resolveCompletion(item: CompletionItem): Promise<CompletionItem> {
    return this.connection.sendRequest(CompletionResolveRequest.type, item);
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
    return (result ?? []).filter((a: Command | CodeAction): a is CodeAction => "kind" in a || "edit" in a);
  }

  async definition(uri: string, position: Position): Promise<Location[]> {
    const result = await this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
    if (!result) return [];
    return (Array.isArray(result) ? result : [result]) as Location[];
  }

  async references(uri: string, position: Position, includeDeclaration = false): Promise<Location[]> {
    return (await this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } })) ?? [];
  }

  async workspaceSymbols(query: string): Promise<SymbolInformation[]> {
    const result = (await this.connection.sendRequest(WorkspaceSymbolRequest.type, { query })) ?? [];
    return result as (SymbolInformation | WorkspaceSymbol)[] as SymbolInformation[];
  }

  corpusIndex(): Promise<CorpusIndexResult> {
    return this.connection.sendRequest(CORPUS_INDEX);
  }

  get serverStderr(): string {
    return this.stderr;
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), delay(3000)]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Already gone.
    }
    await Promise.race([new Promise((r) => this.child.once("exit", r)), delay(2000)]);
    if (this.child.exitCode === null) this.child.kill();
    this.connection.dispose();
  }
}

/** A timer that does not keep the test process alive once everything else is done. */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** The position of `needle` in `text` (its first occurrence), plus `shift` characters. */
export function positionOf(text: string, needle: string, shift = 0, occurrence = 1): Position {
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" not found in the test text`);
  const offset = at + shift;
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}

/** The 0-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  return positionOf(text, needle).line;
}

export function rangeOf(text: string, needle: string): Range {
  return { start: positionOf(text, needle), end: positionOf(text, needle, needle.length) };
}

/** Applies LSP text edits (non-overlapping) to a string. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const offset = (p: Position) => {
    const lines = text.split("\n");
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** A temporary folder with the given files; `cleanup` removes it. */
export function tempFolder(files: Record<string, string | Buffer> = {}): { dir: string; write(rel: string, content: string | Buffer): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "briefing-lsp-"));
  const write = (rel: string, content: string | Buffer) => {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const fileUri = (path: string) => URI.file(path).toString();

/** A diagnostic message as text (LSP 3.18 allows Markdown content there). */
export const messageOf = (d: { message: string | { value: string } }): string => (typeof d.message === "string" ? d.message : d.message.value);
