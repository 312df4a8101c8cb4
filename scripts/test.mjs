#!/usr/bin/env node
// Runs every test suite of the project and ends with one line, "N passed, N failed",
// summed over all of them. Suites that need tools installed by .ci/run (the VS Code
// host, Neovim, Emacs) run when those tools are present; in CI they must be.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const inCI = !!process.env.CI;
const only = process.argv.slice(2);

/** Each suite: how to run it, and how to read its counts from what it printed. */
const suites = [
  {
    name: "unit, protocol and CLI (node:test)",
    command: [process.execPath, "--test", "--test-reporter=spec", "out/test/"],
    counts: (out) => ({ passed: lastNumber(out, /ℹ pass (\d+)/g), failed: lastNumber(out, /ℹ fail (\d+)/g) }),
  },
  {
    name: "VS Code extension host",
    needs: () => existsSync(join(process.env.BRIEFING_HOST_TOOLS ?? join(process.env.HOME ?? "", ".cache", "briefing-notes-host"), "code-server")),
    install: "npm run host:install",
    command: ["npm", "run", "--silent", "test:vscode"],
    counts: plainCounts,
  },
  {
    name: "Neovim and Emacs",
    needs: () => ["nvim", "emacs"].every((tool) => spawnSync("which", [tool]).status === 0),
    install: "bash scripts/editors/install.sh",
    command: ["npm", "run", "--silent", "test:editors"],
    counts: plainCounts,
  },
];

function lastNumber(text, re) {
  const all = [...text.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
}

function plainCounts(out) {
  const m = [...out.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 0 };
}

let passed = 0;
let failed = 0;
for (const suite of suites) {
  if (only.length && !only.some((o) => suite.name.toLowerCase().includes(o.toLowerCase()))) continue;
  if (suite.needs && !suite.needs() && !inCI) {
    console.log(`\n== ${suite.name}: skipped, its tools are not installed (run \`${suite.install}\`)`);
    continue;
  }
  if (suite.command[1] === "run" && !hasScript(suite.command[3])) {
    console.log(`\n== ${suite.name}: no \`${suite.command[3]}\` script yet`);
    continue;
  }
  console.log(`\n== ${suite.name}`);
  const r = spawnSync(suite.command[0], suite.command.slice(1), { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? "");
  const c = suite.counts(r.stdout ?? "");
  // A runner that died without reporting counts as one failure, never as a pass.
  if (r.status !== 0 && c.failed === 0) c.failed = 1;
  passed += c.passed;
  failed += c.failed;
  console.log(`== ${suite.name}: ${c.passed} passed, ${c.failed} failed`);
}

function hasScript(name) {
  return !!JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts?.[name];
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
