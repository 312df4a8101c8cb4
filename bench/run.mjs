#!/usr/bin/env node
// The benchmark: the built language server, started as a process and driven over
// stdio like an editor, at 5 (the embedded corpus), 1 000 and 10 000 source
// documents, with a 1 000-line note. A script, not a timed test: it prints a table
// and writes bench/results.json (one row per corpus size).
//
//   npm run bench [-- --sizes 5,1000,10000] [--keystrokes 200] [--hovers 100] [--completions 100] [--out bench/results.json] [--no-cli] [--memory compact|fast]
//
// For each size, two server processes share a fresh cache folder:
//   1. cold: nothing cached. coldIndexMs = `initialized` → the corpus status that says
//      loading is over; then the note is opened (coldFirstDiagnosticsMs).
//   2. warm: the cache the first one wrote. warmStartMs likewise; firstDiagnosticsMs =
//      didOpen → the first diagnostics. Then, with `briefingNotes.debounceMs: 0`:
//      keystrokes (an incremental didChange of one character → the diagnostics for that
//      document version), hovers (on names, citations and dates) and completions
//      (after `[@` and after a capitalised prefix), one request at a time.
// peakRssMb is the warm server's peak resident memory (VmHWM, worker threads included);
// coldPeakRssMb the cold one's, whose worker threads extract the corpus.
// Then the CLI, bin/briefing-check.js, on a folder of notes (the 1 000-line note and
// ten notes of 200 lines): cliColdMs with an empty cache folder, cliWarmMs with the
// cache that run wrote; wall time of the whole process, as a terminal user waits.

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, platform, release, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  CompletionRequest,
  CompletionResolveRequest,
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  createProtocolConnection,
} from "vscode-languageserver-protocol/node";
import { generateCorpus, generateNote, writeCorpus } from "./generate.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
// BENCH_SERVER=dist/server.cjs measures the bundle the VS Code extension ships instead.
const SERVER = process.env.BENCH_SERVER ? join(ROOT, process.env.BENCH_SERVER) : join(ROOT, "bin", "briefing-lsp.js");
const CLI = join(ROOT, "bin", "briefing-check.js");
/** The extra notes of the CLI's folder: how many, and how long. */
const CLI_NOTES = 10;
const CLI_NOTE_LINES = 200;
const CORPORA = join(ROOT, "bench", ".corpus");

const { values: opts } = parseArgs({
  options: {
    sizes: { type: "string", default: "5,1000,10000" },
    keystrokes: { type: "string", default: "200" },
    hovers: { type: "string", default: "100" },
    completions: { type: "string", default: "100" },
    seed: { type: "string", default: "1" },
    out: { type: "string", default: join(ROOT, "bench", "results.json") },
    // Leaves out the CLI runs (a quicker look at the server's figures).
    "no-cli": { type: "boolean", default: false },
    // The server's briefingNotes.memory setting (compact, its default, or fast).
    memory: { type: "string", default: "compact" },
  },
});
const SIZES = opts.sizes.split(",").map(Number);
const KEYSTROKES = Number(opts.keystrokes);
const HOVERS = Number(opts.hovers);
const COMPLETIONS = Number(opts.completions);
const SEED = Number(opts.seed);
const NOTE_LINES = 1000;

if (!existsSync(join(ROOT, "out", "server", "start.js"))) {
  console.error("bench: the project is not built; run `npm run build` first");
  process.exit(2);
}

// ---------------------------------------------------------------- corpora and notes

/** The corpus folder and note of one size; generated corpora are kept in bench/.corpus/ between runs. */
function prepare(size) {
  if (size === 5) {
    // The embedded corpus, and the example note (written against it) repeated to 1 000 lines.
    const example = readFileSync(join(ROOT, "examples", "briefing-note.md"), "utf8").split("\n");
    const body = example.slice(example.indexOf("---", 1) + 1);
    const lines = ["---", "title: Bench note against the embedded corpus", "---"];
    while (lines.length < NOTE_LINES) lines.push(...body);
    const dir = join(CORPORA, "5");
    mkdirSync(dir, { recursive: true });
    const note = join(dir, "note.md");
    writeFileSync(note, lines.slice(0, NOTE_LINES).join("\n"));
    const notesDir = join(dir, "notes");
    mkdirSync(notesDir, { recursive: true });
    copyFileSync(note, join(notesDir, "note.md"));
    for (let i = 1; i <= CLI_NOTES; i++) writeFileSync(join(notesDir, `note-${i}.md`), lines.slice(0, CLI_NOTE_LINES).join("\n"));
    return { workspace: dir, corpusDir: join(ROOT, "corpus"), note, notesDir, includeDefault: true, paths: [] };
  }
  const dir = join(CORPORA, String(size));
  const corpusDir = join(dir, "corpus");
  const note = join(dir, "note.md");
  const notesDir = join(dir, "notes");
  const stamp = join(dir, "stamp");
  const want = `${size}:${SEED}:${createHash("sha1").update(readFileSync(join(ROOT, "bench", "generate.mjs"))).digest("hex")}`;
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== want || !existsSync(note) || !existsSync(notesDir)) {
    const t = Date.now();
    const docs = generateCorpus({ docs: size, seed: SEED });
    writeCorpus(corpusDir, docs, { clean: true });
    writeFileSync(note, generateNote({ lines: NOTE_LINES, corpus: docs, seed: SEED }));
    rmSync(notesDir, { recursive: true, force: true });
    mkdirSync(notesDir);
    copyFileSync(note, join(notesDir, "note.md"));
    for (let i = 1; i <= CLI_NOTES; i++) writeFileSync(join(notesDir, `note-${i}.md`), generateNote({ lines: CLI_NOTE_LINES, corpus: docs, seed: SEED * 1000 + i }));
    writeFileSync(stamp, want);
    console.error(`bench: generated ${size} documents in ${Date.now() - t} ms`);
  }
  return { workspace: dir, corpusDir, note, notesDir, includeDefault: false, paths: [corpusDir] };
}

// ---------------------------------------------------------------- a client

class Client {
  static async start({ workspace, settings }) {
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the server processes.
    const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ").filter(Boolean) : [];
    const child = spawn(process.execPath, [...nodeArgs, SERVER, "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    const c = new Client(child, settings);
    const conn = createProtocolConnection(child.stdout, child.stdin);
    c.conn = conn;
    child.stderr.on("data", (d) => (c.stderr += d));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => c.emit("diagnostics", p));
    conn.onNotification("briefingNotes/corpusStatus", (p) => c.emit("status", p));
    conn.onNotification(LogMessageNotification.type, (p) => {
      c.logs.push(p.message);
      c.emit("log", p);
    });
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === "briefingNotes" ? settings : null)));
    conn.onRequest(RegistrationRequest.type, () => null);
    conn.onRequest("client/unregisterCapability", () => null);
    conn.onRequest("window/showMessageRequest", () => null);
    conn.onNotification("window/showMessage", () => undefined);
    conn.listen();
    const uri = pathToFileURL(workspace).href;
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: "bench" }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        // Completion as VS Code declares it: documentation is resolved for the item selected.
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, hover: { contentFormat: ["markdown"] }, completion: { completionItem: { documentationFormat: ["markdown"], resolveSupport: { properties: ["documentation", "detail", "additionalTextEdits"] } } } },
      },
    });
    return c;
  }

  constructor(child, settings) {
    this.child = child;
    this.settings = settings;
    this.listeners = new Map();
    this.logs = [];
    this.stderr = "";
  }

  emit(kind, payload) {
    for (const fn of [...(this.listeners.get(kind) ?? [])]) fn(payload);
  }

  /** Resolves with the first `kind` message that `match` accepts (registered before the trigger is sent). */
  next(kind, match, timeoutMs = 600_000) {
    return new Promise((resolve, reject) => {
      const list = this.listeners.get(kind) ?? new Set();
      this.listeners.set(kind, list);
      const timer = setTimeout(() => {
        list.delete(fn);
        reject(new Error(`timed out waiting for ${kind}\n${this.stderr.slice(-2000)}\n${this.logs.slice(-20).join("\n")}`));
      }, timeoutMs);
      const fn = (p) => {
        if (!match(p)) return;
        clearTimeout(timer);
        list.delete(fn);
        resolve(p);
      };
      list.add(fn);
    });
  }

  /** initialized → the corpus status that says loading is over; in ms. */
  async initialized() {
    const loaded = this.next("status", (s) => !s.loading);
    const t = performance.now();
    await this.conn.sendNotification(InitializedNotification.type, {});
    await loaded;
    return performance.now() - t;
  }

  peakRssMb() {
    return this.memoryMb("VmHWM");
  }

  rssMb() {
    return this.memoryMb("VmRSS");
  }

  memoryMb(field) {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
      const m = (field === "VmHWM" ? /VmHWM:\s+(\d+)/ : /VmRSS:\s+(\d+)/).exec(status);
      return Math.round(Number(m[1]) / 1024);
    } catch {
      return null;
    }
  }

  async stop() {
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    await new Promise((r) => (this.child.exitCode !== null ? r() : this.child.once("exit", r)));
    this.conn.dispose();
  }
}

// ---------------------------------------------------------------- measurements

function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x) => (x === null ? null : Math.round(x * 10) / 10);

/** Lines of prose (sentences the checks read): where an analyst types. */
function proseLines(lines) {
  const out = [];
  let fence = false;
  lines.forEach((l, i) => {
    if (/^\s*(```|~~~)/.test(l)) fence = !fence;
    if (!fence && /^(?:[-*] |\d+\. )?[A-Z][^|]{30,}[.]/.test(l)) out.push(i);
  });
  return out;
}

/** Positions to hover and complete at, from the note's own text. */
function targets(lines, rnd) {
  const names = [];
  const cites = [];
  const dates = [];
  const prefixes = [];
  lines.forEach((l, line) => {
    for (const m of l.matchAll(/\[@([\w:.#$%&\-+?<>~/]+)/g)) cites.push({ line, character: m.index + 3 });
    for (const m of l.matchAll(/\b(?:1[89]|20)\d\d\b/g)) dates.push({ line, character: m.index + 2 });
    for (const m of l.matchAll(/(?<=[a-z,] )([A-Z][a-z]+(?: [A-Z][a-z]+)+)/g)) {
      names.push({ line, character: m.index + 2 });
      prefixes.push({ line, character: m.index + 3, text: m[1].slice(0, 3) });
    }
  });
  const pick = (xs, n) => Array.from({ length: n }, () => xs[Math.floor(rnd() * xs.length)]).filter(Boolean);
  return { names, cites, dates, prefixes, pick };
}

/** The CLI on the folder of notes, cold (an empty cache folder) then warm: wall-clock ms of each run. */
function measureCli({ notesDir, corpusDir, includeDefault }) {
  const cacheDir = mkdtempSync(join(tmpdir(), "briefing-bench-cli-cache-"));
  const args = [CLI, "--format", "json", "--cache-dir", cacheDir, ...(includeDefault ? [] : ["--no-default-corpus", "--corpus", corpusDir]), notesDir];
  const run = () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
    const ms = performance.now() - t;
    // 0: no findings, 1: findings; anything else is a failed run, not a figure.
    if (r.status !== 0 && r.status !== 1) throw new Error(`bench: briefing-check exited with ${r.status}: ${r.stderr}`);
    return { ms, findings: JSON.parse(r.stdout).length };
  };
  try {
    const cold = run();
    const warm = run();
    return { cliColdMs: round(cold.ms), cliWarmMs: round(warm.ms), cliNotes: readdirSync(notesDir).length, cliFindings: warm.findings };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function measureSize(size) {
  const prepared = prepare(size);
  const { workspace, note, includeDefault, paths } = prepared;
  const cacheDir = mkdtempSync(join(tmpdir(), "briefing-bench-cache-"));
  const settings = { corpus: { paths, includeDefault }, debounceMs: 0, memory: opts.memory, cache: { enabled: true, path: cacheDir } };
  const noteText = readFileSync(note, "utf8");
  const uri = pathToFileURL(note).href;
  const row = { docs: size };
  try {
    // 1. Cold: nothing cached.
    const cold = await Client.start({ workspace, settings });
    row.coldIndexMs = round(await cold.initialized());
    const cacheWritten = cold.next("log", (p) => /cache written/.test(p.message));
    let first = cold.next("diagnostics", (p) => p.uri === uri);
    let t = performance.now();
    await cold.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "markdown", version: 1, text: noteText } });
    await first;
    row.coldFirstDiagnosticsMs = round(performance.now() - t);
    await cacheWritten;
    row.coldPeakRssMb = cold.peakRssMb();
    row.coldLog = cold.logs.find((l) => l.startsWith("corpus: ")) ?? null;
    await cold.stop();

    // 2. Warm: the cache the cold server wrote.
    const warm = await Client.start({ workspace, settings });
    row.warmStartMs = round(await warm.initialized());
    const rss = { started: warm.rssMb() };
    row.warmLog = warm.logs.find((l) => l.startsWith("corpus: ")) ?? null;
    first = warm.next("diagnostics", (p) => p.uri === uri && p.version === 1);
    t = performance.now();
    await warm.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "markdown", version: 1, text: noteText } });
    const firstDiagnostics = await first;
    row.firstDiagnosticsMs = round(performance.now() - t);
    row.findings = firstDiagnostics.diagnostics.length;
    rss.firstDiagnostics = warm.rssMb();

    // Keystrokes: words typed into and deleted from sentences, one character per change.
    const rnd = random(SEED * 7919 + size);
    const lines = noteText.split("\n");
    const prose = proseLines(lines);
    let version = 1;
    const keystrokes = [];
    const word = "xyzzy";
    while (keystrokes.length < KEYSTROKES) {
      const line = prose[Math.floor(rnd() * prose.length)];
      const text = lines[line];
      // Inside the sentence, after a space: typing a new word there.
      const spaces = [...text.matchAll(/ /g)].map((m) => m.index + 1);
      const at = spaces[Math.floor(rnd() * spaces.length)] ?? 0;
      const edits = [...word].map((ch, k) => ({ range: { start: { line, character: at + k }, end: { line, character: at + k } }, text: ch }));
      for (let k = word.length; k > 0; k--) edits.push({ range: { start: { line, character: at + k - 1 }, end: { line, character: at + k } }, text: "" });
      for (const change of edits) {
        if (keystrokes.length >= KEYSTROKES) break;
        version++;
        const v = version;
        const published = warm.next("diagnostics", (p) => p.uri === uri && p.version === v);
        const t0 = performance.now();
        await warm.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [change] });
        await published;
        keystrokes.push(performance.now() - t0);
      }
      // The line is back as it was once the word is deleted again.
    }
    rss.keystrokes = warm.rssMb();
    row.keystrokeP50Ms = round(percentile(keystrokes, 50));
    row.keystrokeP99Ms = round(percentile(keystrokes, 99));

    // Hovers and completions on the note as it is now (the same text as opened).
    const tg = targets(lines, rnd);
    const hoverAt = [...tg.pick(tg.names, Math.ceil(HOVERS / 2)), ...tg.pick(tg.cites, Math.ceil(HOVERS / 4)), ...tg.pick(tg.dates, Math.ceil(HOVERS / 4))].slice(0, HOVERS);
    const hovers = [];
    let hoverHits = 0;
    for (const position of hoverAt) {
      const t0 = performance.now();
      const h = await warm.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      hovers.push(performance.now() - t0);
      if (h) hoverHits++;
    }
    rss.hovers = warm.rssMb();
    row.hoverP50Ms = round(percentile(hovers, 50));
    row.hoverP99Ms = round(percentile(hovers, 99));

    // Completion: after `[@` (the source keys) and after the first letters of a name.
    const completions = [];
    const resolves = [];
    let items = 0;
    for (let i = 0; i < COMPLETIONS; i++) {
      const name = i % 2 === 1;
      const target = name ? tg.pick(tg.prefixes, 1)[0] : tg.pick(tg.cites, 1)[0];
      if (!target) continue;
      // Type the trigger text into the note, complete, then take it out again.
      const line = target.line;
      const insert = name ? ` ${target.text}` : " [@";
      const at = lines[line].length;
      version++;
      let v = version;
      let published = warm.next("diagnostics", (p) => p.uri === uri && p.version === v);
      await warm.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character: at }, end: { line, character: at } }, text: insert }] });
      await published;
      const t0 = performance.now();
      const result = await warm.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: at + insert.length }, context: name ? { triggerKind: 1 } : { triggerKind: 2, triggerCharacter: "@" } });
      completions.push(performance.now() - t0);
      const list = Array.isArray(result) ? result : (result?.items ?? []);
      items += list.length;
      // What the editor asks next: the documentation of the item it selects (the first).
      if (list[0]?.data !== undefined) {
        const t1 = performance.now();
        await warm.conn.sendRequest(CompletionResolveRequest.type, list[0]);
        resolves.push(performance.now() - t1);
      }
      version++;
      v = version;
      published = warm.next("diagnostics", (p) => p.uri === uri && p.version === v);
      await warm.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character: at }, end: { line, character: at + insert.length } }, text: "" }] });
      await published;
    }
    row.completionP50Ms = round(percentile(completions, 50));
    row.completionP99Ms = round(percentile(completions, 99));
    row.completionResolveP50Ms = round(percentile(resolves, 50));
    row.completionResolveP99Ms = round(percentile(resolves, 99));
    rss.completions = warm.rssMb();
    row.peakRssMb = warm.peakRssMb();
    row.rssMbAfter = rss;
    row.counts = { keystrokes: keystrokes.length, hovers: hovers.length, hoversAnswered: hoverHits, completions: completions.length, completionItems: items };
    await warm.stop();
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  if (!opts["no-cli"]) Object.assign(row, measureCli(prepared));
  return row;
}

// ---------------------------------------------------------------- main

const machine = {
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  freeMemoryGb: Math.round(freemem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
};
const started = Date.now();
const rows = [];
for (const size of SIZES) {
  console.error(`bench: ${size} documents…`);
  rows.push(await measureSize(size));
}
const COLUMNS = ["docs", "coldIndexMs", "warmStartMs", "firstDiagnosticsMs", "peakRssMb", "keystrokeP50Ms", "keystrokeP99Ms", "hoverP50Ms", "hoverP99Ms", "completionP50Ms", "completionP99Ms", "completionResolveP99Ms", "cliColdMs", "cliWarmMs"];
const table = [COLUMNS, ...rows.map((r) => COLUMNS.map((c) => String(r[c] ?? "")))];
const widths = COLUMNS.map((_, i) => Math.max(...table.map((r) => r[i].length)));
console.log(table.map((r) => r.map((x, i) => x.padStart(widths[i])).join("  ")).join("\n"));
console.log(`\nmachine: ${machine.cpus}, ${machine.memoryGb} GB, ${machine.os}, node ${machine.node}; run took ${Math.round((Date.now() - started) / 1000)} s`);
writeFileSync(opts.out, JSON.stringify({ date: new Date().toISOString(), machine, rows: rows.map((r) => Object.fromEntries([...COLUMNS.map((c) => [c, r[c]]), ...Object.entries(r).filter(([k]) => !COLUMNS.includes(k))])) }, null, 2) + "\n");
console.error(`bench: wrote ${opts.out}`);
