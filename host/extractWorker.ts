// A loading worker: extracts the source files it is sent and posts back compact
// records (their typed arrays transferred, not copied) and the strings that are new.
// Started from this file when built with tsc; from the server bundle itself (see
// server/start.ts) when bundled, which has no file of its own for it.

import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { RECORD_ARRAYS, StringTable, type DocRecord } from "../core/corpus/record.js";
import { extractBytes, readSourceBytesSync, type ExtractResult } from "./extractFile.js";

/** The `workerData.role` of a loading worker. */
export const EXTRACT_ROLE = "briefing-notes-extract";

export interface WorkerData {
  role: typeof EXTRACT_ROLE;
  /** Cache keys the loader already holds: files with these bytes are only hashed. */
  knownKeys: string[];
}

export interface WorkerBatch {
  batch: number;
  paths: string[];
}

export interface WorkerReply {
  batch: number;
  /** Records are sent without their text: `texts[i]` holds the bytes of result i's file, when it has a record. */
  results: ExtractResult[];
  texts: (Uint8Array | null)[];
  /** The strings the worker's table gained since its last reply (the loader keeps the rest). */
  newStrings: string[];
}

/** Is this thread a loading worker? */
export function isExtractWorker(): boolean {
  return !isMainThread && (workerData as WorkerData | undefined)?.role === EXTRACT_ROLE;
}

function runExtractWorker(): void {
  const known = new Set<string>((workerData as WorkerData).knownKeys ?? []);
  // One table for the worker's life: each distinct string crosses to the loader once.
  const table = new StringTable();
  let sent = 0;
  parentPort!.on("message", ({ batch, paths }: WorkerBatch) => {
    const read = paths.map((p) => readSourceBytesSync(p, false));
    const results: ExtractResult[] = read.map((r, i) => ("problem" in r ? { record: null, problems: [r.problem] } : extractBytes(paths[i], r.bytes, table, known)));
    const transfer: ArrayBuffer[] = [];
    const texts: (Uint8Array | null)[] = [];
    results.forEach((r, i) => {
      const file = read[i];
      if (!r.record || "problem" in file) {
        texts.push(null);
        return;
      }
      r.record.strings = []; // the loader attaches its copy of the table
      for (const name of RECORD_ARRAYS) transfer.push(r.record[name].buffer as ArrayBuffer);
      // The text goes back as the file's bytes (moved, not copied), not as a string to serialise.
      (r.record as Partial<DocRecord>).text = undefined;
      const own = file.bytes.byteOffset === 0 && file.bytes.byteLength === file.bytes.buffer.byteLength ? file.bytes : Buffer.from(file.bytes);
      texts.push(own);
      transfer.push(own.buffer as ArrayBuffer);
    });
    const newStrings = table.list.slice(sent);
    sent = table.size;
    parentPort!.postMessage({ batch, results, texts, newStrings } satisfies WorkerReply, transfer);
  });
}

if (isExtractWorker()) runExtractWorker();
