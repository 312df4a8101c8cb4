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
  /**
   * Records are sent without their text: `texts[i]` holds the bytes of result i's file, when it has a record.
   * The records' number lists are views of one buffer, and the texts of another (see `packArrays`).
   */
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
  // The first buffer a thread transfers (detaches) tells the engine that typed arrays
  // can lose their memory, and it throws away every function it optimised on the
  // promise that they cannot: the whole extraction path, compiled afresh after the
  // first reply. Detaching an empty buffer now, before anything is optimised, leaves
  // nothing to throw away.
  const spare = new ArrayBuffer(0);
  structuredClone(spare, { transfer: [spare] });
  const known = new Set<string>((workerData as WorkerData).knownKeys ?? []);
  // One table for the worker's life: each distinct string crosses to the loader once.
  const table = new StringTable();
  let sent = 0;
  parentPort!.on("message", ({ batch, paths }: WorkerBatch) => {
    const read = paths.map((p) => readSourceBytesSync(p, false));
    const results: ExtractResult[] = read.map((r, i) => ("problem" in r ? { record: null, problems: [r.problem] } : extractBytes(paths[i], r.bytes, table, known)));
    const kept = results.map((r, i) => (r.record && !("problem" in read[i]) ? r.record : null));
    const texts = kept.map((record, i) => (record ? (read[i] as { bytes: Buffer }).bytes : null));
    for (const record of kept) {
      if (!record) continue;
      record.strings = []; // the loader attaches its copy of the table
      // The text goes back as the file's bytes, not as a string to serialise.
      (record as Partial<DocRecord>).text = undefined;
    }
    const transfer = [packArrays(kept), packTexts(texts)];
    const newStrings = table.list.slice(sent);
    sent = table.size;
    parentPort!.postMessage({ batch, results, texts, newStrings } satisfies WorkerReply, transfer);
  });
}

/**
 * Moves the number lists of a batch's records into one buffer, each list becoming a
 * view of its part, and returns that buffer to transfer. A reply then moves two
 * buffers instead of nine per record: every transferred buffer costs both threads a
 * backing store to hand over and the loader's collector one more buffer to track.
 * (A record's lists keep their batch's buffer alive: a replaced record holds on to a
 * few kilobytes until the rest of its batch goes too.)
 */
function packArrays(records: (DocRecord | null)[]): ArrayBuffer {
  let total = 0;
  for (const r of records) if (r) for (const name of RECORD_ARRAYS) total += r[name].length;
  const all = new Int32Array(total);
  let at = 0;
  for (const r of records) {
    if (!r) continue;
    for (const name of RECORD_ARRAYS) {
      const a = r[name];
      all.set(a, at);
      r[name] = all.subarray(at, at + a.length);
      at += a.length;
    }
  }
  return all.buffer;
}

/** The same for the texts' bytes: `texts[i]` becomes a view of one buffer, which is returned. */
function packTexts(texts: (Buffer | null)[]): ArrayBuffer {
  let total = 0;
  for (const t of texts) if (t) total += t.length;
  const all = Buffer.allocUnsafeSlow(total);
  let at = 0;
  texts.forEach((t, i) => {
    if (!t) return;
    t.copy(all, at);
    texts[i] = all.subarray(at, at + t.length);
    at += t.length;
  });
  return all.buffer as ArrayBuffer;
}

if (isExtractWorker()) runExtractWorker();
