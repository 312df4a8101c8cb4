import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { Corpus } from "../../core/corpus/corpus.js";
import { readSource } from "../../core/corpus/document.js";
import { extractDocument } from "../../core/corpus/extract.js";

// Tests run from out/test/…; fixtures stay in the source tree.
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures");
export const EMBEDDED_CORPUS = join(ROOT, "corpus");

/** A corpus built from in-memory documents: `{ "path.md": "text" }`. */
export function corpusOf(files: Record<string, string>): Corpus {
  const corpus = new Corpus();
  for (const [path, text] of Object.entries(files)) {
    const { source, problems } = readSource(path, text);
    if (!source) throw new Error(`fixture ${path} refused: ${problems.map((p) => p.message).join("; ")}`);
    corpus.add(extractDocument(source));
  }
  return corpus;
}

/** Marks a cursor in a test string with "|" and returns the text without it and the offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf("|");
  if (offset < 0) throw new Error("no | cursor in the test string");
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
