// The short fuzz run of `npm test`: a few hundred random steps against the built
// server (see fuzzer.ts). The seed is printed; FUZZ_SEED=N replays one, and
// `npm run fuzz -- --seed N --iterations M` replays it at length.

import assert from "node:assert/strict";
import { test } from "node:test";
import { fuzz, summary } from "./fuzzer.js";

const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 500);

// The one-second budget is the long run's (`npm run fuzz`), on a quiet machine; a test
// must not fail because CI's machine is busy, so here a slow answer is one over 5 s.
const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 5000);

test(`fuzz: ${iterations} random steps against the server stay up and are answered (seed ${seed})`, { timeout: 240_000 }, async (t) => {
  const report = await fuzz({ seed, iterations, hugeRate: 0.01, maxFailures: 5, budgetMs });
  t.diagnostic(summary(report).split("\n").join(" | "));
  assert.equal(report.failures.length, 0, `${summary(report)}\n(replay: FUZZ_SEED=${seed} npm test, or npm run fuzz -- --seed ${seed} --iterations ${report.iterations} --huge-rate ${report.hugeRate} --budget-ms ${budgetMs})`);
  // A malformed request gets a protocol error; an exception inside a handler is a bug.
  assert.deepEqual(report.loggedFailures, [], "no handler threw");
  assert.equal(report.iterations, iterations);
  assert.ok(report.probes > 0, "a fresh note got its diagnostics");
});
