import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { readSource, refuseContent, refuseSize } from "../core/corpus/document.js";
import { extractDocument, type SourceDocument } from "../core/corpus/extract.js";
import { Corpus } from "../core/corpus/corpus.js";
import type { LoadProblem } from "../core/types.js";

/** The embedded default corpus shipped with the extension and the CLI. */
export const DEFAULT_CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "corpus");

const SOURCE_FILE = /\.(md|markdown|txt|text)$/i;
const MAX_FILES = 100_000;

export interface LoadResult {
  corpus: Corpus;
  problems: LoadProblem[];
}

/** Lists the source files of a folder, following no link twice (a symlink loop ends quietly). */
export async function listSourceFiles(dir: string, problems: LoadProblem[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  async function walk(d: string, depth: number): Promise<void> {
    if (depth > 20 || out.length >= MAX_FILES) return;
    let real: string;
    try {
      real = await realpath(d);
    } catch (e) {
      problems.push({ path: d, severity: "error", message: `cannot read folder: ${(e as Error).message}` });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: d, severity: "error", message: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = join(d, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = await stat(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          problems.push({ path: p, severity: "error", message: "skipped: broken or looping symbolic link" });
          continue;
        }
      }
      if (isDir) await walk(p, depth + 1);
      else if (isFile && SOURCE_FILE.test(e.name)) out.push(p);
    }
  }
  await walk(dir, 0);
  return out;
}

/** Reads and extracts one source file; problems are reported, never thrown. */
export async function loadSourceFile(path: string): Promise<{ doc: SourceDocument | null; problems: LoadProblem[] }> {
  let bytes: Buffer;
  try {
    const st = await stat(path);
    const tooBig = refuseSize(path, st.size);
    if (tooBig) return { doc: null, problems: [tooBig] };
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EACCES" ? "permission denied" : code === "ENOENT" ? "the file disappeared while the corpus was loading" : (e as Error).message;
    return { doc: null, problems: [{ path, severity: "error", message: `skipped: cannot read (${why})` }] };
  }
  const refused = refuseContent(path, bytes);
  if (refused) return { doc: null, problems: [refused] };
  const { source, problems } = readSource(path, bytes.toString("utf8"));
  return { doc: source ? extractDocument(source) : null, problems };
}

/** Loads folders of source documents into one corpus; a bad document never stops the rest. */
export async function loadCorpus(dirs: string[], corpus = new Corpus()): Promise<LoadResult> {
  const problems: LoadProblem[] = [];
  const owner = new Map<string, string>();
  for (const dir of dirs) {
    try {
      const st = await stat(dir);
      if (!st.isDirectory()) {
        problems.push({ path: dir, severity: "error", message: "corpus path is not a folder" });
        continue;
      }
    } catch {
      problems.push({ path: dir, severity: "error", message: "corpus folder does not exist" });
      continue;
    }
    for (const file of await listSourceFiles(dir, problems)) {
      const { doc, problems: p } = await loadSourceFile(file);
      problems.push(...p);
      if (!doc) continue;
      const first = owner.get(doc.id);
      if (first) {
        problems.push({ path: file, severity: "error", message: `skipped: duplicate id "${doc.id}" (already used by ${first})` });
        continue;
      }
      owner.set(doc.id, file);
      corpus.add(doc);
    }
  }
  return { corpus, problems };
}
