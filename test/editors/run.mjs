#!/usr/bin/env node
// `npm run test:editors`: Neovim and Emacs (eglot), headless, against the language
// server (bin/briefing-lsp.js), each configured with the snippet docs/editors.md
// gives for it (read from the docs, so the docs are what is tested). Each opens a
// fixture note citing the embedded corpus and a workspace corpus folder; the runner
// asserts the diagnostics (and that the editor's settings reached the server), the
// hover on a corpus name, and the completion after "[@". Prints one line per check
// and a final "N passed, N failed". Route and pitfalls: shared/recipes/lsp-clients.md.
//
// BRIEFING_LSP=/path/to/a/server-launcher replaces the server (to see the checks fail).

import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const results = [];
const check = (name, ok, detail = "") => {
  results.push(ok);
  console.log(`${ok ? "ok" : "not ok"} - ${name}${!ok && detail ? `\n    ${String(detail).split("\n").join("\n    ")}` : ""}`);
};

// --- the snippets, as the docs give them ------------------------------------------

const docs = readFileSync(join(root, "docs", "editors.md"), "utf8");
/** The first fenced block of `lang` after the first line matching `after`. */
function snippet(after, lang, nth = 0) {
  const at = docs.search(after);
  if (at < 0) return null;
  const blocks = [...docs.slice(at).matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```", "gm"))];
  return blocks[nth]?.[1] ?? null;
}
const nvimInit = snippet(/^Neovim 0\.7/m, "lua");
const emacsInit = snippet(/^## Emacs/m, "elisp", 0);
const emacsDirLocals = snippet(/^## Emacs/m, "elisp", 1);
check("docs/editors.md has a Neovim 0.7 snippet", !!nvimInit);
check("docs/editors.md has the eglot snippet and its .dir-locals.el", !!emacsInit && !!emacsDirLocals);

// --- a project: the fixture note, a corpus folder, the server on PATH ---------------

if (!existsSync(join(root, "out", "server", "start.js"))) {
  check("the server is built", false, "run `npm run build` first");
}
const work = mkdtempSync(join(tmpdir(), "briefing-editors-"));
const project = join(work, "project");
cpSync(join(here, "fixture"), project, { recursive: true });
mkdirSync(join(project, ".git"));
writeFileSync(join(project, ".dir-locals.el"), emacsDirLocals ?? "");
const bin = join(work, "bin");
mkdirSync(bin);
// `briefing-lsp` as `npm link` would put it on PATH.
const launcher = process.env.BRIEFING_LSP ?? join(root, "bin", "briefing-lsp.js");
writeFileSync(join(bin, "briefing-lsp"), `#!/bin/sh\nexec "${process.execPath}" "${launcher}" "$@"\n`);
chmodSync(join(bin, "briefing-lsp"), 0o755);
writeFileSync(join(work, "init.lua"), nvimInit ?? "");
writeFileSync(join(work, "init.el"), emacsInit ?? "");

const note = readFileSync(join(project, "note.md"), "utf8");
const lines = note.split("\n");
const lineOf = (needle) => lines.findIndex((l) => l.includes(needle));
const at = (needle, shift) => `${lineOf(needle)}:${lines[lineOf(needle)].indexOf(needle) + shift}`;
const last = lines.length - 1 - [...lines].reverse().findIndex((l) => l.includes("[@"));

const env = {
  ...process.env,
  PATH: `${bin}:${process.env.PATH}`,
  HOME: work,
  XDG_CONFIG_HOME: join(work, "config"),
  XDG_CACHE_HOME: join(work, "cache"),
  XDG_STATE_HOME: join(work, "state"),
  XDG_DATA_HOME: join(work, "data"),
  PROBE_HOVER: at("Dharma Guardian", 3),
  PROBE_COMPLETE: `${last}:${lines[last].lastIndexOf("[@") + 2}`,
};

// What the note must show, line by line: the corpus folder and the severity come
// from the editor's settings (a workspace folder of sources; unsourced claims as
// information).
const EXPECTED = [
  [lineOf("held in 2018"), "date-conflict", 2],
  [lineOf("Security Legislation in 2015"), "unsourced-claim", 3],
  [lineOf("[@bhatacharjee2022]"), "unknown-source", 1],
  [lineOf("Sahyog Kaijin"), "date-conflict", 2],
  [lineOf("Global Combat Air Program"), "unsourced-claim", 3],
];
const KEYS = ["bhattacharjee2022", "borah2024", "nakatani2025", "smallsteps2024", "sng2025", "coastdrill2024"];

const clients = [
  {
    name: "Neovim",
    tool: "nvim",
    version: ["nvim", "--version"],
    command: ["nvim", "--headless", "--clean", "-c", `luafile ${join(here, "probe.lua")}`, "--", "note.md"],
    init: join(work, "init.lua"),
  },
  {
    name: "Emacs (eglot)",
    tool: "emacs",
    version: ["emacs", "--version"],
    command: ["emacs", "--batch", "-Q", "-l", join(here, "probe.el"), "note.md"],
    init: join(work, "init.el"),
  },
];

for (const client of clients) {
  const version = spawnSync(client.version[0], client.version.slice(1), { encoding: "utf8" });
  if (version.status !== 0) {
    check(`${client.name} is installed`, false, "run `bash scripts/editors/install.sh`");
    for (const what of ["diagnostics", "settings", "hover", "completion"]) check(`${client.name}: ${what} (not installed)`, false);
    continue;
  }
  const started = Date.now();
  const run = spawnSync(client.command[0], client.command.slice(1), { cwd: project, env: { ...env, PROBE_INIT: client.init }, encoding: "utf8", timeout: 120_000 });
  const label = `${client.name} (${version.stdout.split("\n")[0].trim()})`;
  let report = null;
  try {
    report = JSON.parse(run.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop() ?? "");
  } catch {
    // reported just below
  }
  check(`${label} ran the probe (${Date.now() - started} ms)`, run.status === 0 && report !== null, `exit ${run.status}${run.error ? ` (${run.error.message})` : ""}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}`);
  if (!report) {
    // The checks that needed its answers fail too: the count of checks never depends on what broke.
    for (const what of ["diagnostics", "settings", "hover", "completion"]) check(`${client.name}: ${what} (no answers from the probe)`, false);
    continue;
  }

  // eglot has no code field in Flymake: it writes "[code]" into the message.
  const diagnostics = report.diagnostics.map((d) => ({ ...d, code: d.code ?? /\[([a-z-]+)\]/.exec(d.message)?.[1] }));
  const seen = diagnostics.map((d) => `${d.line}:${d.code}`).sort();
  const wanted = EXPECTED.map(([line, code]) => `${line}:${code}`).sort();
  check(`${client.name}: diagnostics on the lines and with the codes the server gives`, JSON.stringify(seen) === JSON.stringify(wanted), `got ${JSON.stringify(seen)}, wanted ${JSON.stringify(wanted)}`);
  const severities = EXPECTED.map(([line, code, severity]) => diagnostics.find((d) => d.line === line && d.code === code)?.severity === severity);
  check(`${client.name}: its settings reach the server (a workspace corpus folder; unsourced claims as information)`, severities.every(Boolean), JSON.stringify(diagnostics.map((d) => [d.line, d.code, d.severity])));
  check(`${client.name}: hover on a corpus name says what it is and which sources name it`, /\*\*Dharma Guardian\*\*/.test(report.hover) && /bhattacharjee2022/.test(report.hover), JSON.stringify(report.hover).slice(0, 500));
  check(`${client.name}: completion after "[@" offers every source key`, KEYS.every((k) => report.completion.includes(k)), JSON.stringify(report.completion));
}

rmSync(work, { recursive: true, force: true });
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed ? 1 : 0);
