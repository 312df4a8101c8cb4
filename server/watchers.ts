// Keeps the corpus folders watched. Editors that can watch files for the server
// (dynamic registration of workspace/didChangeWatchedFiles) do it; for the rest,
// the server watches the folders itself with node's fs.watch.

import { watch, type FSWatcher } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { DidChangeWatchedFilesNotification, WatchKind, type Connection, type Disposable, type FileSystemWatcher } from "vscode-languageserver/node";
import { URI } from "vscode-uri";
import type { FileChange } from "./corpusHost.js";

const SOURCE_GLOB = "**/*.{md,markdown,txt,text}";

export interface WatchSupport {
  /** The client registers file watchers on the server's request. */
  dynamic: boolean;
  /** The client understands `{ baseUri, pattern }` globs (LSP 3.17), needed for folders outside the workspace. */
  relativePatterns: boolean;
}

export class CorpusWatcher {
  private registration: Disposable | null = null;
  private local: FSWatcher[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly support: WatchSupport,
    private readonly onChange: (path: string, change: FileChange) => void,
    private readonly log: (message: string) => void,
  ) {}

  async watch(dirs: string[]): Promise<void> {
    this.dispose();
    if (dirs.length === 0) return;
    if (this.support.dynamic) {
      const watchers: FileSystemWatcher[] = [];
      for (const dir of dirs) {
        const kind = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
        // The folder itself too: deleting or renaming it arrives as one event for the folder.
        if (this.support.relativePatterns) {
          watchers.push({ globPattern: { baseUri: URI.file(dir).toString(), pattern: SOURCE_GLOB }, kind });
          watchers.push({ globPattern: dir.replace(/\\/g, "/"), kind });
        } else {
          watchers.push({ globPattern: `${dir.replace(/\\/g, "/")}/${SOURCE_GLOB}`, kind });
        }
      }
      try {
        this.registration = await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
        return;
      } catch (e) {
        this.log(`could not ask the editor to watch the corpus folders (${(e as Error).message}); watching them directly`);
      }
    }
    for (const dir of dirs) this.watchLocally(dir);
  }

  private watchLocally(dir: string): void {
    try {
      const watcher = watch(dir, { recursive: true }, (_event, name) => {
        if (!name) return;
        this.settle(join(dir, name.toString()));
      });
      watcher.on("error", (e) => this.log(`stopped watching ${dir}: ${e.message}`));
      this.local.push(watcher);
    } catch (e) {
      this.log(`cannot watch ${dir}: ${(e as Error).message}`);
    }
  }

  // fs.watch reports a save as several events; act once the file has settled.
  private settle(path: string): void {
    clearTimeout(this.pending.get(path));
    this.pending.set(
      path,
      setTimeout(async () => {
        this.pending.delete(path);
        const exists = await access(path).then(
          () => true,
          () => false,
        );
        this.onChange(path, exists ? "changed" : "deleted");
      }, 100),
    );
  }

  dispose(): void {
    this.registration?.dispose();
    this.registration = null;
    for (const w of this.local) w.close();
    this.local = [];
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
