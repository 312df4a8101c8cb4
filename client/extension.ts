// The VS Code side: start the bundled language server over stdio, show the corpus
// size in the status bar, and offer the corpus index and a server restart as
// commands. Everything the analyst sees in the editor comes from the server.

import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { CORPUS_INDEX, CORPUS_STATUS, type CorpusIndexResult, type CorpusStatus, type InitializationOptions } from "../server/protocol";

const INDEX_SCHEME = "briefing-notes-index";
const INDEX_URI = vscode.Uri.from({ scheme: INDEX_SCHEME, path: "/Briefing Notes corpus index.md" });

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const status = new CorpusStatusItem();
  const index = new CorpusIndexDocument(() => client);
  context.subscriptions.push(
    status,
    vscode.workspace.registerTextDocumentContentProvider(INDEX_SCHEME, index),
    vscode.commands.registerCommand("briefingNotes.showCorpusIndex", async () => {
      index.refresh();
      const doc = await vscode.workspace.openTextDocument(INDEX_URI);
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand("briefingNotes.restartServer", async () => {
      status.loading();
      await client?.restart();
    }),
    // Trust changes what the server may read (workspace corpus folders): start it afresh.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
  );

  client = createClient(context);
  client.onNotification(CORPUS_STATUS, (s: CorpusStatus) => {
    status.update(s);
    index.refresh();
  });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath("dist/server.cjs");
  // stdio rather than node IPC: over a stream the server reuses each diagnostic's
  // bytes from one publish to the next (server/wire.ts); IPC serialises every message anew.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Notes on disk and unsaved ones; not virtual documents such as diffs or this extension's index page.
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    synchronize: { configurationSection: "briefingNotes" },
    // Evaluated at every (re)start, so a restart after granting trust reads the workspace corpus.
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    outputChannelName: "Briefing Notes",
  };
  return new LanguageClient("briefingNotes", "Briefing Notes", serverOptions, clientOptions);
}

/** "$(book) 5 sources · 121 names" in the status bar while a Markdown file is in front. */
class CorpusStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("briefingNotes.corpus", vscode.StatusBarAlignment.Right, 100);
  private readonly listener: vscode.Disposable;

  constructor() {
    this.item.name = "Briefing Notes corpus";
    this.item.command = "briefingNotes.showCorpusIndex";
    this.loading();
    this.listener = vscode.window.onDidChangeActiveTextEditor(() => this.showForMarkdown());
    this.showForMarkdown();
  }

  loading(): void {
    this.item.text = "$(sync~spin) Briefing Notes";
    this.item.tooltip = "Briefing Notes: loading the corpus…";
  }

  update(s: CorpusStatus): void {
    if (s.loading) return this.loading();
    this.item.text = `$(book) ${s.documents} source${s.documents === 1 ? "" : "s"} · ${s.names} name${s.names === 1 ? "" : "s"}`;
    const tooltip = new vscode.MarkdownString(`**Briefing Notes corpus**: ${s.documents} sources, ${s.names} names\n\n`);
    for (const f of s.folders) tooltip.appendMarkdown(`- ${f.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`)}\n`);
    if (s.problems) tooltip.appendMarkdown(`\n$(warning) ${s.problems} loading problem${s.problems === 1 ? "" : "s"}: see the Briefing Notes output\n`);
    tooltip.appendMarkdown("\nClick to show the corpus index.");
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = s.documents === 0 ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  }

  private showForMarkdown(): void {
    if (vscode.window.activeTextEditor?.document.languageId === "markdown") this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}

/** The read-only page behind "Show Corpus Index", asked from the server each time it is opened or the corpus changes. */
class CorpusIndexDocument implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly currentClient: () => LanguageClient | undefined) {}

  refresh(): void {
    this.changed.fire(INDEX_URI);
  }

  async provideTextDocumentContent(): Promise<string> {
    const c = this.currentClient();
    if (!c?.isRunning()) return "# Briefing Notes corpus index\n\nThe language server is not running. Run **Briefing Notes: Restart Server**.\n";
    try {
      const result = await c.sendRequest<CorpusIndexResult | null>(CORPUS_INDEX);
      return result?.markdown ?? "# Briefing Notes corpus index\n\nThe server returned no index; see the Briefing Notes output.\n";
    } catch (e) {
      return `# Briefing Notes corpus index\n\nThe server could not list the corpus: ${(e as Error).message}\n`;
    }
  }
}
