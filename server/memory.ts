// How much garbage the server's heap may hold before the engine collects it. V8 lets
// the old generation grow to up to four times what is live before a full collection:
// with 10 000 sources (about 60 MB live) the server reached 400 MB. "compact" caps the
// growth at half of what is live again (about 310 MB there, and a few milliseconds more
// on the slowest keystrokes, as full collections come more often); "fast" leaves the
// engine's own choice. The engine reads this flag at every collection, so a change of
// setting takes effect at once.

import { setFlagsFromString } from "node:v8";
import type { MemoryMode } from "./settings.js";

let applied: MemoryMode | undefined;

export function applyMemoryMode(mode: MemoryMode): void {
  if (mode === applied) return;
  applied = mode;
  setFlagsFromString(`--heap-growing-percent=${mode === "compact" ? 50 : 0}`);
}
