import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES, ROOT } from "../helpers/fixtures.js";

const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin", "briefing-check.js"), ...args], { encoding: "utf8", cwd: ROOT });
const arcticNote = join(FIXTURES, "notes", "arctic-note.md");
const arctic = ["--no-default-corpus", "--corpus", join(FIXTURES, "arctic")];

test("cli: text output is file:line:col  severity  code  message, and exit 1 on findings", () => {
  const r = run(...arctic, arcticNote);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^test\/fixtures\/notes\/arctic-note\.md:12:39 {2}warning {2}date-conflict {2}The sources give 2016, not 2014/m);
  assert.match(r.stdout, /arctic-note\.md:18:\d+ {2}error {4}unknown-source/);
  assert.match(r.stdout, /findings? in 1 of 1 note/);
});

test("cli: JSON has file, 1-based line, code, message, evidence and fixes", () => {
  const r = run(...arctic, "--format", "json", arcticNote);
  const rows = JSON.parse(r.stdout);
  const dc = rows.find((x: { line: number; code: string }) => x.line === 12 && x.code === "date-conflict");
  assert.equal(dc.file, arcticNote);
  assert.equal(dc.column, 39);
  assert.equal(dc.evidence[0].source, "lindqvist2021");
  assert.equal(dc.fixes[0].edits[0].newText, "2016");
});

test("cli: SARIF 2.1.0 with rules and related locations", () => {
  const r = run(...arctic, "--format", "sarif", arcticNote);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, "2.1.0");
  assert.equal(sarif.runs[0].tool.driver.rules.length, 5);
  const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "date-conflict");
  assert.equal(result.locations[0].physicalLocation.region.startLine, 8);
  assert.ok(result.relatedLocations[0].physicalLocation.artifactLocation.uri.endsWith("lindqvist2021.md"));
});

test("cli: a clean note exits 0; a folder of notes is checked whole", () => {
  const dir = mkdtempSync(join(tmpdir(), "briefing-cli-"));
  try {
    writeFileSync(join(dir, "ok.md"), "# Clean\n\nThe Arctic Security Dialogue began in 2016 [@lindqvist2021].\n");
    writeFileSync(join(dir, "bad.md"), "The Arctic Security Dialogue began in 2014 [@lindqvist2021].\n");
    const clean = run(...arctic, join(dir, "ok.md"));
    assert.equal(clean.status, 0, clean.stdout);
    assert.match(clean.stdout, /No findings in 1 note/);
    const folder = run(...arctic, "--format", "json", dir);
    assert.deepEqual(JSON.parse(folder.stdout).map((x: { file: string; code: string }) => [x.file.split("/").pop(), x.code]), [["bad.md", "date-conflict"]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("cli: usage errors are clear, exit 2, and print no stack trace", () => {
  for (const [args, pattern] of [
    [["--bogus", arcticNote], /Unknown option '--bogus'/],
    [["--format", "xml", arcticNote], /--format must be text, json or sarif/],
    [[], /no note given/],
    [["/nonexistent/note.md"], /cannot read note "\/nonexistent\/note.md"/],
  ] as const) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test("cli: an empty or unreadable corpus exits 3 with a message; corpus problems go to stderr", () => {
  const r = run("--no-default-corpus", "--corpus", "/nonexistent/corpus", arcticNote);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /corpus folder does not exist/);
  assert.match(r.stderr, /no readable source document/);
});

test("cli: --help documents the options and exit codes", () => {
  const r = run("--help");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--corpus DIR/);
  assert.match(r.stdout, /Exit codes:/);
});
