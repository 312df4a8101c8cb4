// The fuzzer: starts the built language server over stdio and drives it with a long
// random sequence of what editors send, good and bad: opens, full and incremental
// edits (ranges out of range, reversed, fractional, splitting surrogate pairs),
// empty and 5 MB lines, lone surrogates, binary bytes (also as invalid UTF-8 on the
// wire), 100 000-line notes, Markdown edge cases and half-typed citations; hover,
// completion, definition, references, code actions and workspace symbols, also on
// closed, never-opened and nonsense URIs and with malformed parameters; cancellations;
// closes. It asserts that the server stays up and answers every request, with a
// result or a proper JSON-RPC error, within a second, and that diagnostics still
// come through. Everything random comes from one seed: the same seed replays the
// same sequence.
//
// Used by fuzz.test.ts (a short run in `npm test`) and run.mjs (`npm run fuzz`).
// Helper module, not a test: it has no side effects when the test runner loads it.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { URI } from "vscode-uri";
import { NoteMaker, Rng, hugeLine, junk, loadMaterial, manyLines, surrogates, type Material } from "./generators.js";
import { RpcClient, sleep, type Answer } from "./rpc.js";

/** The project root (this file runs from out/test/fuzz). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const CORPUS_DIR = join(ROOT, "corpus");

export interface FuzzOptions {
  seed: number;
  iterations: number;
  /** Every request must be answered within this (ms). */
  budgetMs?: number;
  /** How long an unanswered request may take before the server counts as hung (ms). */
  hangMs?: number;
  /** How often (0..1) an iteration sends something huge: a 5 MB line or a 100 000-line note. */
  hugeRate?: number;
  /** Stop after this many failures (each is reported with its iteration). */
  maxFailures?: number;
  command?: string[];
  /** Progress lines (the long run prints them). */
  progress?: (line: string) => void;
  progressEvery?: number;
}

export interface Failure {
  iteration: number;
  kind: "crash" | "hang" | "slow" | "malformed" | "protocol" | "diagnostics";
  detail: string;
}

export interface FuzzReport {
  seed: number;
  iterations: number;
  requests: number;
  notifications: number;
  crashes: number;
  hangs: number;
  /** Requests answered, but later than the budget. */
  slow: number;
  malformed: number;
  restarts: number;
  slowest: { ms: number; method: string; iteration: number };
  /** JSON-RPC error answers by code (cancelled, unknown method, invalid params …). */
  errorCodes: Record<string, number>;
  /** Distinct handler failures the server logged (it answered, but something threw inside). */
  loggedFailures: string[];
  /** Liveness probes: a fresh note's diagnostics arrived. */
  probes: number;
  failures: Failure[];
  elapsedMs: number;
  budgetMs: number;
  /** How often an iteration sent something huge: part of what a replay needs. */
  hugeRate: number;
}

const SERVER_COMMAND = [process.execPath, join(ROOT, "bin", "briefing-lsp.js"), "--stdio"];
type Pos = { line: number; character: number };

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const f = new Fuzzer(options);
  try {
    return await f.run();
  } finally {
    await f.dispose();
  }
}

class Fuzzer {
  private readonly rng: Rng;
  private readonly maker: NoteMaker;
  private readonly material: Material;
  private readonly budget: number;
  private readonly hangMs: number;
  private readonly hugeRate: number;
  private readonly workspace = mkdtempSync(join(tmpdir(), "briefing-fuzz-"));
  private rpc!: RpcClient;
  /** The fuzzer's copy of what the server holds, updated by the same library the server uses. */
  private readonly docs = new Map<string, TextDocument>();
  private readonly noteUris: string[];
  private readonly otherUris: string[];
  private settings: Record<string, unknown> = { debounceMs: 0 };
  private iteration = 0;
  private probeCount = 0;
  private readonly report: FuzzReport;
  private readonly logged = new Set<string>();
  /** The last few things sent, to say what led up to a failure. */
  private readonly recent: string[] = [];

  constructor(private readonly options: FuzzOptions) {
    this.rng = new Rng(options.seed);
    this.material = loadMaterial(CORPUS_DIR);
    this.maker = new NoteMaker(this.rng, this.material);
    this.budget = options.budgetMs ?? 1000;
    this.hangMs = options.hangMs ?? 20_000;
    this.hugeRate = options.hugeRate ?? 0.002;
    const file = (name: string) => URI.file(join(this.workspace, name)).toString();
    // Notes the server checks: on disk or not, saved or untitled.
    this.noteUris = [file("a.md"), file("b.md"), file("notes/c.markdown"), file("ünïcode note #1.md"), "untitled:Untitled-1", "untitled:Untitled-2"];
    // Things that are not notes, or not even valid: a corpus source, a text file, nonsense.
    this.otherUris = [
      URI.file(join(CORPUS_DIR, this.material.keys[0] + ".md")).toString(),
      file("plain.txt"),
      file("never-opened.md"),
      "file:///nonexistent/folder/x.md",
      "",
      "not a uri",
      "file://",
      "http://example.org/note.md",
      "untitled:",
      "file:///bad%E0%A4%A.md",
      "file:///" + "x/".repeat(500) + "deep.md",
    ];
    writeFileSync(join(this.workspace, "a.md"), "Japan enacted its Security Legislation in 2015 [@borah2024].\n");
    writeFileSync(join(this.workspace, "plain.txt"), "plain text\n");
    this.report = {
      seed: options.seed,
      iterations: 0,
      requests: 0,
      notifications: 0,
      crashes: 0,
      hangs: 0,
      slow: 0,
      malformed: 0,
      restarts: 0,
      slowest: { ms: 0, method: "", iteration: 0 },
      errorCodes: {},
      loggedFailures: [],
      probes: 0,
      failures: [],
      elapsedMs: 0,
      budgetMs: this.budget,
      hugeRate: this.hugeRate,
    };
  }

  async run(): Promise<FuzzReport> {
    const started = Date.now();
    await this.start();
    const every = this.options.progressEvery ?? 1000;
    for (this.iteration = 1; this.iteration <= this.options.iterations; this.iteration++) {
      await this.step();
      this.report.iterations = this.iteration;
      if (this.rpc.exited) await this.crashed();
      if (this.iteration % 250 === 0) await this.probe();
      if (this.options.progress && this.iteration % every === 0) this.options.progress(progressLine(this.report, Date.now() - started));
      if (this.report.failures.length >= (this.options.maxFailures ?? Infinity)) break;
    }
    await this.probe();
    this.collectLogs();
    this.report.elapsedMs = Date.now() - started;
    return this.report;
  }

  async dispose(): Promise<void> {
    await this.rpc?.stop();
    rmSync(this.workspace, { recursive: true, force: true });
  }

  private fail(kind: Failure["kind"], detail: string): void {
    const context = kind === "slow" || kind === "hang" || kind === "crash" ? `\n    leading up to it:\n      ${this.recent.join("\n      ")}` : "";
    this.report.failures.push({ iteration: this.iteration, kind, detail: detail.slice(0, 2000) + context });
  }

  // --- the server's life ---------------------------------------------------------

  private async start(): Promise<void> {
    this.docs.clear();
    this.rpc = new RpcClient({ command: this.options.command ?? SERVER_COMMAND, cwd: ROOT, settings: this.settings });
    const init = this.rpc.request("initialize", {
      processId: process.pid,
      rootUri: URI.file(this.workspace).toString(),
      workspaceFolders: [{ uri: URI.file(this.workspace).toString(), name: "fuzz" }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true }, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ["markdown", "plaintext"] },
          // As VS Code: documentation resolved for the selected item (completionItem/resolve).
          completion: { completionItem: { documentationFormat: ["markdown", "plaintext"], resolveSupport: { properties: ["documentation"] } }, contextSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
        },
      },
    });
    const answer = await Promise.race([init.answer, sleep(30_000).then(() => null)]);
    if (!answer || answer.kind !== "result") throw new Error(`the server did not initialize: ${answer?.detail ?? "no answer in 30 s"}\n${this.rpc.stderr}`);
    this.rpc.notify("initialized", {});
    await this.rpc.until("the corpus to load", () => this.rpc.notifications.find((n) => n.method === "briefingNotes/corpusStatus" && !(n.params as { loading: boolean }).loading), 30_000);
  }

  private async crashed(): Promise<void> {
    this.report.crashes++;
    this.fail("crash", `server exited (${this.rpc.exited?.code ?? this.rpc.exited?.signal}); stderr:\n${this.rpc.stderr.slice(-1500)}`);
    await this.restart();
  }

  private async restart(): Promise<void> {
    this.collectLogs();
    await this.rpc.stop();
    this.report.restarts++;
    await this.start();
  }

  /** Handler failures the server logged: answered with a fallback, but a bug all the same. */
  private collectLogs(): void {
    for (const n of this.rpc.notifications.splice(0)) {
      if (n.method !== "window/logMessage") continue;
      const message = String((n.params as { message: string }).message);
      if (!/ failed: /.test(message)) continue;
      const key = message.split("\n").slice(0, 2).join(" | ").slice(0, 300);
      if (!this.logged.has(key)) {
        this.logged.add(key);
        this.report.loggedFailures.push(key);
      }
    }
  }

  // --- one step ----------------------------------------------------------------

  private async step(): Promise<void> {
    const r = this.rng;
    if (r.chance(this.hugeRate)) return this.huge();
    switch (
      r.weighted({ open: 6, edit: 30, full: 5, request: 32, cancel: 5, close: 4, raw: 1, burst: 4, pause: 3, settings: 0.5, edge: 4, lifecycle: 0.5 })
    ) {
      case "open":
        return this.open(this.pickUri(0.9), this.text());
      case "edit":
        return this.edit(this.pickOpen() ?? this.pickUri(0.8));
      case "full":
        return this.change(this.pickOpen() ?? this.pickUri(0.8), [{ text: this.text() }]);
      case "request":
        return this.requests(r.between(1, 3));
      case "cancel":
        return this.cancel();
      case "close":
        return this.close(r.chance(0.8) ? (this.pickOpen() ?? this.pickUri(0.5)) : this.pickUri(0.3));
      case "raw":
        return this.raw();
      case "burst": {
        const uri = this.pickOpen() ?? this.pickUri(1);
        for (let k = r.between(2, 30); k > 0; k--) this.edit(uri);
        return this.requests(r.between(1, 2), uri);
      }
      case "pause":
        await sleep(r.int(r.chance(0.8) ? 60 : 500));
        return;
      case "settings":
        return this.configure();
      case "edge":
        return r.chance(0.5) ? this.open(this.pickUri(1), this.maker.edgeCase()) : this.insert(this.pickOpen() ?? this.pickUri(1), this.maker.edgeCase());
      default:
        return this.lifecycle();
    }
  }

  private pickUri(noteShare: number): string {
    return this.rng.chance(noteShare) ? this.rng.pick(this.noteUris) : this.rng.pick(this.otherUris);
  }

  private pickOpen(): string | undefined {
    const open = [...this.docs.keys()];
    return open.length ? this.rng.pick(open) : undefined;
  }

  private text(): string {
    const r = this.rng;
    switch (r.weighted({ note: 8, edge: 3, junk: 1, surrogates: 1, empty: 1, medium: 1 })) {
      case "note":
        return this.maker.note(r.between(1, 40));
      case "edge":
        return Array.from({ length: r.between(1, 4) }, () => this.maker.edgeCase()).join("\n");
      case "junk":
        return junk(r, r.between(1, 5000));
      case "surrogates":
        return surrogates(r, this.maker.note(r.between(1, 10)));
      case "empty":
        return "";
      default:
        return this.maker.note(r.between(100, 1500));
    }
  }

  // --- notifications -------------------------------------------------------------

  private note(what: string): void {
    this.recent.push(`#${this.iteration} ${what}`);
    if (this.recent.length > 12) this.recent.shift();
  }

  private notify(method: string, params: unknown): void {
    this.note(`${method} ${preview(params, 160)}`);
    this.report.notifications++;
    this.rpc.notify(method, params);
  }

  private open(uri: string, text: string): void {
    const version = this.rng.chance(0.05) ? this.rng.pick([0, -1, 2 ** 31 - 1]) : 1;
    const languageId = this.rng.chance(0.9) ? "markdown" : this.rng.pick(["plaintext", "", "markdown\u0000"]);
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
  }

  private change(uri: string, contentChanges: unknown[]): void {
    const doc = this.docs.get(uri);
    const version = doc ? doc.version + 1 : this.rng.int(5);
    // Mirror what the server does with the same changes (it uses the same library).
    if (doc) {
      try {
        this.docs.set(uri, TextDocument.update(doc, contentChanges as never, version));
      } catch {
        this.docs.set(uri, TextDocument.create(uri, "markdown", version, doc.getText()));
      }
    }
    this.notify("textDocument/didChange", { textDocument: { uri, version: this.rng.chance(0.01) ? null : version }, contentChanges });
  }

  /** One incremental edit (sometimes several in one notification): typing, deleting, pasting, or a bad range. */
  private edit(uri: string): void {
    const doc = this.docs.get(uri);
    const changes: unknown[] = [];
    for (let k = this.rng.chance(0.1) ? this.rng.between(2, 5) : 1; k > 0; k--) changes.push(this.oneEdit(doc));
    if (this.rng.chance(0.03)) changes.splice(this.rng.int(changes.length + 1), 0, { text: this.text() });
    this.change(uri, changes);
  }

  private oneEdit(doc: TextDocument | undefined): unknown {
    const r = this.rng;
    const a = this.position(doc);
    const kind = r.weighted({ type: 10, delete: 4, paste: 2, replace: 2, bad: 3 });
    if (kind === "bad") {
      // Ranges no editor should send: past the end, reversed, negative, fractional, missing.
      const b = this.position(doc, true);
      return r.pick([
        { range: { start: b, end: a }, text: this.typed() },
        { range: { start: { line: 1e9, character: 1e9 }, end: { line: -5, character: -5 } }, text: "x" },
        { range: { start: { line: 0.5, character: 1.5 }, end: { line: 2.5, character: 0.25 } }, text: "y" },
        { range: { start: a }, text: "z" },
        { range: null, text: "w" },
        { range: { start: a, end: a }, rangeLength: -3, text: this.typed() },
        { range: { start: a, end: a } },
        { range: { start: { line: "1", character: "2" }, end: { line: null, character: undefined } }, text: "v" },
      ]);
    }
    const end = kind === "type" ? a : this.after(doc, a);
    const text = kind === "delete" ? "" : kind === "paste" ? this.maker.note(r.between(1, 8)) : this.typed();
    return { range: { start: a, end }, text };
  }

  /** What a user types: a character, a word, a citation being started, a year, a newline. */
  private typed(): string {
    const r = this.rng;
    return r.pick([
      " ",
      "a",
      "\n",
      "\r\n",
      "[",
      "@",
      "[@",
      "]",
      ";",
      ".",
      "#",
      "-",
      "|",
      "`",
      "```",
      "\t",
      String(r.between(1990, 2035)),
      r.pick(this.material.keys),
      r.pick(this.material.names) ?? "Japan",
      this.maker.citation(),
      "\uD83D",
      "\uDE00",
      "\u0000",
      "é",
      "😀",
    ]);
  }

  private insert(uri: string, text: string): void {
    const at = this.position(this.docs.get(uri));
    this.change(uri, [{ range: { start: at, end: at }, text }]);
  }

  private close(uri: string): void {
    this.docs.delete(uri);
    this.notify("textDocument/didClose", { textDocument: { uri } });
  }

  /** A change whose text is invalid UTF-8 on the wire, or a frame that is not JSON at all. */
  private raw(): void {
    const r = this.rng;
    const uri = this.pickOpen() ?? this.pickUri(1);
    const bad = Buffer.from(r.pick([[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]]));
    const doc = this.docs.get(uri);
    const version = (doc?.version ?? 0) + 1;
    if (r.chance(0.1)) {
      // Not JSON: the server must answer (or ignore) it and keep reading the stream.
      this.report.notifications++;
      this.rpc.sendRaw(Buffer.concat([Buffer.from('{"jsonrpc":"2.0","method":"textDocument/didChange","params":'), bad, Buffer.from("}")]));
      return;
    }
    const head = Buffer.from(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":${JSON.stringify(uri)},"version":${version}},"contentChanges":[{"text":"before `);
    const tail = Buffer.from(` after [@${this.material.keys[0]}]"}]}}`);
    const body = Buffer.concat([head, bad, tail]);
    this.report.notifications++;
    this.rpc.sendRaw(body);
    if (doc) {
      // The server decodes the frame as UTF-8 with replacement characters; so does the copy.
      const parsed = JSON.parse(new TextDecoder("utf-8").decode(body)) as { params: { contentChanges: { text: string }[] } };
      this.docs.set(uri, TextDocument.update(doc, parsed.params.contentChanges, version));
    }
  }

  private huge(): void {
    const r = this.rng;
    const uri = r.chance(0.8) ? r.pick(this.noteUris) : this.pickUri(0.5);
    switch (r.int(5)) {
      case 0:
        return this.open(uri, hugeLine(r, 5 * 1024 * 1024, this.material));
      case 1:
        return this.open(uri, manyLines(r, this.maker, 100_000));
      case 2:
        // A 5 MB line pasted into whatever is open.
        return this.insert(this.pickOpen() ?? uri, hugeLine(r, 5 * 1024 * 1024, this.material));
      case 3:
        return this.open(uri, this.maker.note(20) + "\n" + "\n".repeat(100_000));
      default:
        return this.change(uri, [{ text: manyLines(r, this.maker, 100_000) }]);
    }
  }

  private configure(): void {
    const r = this.rng;
    const severities = ["error", "warning", "information", "hint", "off", "bogus", 7, null];
    this.settings = {
      debounceMs: r.pick([0, 0, 0, 50, 300, -1, 1e12, "x"]),
      severity: { "unsourced-claim": r.pick(severities), "date-conflict": r.pick(severities), [r.pick(["unknown-name", "nonsense"])]: r.pick(severities) },
      notes: r.chance(0.9) ? undefined : { include: r.pick([["**/*.md"], "*.txt", [], [42], "[" as unknown]) },
    };
    // The RPC client answers workspace/configuration with these.
    this.rpc.settings = this.settings;
    this.notify("workspace/didChangeConfiguration", { settings: r.chance(0.8) ? { briefingNotes: this.settings } : r.pick([null, 1, "x", {}]) });
  }

  /** Odd lifecycle traffic: a second initialize, an initialized, unknown notifications, watched-file events. */
  private lifecycle(): void {
    const r = this.rng;
    switch (r.int(4)) {
      case 0:
        this.notify("initialized", {});
        return;
      case 1:
        this.notify(r.pick(["$/unknownNotification", "textDocument/didSave", "workspace/didChangeWorkspaceFolders"]), r.pick([{}, null, { textDocument: { uri: this.pickUri(1) } }, { event: { added: [], removed: [] } }]));
        return;
      case 2:
        this.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: URI.file(join(CORPUS_DIR, "missing-source.md")).toString(), type: r.between(1, 3) }, { uri: "nonsense", type: 9 }] });
        return;
      default:
        this.notify("$/setTrace", { value: r.pick(["off", "messages", "verbose", 3]) });
    }
  }

  // --- requests ------------------------------------------------------------------

  /** A position in `doc`: mostly real (often at a citation or a name), sometimes out of range or malformed. */
  private position(doc: TextDocument | undefined, bad = false): Pos {
    const r = this.rng;
    const lines = doc ? doc.lineCount : 1;
    const mode = bad ? r.int(6) : r.chance(0.85) ? 6 + r.int(3) : r.int(6);
    switch (mode) {
      case 0:
        return { line: lines + r.int(100), character: r.int(10) };
      case 1:
        return { line: r.int(lines), character: 10_000 + r.int(1e7) };
      case 2:
        return { line: -1 - r.int(5), character: -r.int(5) };
      case 3:
        return { line: 2 ** 31 - 1, character: 2 ** 32 };
      case 4:
        return { line: r.int(lines) + 0.5, character: 1.5 };
      case 5:
        return r.pick([{ line: 0 } as Pos, { character: 3 } as Pos, { line: "0", character: "1" } as unknown as Pos, null as unknown as Pos]);
      case 6: {
        // At (or just after) a citation or a capitalised word, where the features answer.
        if (!doc) return { line: 0, character: 0 };
        const text = doc.getText();
        if (text.length === 0) return { line: 0, character: 0 };
        const from = r.int(text.length);
        const at = text.slice(from, from + 2000).search(r.chance(0.5) ? /\[@|@/ : /[A-Z][a-z]/);
        const offset = Math.min(text.length, from + Math.max(0, at) + r.int(6));
        return doc.positionAt(offset);
      }
      default: {
        if (!doc) return { line: r.int(3), character: r.int(20) };
        const line = r.int(lines);
        const length = doc.offsetAt({ line: line + 1, character: 0 }) - doc.offsetAt({ line, character: 0 });
        return { line, character: r.int(length + 2) };
      }
    }
  }

  private after(doc: TextDocument | undefined, p: Pos): Pos {
    const extra = this.rng.int(this.rng.chance(0.9) ? 20 : 2000);
    if (!doc || !p || typeof p.line !== "number" || typeof p.character !== "number") return p;
    return doc.positionAt(doc.offsetAt(p) + extra);
  }

  private requestFor(uri: string): { method: string; params: unknown } {
    const r = this.rng;
    const doc = this.docs.get(uri);
    const textDocument = r.chance(0.02) ? r.pick([null, {}, { uri: 42 }]) : { uri };
    const position = this.position(doc);
    switch (r.weighted({ hover: 8, completion: 8, resolve: 3, definition: 4, references: 3, codeAction: 5, symbol: 3, index: 0.3, unknown: 0.5, malformed: 1 })) {
      case "hover":
        return { method: "textDocument/hover", params: { textDocument, position } };
      case "completion":
        return { method: "textDocument/completion", params: { textDocument, position, context: r.chance(0.5) ? { triggerKind: 2, triggerCharacter: "@" } : { triggerKind: r.pick([1, 3, 99]) } } };
      case "resolve": {
        // Items as this server makes them, and ones it never would.
        const key = r.pick(this.material.keys) ?? "x";
        const data = r.pick<unknown>([
          { kind: "source", docId: key },
          { kind: "source", docId: key, passage: { docId: key, sentence: r.int(40) } },
          { kind: "source", docId: key, passage: { docId: "gone", sentence: 2 ** 31 } },
          { kind: "name", key: r.pick(this.material.names) ?? "japan" },
          { kind: "name", key: 7 },
          { kind: "source" },
          null,
          undefined,
          "x",
        ]);
        return { method: "completionItem/resolve", params: r.chance(0.9) ? { label: key, data } : r.pick([null, 7, [], "x"]) };
      }
      case "definition":
        return { method: "textDocument/definition", params: { textDocument, position } };
      case "references":
        return { method: "textDocument/references", params: { textDocument, position, context: { includeDeclaration: r.chance(0.5) } } };
      case "codeAction": {
        const start = this.position(doc);
        const end = r.chance(0.8) ? this.after(doc, start) : this.position(doc, true);
        return { method: "textDocument/codeAction", params: { textDocument, range: { start, end }, context: { diagnostics: this.diagnosticsOf(uri), only: r.chance(0.2) ? r.pick([["quickfix"], ["refactor"], ["source.organizeImports"], []]) : undefined } } };
      }
      case "symbol":
        return { method: "workspace/symbol", params: { query: r.pick(["", "a", "India", "2+2", "GCAP", ".*", "(a+)+$", "[", "\uD800", "x".repeat(r.int(5000)), r.pick(this.material.names) ?? "Japan"]) } };
      case "index":
        return { method: "briefingNotes/corpusIndex", params: null };
      case "unknown":
        return { method: r.pick(["textDocument/documentSymbol", "textDocument/formatting", "foo/bar", ""]), params: { textDocument } };
      default:
        return { method: r.pick(["textDocument/hover", "textDocument/completion", "textDocument/codeAction", "textDocument/references", "workspace/symbol"]), params: r.pick([null, {}, [], 7, "x", { textDocument }, { query: null }, { textDocument, range: null, context: null }]) };
    }
  }

  /** The diagnostics last published for the URI, as an editor would send them back in a code action request. */
  private diagnosticsOf(uri: string): unknown[] {
    for (let i = this.rpc.notifications.length - 1; i >= 0; i--) {
      const n = this.rpc.notifications[i];
      if (n.method === "textDocument/publishDiagnostics" && (n.params as { uri: string }).uri === uri) return ((n.params as { diagnostics: unknown[] }).diagnostics ?? []).slice(0, 20);
    }
    return [];
  }

  /** Sends `count` requests at once (as an editor does: hover, code actions, completion) and waits for every answer. */
  private async requests(count: number, uri?: string): Promise<void> {
    const sent: Promise<void>[] = [];
    for (let k = 0; k < count; k++) {
      const target = uri ?? (this.rng.chance(0.7) ? (this.pickOpen() ?? this.pickUri(0.7)) : this.pickUri(0.5));
      const { method, params } = this.requestFor(target);
      sent.push(this.send(method, params));
    }
    await Promise.all(sent);
  }

  private async cancel(): Promise<void> {
    const r = this.rng;
    const uri = this.pickOpen() ?? this.pickUri(1);
    const { method, params } = this.requestFor(uri);
    const pending = this.send(method, params, (id) => {
      // Cancel at once, after a moment, twice, or an id that was never sent.
      const ids = r.pick([[id], [id, id], [id + 1000], ["text-id"], [id, -1]]);
      const later = r.chance(0.5) ? r.int(30) : 0;
      const go = () => ids.forEach((i) => this.notify("$/cancelRequest", { id: i }));
      if (later) setTimeout(go, later);
      else go();
    });
    await pending;
  }

  /** One request: answered within the budget (slow otherwise), within hangMs at all (a hang otherwise). */
  private async send(method: string, params: unknown, afterSend?: (id: number) => void): Promise<void> {
    if (this.rpc.exited) return;
    this.report.requests++;
    const { id, answer } = this.rpc.request(method, params);
    this.note(`request ${id} ${method} ${preview(params, 160)}`);
    afterSend?.(id);
    const iteration = this.iteration;
    const result = await Promise.race([answer, sleep(this.hangMs).then(() => null)]);
    if (!result) {
      this.report.hangs++;
      // Spinning (a loop that never ends) or waiting (a promise never settled)?
      const before = cpuSeconds(this.rpc.pid);
      await sleep(1000);
      const busy = before === null ? "" : `; the server used ${((cpuSeconds(this.rpc.pid) ?? before) - before).toFixed(2)} s of CPU in the next second`;
      const logs = this.rpc.notifications.filter((n) => n.method === "window/logMessage").slice(-5).map((n) => String((n.params as { message: string }).message).slice(0, 300));
      this.fail("hang", `${method} (id ${id}) unanswered after ${this.hangMs} ms${busy}; params ${preview(params)}\n    last log messages:\n      ${logs.join("\n      ")}\n    stderr: ${this.rpc.stderr.slice(-1000)}`);
      await this.restart();
      return;
    }
    this.account(result, iteration, params);
  }

  private account(a: Answer, iteration: number, params: unknown): void {
    if (a.ms > this.report.slowest.ms) this.report.slowest = { ms: a.ms, method: a.method, iteration };
    if (a.kind === "malformed") {
      if (this.rpc.exited) return; // the crash is reported on its own
      this.report.malformed++;
      this.fail("malformed", `${a.method}: ${a.detail}`);
      return;
    }
    if (a.kind === "error") {
      const key = `${a.code} ${a.method}`;
      this.report.errorCodes[key] = (this.report.errorCodes[key] ?? 0) + 1;
    }
    if (a.ms > this.budget) {
      this.report.slow++;
      this.fail("slow", `${a.method} answered in ${a.ms} ms (budget ${this.budget} ms); params ${preview(params)}`);
    }
  }

  /** Liveness: a fresh note with a known date conflict gets its diagnostics. */
  private async probe(): Promise<void> {
    if (this.rpc.exited) return;
    const uri = URI.file(join(this.workspace, `probe-${++this.probeCount}.md`)).toString();
    const text = "Japan enacted its Security Legislation in 2013 [@borah2024].\n";
    // Settings may have turned checks off or made notes out of scope: restore defaults first.
    this.settings = { debounceMs: 0 };
    this.rpc.settings = this.settings;
    this.notify("workspace/didChangeConfiguration", { settings: { briefingNotes: this.settings } });
    this.open(uri, text);
    try {
      await this.rpc.until(
        `diagnostics for ${uri}`,
        () => this.rpc.notifications.find((n) => n.method === "textDocument/publishDiagnostics" && (n.params as { uri: string; diagnostics: { code?: string }[] }).uri === uri && (n.params as { diagnostics: { code?: string }[] }).diagnostics.some((d) => d.code === "date-conflict")),
        this.hangMs,
      );
      this.report.probes++;
    } catch (e) {
      if (this.rpc.exited) return;
      this.fail("diagnostics", `${(e as Error).message}`);
    }
    this.close(uri);
  }
}

/** CPU seconds a process has used (Linux), or null where /proc is not there. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function preview(params: unknown, max = 300): string {
  const s = JSON.stringify(params) ?? String(params);
  return s.length > max ? s.slice(0, max) + `… (${s.length} chars)` : s;
}

export function progressLine(r: FuzzReport, elapsedMs: number): string {
  return `iteration ${r.iterations}: ${r.requests} requests, ${r.crashes} crashes, ${r.hangs} hangs, ${r.slow} slow, slowest ${r.slowest.ms} ms (${r.slowest.method}), ${(elapsedMs / 1000).toFixed(0)} s`;
}

export function summary(r: FuzzReport): string {
  const lines = [
    `seed ${r.seed}`,
    `iterations ${r.iterations} (${r.requests} requests, ${r.notifications} notifications) in ${(r.elapsedMs / 1000).toFixed(1)} s`,
    `crashes ${r.crashes}, hangs ${r.hangs}, slow answers (over ${r.budgetMs} ms) ${r.slow}, malformed answers ${r.malformed}, server restarts ${r.restarts}`,
    `slowest response ${r.slowest.ms} ms (${r.slowest.method || "none"}, iteration ${r.slowest.iteration})`,
    `liveness probes passed ${r.probes}`,
    `JSON-RPC errors by code: ${Object.entries(r.errorCodes).map(([c, n]) => `${c}×${n}`).join(", ") || "none"}`,
    `handler failures logged by the server: ${r.loggedFailures.length}`,
    ...r.loggedFailures.map((l) => `  ${l}`),
    ...r.failures.slice(0, 20).map((f) => `FAIL iteration ${f.iteration} ${f.kind}: ${f.detail}`),
  ];
  if (r.failures.length > 20) lines.push(`… and ${r.failures.length - 20} more failures`);
  if (r.failures.length) lines.push(`reproduce with: npm run fuzz -- --seed ${r.seed} --iterations ${r.failures[0].iteration} --huge-rate ${r.hugeRate} --budget-ms ${r.budgetMs}`);
  return lines.join("\n");
}
