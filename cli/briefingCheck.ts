import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkNote } from "../core/checks/checkNote.js";
import { Corpus } from "../core/corpus/corpus.js";
import { DEFAULT_CORPUS_DIR, listSourceFiles, loadCorpus } from "../host/loadCorpus.js";
import { defaultCacheDir } from "../host/sourceCache.js";
import { readRegularFile } from "../host/extractFile.js";
import { formatJson, formatSarif, formatText, type FileFindings } from "./formats.js";

export const USAGE = `Usage: briefing-check [options] NOTE|FOLDER...

Checks Markdown briefing notes against a corpus of source documents.

Options:
  --corpus DIR            add the source documents in DIR (repeatable)
  --no-default-corpus     do not load the embedded default corpus
  --format text|json|sarif  output format (default: text)
  --cache-dir DIR         keep what was read from the sources in DIR, so the next
                          run reads only what changed (default: $XDG_CACHE_HOME/
                          briefing-notes, else ~/.cache/briefing-notes)
  --no-cache              read every source afresh and keep nothing
  -q, --quiet             do not print corpus loading warnings
  -h, --help              show this help
  --version               show the version

Exit codes:
  0  no findings
  1  findings were reported
  2  usage error: a bad option, or a note that cannot be read
  3  the corpus could not be loaded (no readable source document)
`;

export class UsageError extends Error {}

interface Options {
  corpus: string[];
  defaultCorpus: boolean;
  /** null: no cache. */
  cacheDir: string | null;
  format: "text" | "json" | "sarif";
  quiet: boolean;
  notes: string[];
}

export function parseOptions(argv: string[]): Options | "help" | "version" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        corpus: { type: "string", multiple: true },
        "no-default-corpus": { type: "boolean" },
        "cache-dir": { type: "string" },
        "no-cache": { type: "boolean" },
        format: { type: "string" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, "."));
  }
  const v = parsed.values;
  if (v.help) return "help";
  if (v.version) return "version";
  const format = (v.format ?? "text") as Options["format"];
  if (!["text", "json", "sarif"].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${v.format}"`);
  if (parsed.positionals.length === 0) throw new UsageError("no note given: name one or more Markdown notes or folders");
  const cacheDir = v["no-cache"] ? null : v["cache-dir"] ? resolve(v["cache-dir"]) : defaultCacheDir();
  return { corpus: v.corpus ?? [], defaultCorpus: !v["no-default-corpus"], cacheDir, format, quiet: !!v.quiet, notes: parsed.positionals };
}

/** Expands folders to the Markdown notes inside them. */
async function noteFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new UsageError(`cannot read note "${p}": no such file or folder`);
    }
    if (st.isDirectory()) out.push(...(await listSourceFiles(p, [])).filter((f) => /\.(md|markdown)$/i.test(f)));
    else out.push(p);
  }
  return out;
}

export async function main(argv: string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err.write(`briefing-check: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (options === "help") {
    io.out.write(USAGE);
    return 0;
  }
  if (options === "version") {
    io.out.write(`${await version()}\n`);
    return 0;
  }
  const dirs = [...(options.defaultCorpus ? [DEFAULT_CORPUS_DIR] : []), ...options.corpus.map((d) => resolve(d))];
  // The same loading as the language server: the cache, and worker threads for what it lacks.
  const loading = progressReporter(0, io.err, "read", "sources");
  const { corpus, problems, cacheWritten } = await loadCorpus(dirs, new Corpus(), { cacheDir: options.cacheDir, onProgress: (done, total) => loading.tick(done, total) });
  loading.done();
  if (!options.quiet) for (const p of problems) io.err.write(`briefing-check: corpus: ${p.path}${p.line ? `:${p.line}` : ""}: ${p.message}\n`);
  if (corpus.size === 0) {
    io.err.write("briefing-check: the corpus has no readable source document; nothing to check against\n");
    return 3;
  }
  let files: string[];
  try {
    files = await noteFiles(options.notes);
  } catch (e) {
    io.err.write(`briefing-check: ${(e as Error).message}\n`);
    return 2;
  }
  const results: FileFindings[] = [];
  const progress = progressReporter(files.length, io.err);
  for (const file of files) {
    let text: string;
    try {
      // Not readFile: a FIFO given as a note would wait forever for a writer.
      text = (await readRegularFile(file)).toString("utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.err.write(`briefing-check: cannot read note "${file}": ${code === "ENOTREGULAR" ? "not a regular file" : (code ?? (e as Error).message)}\n`);
      return 2;
    }
    results.push({ file: resolve(file), findings: checkNote(text, corpus) });
    progress.tick();
  }
  progress.done();
  const out = options.format === "json" ? formatJson(results) : options.format === "sarif" ? formatSarif(results, await version()) : formatText(results);
  io.out.write(out);
  // The cache is written while the notes are checked; it is finished before leaving.
  await cacheWritten;
  return results.some((r) => r.findings.length) ? 1 : 0;
}

// A folder of notes can take a while: show a counter on a terminal, never in a pipe.
function progressReporter(total: number, err: NodeJS.WritableStream & { isTTY?: boolean }, verb = "checked", noun = "notes") {
  const started = Date.now();
  let done = 0;
  let shown = false;
  let last = 0;
  return {
    tick(now = done + 1, of = total) {
      done = now;
      total = of;
      const t = Date.now();
      // At most ten updates a second: a corpus of 10 000 sources would otherwise write 10 000 lines.
      if (err.isTTY && total > 1 && t - started > 1000 && (t - last > 100 || done === total)) {
        err.write(`\r${verb} ${done}/${total} ${noun}`);
        shown = true;
        last = t;
      }
    },
    done() {
      if (shown) err.write("\n");
    },
  };
}

async function version(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg.version;
}
