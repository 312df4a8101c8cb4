// Faults in a corpus folder, met through the language server as an editor meets
// them (and through the CLI): malformed YAML front matter, a binary file, a 50 MB
// file, files that cannot be read (a FIFO, a folder named like a source, a file
// deleted between being listed and being read), symbolic link loops, duplicate ids,
// and files deleted while the corpus is being indexed. For each: exactly one clear
// warning naming the file, everything else indexed (hover on a name from another
// source and diagnostics on a note still answer), and nothing retried in a loop
// (the server's CPU stays idle, no warning repeats).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FileChangeType, MessageType } from "vscode-languageserver-protocol/node";
import { ROOT, TestClient, delay, fileUri, lineOf, positionOf, tempFolder } from "./harness.js";

const GOOD = `---
id: coastdrill2024
title: "Coast guards drill off Chennai"
publisher: "Harbour Gazette"
date: "2024-02-02"
---

The Indian and Japanese coast guards held the Sahyog Kaijin exercise off Chennai in January 2024.
`;

const LATE = `---
id: lateharbour2025
title: "A late harbour report"
date: "2025-01-10"
---

The Harbour Maintenance Accord was signed in November 2023.
`;

const NOTE = `# Coast guards

The coast guards held the Sahyog Kaijin exercise off Chennai in March 2024 [@coastdrill2024].
The Harbour Maintenance Accord was signed in November 2023 [@lateharbour2025].
`;

/** Each faulty file, and the words its one warning must use. */
const FAULTS: Record<string, RegExp> = {
  "bad-yaml.md": /broken front matter/,
  "scan.md": /binary/,
  "huge.md": /50\.0 MB is larger than/,
  "pipe.md": /not a regular file/,
  "loop.md": /looping symbolic link/,
  "duplicate.md": /duplicate id "coastdrill2024"/,
};

function makeFaultyCorpus(dir: string): void {
  writeFileSync(join(dir, "bad-yaml.md"), "---\nid: [unclosed\ntitle: Broken\n---\nThe Harbour Maintenance Accord was signed in 2019.\n");
  writeFileSync(join(dir, "scan.md"), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x00]));
  // 50 MB on paper (a sparse file): it must be refused by its size, never read.
  writeFileSync(join(dir, "huge.md"), "");
  truncateSync(join(dir, "huge.md"), 50 * 1024 * 1024);
  // Reading a FIFO waits for a writer that never comes.
  const fifo = spawnSync("mkfifo", [join(dir, "pipe.md")]);
  assert.equal(fifo.status, 0, `mkfifo: ${fifo.stderr}`);
  symlinkSync("loop.md", join(dir, "loop.md"));
  // A folder that links back to its parent: walked once, and quietly (not a fault of any file).
  mkdirSync(join(dir, "nested"));
  symlinkSync("..", join(dir, "nested", "back"));
  writeFileSync(join(dir, "duplicate.md"), GOOD.replace("Coast guards drill", "A copy"));
}

/** The server's CPU seconds so far (Linux /proc), to tell idle from a loop. */
function cpuSeconds(client: TestClient): number {
  const pid = (client as unknown as { child: { pid: number } }).child.pid;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Warnings and errors in the server's log that name the file (its info lines, "corpus: created …", are not warnings). */
const logsNaming = (client: TestClient, name: string) => client.logs.filter((l) => l.type <= MessageType.Warning && l.message.includes(name));

describe("corpus faults, at load", () => {
  const workspace = tempFolder({ "sources/coast-drill.md": GOOD, "sources/late.md": LATE, "notes/note.md": NOTE });
  const sources = join(workspace.dir, "sources");
  const noteUri = fileUri(join(workspace.dir, "notes/note.md"));
  let client: TestClient;
  before(async () => {
    makeFaultyCorpus(sources);
    client = await TestClient.start({ workspaceFolders: [workspace.dir], settings: { corpus: { paths: ["sources"] }, cache: { enabled: false } } });
    await client.corpusLoaded();
    await client.open(noteUri, NOTE);
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  for (const [name, words] of Object.entries(FAULTS)) {
    test(`${name}: one warning in the log, naming the file and saying why`, () => {
      const lines = logsNaming(client, name);
      assert.equal(lines.length, 1, lines.map((l) => l.message).join("\n"));
      assert.match(lines[0].message, words);
      assert.ok(lines[0].message.includes(join(sources, name)), lines[0].message);
    });
  }

  test("one message for the editor sums them up", () => {
    assert.equal(client.messages.length, 1, JSON.stringify(client.messages));
    assert.equal(client.messages[0].type, MessageType.Warning);
    assert.match(client.messages[0].message, /5 corpus problems .* and 1 warning/);
  });

  test("everything else is indexed: the status counts it, a note is checked against it, hover finds its names", async () => {
    // Five embedded sources, coast-drill, late, and bad-yaml loaded without its metadata.
    assert.equal(client.statuses.at(-1)?.documents, 8);
    const diagnostics = await client.diagnostics(noteUri);
    assert.deepEqual(
      diagnostics.map((d) => `${d.range.start.line}:${d.code}`),
      [`${lineOf(NOTE, "March 2024")}:date-conflict`],
    );
    const hover = await client.hover(noteUri, positionOf(NOTE, "Sahyog Kaijin", 3));
    assert.match(JSON.stringify(hover?.contents), /coastdrill2024/);
  });

  test("the folder linking to its parent was walked once: no duplicate ids from it", () => {
    assert.equal(logsNaming(client, "nested").length, 0);
    assert.ok(!client.logs.some((l) => /duplicate id "(?!coastdrill2024)/.test(l.message)));
  });

  test("nothing is retried: the server idles and no warning comes back", async () => {
    const logs = client.logs.length;
    const cpu = cpuSeconds(client);
    await delay(2500);
    assert.ok(cpuSeconds(client) - cpu < 0.3, `the server used ${(cpuSeconds(client) - cpu).toFixed(2)} s of CPU in 2.5 s`);
    assert.equal(client.logs.length, logs, client.logs.slice(logs).map((l) => l.message).join("\n"));
    assert.equal(client.messages.length, 1);
  });

  test("the CLI prints the same warnings on stderr, once each, and checks the note against the rest", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "briefing-check.js"), "--corpus", sources, join(workspace.dir, "notes/note.md")], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    for (const [name, words] of Object.entries(FAULTS)) {
      const lines = r.stderr.split("\n").filter((l) => l.includes(join(sources, name)));
      assert.equal(lines.length, 1, `${name}:\n${r.stderr}`);
      assert.match(lines[0], words);
      assert.match(lines[0], /^briefing-check: corpus: /);
    }
    assert.match(r.stdout, /date-conflict/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  });

  test("the CLI, given a FIFO as a note, says so and exits 2 (it used to wait forever)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "briefing-check.js"), join(sources, "pipe.md")], { encoding: "utf8", timeout: 30_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /cannot read note .*pipe\.md": not a regular file/);
  });
});

describe("corpus faults, arriving while the server runs", () => {
  const workspace = tempFolder({ "sources/coast-drill.md": GOOD, "notes/note.md": NOTE });
  const sources = join(workspace.dir, "sources");
  const noteUri = fileUri(join(workspace.dir, "notes/note.md"));
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir], settings: { corpus: { paths: ["sources"] }, cache: { enabled: false } } });
    await client.corpusLoaded();
    await client.open(noteUri, NOTE);
    await client.diagnostics(noteUri);
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  /** Reports a file event and waits until the server has dealt with everything before a good file that follows it. */
  async function report(changes: { path: string; type: FileChangeType }[]): Promise<void> {
    const witness = join(sources, `witness-${Math.random().toString(36).slice(2)}.md`);
    writeFileSync(witness, LATE.replace("lateharbour2025", `w${Math.random().toString(36).slice(2)}`));
    await client.filesChanged([...changes.map((c) => ({ uri: fileUri(c.path), type: c.type })), { uri: fileUri(witness), type: FileChangeType.Created }]);
    // Corpus events are handled in order: the witness indexed means the faults were dealt with.
    await client.waitFor("the witness source indexed", () => (client.logs.some((l) => l.message.includes(`created ${witness}`)) ? true : undefined));
  }

  test("each fault, reported by the editor's file watcher, is one warning (log, and a message naming it)", async () => {
    makeFaultyCorpus(sources);
    await report(Object.keys(FAULTS).map((name) => ({ path: join(sources, name), type: FileChangeType.Created })));
    for (const [name, words] of Object.entries(FAULTS)) {
      assert.equal(logsNaming(client, name).length, 1, `${name}: ${logsNaming(client, name).map((l) => l.message).join(" / ")}`);
      assert.match(logsNaming(client, name)[0].message, words);
    }
    // The errors (all but the front matter, which still loads) each pop up once.
    for (const name of ["scan.md", "huge.md", "pipe.md", "loop.md", "duplicate.md"]) {
      assert.equal(client.messages.filter((m) => m.message.includes(name)).length, 1, `${name}: ${JSON.stringify(client.messages)}`);
    }
  });

  test("a folder named like a source is read as a folder", async () => {
    mkdirSync(join(sources, "archive.md"));
    writeFileSync(join(sources, "archive.md", "inside.md"), LATE);
    await report([{ path: join(sources, "archive.md"), type: FileChangeType.Created }]);
    assert.equal(logsNaming(client, "archive.md").length, 0, logsNaming(client, "archive.md").map((l) => l.message).join("\n"));
    const diagnostics = await client.nextDiagnostics(noteUri, 0, (d) => !d.some((x) => x.code === "unknown-source"), "lateharbour2025 known");
    assert.ok(!diagnostics.some((d) => d.code === "unknown-source"));
  });

  test("a file deleted before the server reads it: one warning saying it is gone", async () => {
    const gone = join(sources, "gone.md");
    writeFileSync(gone, GOOD.replace("coastdrill2024", "gone2024"));
    rmSync(gone);
    await report([{ path: gone, type: FileChangeType.Created }]);
    assert.equal(logsNaming(client, "gone.md").length, 1);
    assert.match(logsNaming(client, "gone.md")[0].message, /disappeared/);
  });

  test("the same faults saved again do not pop up again, and the rest still answers", async () => {
    const messages = client.messages.length;
    await report(["scan.md", "pipe.md", "loop.md"].map((name) => ({ path: join(sources, name), type: FileChangeType.Changed })));
    assert.equal(client.messages.length, messages);
    const hover = await client.hover(noteUri, positionOf(NOTE, "Sahyog Kaijin", 3));
    assert.match(JSON.stringify(hover?.contents), /coastdrill2024/);
  });

  test("and the server idles afterwards", async () => {
    const logs = client.logs.length;
    const cpu = cpuSeconds(client);
    await delay(2500);
    assert.ok(cpuSeconds(client) - cpu < 0.3, `the server used ${(cpuSeconds(client) - cpu).toFixed(2)} s of CPU in 2.5 s`);
    assert.equal(client.logs.length, logs, client.logs.slice(logs).map((l) => l.message).join("\n"));
  });
});

describe("files deleted while the corpus is being indexed", () => {
  const workspace = tempFolder({ "notes/note.md": NOTE });
  const sources = join(workspace.dir, "sources");
  const count = 1500;
  let client: TestClient;
  const deleted = new Set<string>();
  before(async () => {
    mkdirSync(sources);
    writeFileSync(join(sources, "coast-drill.md"), GOOD);
    for (let i = 0; i < count; i++) writeFileSync(join(sources, `doc-${String(i).padStart(4, "0")}.md`), LATE.replace("lateharbour2025", `doc${i}`).replace("November 2023", `November ${1990 + (i % 30)}`));
    client = await TestClient.start({ workspaceFolders: [workspace.dir], settings: { corpus: { paths: ["sources"] }, cache: { enabled: false } } });
    // Delete every third file, from the last, while the server lists and reads the folder.
    await client.waitFor("loading to start", () => client.statuses.find((s) => s.loading));
    for (let i = count - 1; i >= 0; i -= 3) {
      if (client.statuses.some((s) => !s.loading)) break;
      const name = `doc-${String(i).padStart(4, "0")}.md`;
      rmSync(join(sources, name));
      deleted.add(name);
      await delay(2);
    }
    await client.corpusLoaded();
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test("loading finishes with the files that remain, and warns at most once about each deleted one", async (t) => {
    const status = client.statuses.filter((s) => !s.loading)[0];
    assert.ok(status.documents >= 5 + 1 + count - deleted.size && status.documents <= 5 + 1 + count, `${status.documents} documents`);
    const warned = client.logs.filter((l) => /doc-\d{4}\.md/.test(l.message));
    const names = warned.map((l) => /doc-\d{4}\.md/.exec(l.message)![0]);
    assert.equal(new Set(names).size, names.length, "no file is warned about twice");
    for (const l of warned) assert.match(l.message, /disappeared/);
    for (const n of names) assert.ok(deleted.has(n), `${n} was not deleted`);
    assert.ok(client.messages.length <= 1);
    t.diagnostic(`${deleted.size} of ${count} files deleted while loading; ${names.length} of them had been listed and are reported gone; ${status.documents} documents`);
  });

  test("and the note is checked against the rest", async () => {
    const uri = fileUri(join(workspace.dir, "notes/note.md"));
    await client.open(uri, NOTE);
    const diagnostics = await client.diagnostics(uri);
    assert.ok(diagnostics.some((d) => d.code === "date-conflict"), JSON.stringify(diagnostics.map((d) => d.code)));
  });
});
