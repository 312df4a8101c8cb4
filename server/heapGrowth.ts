// How far V8 lets the heap grow between full garbage collections, once the corpus is in.
//
// Every keystroke re-parses and re-checks a note: a few MB of short-lived objects, of
// which about 0.7 MB per keystroke outlives two young-generation collections and is
// promoted to the old generation, dead a keystroke later. V8 then lets the old
// generation grow to up to four times what was live after the last full collection
// before collecting it again (on a machine with lots of memory), so a server whose
// corpus and caches take 60 MB of heap grew by 100 MB and more of dead notes while
// typing. Once loaded, the server asks for a full collection when the heap has grown
// by half of what was live instead: collections come more often, each about as long
// as before (5-20 ms measured at 10 000 sources, most of the marking concurrent), and
// the benchmark's keystroke, hover and completion times did not change beyond noise.
//
// Set only after loading: while the corpus loads, nearly everything allocated stays,
// and collecting more often would only slow the load down. V8 reads the setting when
// it sets the limit for the next full collection, which it did during the load with
// the old one (allowing 100 MB and more of growth): so one full collection is made at
// once, which also gives back the load's own garbage.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Growth allowed between full collections, in percent of the heap live after the last one. */
const STEADY_HEAP_GROWTH_PERCENT = 50;

let applied = false;

export function limitHeapGrowth(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--heap-growing-percent=${STEADY_HEAP_GROWTH_PERCENT}`);
  collectGarbage();
}

// `gc()` without starting node with --expose-gc: a context made after the flag is set has it.
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
