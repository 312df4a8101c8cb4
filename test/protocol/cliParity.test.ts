// One analysis, two front ends: the same notes through the command line and
// through the language server must give the same (line, code) findings, on the
// embedded corpus and with a corpus folder added.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, describe, test } from "node:test";
import { ROOT, tempFolder } from "./harness.js";
import { NOTE } from "./fixtures.js";
import { checkThroughServer, type Row } from "./lspCheck.js";

const run = promisify(execFile);

async function checkThroughCli(notes: string[], corpusDirs: string[]): Promise<Row[]> {
  const args = [join(ROOT, "bin", "briefing-check.js"), "--format", "json", "--quiet", ...corpusDirs.flatMap((d) => ["--corpus", d]), ...notes];
  try {
    const { stdout } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 26 });
    return JSON.parse(stdout);
  } catch (e) {
    // Exit code 1 means "findings reported": the JSON is still on stdout.
    const stdout = (e as { stdout?: string }).stdout;
    if (!stdout) throw e;
    return JSON.parse(stdout);
  }
}

const keyed = (rows: Row[]) => rows.map((r) => `${r.file}:${r.line}:${r.code}`).sort();

const TABLE_AND_FOOTNOTES = `---
title: Exercises at a glance
---

# Exercises

| Exercise | Services | Source |
|---|---|---|
| Dharma Guardian | armies | [@bhattacharjee2022] |
| Dharma Guardain | armies | [@nakatani2025] |

- India joined GCAP in 2025.
- Japan contracted THeMIS vehicles from Milrem Robotics [@smallsteps2024, p. 2].
- The UNICORN antenna is deployed on Japanese stealth warships.[^u]

> Desk comment: technology transfer remains slow, and MILAN 2020 was larger.

The Special Strategic and Global Partnership was announced in December 2016 [@bhattacharjee2022].

[^u]: See [@smallsteps2024].
`;

const WORKSPACE_SOURCE = `---
id: coastdrill2024
title: "Coast guards drill off Chennai"
date: "2024-02-02"
---

The Indian and Japanese coast guards held the Sahyog Kaijin exercise off Chennai in January 2024.
`;

const WORKSPACE_NOTE = `The coast guards held the Sahyog Kaijin exercise off Chennai in March 2024 [@coastdrill2024].
The coast guards held the Sahyog Kaijin exercis off Chennai in January 2024 [@coastdrill2024].
Sahyog Kaijin was held off Chennai in January 2024.
The drill was held in January 2024 [@coastdril2024].
`;

describe("server and command line agree", () => {
  const folder = tempFolder({ "note.md": NOTE, "table.md": TABLE_AND_FOOTNOTES, "coast.md": WORKSPACE_NOTE, "sources/coast-drill.md": WORKSPACE_SOURCE });
  after(() => folder.cleanup());

  test("on the embedded corpus", async () => {
    const notes = [join(folder.dir, "note.md"), join(folder.dir, "table.md")];
    const [cli, server] = await Promise.all([checkThroughCli(notes, []), checkThroughServer(notes, [])]);
    assert.ok(cli.length >= 8, `the notes have findings (${cli.length})`);
    assert.deepEqual(keyed(server), keyed(cli));
  });

  test("with a corpus folder added", async () => {
    const notes = [join(folder.dir, "note.md"), join(folder.dir, "coast.md")];
    const corpus = [join(folder.dir, "sources")];
    const [cli, server] = await Promise.all([checkThroughCli(notes, corpus), checkThroughServer(notes, corpus)]);
    assert.ok(cli.some((r) => r.file.endsWith("coast.md") && r.code === "date-conflict"), "the workspace source is used");
    assert.deepEqual(keyed(server), keyed(cli));
  });

  // The labelled development notes live beside the project in a full checkout, not in a user's clone.
  const evalDir = join(ROOT, "..", "shared", "eval", "dev");
  test("on the labelled development notes", { skip: !existsSync(join(evalDir, "labels.json")) && "../shared/eval/dev is not present" }, async () => {
    const labels = JSON.parse(readFileSync(join(evalDir, "labels.json"), "utf8")) as { notes: { path: string }[] };
    const notes = labels.notes.map((n) => join(evalDir, n.path));
    const corpus = [join(evalDir, "corpus")];
    const [cli, server] = await Promise.all([checkThroughCli(notes, corpus), checkThroughServer(notes, corpus)]);
    assert.deepEqual(keyed(server), keyed(cli));
  });
});
