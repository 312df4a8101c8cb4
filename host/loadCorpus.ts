import { statSync } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { normalize, resolve, dirname, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { readSource, refuseContent, refuseSize } from "../core/corpus/document.js";
import { extractDocument, type SourceDocument } from "../core/corpus/extract.js";
import { Corpus } from "../core/corpus/corpus.js";
import { StringTable, type DocRecord } from "../core/corpus/record.js";
import { extractBytes, readSourceBytes, unreadable, type ExtractResult } from "./extractFile.js";
import { defaultWorkers, extractOnWorkers } from "./extractPool.js";
import { prefetchIndex, rememberContentKey, restoreIndex } from "./indexSnapshot.js";
import { keepTextAsBytes, packPath, readPack, writePack, type Pack, type PackEntry } from "./sourceCache.js";
import type { LoadProblem } from "../core/types.js";
import { localeOrder } from "../core/text/order.js";

/** The embedded default corpus shipped with the extension and the CLI. */
export const DEFAULT_CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "corpus");

const SOURCE_FILE = /\.(md|markdown|txt|text)$/i;
const MAX_FILES = 100_000;

/** Lists the source files of a folder, following no link twice (a symlink loop ends quietly). */
export async function listSourceFiles(dir: string, problems: LoadProblem[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  async function walk(d: string, depth: number): Promise<void> {
    if (depth > 20 || out.length >= MAX_FILES) return;
    let real: string;
    try {
      real = await realpath(d);
    } catch (e) {
      problems.push({ path: d, severity: "error", message: `cannot read folder: ${(e as Error).message}` });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: d, severity: "error", message: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    entries.sort((a, b) => localeOrder(a.name, b.name));
    const inFolder = childPath(d);
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = inFolder(e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = await stat(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          problems.push({ path: p, severity: "error", message: "skipped: broken or looping symbolic link" });
          continue;
        }
      }
      if (isDir) await walk(p, depth + 1);
      else if (isFile && SOURCE_FILE.test(e.name)) out.push(p);
      // A FIFO, socket or device named like a source: said once, never opened.
      else if (SOURCE_FILE.test(e.name)) problems.push({ path: p, severity: "error", message: "skipped: not a regular file (a FIFO, socket or device)" });
    }
  }
  await walk(dir, 0);
  return out;
}

/**
 * `name => join(dir, name)` for the names a folder lists (never "." or "..", never with
 * a separator): the folder is normalised once, not with each of its 10 000 files.
 */
function childPath(dir: string): (name: string) => string {
  const base = normalize(dir);
  if (base === ".") return (name) => name;
  const prefix = base.endsWith(sep) ? base : base + sep;
  return (name) => prefix + name;
}

/** A file's path relative to `dir`, for a file listed under it: by cutting off the folder, not by resolving both. */
function relativeTo(dir: string): (file: string) => string {
  const base = normalize(dir);
  const prefix = base.endsWith(sep) ? base : base + sep;
  return (file) => (base !== "." && file.startsWith(prefix) ? file.slice(prefix.length) : relative(dir, file));
}

/** Reads and extracts one source file; problems are reported, never thrown. */
export async function loadSourceFile(path: string): Promise<{ doc: SourceDocument | null; problems: LoadProblem[] }> {
  const read = await readSourceBytes(path);
  if ("problem" in read) return { doc: null, problems: [read.problem] };
  const bytes = read.bytes;
  const refused = refuseContent(path, bytes);
  if (refused) return { doc: null, problems: [refused] };
  const { source, problems } = readSource(path, bytes.toString("utf8"));
  return { doc: source ? extractDocument(source) : null, problems };
}

export interface LoadOptions {
  /** Folder of the extraction cache (see sourceCache.ts); absent or null: no cache. */
  cacheDir?: string | null;
  /** Extraction threads; 0 extracts on this thread. Default: one per core for a corpus of more than a few dozen files. */
  workers?: number;
  /** Called as each file is done, in file order. */
  onProgress?: (done: number, total: number) => void;
}

export interface LoadStats {
  files: number;
  /** Taken from the cache by size and modification time, or by the hash of their bytes. */
  fromCache: number;
  extracted: number;
  workers: number;
  /** The corpus index was taken from the cache (see indexSnapshot.ts), not built. */
  indexFromCache?: boolean;
}

export interface LoadResult {
  corpus: Corpus;
  problems: LoadProblem[];
  stats: LoadStats;
  /** Settles once the cache is written (never rejects: a cache that cannot be written is only slower). */
  cacheWritten: Promise<void>;
}

/** One source file as read: its record, or why there is none. */
export interface SourceFileResult {
  path: string;
  record: DocRecord | null;
  problems: LoadProblem[];
}

/** Loads folders of source documents into one corpus; a bad document never stops the rest. */
export async function loadCorpus(dirs: string[], corpus = new Corpus(), options: LoadOptions = {}): Promise<LoadResult> {
  const problems: LoadProblem[] = [];
  const owner = new Map<string, string>();
  const stats: LoadStats = { files: 0, fromCache: 0, extracted: 0, workers: 0 };
  const writes: Promise<void>[] = [];
  const folders = dirs.map((d) => resolve(d));
  const index = options.cacheDir ? prefetchIndex(options.cacheDir, folders) : undefined;
  for (const dir of dirs) {
    if (!(await isFolder(dir, problems))) continue;
    const folder = await readFolder(dir, options, problems, ({ path, record, problems: p }) => {
      problems.push(...p);
      if (!record) return;
      const first = owner.get(record.id);
      if (first) {
        problems.push({ path, severity: "error", message: `skipped: duplicate id "${record.id}" (already used by ${first})` });
        return;
      }
      owner.set(record.id, path);
      corpus.addRecord(record);
    });
    stats.files += folder.stats.files;
    stats.fromCache += folder.stats.fromCache;
    stats.extracted += folder.stats.extracted;
    stats.workers = Math.max(stats.workers, folder.stats.workers);
    writes.push(folder.cacheWritten);
  }
  if (options.cacheDir) {
    const { restored, stored } = await restoreIndex(corpus, options.cacheDir, folders, index);
    stats.indexFromCache = restored;
    writes.push(stored);
  }
  return { corpus, problems, stats, cacheWritten: Promise.all(writes).then(() => undefined) };
}

/** Is `dir` a folder? Says why not in `problems`. */
export async function isFolder(dir: string, problems: LoadProblem[]): Promise<boolean> {
  try {
    if ((await stat(dir)).isDirectory()) return true;
    problems.push({ path: dir, severity: "error", message: "corpus path is not a folder" });
  } catch {
    problems.push({ path: dir, severity: "error", message: "corpus folder does not exist" });
  }
  return false;
}

// A file changed within this long before the pack was written may have changed again
// unseen in the same clock tick: its bytes are hashed rather than trusted.
const RACY_MS = 1000;

/**
 * Reads the source files of one folder, through the cache and on worker threads, and
 * hands each to `onFile` in file order (as soon as it and every file before it are
 * done), exactly as reading them one by one would. Folder problems go to `problems`.
 */
export async function readFolder(
  dir: string,
  options: LoadOptions,
  problems: LoadProblem[],
  onFile: (result: SourceFileResult) => void,
): Promise<{ stats: LoadStats; cacheWritten: Promise<void> }> {
  const cache = options.cacheDir ? await openCache(options.cacheDir, dir, problems) : null;
  const files = await listSourceFiles(dir, problems);
  const stats: LoadStats = { files: files.length, fromCache: 0, extracted: 0, workers: 0 };
  const results: (SourceFileResult | undefined)[] = new Array(files.length);
  const keys: (string | undefined)[] = new Array(files.length);
  const stamps = await statAll(files);
  let delivered = 0;
  const deliver = () => {
    while (delivered < files.length && results[delivered]) {
      onFile(results[delivered]!);
      delivered++;
      options.onProgress?.(delivered, files.length);
    }
  };
  const byPath = new Map<string, PackEntry>();
  const byKey = new Map<string, PackEntry>();
  for (const e of cache?.pack?.entries ?? []) {
    byPath.set(e.path, e);
    byKey.set(e.key, e);
  }
  const fromPack = (file: string, e: PackEntry): SourceFileResult => {
    const record = withPath(e.record, file);
    rememberContentKey(record, e.key);
    return { path: file, record, problems: e.problems.map((p) => ({ path: file, ...p })) };
  };
  // Files the pack has, unchanged by size and time, are done without being read.
  const jobs: number[] = [];
  const relativePath = relativeTo(dir);
  files.forEach((file, i) => {
    const st = stamps[i];
    if ("error" in st) {
      results[i] = { path: file, record: null, problems: [unreadable(file, st.error)] };
      return;
    }
    const tooBig = refuseSize(file, st.size);
    if (tooBig) {
      results[i] = { path: file, record: null, problems: [tooBig] };
      return;
    }
    const e = byPath.get(relativePath(file));
    if (e && cache && e.size === st.size && e.mtimeMs === st.mtimeMs && e.mtimeMs < cache.pack!.writtenAt - RACY_MS) {
      results[i] = fromPack(file, e);
      keys[i] = e.key;
      stats.fromCache++;
    } else jobs.push(i);
  });
  deliver();
  const take = (i: number, r: ExtractResult) => {
    keys[i] = r.key;
    const hit = r.cached && r.key ? byKey.get(r.key) : undefined;
    if (hit) {
      results[i] = fromPack(files[i], hit);
      stats.fromCache++;
    } else {
      results[i] = { path: files[i], record: r.record && keepTextAsBytes(r.record), problems: r.problems };
      if (r.record && r.key) rememberContentKey(r.record, r.key);
      stats.extracted++;
    }
  };
  const workers = options.workers ?? defaultWorkers(jobs.length);
  let done = false;
  if (workers > 0 && jobs.length > 0) {
    try {
      done = await extractOnWorkers(jobs.map((i) => files[i]), workers, [...byKey.keys()], (k, r) => {
        take(jobs[k], r);
        deliver();
      });
      if (done) stats.workers = workers;
    } catch {
      done = false; // a worker failed: what it did not finish is done here
    }
  }
  if (!done) {
    const known = new Set(byKey.keys());
    const table = new StringTable();
    for (const i of jobs) {
      if (results[i]) continue;
      const read = await readSourceBytes(files[i], false);
      if ("problem" in read) take(i, { record: null, problems: [read.problem] });
      else {
        const r = extractBytes(files[i], read.bytes, table, known);
        if (r.record) keepTextAsBytes(r.record, read.bytes);
        take(i, r);
      }
      deliver();
    }
  }
  deliver();
  const changed = cache !== null && (jobs.length > 0 || !cache.pack || byPath.size !== files.length);
  const cacheWritten = changed ? writeFolderPack(cache!, dir, files, stamps, results, keys) : Promise.resolve();
  return { stats, cacheWritten };
}

interface OpenCache {
  file: string;
  realFolder: string;
  pack: Pack | null;
}

async function openCache(cacheDir: string, dir: string, problems: LoadProblem[]): Promise<OpenCache | null> {
  try {
    const realFolder = await realpath(dir);
    const realCache = await realpath(cacheDir).catch(() => resolve(cacheDir));
    if (realCache === realFolder || realCache.startsWith(realFolder.endsWith(sep) ? realFolder : realFolder + sep)) {
      problems.push({ path: cacheDir, severity: "warning", message: `the cache folder is inside the corpus folder ${dir}; no cache is used for it` });
      return null;
    }
    const file = packPath(cacheDir, realFolder);
    return { file, realFolder, pack: await readPack(file, realFolder) };
  } catch {
    return null;
  }
}

type Stamp = { size: number; mtimeMs: number } | { error: unknown };

// Synchronous: a stat is a few microseconds, far less than a promise per file costs.
async function statAll(files: string[]): Promise<Stamp[]> {
  const out: Stamp[] = new Array(files.length);
  for (let i = 0; i < files.length; i++) {
    try {
      const st = statSync(files[i]);
      out[i] = { size: st.size, mtimeMs: st.mtimeMs };
    } catch (error) {
      out[i] = { error };
    }
    // Yield now and then, so a huge folder does not hold up requests.
    if (i % 2000 === 1999) await new Promise((r) => setImmediate(r));
  }
  return out;
}

/** The record with another path (its other properties, including a lazy text, kept). */
function withPath(record: DocRecord, path: string): DocRecord {
  if (record.path === path) return record;
  const copy = Object.create(Object.getPrototypeOf(record), Object.getOwnPropertyDescriptors(record)) as DocRecord;
  copy.path = path;
  return copy;
}

// Written after loading, off the caller's path: the corpus is usable at once.
function writeFolderPack(cache: OpenCache, dir: string, files: string[], stamps: Stamp[], results: (SourceFileResult | undefined)[], keys: (string | undefined)[]): Promise<void> {
  const entries: PackEntry[] = [];
  const relativePath = relativeTo(dir);
  files.forEach((file, i) => {
    const r = results[i];
    const st = stamps[i];
    const key = keys[i];
    if (!r?.record || !key || "error" in st) return;
    entries.push({ key, path: relativePath(file), size: st.size, mtimeMs: st.mtimeMs, problems: r.problems.map(({ path: _path, ...rest }) => rest), record: r.record });
  });
  return new Promise<void>((done) => setImmediate(done))
    .then(() => writePack(cache.file, cache.realFolder, entries))
    .catch(() => undefined);
}
