// Runs notes through the language server the way an editor would (open each one,
// take the diagnostics it publishes) and prints them in `briefing-check --format
// json` shape, so the labelled-notes scorer can grade the server exactly as it
// grades the command line:
//
//   BRIEFING_CHECK="node out/test/protocol/lspCheck.js" node ../shared/eval/score.mjs ../shared/eval/dev --corpus ../shared/eval/dev/corpus
//
// Loaded by the test runner (which passes no arguments) it does nothing.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { TestClient, fileUri, messageOf } from "./harness.js";

export interface Row {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

export async function checkThroughServer(notes: string[], corpusDirs: string[], command?: string[]): Promise<Row[]> {
  const client = await TestClient.start({ workspaceFolders: [process.cwd()], settings: { corpus: { paths: corpusDirs.map((d) => resolve(d)) }, debounceMs: 0 }, command });
  try {
    await client.corpusLoaded();
    const rows: Row[] = [];
    for (const note of notes) {
      const file = resolve(note);
      const uri = fileUri(file);
      await client.open(uri, readFileSync(file, "utf8"));
      for (const d of await client.diagnostics(uri)) {
        rows.push({ file, line: d.range.start.line + 1, column: d.range.start.character + 1, code: String(d.code), message: messageOf(d) });
      }
      await client.close(uri);
    }
    return rows;
  } finally {
    await client.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const corpus: string[] = [];
  const notes: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--corpus") corpus.push(argv[++i]);
    else if (argv[i] === "--format") i++; // always json
    else notes.push(argv[i]);
  }
  const rows = await checkThroughServer(notes, corpus);
  process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  return rows.length ? 1 : 0;
}

if (process.argv.length > 2 && import.meta.url === fileUri(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`lspCheck: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
