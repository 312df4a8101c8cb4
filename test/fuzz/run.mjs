#!/usr/bin/env node
// The long fuzz run: `npm run fuzz -- --iterations 100000 [--seed N] [--huge-rate R]`.
// Prints the seed first (pass it back with --seed to replay the same sequence),
// progress every 1000 iterations, then the figures: iterations, crashes, hangs, slow
// answers, slowest response. Exits 1 when anything failed or a handler threw.
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    iterations: { type: "string", default: "10000" },
    "budget-ms": { type: "string", default: "1000" },
    "huge-rate": { type: "string" },
    "max-failures": { type: "string", default: "50" },
  },
});
const { fuzz, summary } = await import("../../out/test/fuzz/fuzzer.js");
const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const iterations = Number(values.iterations);
console.log(`fuzz: seed ${seed} (replay with --seed ${seed}), ${iterations} iterations`);
const report = await fuzz({
  seed,
  iterations,
  budgetMs: Number(values["budget-ms"]),
  hugeRate: values["huge-rate"] !== undefined ? Number(values["huge-rate"]) : undefined,
  maxFailures: Number(values["max-failures"]),
  progress: (line) => console.log(line),
  progressEvery: 1000,
});
console.log(summary(report));
process.exit(report.failures.length || report.loggedFailures.length ? 1 : 0);
