// A corpus folder in the workspace, added by setting and changed while the server
// runs: sources are re-indexed one file at a time and open notes re-checked, with
// no restart. Also: loading problems, the embedded corpus turned off, an untrusted
// workspace, and an editor that cannot watch files or answer settings requests.

import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FileChangeType, MessageType, type Diagnostic } from "vscode-languageserver-protocol/node";
import { TestClient, fileUri, lineOf, tempFolder } from "./harness.js";

const COAST_DRILL = `---
id: coastdrill2024
title: "Coast guards drill off Chennai"
author: "Meera Iyer"
publisher: "Harbour Gazette"
date: "2024-02-02"
---

The Indian and Japanese coast guards held the Sahyog Kaijin exercise off Chennai in January 2024.

The drill included pollution-response training and a search-and-rescue serial.
`;

const shipyard = (month: string) => `---
id: shipyard2025
title: "A shipyard accord"
publisher: "Dockside Weekly"
date: "2025-03-01"
---

India and Japan signed the Harbour Maintenance Accord in ${month} 2023, letting Japanese support vessels be repaired at Indian shipyards.
`;

const NOTE = `# Coast guards and shipyards

The coast guards held the Sahyog Kaijin exercise off Chennai in January 2024 [@coastdrill2024].
The coast guards held the Sahyog Kaijin exercise off Chennai in March 2024 [@coastdrill2024].
India and Japan signed the Harbour Maintenance Accord in November 2023 [@shipyard2025].
Japan enacted its Security Legislation in 2015 [@borah2024].
`;

const at = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line}:${x.code}`).sort();
const line = (needle: string) => lineOf(NOTE, needle);

describe("a workspace corpus folder", () => {
  const workspace = tempFolder({ "sources/coast-drill.md": COAST_DRILL, "notes/coast.md": NOTE });
  const noteUri = fileUri(join(workspace.dir, "notes/coast.md"));
  const shipyardPath = join(workspace.dir, "sources/shipyard.md");
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir] });
    await client.corpusLoaded();
    await client.open(noteUri, NOTE);
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test("before the setting, its keys are unknown", async () => {
    assert.deepEqual(at(await client.diagnostics(noteUri)), [
      `${line("in January 2024")}:unknown-source`,
      `${line("in March 2024")}:unknown-source`,
      `${line("Harbour Maintenance")}:unknown-source`,
    ]);
    assert.equal(client.statuses.at(-1)?.documents, 5);
  });

  test("briefingNotes.corpus.paths adds the folder (relative to the workspace) without a restart", async () => {
    const count = client.publications(noteUri).length;
    await client.setSettings({ corpus: { paths: ["sources"] } });
    const diagnostics = await client.nextDiagnostics(noteUri, count, (d) => !d.some((x) => x.code === "unknown-source" && x.message.toString().includes("coastdrill2024")), "coastdrill2024 known");
    assert.deepEqual(at(diagnostics), [`${line("in March 2024")}:date-conflict`, `${line("Harbour Maintenance")}:unknown-source`]);
    const status = await client.corpusLoaded(2);
    assert.equal(status.documents, 6);
    assert.ok(status.folders.includes(join(workspace.dir, "sources")));
  });

  test("the server asks the editor to watch the folder", async () => {
    const registration = await client.waitFor("a file watcher registration", () => client.registrations.find((r) => r.method === "workspace/didChangeWatchedFiles"));
    const watchers = (registration.registerOptions as { watchers: { globPattern: unknown }[] }).watchers;
    assert.ok(
      watchers.some((w) => typeof w.globPattern === "object" && (w.globPattern as { baseUri: string }).baseUri === fileUri(join(workspace.dir, "sources"))),
      JSON.stringify(watchers),
    );
  });

  test("a new source file is indexed when the editor reports it", async () => {
    writeFileSync(shipyardPath, shipyard("November"));
    const count = client.publications(noteUri).length;
    await client.filesChanged([{ uri: fileUri(shipyardPath), type: FileChangeType.Created }]);
    const diagnostics = await client.nextDiagnostics(noteUri, count, (d) => !d.some((x) => x.code === "unknown-source"), "shipyard2025 known");
    assert.deepEqual(at(diagnostics), [`${line("in March 2024")}:date-conflict`]);
    assert.equal((await client.waitFor("7 sources", () => client.statuses.find((s) => s.documents === 7))).documents, 7);
  });

  test("an edited source is re-read: its new date makes the note's date conflict", async () => {
    writeFileSync(shipyardPath, shipyard("December"));
    const count = client.publications(noteUri).length;
    await client.filesChanged([{ uri: fileUri(shipyardPath), type: FileChangeType.Changed }]);
    const diagnostics = await client.nextDiagnostics(noteUri, count, (d) => d.some((x) => x.range.start.line === line("Harbour Maintenance")), "the shipyard line flagged");
    const conflict = diagnostics.find((x) => x.range.start.line === line("Harbour Maintenance"))!;
    assert.equal(conflict.code, "date-conflict");
    assert.match(conflict.message.toString(), /December 2023/);
    assert.equal(conflict.relatedInformation?.[0].location.uri, fileUri(shipyardPath));
  });

  test("a deleted source leaves the corpus: its key is unknown again", async () => {
    rmSync(shipyardPath);
    const count = client.publications(noteUri).length;
    await client.filesChanged([{ uri: fileUri(shipyardPath), type: FileChangeType.Deleted }]);
    const diagnostics = await client.nextDiagnostics(noteUri, count, (d) => d.some((x) => x.code === "unknown-source"), "shipyard2025 unknown again");
    assert.deepEqual(at(diagnostics), [`${line("in March 2024")}:date-conflict`, `${line("Harbour Maintenance")}:unknown-source`]);
    await client.waitFor("6 sources", () => (client.statuses.at(-1)?.documents === 6 ? true : undefined));
  });

  test("a source that cannot be loaded: one summarised message, details in the log, the rest still loads", async () => {
    const broken = join(workspace.dir, "sources/scan.md");
    writeFileSync(broken, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x03]));
    await client.filesChanged([{ uri: fileUri(broken), type: FileChangeType.Created }]);
    const message = await client.waitFor("a message about the broken source", () => client.messages.find((m) => m.message.includes("scan.md")));
    assert.equal(message.type, MessageType.Warning);
    assert.ok(client.logs.some((l) => l.message.includes("scan.md") && /binary/.test(l.message)));
    // Saving it again with the same fault does not pop up a second message.
    await client.filesChanged([{ uri: fileUri(broken), type: FileChangeType.Changed }]);
    await client.waitFor("the second load logged", () => (client.logs.filter((l) => l.message.includes("scan.md")).length >= 2 ? true : undefined));
    assert.equal(client.messages.filter((m) => m.message.includes("scan.md")).length, 1);
    rmSync(broken);
  });

  test("includeDefault: false leaves out the embedded corpus", async () => {
    const count = client.publications(noteUri).length;
    await client.setSettings({ corpus: { paths: ["sources"], includeDefault: false } });
    const diagnostics = await client.nextDiagnostics(noteUri, count, (d) => d.some((x) => x.range.start.line === line("Security Legislation")), "borah2024 unknown");
    assert.ok(diagnostics.some((x) => x.range.start.line === line("Security Legislation") && x.code === "unknown-source"));
    assert.equal(client.statuses.at(-1)?.documents, 1);
  });
});

describe("corpus loading problems at start", () => {
  const workspace = tempFolder({ "sources/good.md": COAST_DRILL, "sources/bad.md": "---\nid: [unclosed\n---\nBody text.\n" });
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir], settings: { corpus: { paths: ["sources", "missing-folder"] } } });
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test("are summarised in one message and logged one by one", async () => {
    await client.corpusLoaded();
    const message = await client.waitFor("the summary message", () => client.messages[0]);
    assert.equal(message.type, MessageType.Warning);
    assert.match(message.message, /corpus problem/);
    assert.match(message.message, /output/);
    assert.equal(client.messages.length, 1);
    assert.ok(client.logs.some((l) => l.message.includes("missing-folder") && /does not exist/.test(l.message)));
    assert.ok(client.logs.some((l) => l.message.includes("bad.md")));
    assert.equal(client.statuses.at(-1)?.documents, 7, "the five embedded sources, good.md, and bad.md without its metadata");
  });
});

describe("an untrusted workspace", () => {
  const workspace = tempFolder({ "sources/coast-drill.md": COAST_DRILL });
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ workspaceFolders: [workspace.dir], settings: { corpus: { paths: ["sources"], includeDefault: false } }, initializationOptions: { workspaceTrusted: false } });
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test("reads the embedded corpus only, whatever the settings say", async () => {
    const status = await client.corpusLoaded();
    assert.equal(status.documents, 5);
    const uri = fileUri(join(workspace.dir, "note.md"));
    await client.open(uri, NOTE);
    assert.ok((await client.diagnostics(uri)).some((d) => d.code === "unknown-source" && d.message.toString().includes("coastdrill2024")));
  });
});

describe("an editor that neither watches files nor answers settings requests", () => {
  const workspace = tempFolder({ "sources/coast-drill.md": COAST_DRILL, "notes/coast.md": NOTE });
  const noteUri = fileUri(join(workspace.dir, "notes/coast.md"));
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      workspaceFolders: [workspace.dir],
      configuration: false,
      watchers: false,
      initializationOptions: { briefingNotes: { corpus: { paths: ["sources"] } } },
    });
    await client.corpusLoaded();
    await client.open(noteUri, NOTE);
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test("settings come from initializationOptions", async () => {
    const diagnostics = await client.diagnostics(noteUri);
    assert.ok(!diagnostics.some((d) => d.message.toString().includes("coastdrill2024") && d.code === "unknown-source"));
  });

  test("the server watches the corpus folder itself", async () => {
    const count = client.publications(noteUri).length;
    writeFileSync(join(workspace.dir, "sources/shipyard.md"), shipyard("November"));
    const diagnostics = await client.nextDiagnostics(noteUri, count, (d) => !d.some((x) => x.code === "unknown-source"), "shipyard2025 picked up by the server's own watcher");
    assert.deepEqual(at(diagnostics), [`${line("in March 2024")}:date-conflict`]);
  });

  test("a folder made in it later, and one inside that, are watched too", async () => {
    const laterUri = fileUri(join(workspace.dir, "notes/later.md"));
    await client.open(laterUri, "India and Japan signed the Harbour Maintenance Accord in November 2023 [@dockyard2025].\n");
    assert.ok((await client.diagnostics(laterUri)).some((d) => d.code === "unknown-source"), "not known yet");
    const count = client.publications(laterUri).length;
    // Made at once, with its file: the file is there before a watcher could be.
    mkdirSync(join(workspace.dir, "sources/later/deeper"), { recursive: true });
    writeFileSync(join(workspace.dir, "sources/later/deeper/dockyard.md"), shipyard("November").replace("shipyard2025", "dockyard2025"));
    await client.nextDiagnostics(laterUri, count, (d) => !d.some((x) => x.code === "unknown-source"), "dockyard2025 from a new folder");
    // And a source written into it afterwards.
    const next = client.publications(laterUri).length;
    writeFileSync(join(workspace.dir, "sources/later/deeper/dockyard.md"), shipyard("November").replace("shipyard2025", "dockyard2026"));
    await client.nextDiagnostics(laterUri, next, (d) => d.some((x) => x.code === "unknown-source"), "the key renamed in the new folder");
  });

  test("settings pushed with didChangeConfiguration apply", async () => {
    const count = client.publications(noteUri).length;
    await client.setSettings({ corpus: { paths: ["sources"] }, severity: { "date-conflict": "off" } });
    assert.deepEqual(await client.nextDiagnostics(noteUri, count), []);
  });
});
