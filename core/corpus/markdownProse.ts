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

export function proseOfMarkdown(body: string): ProseText {
  const headingLines: { start: number; end: number }[] = [];
  let out = body
    .replace(/^(\s*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s*\2[^\n]*$/gm, (m) => blank(m))
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/!\[[^\]\n]*\]\([^)\n]*\)/g, blank)
    .replace(/\]\([^)\s\n]*(?:\s+"[^"\n]*")?\)/g, blank)
    .replace(/<\/?[A-Za-z][^>\n]{0,200}>/g, blank)
    .replace(/^(\s{0,3})(>\s?)+/gm, (m) => blank(m))
    .replace(/^(\s*)([-*+]|\d{1,3}[.)])\s+/gm, (m) => blank(m))
    .replace(/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm, blank)
    .replace(/\|/g, " ")
    .replace(/\*\*|__|(?<![\p{L}\p{N}])[*_]|[*_](?![\p{L}\p{N}])/gu, (m) => blank(m))
    .replace(/(?<![\p{L}\p{N}\]])\[(?!\s)/gu, " ");
  out = out.replace(/^(#{1,6})(\s+)/gm, (m, hashes: string, space: string, offset: number) => {
    const end = out.indexOf("\n", offset);
    headingLines.push({ start: offset, end: end < 0 ? out.length : end });
    return blank(hashes) + space;
  });
  let offset = 0;
  for (const line of out.split("\n")) {
    if (looksLikeFurniture(line)) headingLines.push({ start: offset, end: offset + line.length });
    offset += line.length + 1;
  }
  return { text: out, headingLines };
}

// A line in Title Case or ALL CAPS with no full stop is a heading, a running
// header or a button ("Read More"), not a sentence: no names or facts come from it.
export function looksLikeFurniture(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed || /[.!?]["”’)]?$/.test(trimmed)) return false;
  const words = trimmed.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0 || words.length > 25) return false;
  const upper = words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w.replace(/^[^\p{L}\p{N}]+/u, ""))).length;
  const small = new Set(["a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "at", "from", "as", "vs"]);
  const content = words.filter((w) => !small.has(w.toLowerCase())).length;
  return content > 0 && upper >= content * 0.75;
}
