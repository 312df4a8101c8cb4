import { datelineOf } from "./dateline.js";
import { readFrontMatter } from "./frontMatter.js";
import { LineIndex } from "../text/lineIndex.js";
import type { LoadProblem } from "../types.js";

export interface DocMeta {
  title?: string;
  author?: string;
  publisher?: string;
  date?: string;
  url?: string;
}

export interface PublicationDate {
  year: number;
  month?: number;
  day?: number;
}

/** One source document, as loaded: its text and metadata, before fact extraction. */
export interface SourceText {
  id: string;
  path: string;
  text: string;
  /** Where the prose starts (after any front matter). */
  bodyStart: number;
  meta: DocMeta;
  published?: PublicationDate;
  lines: LineIndex;
}

export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;
const KNOWN_KEYS = new Set(["id", "title", "author", "publisher", "date", "url", "tags", "lang", "language", "source", "description", "aliases", "summary", "type"]);
// Pandoc's citation key syntax: starts with a letter, digit or _, then word characters and inner punctuation.
export const CITATION_KEY = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u;

export function idFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const stem = base.replace(/\.(md|markdown|txt|text)$/i, "");
  const cleaned = stem.replace(/[^\p{L}\p{N}_:.#$%&\-+?<>~]/gu, "-").replace(/^[^\p{L}\p{N}_]+/u, "");
  return cleaned || "source";
}

/** A file too large to be an article is refused before it is read. */
export function refuseSize(path: string, size: number): LoadProblem | null {
  if (size <= MAX_SOURCE_BYTES) return null;
  return { path, severity: "error", message: `skipped: ${(size / 1048576).toFixed(1)} MB is larger than the ${MAX_SOURCE_BYTES / 1048576} MB a source document may be` };
}

/** Reasons to refuse a file outright: it is binary or absurdly large. */
export function refuseContent(path: string, content: Uint8Array | string): LoadProblem | null {
  const tooBig = refuseSize(path, typeof content === "string" ? content.length : content.byteLength);
  if (tooBig) return tooBig;
  // The first 8 KiB: characters of a string, bytes of a file (each byte its own code, as Latin-1 reads it).
  const length = Math.min(typeof content === "string" ? content.length : content.byteLength, 8192);
  const control = controlCodes(content, length);
  if (control < 0) return { path, severity: "error", message: "skipped: binary content (a NUL byte), not a text document" };
  if (length > 0 && control / length > 0.05) {
    return { path, severity: "error", message: "skipped: binary content (control characters), not a text document" };
  }
  return null;
}

/** How many of the first `length` codes are control characters other than tab, line breaks and form feed; -1 at a NUL. */
function controlCodes(content: Uint8Array | string, length: number): number {
  let control = 0;
  // A loop per kind of content: each stays a plain loop over one kind of array.
  if (typeof content === "string") {
    for (let i = 0; i < length; i++) {
      const c = content.charCodeAt(i);
      if (c === 0) return -1;
      if (isControl(c)) control++;
    }
  } else {
    for (let i = 0; i < length; i++) {
      const c = content[i];
      if (c === 0) return -1;
      if (isControl(c)) control++;
    }
  }
  return control;
}

const isControl = (c: number) => c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12;

/** Reads a source document's text: Markdown with optional YAML front matter, or plain text. */
export function readSource(path: string, text: string): { source: SourceText | null; problems: LoadProblem[] } {
  const refused = refuseContent(path, text);
  if (refused) return { source: null, problems: [refused] };
  const problems: LoadProblem[] = [];
  const isPlain = /\.(txt|text)$/i.test(path);
  const fm = isPlain ? { data: {}, bodyStart: 0, problems: [] } : readFrontMatter(text);
  for (const p of fm.problems) problems.push({ path, line: p.line, severity: "warning", message: `${p.message}; the document is loaded without its metadata, with the id "${idFromPath(path)}" from its file name` });
  const data = fm.data;
  for (const key of Object.keys(data)) {
    if (!KNOWN_KEYS.has(key)) problems.push({ path, line: lineOfKey(text, key), severity: "warning", message: `unknown front-matter key "${key}" is ignored (known: id, title, author, publisher, date, url)` });
  }
  let id = idFromPath(path);
  if (data.id !== undefined) {
    const raw = String(data.id).trim();
    if (CITATION_KEY.test(raw)) id = raw;
    else problems.push({ path, line: lineOfKey(text, "id"), severity: "warning", message: `id "${raw}" is not a valid citation key; using "${id}" from the file name` });
  }
  const meta: DocMeta = {};
  for (const k of ["title", "author", "publisher", "url"] as const) {
    const v = data[k];
    if (v === undefined || v === null) continue;
    meta[k] = Array.isArray(v) ? v.map(String).join(", ") : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  }
  if (data.date !== undefined && data.date !== null) meta.date = data.date instanceof Date ? data.date.toISOString().slice(0, 10) : String(data.date);
  if (!meta.title) meta.title = firstLine(text.slice(fm.bodyStart));
  const published = meta.date ? parsePublished(meta.date) : datelineOf(text.slice(fm.bodyStart));
  if (meta.date && !published) problems.push({ path, line: lineOfKey(text, "date"), severity: "warning", message: `date "${meta.date}" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)` });
  return { source: { id, path, text, bodyStart: fm.bodyStart, meta, published, lines: new LineIndex(text) }, problems };
}

function parsePublished(date: string): PublicationDate | undefined {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(date.trim());
  if (!m) return undefined;
  const month = m[2] ? Number(m[2]) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  // Only the parts given, so the date reads back from the cache pack (JSON) exactly as made.
  const published: PublicationDate = { year: Number(m[1]) };
  if (month !== undefined) published.month = month;
  if (m[3]) published.day = Number(m[3]);
  return published;
}

function firstLine(body: string): string | undefined {
  const line = body.split(/\r?\n/).find((l) => l.trim());
  return line?.replace(/^#+\s*/, "").trim().slice(0, 200) || undefined;
}

function lineOfKey(text: string, key: string): number | undefined {
  const lines = text.split(/\r?\n/, 200);
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  return i >= 0 ? i + 1 : undefined;
}
