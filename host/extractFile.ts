// Reading and extracting one source file: the work a loading worker does for each
// file, and the loader does itself when it has no workers. Problems are reported,
// never thrown.

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { MAX_SOURCE_BYTES, readSource, refuseContent, refuseSize } from "../core/corpus/document.js";
import { extractRecord } from "../core/corpus/extract.js";
import type { DocRecord, StringTable } from "../core/corpus/record.js";
import type { LoadProblem } from "../core/types.js";
import { contentKey } from "./sourceCache.js";

export interface ExtractResult {
  /** The cache key of the file's bytes, when they could be read. */
  key?: string;
  /** The bytes hash to a key the cache already holds: nothing was extracted. */
  cached?: boolean;
  record: DocRecord | null;
  problems: LoadProblem[];
}

export function unreadable(path: string, e: unknown): LoadProblem {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === NOT_REGULAR) return { path, severity: "error", message: "skipped: not a regular file (a FIFO, socket, device or folder)" };
  // The same words as when a folder is listed (loadCorpus.ts).
  if (code === "ELOOP") return { path, severity: "error", message: "skipped: broken or looping symbolic link" };
  const why = code === "EACCES" ? "permission denied" : code === "ENOENT" ? "the file disappeared while the corpus was loading" : (e as Error).message;
  return { path, severity: "error", message: `skipped: cannot read (${why})` };
}

const NOT_REGULAR = "ENOTREGULAR";

/**
 * A file's bytes, if it is a regular file. Opened without blocking and checked on
 * the open handle: reading a FIFO named like a source waited forever for a writer
 * (and held up every later corpus change), and a file swapped for one between a
 * listing and the read is caught the same way. `maxBytes` refuses a larger file
 * (throwing its size) before reading it.
 */
export async function readRegularFile(path: string, maxBytes = Infinity): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw Object.assign(new Error("not a regular file"), { code: NOT_REGULAR });
    if (st.size > maxBytes) throw Object.assign(new Error("too large"), { size: st.size });
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * `readRegularFile` with blocking calls, for a loading worker: it has nothing else to
 * do meanwhile, and four awaited calls per file cost more than reading the file.
 */
export function readRegularFileSync(path: string, maxBytes = Infinity): Buffer {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error("not a regular file"), { code: NOT_REGULAR });
    if (st.size > maxBytes) throw Object.assign(new Error("too large"), { size: st.size });
    // Its own memory, as `readFile` gives: the worker moves it to the loader.
    let bytes = Buffer.allocUnsafeSlow(st.size);
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        // Grown since the stat: read on to the end.
        const more = Buffer.allocUnsafeSlow(Math.max(64 * 1024, bytes.length * 2));
        bytes.copy(more, 0, 0, length);
        bytes = more;
      }
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return length === bytes.length ? bytes : Buffer.from(bytes.subarray(0, length));
  } finally {
    closeSync(fd);
  }
}

/** `readSourceBytes` with blocking calls (see `readRegularFileSync`). */
export function readSourceBytesSync(path: string, checkSize = true): { bytes: Buffer } | { problem: LoadProblem } {
  try {
    return { bytes: readRegularFileSync(path, checkSize ? MAX_SOURCE_BYTES : Infinity) };
  } catch (e) {
    const size = (e as { size?: number }).size;
    return { problem: (size !== undefined && refuseSize(path, size)) || unreadable(path, e) };
  }
}

/** Reads a file's bytes, refusing one too large to be an article before reading it. */
export async function readSourceBytes(path: string, checkSize = true): Promise<{ bytes: Buffer } | { problem: LoadProblem }> {
  try {
    return { bytes: await readRegularFile(path, checkSize ? MAX_SOURCE_BYTES : Infinity) };
  } catch (e) {
    const size = (e as { size?: number }).size;
    return { problem: (size !== undefined && refuseSize(path, size)) || unreadable(path, e) };
  }
}

/** Extracts a file's bytes; with `known`, bytes the cache already holds are only hashed. */
export function extractBytes(path: string, bytes: Buffer, table: StringTable, known?: ReadonlySet<string>): ExtractResult {
  const refused = refuseContent(path, bytes);
  if (refused) return { record: null, problems: [refused] };
  const key = contentKey(path, bytes);
  if (known?.has(key)) return { key, cached: true, record: null, problems: [] };
  const { source, problems } = readSource(path, bytes.toString("utf8"));
  return { key, record: source ? extractRecord(source, table) : null, problems };
}
