// Extraction spread over worker threads. Files go out in small batches, each worker
// taking the next batch when it is done, and every result comes back tagged with the
// index of its file so the loader can add documents in file order whatever order
// they finish in. When a worker cannot be started (e.g. a bundle without the worker
// script) the caller extracts on its own thread instead.

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ExtractResult } from "./extractFile.js";
import { keepTextAsBytes } from "./sourceCache.js";
import { EXTRACT_ROLE, type WorkerBatch, type WorkerData, type WorkerReply } from "./extractWorker.js";

const BATCH = 24;

/** How many workers to use for `files` files by default: none for a few, else one per core (at most 4). */
export function defaultWorkers(files: number): number {
  if (files < 64) return 0;
  return Math.max(1, Math.min(4, availableParallelism()));
}

// Built with tsc, the worker is extractWorker.js beside this file. In the server
// bundle (dist/server.cjs) there is no such file: the bundle itself is started as
// the worker, and its entry point sees the worker's role (server/start.ts).
function workerScript(): string | URL | null {
  const own = new URL("./extractWorker.js", import.meta.url);
  if (existsSync(fileURLToPath(own))) return own;
  const main = process.argv[1];
  if (main && /server\.cjs$/.test(main) && existsSync(main)) return main;
  return null;
}

/**
 * Extracts `paths` on `count` workers; `onResult(i, result)` gets each file's result
 * as it arrives (strings of its record already attached). Resolves false, having done
 * nothing, when no worker could be started.
 */
export async function extractOnWorkers(paths: string[], count: number, knownKeys: string[], onResult: (index: number, result: ExtractResult) => void): Promise<boolean> {
  const script = workerScript();
  if (!script || count < 1 || paths.length === 0) return false;
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(new Worker(script, { workerData: { role: EXTRACT_ROLE, knownKeys } satisfies WorkerData }));
  } catch {
    for (const w of workers) void w.terminate();
    return false;
  }
  const batches: { first: number; paths: string[] }[] = [];
  for (let i = 0; i < paths.length; i += BATCH) batches.push({ first: i, paths: paths.slice(i, i + BATCH) });
  let next = 0;
  let pending = batches.length;
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (w: Worker) => {
        if (next >= batches.length) return;
        const batch = next++;
        w.postMessage({ batch, paths: batches[batch].paths } satisfies WorkerBatch);
      };
      for (const w of workers) {
        // The loader's copy of this worker's string table, grown by each reply.
        const strings: string[] = [];
        w.on("message", (reply: WorkerReply) => {
          const { first } = batches[reply.batch];
          for (const s of reply.newStrings) strings.push(s);
          reply.results.forEach((r, k) => {
            const bytes = reply.texts[k];
            if (r.record && bytes) {
              r.record.strings = strings;
              keepTextAsBytes(r.record, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
            }
            onResult(first + k, r);
          });
          send(w);
          if (--pending === 0) resolve();
        });
        w.on("error", reject);
        w.on("exit", (code) => {
          if (pending > 0) reject(new Error(`a loading worker stopped (exit code ${code})`));
        });
        // Two batches in flight per worker: it never waits for the next one.
        send(w);
        send(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return true;
}
