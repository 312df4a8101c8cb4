// Which Markdown files are notes: those the `notes.include` globs match, never a
// file inside a corpus folder (a source is not checked against itself).

import { readFile, stat } from "node:fs/promises";
import { relative, sep } from "node:path";
import { Minimatch } from "minimatch";
import { URI } from "vscode-uri";
import { listSourceFiles } from "../host/loadCorpus.js";

const MARKDOWN = /\.(md|markdown)$/i;
const MAX_SCANNED_NOTES = 10_000;
const MAX_NOTE_BYTES = 2 * 1024 * 1024;

export class NoteFilter {
  constructor(
    private readonly workspaceFolders: () => string[],
    private readonly include: () => string[],
    private readonly isCorpusPath: (path: string) => boolean,
  ) {}

  isNote(uri: string): boolean {
    const parsed = safeParse(uri);
    if (!parsed) return false;
    // An unsaved buffer has no path to match: if the editor says it is Markdown, it is a note.
    if (parsed.scheme === "untitled") return true;
    if (parsed.scheme !== "file") return false;
    return this.isNotePath(parsed.fsPath);
  }

  isNotePath(path: string): boolean {
    if (this.isCorpusPath(path)) return false;
    const target = this.relativeToWorkspace(path);
    return this.matchers().some((m) => m.match(target));
  }

  // Every request asks whether its document is a note: the globs are compiled once per setting, not each time.
  private compiled: { globs: string[]; matchers: Minimatch[] } | undefined;

  private matchers(): Minimatch[] {
    const globs = this.include();
    if (this.compiled?.globs !== globs) this.compiled = { globs, matchers: globs.map((glob) => new Minimatch(glob, { dot: false, nocase: process.platform === "win32" })) };
    return this.compiled.matchers;
  }

  private relativeToWorkspace(path: string): string {
    for (const folder of this.workspaceFolders()) {
      const rel = relative(folder, path);
      if (rel && !rel.startsWith("..") && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel)) return rel.split(sep).join("/");
    }
    return path.split(sep).join("/");
  }

  /** Every note on disk in the workspace folders, as `{uri, text}`, read lazily. */
  async *workspaceNotes(skip: Set<string>): AsyncGenerator<{ uri: string; text: string }> {
    let count = 0;
    for (const folder of this.workspaceFolders()) {
      const files = await listSourceFiles(folder, []);
      for (const file of files) {
        if (!MARKDOWN.test(file) || !this.isNotePath(file)) continue;
        const uri = URI.file(file).toString();
        if (skip.has(uri)) continue;
        if (++count > MAX_SCANNED_NOTES) return;
        try {
          if ((await stat(file)).size > MAX_NOTE_BYTES) continue;
          yield { uri, text: await readFile(file, "utf8") };
        } catch {
          // Gone or unreadable since the listing: not a reference.
        }
      }
    }
  }
}

export function safeParse(uri: string): URI | null {
  try {
    return URI.parse(uri);
  } catch {
    return null;
  }
}

export function pathOf(uri: string): string | null {
  const parsed = safeParse(uri);
  return parsed?.scheme === "file" ? parsed.fsPath : null;
}
