// The corpus the server checks against: loaded from the configured folders, then
// kept current one file at a time as sources are added, edited or deleted. Which
// file owns which key is tracked here, so a deleted file takes its document with it
// and a file that was shadowed by a duplicate key can take its place.

import { stat } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { Corpus } from "../core/corpus/corpus.js";
import type { SourceDocument } from "../core/corpus/extract.js";
import type { DocRecord } from "../core/corpus/record.js";
import type { LoadProblem } from "../core/types.js";
import { listSourceFiles, loadSourceFile, readFolder, type LoadOptions, type LoadStats, type SourceFileResult } from "../host/loadCorpus.js";
import { prefetchIndex, restoreIndex, type IndexBytes } from "../host/indexSnapshot.js";
import { localeOrder } from "../core/text/order.js";

const SOURCE_FILE = /\.(md|markdown|txt|text)$/i;

export type FileChange = "created" | "changed" | "deleted";

export class CorpusHost {
  /** The corpus requests and checks read. A reload builds a new one aside and swaps it in whole. */
  corpus = new Corpus();
  private staging: Corpus | null = null;
  /** Absolute folder paths in load order; on a duplicate key the earlier folder wins. */
  dirs: string[] = [];
  private readonly pathOfId = new Map<string, string>();
  private readonly idOfPath = new Map<string, string>();
  /** Files skipped because another file already has their key, by key. */
  private readonly shadowed = new Map<string, string[]>();
  private readonly problemsByPath = new Map<string, LoadProblem[]>();
  /** Corpus changes happen one at a time, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();
  /** How a reload reads folders: the extraction cache and worker threads (see host/loadCorpus.ts). */
  loadOptions: LoadOptions = {};
  /** Settles when the last reload's cache has been written: for tests and benchmarks. */
  cacheWritten: Promise<void> = Promise.resolve();
  /** What the last reload read: files, how many came from the cache, how many were extracted, on how many workers. */
  loadStats: LoadStats = { files: 0, fromCache: 0, extracted: 0, workers: 0 };

  get problems(): LoadProblem[] {
    return [...this.problemsByPath.values()].flat();
  }

  /** Is the path a source file location of this corpus (whether or not the file exists)? */
  covers(path: string): boolean {
    return this.dirOf(path) !== undefined;
  }

  /** Replaces the corpus with the documents of `dirs`. Resolves to every problem met. */
  load(dirs: string[]): Promise<LoadProblem[]> {
    return this.enqueue(async () => {
      this.staging = new Corpus();
      this.pathOfId.clear();
      this.idOfPath.clear();
      this.shadowed.clear();
      this.problemsByPath.clear();
      this.dirs = dirs.map((d) => resolve(d));
      const cacheDir = this.loadOptions.cacheDir;
      const index = cacheDir ? prefetchIndex(cacheDir, this.dirs) : undefined;
      try {
        await this.readFolders();
        await this.restoreIndex(this.staging, index);
        this.corpus = this.staging;
      } finally {
        this.staging = null;
      }
      return this.problems;
    });
  }

  // The stored index of these very sources, when there is one; else it is stored once built.
  private async restoreIndex(corpus: Corpus, prefetched: Promise<IndexBytes | null> | undefined): Promise<void> {
    const cacheDir = this.loadOptions.cacheDir;
    if (!cacheDir) return;
    const { restored, stored } = await restoreIndex(corpus, cacheDir, this.dirs, prefetched);
    this.loadStats.indexFromCache = restored;
    this.cacheWritten = Promise.all([this.cacheWritten, stored]).then(() => undefined);
  }

  private async readFolders(): Promise<void> {
    const writes: Promise<void>[] = [];
    this.loadStats = { files: 0, fromCache: 0, extracted: 0, workers: 0 };
    for (const dir of this.dirs) {
      const folderProblems: LoadProblem[] = [];
      if (!(await isFolder(dir, folderProblems))) {
        this.problemsByPath.set(dir, folderProblems);
        continue;
      }
      // Set now so the folder's problems come before its files', as they are found first.
      this.problemsByPath.set(dir, folderProblems);
      // Files come in load order, through the cache and worker threads. A file that
      // is simple to place (a new key) is placed as it arrives; once one is not, it
      // and every later file wait their turn for the full, asynchronous bookkeeping.
      const waiting: SourceFileResult[] = [];
      const { cacheWritten, stats } = await readFolder(dir, this.loadOptions, folderProblems, (r) => {
        if (waiting.length === 0 && this.placeAtOnce(r)) return;
        waiting.push(r);
      });
      for (const r of waiting) await this.place(r.path, r.record, r.problems);
      if (folderProblems.length === 0) this.problemsByPath.delete(dir);
      writes.push(cacheWritten);
      this.loadStats.files += stats.files;
      this.loadStats.fromCache += stats.fromCache;
      this.loadStats.extracted += stats.extracted;
      this.loadStats.workers = Math.max(this.loadStats.workers, stats.workers);
    }
    this.cacheWritten = Promise.all(writes).then(() => undefined);
  }

  /** Places a loaded file whose key is new and that had no document before; false (doing nothing) otherwise. */
  private placeAtOnce({ path: file, record, problems }: SourceFileResult): boolean {
    if (this.idOfPath.has(file) || (record && this.pathOfId.has(record.id))) return false;
    this.problemsByPath.delete(file);
    if (problems.length) this.problemsByPath.set(file, problems);
    if (!record) return true;
    this.target.addRecord(record);
    this.pathOfId.set(record.id, file);
    this.idOfPath.set(file, record.id);
    return true;
  }

  /** Where documents go: the corpus being built during a reload, else the live one. */
  private get target(): Corpus {
    return this.staging ?? this.corpus;
  }

  /**
   * Applies one file event. Resolves to the problems of that file now (empty when
   * it loaded cleanly) and whether the corpus changed.
   */
  apply(path: string, change: FileChange): Promise<{ changed: boolean; problems: LoadProblem[] }> {
    return this.enqueue(async () => {
      const file = resolve(path);
      if (!this.covers(file)) return { changed: false, problems: [] };
      const before = this.corpus.version;
      if (change === "deleted") await this.removeUnder(file);
      else if (change === "created" && (await isFolder(file, []))) {
        // A folder moved into the corpus: its files arrive as one event on some editors.
        // (Even one named like a source, "archive.md": it is read as the folder it is.)
        for (const f of await listSourceFiles(file, [])) await this.readFile(f);
      } else if (SOURCE_FILE.test(file)) await this.readFile(file);
      return { changed: this.corpus.version !== before, problems: this.problemsByPath.get(file) ?? [] };
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private dirOf(path: string): string | undefined {
    return this.dirs.find((d) => path === d || path.startsWith(d.endsWith(sep) ? d : d + sep));
  }

  // Reads (or re-reads) one source file and puts its document in the corpus.
  private async readFile(file: string): Promise<void> {
    const { doc, problems } = await loadSourceFile(file);
    await this.place(file, doc, problems);
  }

  // Puts a file's document (or the lack of one) in the corpus, minding duplicate keys.
  private async place(file: string, doc: SourceDocument | DocRecord | null, problems: LoadProblem[]): Promise<void> {
    this.problemsByPath.delete(file);
    const previousId = this.idOfPath.get(file);
    if (!doc) {
      if (problems.length) this.problemsByPath.set(file, problems);
      if (previousId) await this.release(previousId, file);
      return;
    }
    const owner = this.pathOfId.get(doc.id);
    if (owner && owner !== file && this.precedes(owner, file)) {
      // Another file has this key: the earlier folder (or the first file read) keeps it.
      problems.push({ path: file, severity: "error", message: `skipped: duplicate id "${doc.id}" (already used by ${owner})` });
      this.problemsByPath.set(file, problems);
      if (previousId && previousId !== doc.id) await this.release(previousId, file);
      const list = this.shadowed.get(doc.id) ?? [];
      if (!list.includes(file)) list.push(file);
      this.shadowed.set(doc.id, list);
      return;
    }
    if (problems.length) this.problemsByPath.set(file, problems);
    if (previousId && previousId !== doc.id) await this.release(previousId, file);
    if (owner && owner !== file) {
      // This file comes first in load order: the other one steps aside.
      this.idOfPath.delete(owner);
      this.shadowed.set(doc.id, [owner, ...(this.shadowed.get(doc.id) ?? [])]);
      this.problemsByPath.set(owner, [{ path: owner, severity: "error", message: `skipped: duplicate id "${doc.id}" (already used by ${file})` }]);
    }
    this.forgetShadow(doc.id, file);
    if ("sentences" in doc && Array.isArray(doc.sentences)) this.target.add(doc as SourceDocument);
    else this.target.addRecord(doc as DocRecord);
    this.pathOfId.set(doc.id, file);
    this.idOfPath.set(file, doc.id);
  }

  // A file no longer provides `id` (deleted, broken, or given another id): drop the
  // document, and let a file that was waiting for the key have it.
  // Runs inside the queued task that caused it, so no request sees the key missing in between.
  private async release(id: string, file: string): Promise<void> {
    if (this.pathOfId.get(id) !== file) return;
    this.target.remove(id);
    this.pathOfId.delete(id);
    this.idOfPath.delete(file);
    const next = this.shadowed.get(id)?.shift();
    if (next) await this.readFile(next);
  }

  private async removeUnder(path: string): Promise<void> {
    const inside = (p: string) => p === path || p.startsWith(path + sep);
    for (const file of [...this.problemsByPath.keys()]) if (inside(file)) this.problemsByPath.delete(file);
    for (const [id, files] of [...this.shadowed]) {
      const kept = files.filter((f) => !inside(f));
      if (kept.length) this.shadowed.set(id, kept);
      else this.shadowed.delete(id);
    }
    for (const [file, id] of [...this.idOfPath]) if (inside(file)) await this.release(id, file);
  }

  private forgetShadow(id: string, file: string): void {
    const list = this.shadowed.get(id);
    if (!list) return;
    const kept = list.filter((f) => f !== file);
    if (kept.length) this.shadowed.set(id, kept);
    else this.shadowed.delete(id);
  }

  // Load order: folders in configuration order, files by path within a folder.
  private precedes(a: string, b: string): boolean {
    const da = this.dirs.indexOf(this.dirOf(a) ?? "");
    const db = this.dirs.indexOf(this.dirOf(b) ?? "");
    return da !== db ? da < db : localeOrder(a, b) <= 0;
  }
}

async function isFolder(dir: string, problems: LoadProblem[]): Promise<boolean> {
  try {
    if ((await stat(dir)).isDirectory()) return true;
    problems.push({ path: dir, severity: "error", message: "corpus path is not a folder" });
  } catch {
    problems.push({ path: dir, severity: "error", message: "corpus folder does not exist" });
  }
  return false;
}
