// Reading and extracting one source file: the work a loading worker does for each
// file, and the loader does itself when it has no workers. Problems are reported,
// never thrown.

import { readFile, stat } from "node:fs/promises";
import { readSource, refuseContent, refuseSize } from "../core/corpus/document.js";
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
  const why = code === "EACCES" ? "permission denied" : code === "ENOENT" ? "the file disappeared while the corpus was loading" : (e as Error).message;
  return { path, severity: "error", message: `skipped: cannot read (${why})` };
}

/** Reads a file's bytes, refusing one too large to be an article before reading it. */
export async function readSourceBytes(path: string, checkSize = true): Promise<{ bytes: Buffer } | { problem: LoadProblem }> {
  try {
    if (checkSize) {
      const tooBig = refuseSize(path, (await stat(path)).size);
      if (tooBig) return { problem: tooBig };
    }
    return { bytes: await readFile(path) };
  } catch (e) {
    return { problem: unreadable(path, e) };
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
