// Source documents are read as prose, not rendered: Markdown syntax is blanked out
// with spaces so every offset still points into the original file. A full Markdown
// parse per source would cost more than the whole extraction at 10 000 documents.

export interface ProseText {
  /** Same length as the input; syntax replaced by spaces. */
  text: string;
  /** Offsets (relative to the input) of lines that are headings or page furniture. */
  headingLines: { start: number; end: number }[];
}

const blank = (s: string) => s.replace(/[^\r\n]/g, " ");

// Written as scans over lines rather than regular expressions across the document:
// a hostile source (a 5 MB line of "![") must cost linear time, not quadratic.
export function proseOfMarkdown(body: string): ProseText {
  const headingLines: { start: number; end: number }[] = [];
  const text = blankSpans(body, htmlComments(body));
  const lines = text.split("\n");
  const out: string[] = [];
  let fence: string | null = null;
  let offset = 0;
  for (let idx = 0; idx < lines.length; idx++) {
    const raw = lines[idx];
    let line = raw;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null || marker) {
      if (fence === null) fence = marker![0].repeat(marker!.length);
      else if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      out.push(blank(line));
      offset += raw.length + 1;
      continue;
    }
    line = stripLinePrefix(line);
    const heading = /^(#{1,6})(\s)/.exec(line);
    if (heading) {
      line = blank(heading[1]) + line.slice(heading[1].length);
      headingLines.push({ start: offset, end: offset + raw.length });
    }
    if (isDelimiterRow(line)) line = blank(line);
    const dataRow = isTableRow(line) && !isDelimiterRow(lines[idx + 1] ?? "");
    line = blankInline(line);
    // Most lines of prose hold none of these marks: look before running the expressions.
    if (line.includes("|")) line = line.replace(/\|/g, " ");
    if (line.includes("*") || line.includes("_")) line = line.replace(/\*\*|__|(?<![\p{L}\p{N}])[*_]|[*_](?![\p{L}\p{N}])/gu, (m) => blank(m));
    if (line.includes("[")) line = line.replace(/(?<![\p{L}\p{N}\]])\[(?!\s)/gu, " ");
    // A table's data row holds facts that belong together ("… link | 1,000 MW | 2013"):
    // its closing pipe becomes a full stop, so the row is a sentence of its own and not
    // taken for a heading. The header row (above the delimiter) stays furniture.
    if (dataRow) line = line.slice(0, raw.lastIndexOf("|")) + "." + line.slice(raw.lastIndexOf("|") + 1);
    if (!heading && looksLikeFurniture(line)) headingLines.push({ start: offset, end: offset + raw.length });
    out.push(line);
    offset += raw.length + 1;
  }
  return { text: out.join("\n"), headingLines };
}

const isDelimiterRow = (line: string) => /^[\s:|-]+$/.test(line) && line.includes("---");
const isTableRow = (line: string) => /^\s*\|.*\|\s*$/.test(line) && !isDelimiterRow(line);

function htmlComments(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = text.indexOf("<!--"); i >= 0; i = text.indexOf("<!--", i)) {
    const end = text.indexOf("-->", i + 4);
    if (end < 0) break;
    spans.push([i, end + 3]);
    i = end + 3;
  }
  return spans;
}

function blankSpans(text: string, spans: [number, number][]): string {
  if (spans.length === 0) return text;
  let out = "";
  let cursor = 0;
  for (const [a, b] of spans) {
    out += text.slice(cursor, a) + blank(text.slice(a, b));
    cursor = b;
  }
  return out + text.slice(cursor);
}

// Block quote markers and list bullets at the start of a line.
function stripLinePrefix(line: string): string {
  // Character codes read only inside the line: a read past its end (line[i] is then
  // undefined) makes the engine recompile the function that inlined this one.
  const n = line.length;
  let i = 0;
  while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  let changed = false;
  while (i < n && line.charCodeAt(i) === 62 /* > */) {
    i++;
    if (i < n && line.charCodeAt(i) === 32) i++;
    changed = true;
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  }
  const bullet = /^(?:[-*+]|\d{1,3}[.)])[ \t]/.exec(line.slice(i, i + 6));
  if (bullet) {
    i += bullet[0].length;
    changed = true;
  }
  return changed ? " ".repeat(i) + line.slice(i) : line;
}

// Images, link targets and HTML tags on one line, found by scanning forward once.
function blankInline(line: string): string {
  // Every span starts at a "<" or ends with "](": a line with neither has none.
  if (!line.includes("](") && !line.includes("<")) return line;
  const spans: [number, number][] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === "!" && line[i + 1] === "[") {
      const close = line.indexOf("](", i + 2);
      const end = close < 0 ? -1 : line.indexOf(")", close + 2);
      if (end >= 0 && close - i < 500 && end - close < 2000) {
        spans.push([i, end + 1]);
        i = end + 1;
        continue;
      }
    } else if (c === "]" && line[i + 1] === "(") {
      const end = line.indexOf(")", i + 2);
      if (end >= 0 && end - i < 2000) {
        spans.push([i, end + 1]);
        i = end + 1;
        continue;
      }
    } else if (c === "<" && /[A-Za-z/]/.test(line[i + 1] ?? "")) {
      const end = line.indexOf(">", i + 1);
      if (end >= 0 && end - i <= 200) {
        spans.push([i, end + 1]);
        i = end + 1;
        continue;
      }
    }
    i++;
  }
  return blankSpans(line, spans);
}

// A line in Title Case or ALL CAPS with no full stop is a heading, a running
// header or a button ("Read More"), not a sentence: no names or facts come from it.
export function looksLikeFurniture(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed || endsWithStop(trimmed, true)) return false;
  const words = trimmed.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0 || words.length > 25) return false;
  const upper = words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w.replace(/^[^\p{L}\p{N}]+/u, ""))).length;
  const content = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase())).length;
  return content > 0 && upper >= content * 0.75;
}

const SMALL_WORDS = new Set(["a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "at", "from", "as", "vs"]);

/**
 * Does `text` end a sentence: a full stop or "!" (with `question`, also "?"), perhaps
 * followed by one closing quote or bracket? What `/[.!?]["”’)]?$/` asks, read from
 * the end instead of tried at every position.
 */
export function endsWithStop(text: string, question: boolean): boolean {
  const isStop = (c: number) => c === 46 || c === 33 || (question && c === 63);
  const last = text.charCodeAt(text.length - 1);
  if (isStop(last)) return true;
  // " ” ’ )
  if (last !== 34 && last !== 0x201d && last !== 0x2019 && last !== 41) return false;
  return text.length >= 2 && isStop(text.charCodeAt(text.length - 2));
}
