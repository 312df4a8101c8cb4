// Keeps the corpus folders watched. Editors that can watch files for the server
// (dynamic registration of workspace/didChangeWatchedFiles) do it; for the rest,
// the server watches the folders itself with node's fs.watch.

import { readdirSync, realpathSync, statSync, watch, type Dirent, type FSWatcher } from "node:fs";
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
  /** The server's own watchers, by folder. */
  private local = new Map<string, FSWatcher>();
  private watchedReal = new Set<string>();
  /** Folders that could not be watched since the last `watch`. */
  private unwatchable = 0;
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
    // Linux has no recursive watch: asked for one, node walks the tree and stats every
    // file first (a third of a second at 10 000 sources, with the editor waiting for
    // the corpus). Each folder is watched on its own instead, as the loader reads
    // them, and a folder created later as it appears.
    if (process.platform === "linux") return this.watchFolder(dir, 0);
    this.startWatcher(dir, true);
  }

  private watchFolder(dir: string, depth: number): void {
    if (this.local.has(dir) || depth > MAX_DEPTH) return;
    let entries: Dirent[] = [];
    try {
      // A folder reached twice (through a link) is watched once.
      const real = realpathSync(dir);
      if (this.watchedReal.has(real)) return;
      this.watchedReal.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: the loader has said so
    }
    if (!this.startWatcher(dir, false)) return;
    for (const e of entries) {
      const path = join(dir, e.name);
      if (!skipped(e.name) && (e.isDirectory() || (e.isSymbolicLink() && isFolder(path)))) this.watchFolder(path, depth + 1);
    }
  }

  private unwatch(dir: string): void {
    const watcher = this.local.get(dir);
    if (!watcher) return;
    watcher.close();
    this.local.delete(dir);
    // Its real path is unknown now: the set starts again with what is still watched.
    this.watchedReal = new Set([...this.local.keys()].flatMap((d) => realPathOf(d)));
  }

  private startWatcher(dir: string, recursive: boolean): boolean {
    try {
      const watcher = watch(dir, { recursive }, (_event, name) => {
        if (!name) return;
        const path = join(dir, name.toString());
        if (recursive || skipped(name.toString())) return this.settle(path);
        if (!isFolder(path)) {
          this.unwatch(path); // a folder deleted or moved away
          return this.settle(path);
        }
        if (this.local.has(path)) return;
        // A new folder: watched from now on, and what it already holds (a folder moved
        // in, or files written before its watcher started) is read once it settles.
        this.watchFolder(path, 0);
        this.settle(path, "created");
      });
      watcher.on("error", (e) => {
        this.local.delete(dir);
        this.log(`stopped watching ${dir}: ${e.message}`);
      });
      this.local.set(dir, watcher);
      return true;
    } catch (e) {
      // Out of inotify watches, say, for a tree of thousands of folders: said once, not for each.
      if (this.unwatchable++ === 0) this.log(`cannot watch ${dir}: ${(e as Error).message}; changes there are seen when the corpus is next loaded (further folders that cannot be watched are not listed)`);
      return false;
    }
  }

  // fs.watch reports a save as several events; act once the file has settled.
  private settle(path: string, change: "changed" | "created" = "changed"): void {
    clearTimeout(this.pending.get(path));
    this.pending.set(
      path,
      setTimeout(async () => {
        this.pending.delete(path);
        const exists = await access(path).then(
          () => true,
          () => false,
        );
        this.onChange(path, exists ? change : "deleted");
      }, 100),
    );
  }

  dispose(): void {
    this.registration?.dispose();
    this.registration = null;
    for (const w of this.local.values()) w.close();
    this.local.clear();
    this.watchedReal.clear();
    this.unwatchable = 0;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}

// As the loader reads folders (see host/loadCorpus.ts).
const MAX_DEPTH = 20;
const skipped = (name: string) => name.startsWith(".") || name === "node_modules";

function realPathOf(path: string): string[] {
  try {
    return [realpathSync(path)];
  } catch {
    return [];
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
