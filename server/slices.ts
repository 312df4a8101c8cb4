// Long work (parsing or checking a note of 100 000 lines takes seconds) runs as a
// generator of small steps. `runInSlices` drives one to its end a few milliseconds
// at a time and gives the event loop back in between, so requests, edits and
// cancellations are answered meanwhile; it stops as soon as `stale()` says the
// result is no longer wanted (the note changed or closed, or a newer run started).
//
// All sliced work shares one queue: each turn of the event loop runs one slice of
// one task, first come first served. However many long notes are open, an incoming
// message waits for at most one slice.

import { setImmediate as nextTurn } from "node:timers";

/** How long one slice may hold the event loop. */
export const SLICE_MS = 15;

const waiting: (() => void)[] = [];
let turnScheduled = false;
let inputAt = -Infinity;

/**
 * To be called for each chunk the transport reads. A pipe brings 64 KB a turn, so a
 * 10 MB message takes 160 turns to arrive: while one streams in, slices shrink to a
 * millisecond, or a message behind it would wait seconds.
 */
export function inputArrived(): void {
  inputAt = performance.now();
}

function sliceLength(sliceMs: number): number {
  return performance.now() - inputAt < 5 ? Math.min(1, sliceMs) : sliceMs;
}

function runTurn(): void {
  turnScheduled = false;
  waiting.shift()?.();
  if (waiting.length) scheduleTurn();
}

function scheduleTurn(): void {
  if (turnScheduled) return;
  turnScheduled = true;
  nextTurn(runTurn);
}

/** Resolves when it is this task's turn for another slice. */
function myTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    scheduleTurn();
  });
}

export async function runInSlices<T>(steps: Generator<void, T, void>, stale: () => boolean, sliceMs = SLICE_MS): Promise<T | undefined> {
  // The first slice runs at once: most notes are done in one.
  let sliceEnd = performance.now() + sliceLength(sliceMs);
  for (;;) {
    if (stale()) {
      steps.return(undefined as never);
      return undefined;
    }
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() >= sliceEnd) {
      await myTurn();
      sliceEnd = performance.now() + sliceLength(sliceMs);
    }
  }
}

/** The value, or undefined if it takes longer than `ms` (the work itself goes on). */
export function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  if (!Number.isFinite(ms)) return work;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
