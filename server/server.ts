// The language server: LSP glue around the core. Document sync, settings, the
// corpus and its watchers live here; every answer comes from core/features.

import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import {
  CodeActionKind,
  CodeActionRequest,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  HoverRequest,
  MessageType,
  ReferencesRequest,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  FileChangeType,
  WorkspaceSymbolRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Connection,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type SymbolInformation,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { codeActionsFor } from "../core/features/codeActions.js";
import { completionDocumentation, completionsAt, prepareCompletion, type CompletionResolveData } from "../core/features/completion.js";
import { corpusIndex, corpusIndexMarkdown } from "../core/features/corpusIndex.js";
import { definitionAt, documentStart } from "../core/features/definition.js";
import { hoverAt } from "../core/features/hover.js";
import { warmUp } from "../core/features/warmUp.js";
import { IncrementalChecker } from "../core/features/incrementalCheck.js";
import { citationsOf, citedKeyAt, sourceKeyOfPath } from "../core/features/references.js";
import { workspaceSymbols } from "../core/features/workspaceSymbols.js";
import { parseNoteSteps, type NoteParseCache, type ParsedNote } from "../core/note/parseNote.js";
import type { Finding, LoadProblem } from "../core/types.js";
import { DEFAULT_CORPUS_DIR } from "../host/loadCorpus.js";
import { defaultCacheDir } from "../host/sourceCache.js";
import { markdown, toCodeAction, toCompletionItem, toDiagnostic, toLocation, toSymbol, uriOfPath } from "./convert.js";
import { CorpusHost, type FileChange } from "./corpusHost.js";
import { Debouncer } from "./debounce.js";
import { NoteFilter, pathOf, safeParse } from "./notes.js";
import { CORPUS_INDEX, CORPUS_STATUS, type CorpusIndexResult, type CorpusStatus, type InitializationOptions } from "./protocol.js";
import { documentUri, positionOf, queryOf, rangeOf, resolveDataOf } from "./params.js";
import { safely } from "./safe.js";
import { runInSlices, within } from "./slices.js";
import { defaultSettings, readSettings, type Settings } from "./settings.js";
import { CorpusWatcher } from "./watchers.js";
import { applyMemoryMode } from "./memory.js";

/** Notes longer than this are parsed in cached pieces (see parseNote's `chunkedFrom`). */
const PIECES_FROM = 8_000;
/**
 * Up to this length, one block a piece (`everyBlock`): a keystroke re-parses only the
 * paragraph it is in. Each piece costs a little on every keystroke, though, and past
 * this a note has thousands (a long list): it is cut into pieces of PIECE_SIZE.
 * (Measured on generated prose notes of 57, 115 and 232 KB: a keystroke's parse took
 * about half as long in single blocks; on 1.3 MB of one-line bullets, 2.5 times as long.)
 */
const SINGLE_BLOCKS_UP_TO = 256_000;
/** …of at least this many characters: a keystroke re-parses about that much. */
const PIECE_SIZE = 600;
/** How long a request waits for its note to be parsed before answering empty. */
const REQUEST_WAIT_MS = 400;
/** The most diagnostics published for one note. */
const MAX_DIAGNOSTICS = 1000;

interface ClientSupport {
  configuration: boolean;
  workspaceFolders: boolean;
  documentChanges: boolean;
  /** Resolves completion items' documentation lazily (LSP 3.16 resolveSupport). */
  resolveDocumentation: boolean;
}

export class BriefingServer {
  private readonly documents = new TextDocuments({ create: TextDocument.create, update: (doc, changes, version) => TextDocument.update(doc, changes.map(wellFormed), version) });
  private readonly host = new CorpusHost();
  private readonly checker = new IncrementalChecker();
  private readonly parsed = new Map<string, { version: number; note: ParsedNote }>();
  // Long notes are parsed and checked in slices (see slices.ts), so the server answers
  // everything else meanwhile. Per open note: the Markdown pieces of its last parse
  // (an edit re-parses one piece), the parse under way, and a counter that tells a
  // check it has been overtaken by a newer one.
  private readonly parseCaches = new Map<string, NoteParseCache>();
  private readonly parsing = new Map<string, { doc: TextDocument; version: number; done: Promise<ParsedNote | undefined> }>();
  private readonly checkRuns = new Map<string, number>();
  private readonly published = new Set<string>();
  private readonly debouncer = new Debouncer(() => this.settings.debounceMs);
  private readonly notes: NoteFilter;
  private settings: Settings = defaultSettings();
  private workspaceFolders: string[] = [];
  private trusted = true;
  /** The first hover and completion have been run once (see prepareIndexes). */
  private warmedUp = false;
  private support: ClientSupport = { configuration: false, workspaceFolders: false, documentChanges: false, resolveDocumentation: false };
  private initOptions: InitializationOptions = {};
  /** Settings pushed by didChangeConfiguration, for clients that cannot be asked. */
  private pushedSettings: unknown = undefined;
  private watcher: CorpusWatcher | null = null;
  private loaded = false;
  private markLoaded!: () => void;
  /** Resolves once the first corpus is in: requests before that wait rather than answer from nothing. */
  private readonly corpusReady = new Promise<void>((r) => (this.markLoaded = r));
  private configuring: Promise<void> = Promise.resolve();
  private readonly shownProblems = new Set<string>();

  constructor(private readonly connection: Connection) {
    this.notes = new NoteFilter(
      () => this.workspaceFolders,
      () => this.settings.notes.include,
      (path) => this.host.covers(path) || isInside(path, DEFAULT_CORPUS_DIR),
    );
  }

  listen(): void {
    const c = this.connection;
    const log = (m: string) => c.console.error(m);
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(safely("initialized", undefined, log, () => this.initialized()));
    c.onShutdown(() => this.dispose());
    c.onDidChangeConfiguration(
      safely("didChangeConfiguration", undefined, log, (params) => {
        if (!this.support.configuration) this.pushedSettings = pick(params.settings, "briefingNotes") ?? params.settings;
        return this.reconfigure();
      }),
    );
    c.onDidChangeWatchedFiles(
      safely("didChangeWatchedFiles", undefined, log, async (params) => {
        for (const change of params.changes) {
          const path = pathOf(change.uri);
          if (!path) continue;
          const kind: FileChange = change.type === FileChangeType.Created ? "created" : change.type === FileChangeType.Deleted ? "deleted" : "changed";
          await this.sourceChanged(path, kind);
        }
      }),
    );

    this.documents.onDidChangeContent(
      safely("didChangeContent", undefined, log, ({ document }) => {
        // The first check of a note runs at once; later ones wait for a pause in typing.
        this.debouncer.schedule(document.uri, () => void this.check(document.uri), !this.published.has(document.uri));
      }),
    );
    this.documents.onDidClose(
      safely("didClose", undefined, log, ({ document }) => {
        this.debouncer.cancel(document.uri);
        this.checker.forget(document.uri);
        this.parsed.delete(document.uri);
        this.parseCaches.delete(document.uri);
        this.parsing.delete(document.uri);
        this.checkRuns.delete(document.uri);
        if (this.published.delete(document.uri)) void c.sendDiagnostics({ uri: document.uri, diagnostics: [] });
      }),
    );

    // Parameters are read through params.ts: a malformed request gets InvalidParams.
    // (Registered with onRequest, not onHover and the like: those read the params'
    // progress tokens first, and a request with null params failed there, before
    // anything here could answer it.)
    c.onRequest(HoverRequest.type, safely("hover", null, log, (p) => this.hover(documentUri(p), positionOf(p))));
    c.onRequest(CompletionRequest.type, safely("completion", null, log, (p) => this.completion(documentUri(p), positionOf(p), p?.context?.triggerKind === 1)));
    // On a failure the item goes back as it came.
    c.onRequest(CompletionResolveRequest.type, (item) => safely("completionResolve", item, log, () => this.resolveCompletion(item, resolveDataOf(item)))());
    c.onRequest(CodeActionRequest.type, safely("codeAction", [], log, (p) => this.codeActions(documentUri(p), rangeOf(p), onlyKinds(p?.context))));
    c.onRequest(DefinitionRequest.type, safely("definition", [], log, (p) => this.definition(documentUri(p), positionOf(p))));
    c.onRequest(ReferencesRequest.type, safely("references", [], log, (p) => this.references(documentUri(p), positionOf(p), p?.context?.includeDeclaration === true)));
    c.onRequest(WorkspaceSymbolRequest.type, safely("workspaceSymbol", [], log, (p) => this.symbols(queryOf(p))));
    c.onRequest(CORPUS_INDEX, safely("corpusIndex", null, log, () => this.index()));

    this.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.support = {
      configuration: !!caps.workspace?.configuration,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      resolveDocumentation: !!caps.textDocument?.completion?.completionItem?.resolveSupport?.properties.includes("documentation"),
    };
    this.initOptions = (params.initializationOptions ?? {}) as InitializationOptions;
    this.trusted = this.initOptions.workspaceTrusted !== false;
    this.workspaceFolders = folderPaths(params);
    this.watcher = new CorpusWatcher(
      this.connection,
      { dynamic: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration, relativePatterns: !!caps.workspace?.didChangeWatchedFiles?.relativePatternSupport },
      (path, change) => void this.sourceChanged(path, change),
      (m) => this.connection.console.warn(m),
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["@"], resolveProvider: this.support.resolveDocumentation },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        definitionProvider: true,
        referencesProvider: true,
        workspaceSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "briefing-notes" },
    };
  }

  private async initialized(): Promise<void> {
    if (this.support.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders(
        safely("didChangeWorkspaceFolders", undefined, (m) => this.connection.console.error(m), (e) => {
          const removed = new Set(folderUris(e?.removed).map((u) => safeParse(u)?.fsPath));
          this.workspaceFolders = [...this.workspaceFolders.filter((f) => !removed.has(f)), ...folderUris(e?.added).map((u) => safeParse(u)?.fsPath).filter((f): f is string => !!f)];
          return this.reconfigure();
        }),
      );
    }
    if (!this.trusted) this.connection.console.info("The workspace is not trusted: only the embedded default corpus is read; briefingNotes.corpus.paths is ignored.");
    await this.reconfigure();
  }

  // Settings changes come in bursts (one per section an editor touched): apply them in order.
  private reconfigure(): Promise<void> {
    this.configuring = this.configuring.then(() => this.applySettings()).catch((e) => this.connection.console.error(`reading settings failed: ${(e as Error).message}`));
    return this.configuring;
  }

  private async applySettings(): Promise<void> {
    const { settings, ignored } = readSettings(await this.fetchSettings());
    for (const m of ignored) this.connection.console.warn(`settings: ${m}`);
    this.settings = settings;
    applyMemoryMode(settings.memory);
    const dirs = this.corpusDirs();
    // An untrusted workspace does not choose where the server writes.
    const cacheDir = settings.cache.enabled ? (settings.cache.path && this.trusted ? this.resolveFolder(settings.cache.path) : defaultCacheDir()) : null;
    this.host.loadOptions = { ...this.host.loadOptions, cacheDir };
    if (!this.loaded || !sameList(dirs, this.host.dirs)) await this.reloadCorpus(dirs);
    this.recheckAll(true);
  }

  private async fetchSettings(): Promise<unknown> {
    if (this.support.configuration) {
      try {
        const scopeUri = this.workspaceFolders[0] ? uriOfPath(this.workspaceFolders[0]) ?? undefined : undefined;
        const [section] = await this.connection.workspace.getConfiguration([{ scopeUri, section: "briefingNotes" }]);
        if (section !== null && section !== undefined) return section;
      } catch (e) {
        this.connection.console.warn(`could not read settings from the editor: ${(e as Error).message}`);
      }
    }
    return this.pushedSettings ?? this.initOptions.briefingNotes;
  }

  /** The embedded corpus (unless turned off) and the configured folders; in an untrusted workspace, the embedded corpus only. */
  private corpusDirs(): string[] {
    const dirs: string[] = [];
    if (this.settings.corpus.includeDefault || !this.trusted) dirs.push(DEFAULT_CORPUS_DIR);
    if (this.trusted) for (const p of this.settings.corpus.paths) dirs.push(this.resolveFolder(p));
    return [...new Set(dirs.map((d) => resolve(d)))];
  }

  private resolveFolder(p: string): string {
    const root = this.workspaceFolders[0] ?? process.cwd();
    const expanded = p.replace(/^\$\{workspaceFolder\}/, root).replace(/^~(?=$|[\\/])/, homedir());
    if (isAbsolute(expanded)) return expanded;
    // In a multi-root workspace, the folder that has it.
    const candidates = (this.workspaceFolders.length ? this.workspaceFolders : [root]).map((f) => resolve(f, expanded));
    return candidates.find((c) => existsSync(c)) ?? candidates[0];
  }

  private async reloadCorpus(dirs: string[]): Promise<void> {
    this.sendStatus(true);
    const started = Date.now();
    const problems = await this.host.load(dirs);
    const corpus = this.host.corpus;
    const { files, fromCache, extracted, workers } = this.host.loadStats;
    const read = `${files} files: ${fromCache} from the cache${this.host.loadOptions.cacheDir ? ` (${this.host.loadOptions.cacheDir})` : " (off)"}, ${extracted} read${workers ? ` on ${workers} threads` : ""}${this.host.loadStats.indexFromCache ? "; index from the cache" : ""}`;
    this.connection.console.info(`corpus: ${corpus.size} sources, ${corpus.entities().length} names from ${dirs.join(", ")} in ${Date.now() - started} ms (${read})`);
    const cacheDir = this.host.loadOptions.cacheDir;
    if (cacheDir && extracted > 0) {
      const writing = Date.now();
      void this.host.cacheWritten.then(() => this.connection.console.info(`corpus: cache written to ${cacheDir} in ${Date.now() - writing} ms`));
    }
    this.reportLoadProblems(problems);
    if (corpus.size === 0) this.showMessage(MessageType.Warning, "Briefing Notes: the corpus has no readable source document, so notes are not checked. Check briefingNotes.corpus.paths and briefingNotes.corpus.includeDefault.");
    await this.watcher?.watch(dirs.filter((d) => d !== resolve(DEFAULT_CORPUS_DIR)));
    this.loaded = true;
    this.markLoaded();
    this.sendStatus(false);
    this.prepareIndexes();
  }

  // What completion looks up is built in a turn of its own once the corpus has
  // changed, rather than by the first completion asked for (tens of ms at 10 000
  // sources, while the user waits for the list).
  private prepareIndexes(): void {
    const corpus = this.host.corpus;
    const version = corpus.version;
    const current = () => this.host.corpus === corpus && corpus.version === version;
    setImmediate(() => {
      if (!current()) return;
      prepareCompletion(corpus);
      // Then, in a turn of its own, one request of each kind (see core/features/warmUp.ts); once is enough.
      if (this.warmedUp) return;
      this.warmedUp = true;
      setImmediate(() => {
        if (!current()) return;
        try {
          warmUp(corpus);
        } catch (e) {
          this.connection.console.warn(`warm-up failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    });
  }

  // Every problem goes to the output channel; the user sees one summary message.
  private reportLoadProblems(problems: LoadProblem[]): void {
    for (const p of problems) this.logProblem(p);
    if (problems.length === 0) return;
    const notLoaded = problems.filter((p) => p.severity === "error").length;
    const summary = notLoaded
      ? `Briefing Notes: ${notLoaded} corpus problem${notLoaded === 1 ? "" : "s"} (a source or folder could not be read)${problems.length > notLoaded ? ` and ${problems.length - notLoaded} warning${problems.length - notLoaded === 1 ? "" : "s"}` : ""}. Details are in the Briefing Notes output.`
      : `Briefing Notes: ${problems.length} corpus warning${problems.length === 1 ? "" : "s"}; all sources loaded. Details are in the Briefing Notes output.`;
    for (const p of problems) this.shownProblems.add(problemKey(p));
    this.showMessage(notLoaded ? MessageType.Warning : MessageType.Info, summary);
  }

  // The notification, not the request: there is nothing to choose, and no reply to wait for.
  private showMessage(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  private logProblem(p: LoadProblem): void {
    const line = `corpus: ${p.path}${p.line ? `:${p.line}` : ""}: ${p.message}`;
    if (p.severity === "error") this.connection.console.error(line);
    else this.connection.console.warn(line);
  }

  private async sourceChanged(path: string, change: FileChange): Promise<void> {
    await this.corpusReady;
    const { changed, problems } = await this.host.apply(path, change);
    for (const p of problems) this.logProblem(p);
    // A broken source is worth one message; saving it again with the same fault is not.
    const fresh = problems.filter((p) => p.severity === "error" && !this.shownProblems.has(problemKey(p)));
    for (const p of fresh) this.shownProblems.add(problemKey(p));
    if (fresh.length) this.showMessage(MessageType.Warning, `Briefing Notes: ${fresh[0].path}: ${fresh[0].message}. Details are in the Briefing Notes output.`);
    if (!changed) return;
    this.connection.console.info(`corpus: ${change} ${path}; now ${this.host.corpus.size} sources`);
    this.sendStatus(false);
    this.prepareIndexes();
    this.recheckAll(false);
  }

  private sendStatus(loading: boolean): void {
    const corpus = this.host.corpus;
    const status: CorpusStatus = { documents: corpus.size, names: corpus.entities().length, problems: this.host.problems.length, folders: [...this.host.dirs], loading };
    void this.connection.sendNotification(CORPUS_STATUS, status);
  }

  private recheckAll(immediate: boolean): void {
    for (const doc of this.documents.all()) this.debouncer.schedule(doc.uri, () => void this.check(doc.uri), immediate);
  }

  /**
   * The parsed note for the document as it is now. A long note is parsed in slices;
   * everyone asking for the same version shares one parse, and a parse whose text
   * has been replaced (an edit, a close) stops, keeping the pieces it parsed.
   */
  private parse(doc: TextDocument): Promise<ParsedNote | undefined> {
    const uri = doc.uri;
    const version = doc.version;
    const cached = this.parsed.get(uri);
    if (cached?.version === version) return Promise.resolve(cached.note);
    const running = this.parsing.get(uri);
    if (running?.doc === doc && running.version === version) return running.done;
    let cache = this.parseCaches.get(uri);
    if (!cache) this.parseCaches.set(uri, (cache = new Map()));
    const stale = () => this.documents.get(uri) !== doc || doc.version !== version;
    // Parsed in pieces from a few KB on (as long notes always are): a keystroke then
    // re-parses the piece it is in, not the whole note. Pieces give the whole parse.
    const text = doc.getText();
    const pieces = text.length <= SINGLE_BLOCKS_UP_TO ? { everyBlock: true } : { minPiece: PIECE_SIZE };
    const done = runInSlices(parseNoteSteps(text, { cache, chunkedFrom: PIECES_FROM, ...pieces }), stale).then((note) => {
      if (this.parsing.get(uri)?.done === done) this.parsing.delete(uri);
      if (note && !stale()) this.parsed.set(uri, { version, note });
      return note;
    });
    this.parsing.set(uri, { doc, version, done });
    return done;
  }

  /**
   * The open note at `uri`, parsed; undefined for anything that is not a note. A
   * request waits for the parse at most `waitMs`: a long note still being parsed
   * (its first parse, seconds for 100 000 lines) answers empty rather than late.
   */
  private async noteAt(uri: string, waitMs = REQUEST_WAIT_MS): Promise<{ doc: TextDocument; note: ParsedNote } | undefined> {
    const doc = this.documents.get(uri);
    if (!doc || !this.notes.isNote(uri)) return undefined;
    const note = await within(this.parse(doc), waitMs);
    return note ? { doc, note } : undefined;
  }

  /** The findings of the sentences that touch `range`, for quick fixes there: not the whole note. */
  private findingsAt(doc: TextDocument, note: ParsedNote, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Finding[] {
    // Nothing to check against: saying every citation is unknown would only be noise.
    if (this.host.corpus.size === 0) return [];
    return this.checker.findingsIn(doc.uri, note, this.host.corpus, note.lines.offset(range.start), note.lines.offset(range.end), { severity: this.settings.severity });
  }

  private async check(uri: string): Promise<void> {
    try {
      await this.corpusReady;
      // A newer check of the same note overtakes this one.
      const run = (this.checkRuns.get(uri) ?? 0) + 1;
      this.checkRuns.set(uri, run);
      const open = await this.noteAt(uri, Infinity);
      if (!open) {
        if (this.documents.get(uri) && this.notes.isNote(uri)) return; // parse overtaken by an edit: its check follows
        if (this.published.delete(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
        return;
      }
      const { doc, note } = open;
      const version = doc.version;
      const stale = () => this.checkRuns.get(uri) !== run || this.documents.get(uri) !== doc || doc.version !== version;
      // Nothing to check against: saying every citation is unknown would only be noise.
      const findings = this.host.corpus.size === 0 ? [] : await runInSlices(this.checker.checkSteps(uri, note, this.host.corpus, { severity: this.settings.severity }), stale);
      // The text changed meanwhile (or the corpus loaded): a newer check follows.
      if (!findings || stale()) return;
      // Tens of thousands of findings (a pasted archive) help no one and take the
      // server a second to send: the first MAX_DIAGNOSTICS are published.
      if (findings.length > MAX_DIAGNOSTICS) this.connection.console.warn(`${uri}: ${findings.length} findings; the first ${MAX_DIAGNOSTICS} are shown`);
      this.published.add(uri);
      await this.connection.sendDiagnostics({ uri, version, diagnostics: findings.slice(0, MAX_DIAGNOSTICS).map(toDiagnostic) });
    } catch (e) {
      this.connection.console.error(`checking ${uri} failed: ${(e as Error).stack ?? e}`);
    }
  }

  private async hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    await this.corpusReady;
    const open = await this.noteAt(uri);
    const result = open && hoverAt(open.note, position, this.host.corpus);
    return result ? { contents: markdown(result.contents), range: result.range } : null;
  }

  private async completion(uri: string, position: { line: number; character: number }, invoked: boolean): Promise<CompletionList | null> {
    await this.corpusReady;
    const open = await this.noteAt(uri);
    if (!open) return null;
    const result = completionsAt(open.note, position, this.host.corpus, { invoked, lazyDocumentation: this.support.resolveDocumentation });
    return { isIncomplete: result.isIncomplete, items: result.entries.map(toCompletionItem) };
  }

  // The documentation of the item the user has selected, left out of the list.
  private async resolveCompletion(item: CompletionItem, data: CompletionResolveData | null): Promise<CompletionItem> {
    if (!data) return item;
    await this.corpusReady;
    const documentation = completionDocumentation(data, this.host.corpus);
    return documentation === undefined ? item : { ...item, documentation: markdown(documentation) };
  }

  private async codeActions(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, only: string[] | undefined): Promise<CodeAction[]> {
    if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
    await this.corpusReady;
    const open = await this.noteAt(uri);
    if (!open) return [];
    return codeActionsFor(this.findingsAt(open.doc, open.note, range), range).map((a) => toCodeAction(a, uri, open.doc.version, this.support.documentChanges));
  }

  private async definition(uri: string, position: { line: number; character: number }): Promise<Location[]> {
    await this.corpusReady;
    const open = await this.noteAt(uri);
    if (!open) return [];
    return definitionAt(open.note, position, this.host.corpus)
      .map(toLocation)
      .filter((l): l is Location => l !== null);
  }

  private async references(uri: string, position: { line: number; character: number }, includeDeclaration: boolean): Promise<Location[]> {
    await this.corpusReady;
    const started = Date.now();
    const corpus = this.host.corpus;
    const open = await this.noteAt(uri);
    let key = open ? citedKeyAt(open.note, position) : null;
    // From inside a source document: who cites this source?
    const path = pathOf(uri);
    if (!key && path) key = sourceKeyOfPath(corpus, path);
    if (!key) return [];
    const out: Location[] = [];
    const doc = corpus.docs.get(key);
    if (includeDeclaration && doc) {
      const start = toLocation(documentStart(doc));
      if (start) out.push(start);
    }
    const openNotes = this.documents.all().filter((d) => this.notes.isNote(d.uri));
    // Open notes as parsed for the editor, waited for together and briefly (a long
    // note still being parsed is left out).
    const citing = openNotes.filter((d) => d.getText().includes(key));
    const waitMs = Math.max(0, REQUEST_WAIT_MS - (Date.now() - started));
    const parsed = await Promise.all(citing.map((d) => this.noteAt(d.uri, waitMs)));
    for (const p of parsed) if (p) for (const range of citationsOf(key, p.note)) out.push({ uri: p.doc.uri, range });
    // Notes on disk, read one at a time; a long one is parsed in slices.
    for await (const note of this.notes.workspaceNotes(new Set(openNotes.map((d) => d.uri)))) {
      if (!note.text.includes(key)) continue;
      const parsed = await runInSlices(parseNoteSteps(note.text), () => false);
      if (parsed) for (const range of citationsOf(key, parsed)) out.push({ uri: note.uri, range });
    }
    return out;
  }

  private async symbols(query: string): Promise<SymbolInformation[]> {
    await this.corpusReady;
    return workspaceSymbols(this.host.corpus, query)
      .map(toSymbol)
      .filter((s): s is SymbolInformation => s !== null);
  }

  private async index(): Promise<CorpusIndexResult> {
    await this.corpusReady;
    const index = corpusIndex(this.host.corpus);
    return {
      markdown: corpusIndexMarkdown(index, this.host.problems, uriOfPath),
      sources: index.sources.map((s) => ({ id: s.id, title: s.title, publisher: s.publisher, date: s.date, path: s.path, uri: uriOfPath(s.path) ?? "" })),
      names: index.names.map((n) => ({ name: n.name, kind: n.kind, aliases: n.aliases, docIds: n.docIds })),
    };
  }

  private dispose(): void {
    this.watcher?.dispose();
    this.debouncer.dispose();
  }
}

// An edit whose positions no editor sends (null, fractional, a string) is read at the
// nearest real position. Left as it is, the text library computes NaN offsets, mangles
// the document and then rescans every line of it: 150 ms an edit on a 100 000-line
// note, seconds for a burst of them (found by the fuzzer).
function wellFormed(change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent {
  if (!("range" in change) || typeof change.range !== "object" || change.range === null) return change;
  const whole = (n: unknown) => (typeof n === "number" && Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);
  const at = (p: { line?: unknown; character?: unknown } | undefined) => ({ line: whole(p?.line), character: whole(p?.character) });
  return { ...change, range: { start: at(change.range.start), end: at(change.range.end) } };
}

/** The code action kinds asked for; anything but a list of strings means "all". */
function onlyKinds(context: unknown): string[] | undefined {
  const only = typeof context === "object" && context !== null ? (context as { only?: unknown }).only : undefined;
  return Array.isArray(only) && only.every((k) => typeof k === "string") ? only : undefined;
}

/** The URIs of a list of workspace folders, skipping anything malformed. */
function folderUris(folders: unknown): string[] {
  if (!Array.isArray(folders)) return [];
  return folders.map((f) => (typeof f === "object" && f !== null ? (f as { uri?: unknown }).uri : undefined)).filter((u): u is string => typeof u === "string");
}

function folderPaths(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const paths = uris.map((u) => safeParse(u)).filter((u) => u?.scheme === "file").map((u) => u!.fsPath);
  if (paths.length === 0 && params.rootPath) paths.push(params.rootPath);
  return paths;
}

function isInside(path: string, dir: string): boolean {
  const d = resolve(dir);
  const p = resolve(path);
  return p === d || p.startsWith(d.endsWith("/") || d.endsWith("\\") ? d : `${d}${process.platform === "win32" ? "\\" : "/"}`);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function pick(settings: unknown, key: string): unknown {
  return typeof settings === "object" && settings !== null ? (settings as Record<string, unknown>)[key] : undefined;
}

function problemKey(p: LoadProblem): string {
  return `${p.path}\u0000${p.message}`;
}
