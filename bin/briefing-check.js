#!/usr/bin/env node
// Command-line checker: see `briefing-check --help`. The code is built into out/ by `npm install`.
import { existsSync } from "node:fs";

const entry = new URL("../out/cli/briefingCheck.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("briefing-check: the project is not built yet; run `npm install` (or `npm run build`) first\n");
  process.exit(2);
}
const { main } = await import(entry.href);
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`briefing-check: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 4;
}
