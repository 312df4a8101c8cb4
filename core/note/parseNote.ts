import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { frontmatter } from "micromark-extension-frontmatter";
import { gfm } from "micromark-extension-gfm";
import type { Nodes, Parent, Root } from "mdast";
import { LineIndex } from "../text/lineIndex.js";
import { splitSentences, type Span } from "../text/sentences.js";
import { findCitations, type Citation } from "./citations.js";

export type BlockKind = "paragraph" | "list" | "table" | "footnote";

/** A sentence of the note that the checks read, with its citations. */
export interface NoteSentence {
  /** Offsets into the note. */
  start: number;
  end: number;
  /** The note's text over [start, end) with markup, citations and footnote marks blanked out. */
  prose: string;
  block: BlockKind;
  citations: Citation[];
  footnotes: { label: string; start: number; end: number }[];
}

export interface Footnote {
  label: string;
  citations: Citation[];
  hasLink: boolean;
}

export interface ParsedNote {
  text: string;
  lines: LineIndex;
  sentences: NoteSentence[];
  /** Every citation in the note, including those in headings and footnotes. */
  citations: Citation[];
  footnotes: Map<string, Footnote>;
}

// Notes larger than this are not parsed as Markdown (the parser's cost grows with
// pathological nesting); they are still read, paragraph by paragraph, as plain text.
const MAX_MARKDOWN_CHARS = 2_000_000;
// A line longer than this is data, not prose: the Markdown parser sees it blanked
// (offsets unchanged), so a pasted megabyte of brackets cannot stall the editor.
export const MAX_LINE_CHARS = 10_000;

function blankLongLines(text: string): string {
  if (text.length <= MAX_LINE_CHARS) return text;
  let out = "";
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    out += line.length > MAX_LINE_CHARS ? " ".repeat(line.length) : line;
    if (end < text.length) out += "\n";
    start = end + 1;
  }
  return out;
}

export function parseNote(original: string): ParsedNote {
  const lines = new LineIndex(original);
  const text = blankLongLines(original);
  let tree: Root;
  try {
    if (text.length > MAX_MARKDOWN_CHARS) throw new Error("too large");
    tree = fromMarkdown(text, { extensions: [gfm(), frontmatter(["yaml"])], mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(["yaml"])] });
  } catch {
    tree = { type: "root", children: [] };
  }
  const note: ParsedNote = { text: original, lines, sentences: [], citations: [], footnotes: new Map() };
  const blocks: Block[] = [];
  collectBlocks(tree, text, blocks, false, undefined);
  if (tree.children.length === 0 && text.trim()) plainTextBlocks(text, blocks);

  for (const block of blocks) {
    const masked = maskOutside(text, block.span, block.keep);
    const citations = findCitations(masked.text, block.span.start);
    const footnoteRefs = block.footnoteRefs;
    note.citations.push(...citations);
    if (block.footnote) {
      const f = note.footnotes.get(block.footnote) ?? { label: block.footnote, citations: [], hasLink: false };
      f.citations.push(...citations);
      f.hasLink ||= /https?:\/\/|\bdoi:/i.test(text.slice(block.span.start, block.span.end));
      note.footnotes.set(block.footnote, f);
    }
    // Citations and footnote marks are blanked for the checks but kept as sentence anchors.
    const attached: Span[] = [...citations, ...footnoteRefs].map((c) => ({ start: c.start - block.span.start, end: c.end - block.span.start })).sort((a, b) => a.start - b.start);
    const prose = blankRanges(masked.text, attached);
    const spans = block.kind === "table" ? [{ start: 0, end: prose.length }] : splitSentences(masked.text, { attached });
    const citationsIn = walker(citations);
    const footnotesIn = walker(footnoteRefs);
    for (const sp of spans) {
      const start = block.span.start + sp.start;
      const end = block.span.start + sp.end;
      const sentenceCitations = citationsIn(start, end);
      const sentenceProse = prose.slice(sp.start, sp.end);
      if (!sentenceProse.trim() && sentenceCitations.length === 0) continue;
      note.sentences.push({ start, end, prose: sentenceProse, block: block.kind, citations: sentenceCitations, footnotes: footnotesIn(start, end) });
    }
  }
  note.sentences.sort((a, b) => a.start - b.start);
  return note;
}

// Which parts of the tree are prose the checks read: paragraphs, list items, table
// body rows and footnote definitions. Headings, code, HTML, front matter and block
// quotes (an analyst's comment or a quotation) are not.
interface Block {
  span: Span;
  keep: Span[];
  footnoteRefs: { label: string; start: number; end: number }[];
  kind: BlockKind;
  footnote?: string;
}

function collectBlocks(node: Nodes, text: string, out: Block[], inList: boolean, footnote: string | undefined): void {
  switch (node.type) {
    case "heading":
    case "code":
    case "html":
    case "yaml":
    case "blockquote":
    case "definition":
    case "thematicBreak":
      return;
    case "paragraph": {
      const span = spanOf(node);
      if (span) out.push({ span, ...keptInline(node), kind: footnote ? "footnote" : inList ? "list" : "paragraph", footnote });
      return;
    }
    case "table": {
      node.children.slice(1).forEach((row) => {
        const span = spanOf(row);
        if (span) out.push({ span, ...keptInline(row), kind: "table", footnote });
      });
      return;
    }
    case "footnoteDefinition":
      for (const child of node.children) collectBlocks(child, text, out, inList, node.identifier.toLowerCase());
      return;
    case "list":
    case "listItem":
      for (const child of node.children) collectBlocks(child, text, out, true, footnote);
      return;
    default:
      if ("children" in node) for (const child of (node as Parent).children) collectBlocks(child as Nodes, text, out, inList, footnote);
  }
}

function spanOf(node: Nodes): Span | null {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  return s === undefined || e === undefined ? null : { start: s, end: e };
}

// The text the analyst wrote, without syntax: text nodes (and link text) are kept,
// footnote marks kept as anchors; inline code, HTML, URLs and images are dropped.
function keptInline(node: Nodes): { keep: Span[]; footnoteRefs: Block["footnoteRefs"] } {
  const out: Span[] = [];
  const footnoteRefs: Block["footnoteRefs"] = [];
  const visit = (n: Nodes) => {
    if (n.type === "text" || n.type === "footnoteReference") {
      const s = spanOf(n);
      if (s) out.push(s);
      if (s && n.type === "footnoteReference") footnoteRefs.push({ label: n.identifier.toLowerCase(), ...s });
      return;
    }
    if (n.type === "inlineCode" || n.type === "html" || n.type === "image" || n.type === "imageReference") return;
    if ("children" in n) for (const c of (n as Parent).children) visit(c as Nodes);
  };
  visit(node);
  return { keep: out, footnoteRefs };
}

function maskOutside(text: string, span: Span, keep: Span[]): { text: string } {
  const chars: string[] = [];
  let cursor = span.start;
  for (const k of [...keep].sort((a, b) => a.start - b.start)) {
    if (k.start < cursor) continue;
    chars.push(blank(text.slice(cursor, k.start)), text.slice(k.start, k.end));
    cursor = k.end;
  }
  chars.push(blank(text.slice(cursor, span.end)));
  return { text: chars.join("") };
}

const blank = (s: string) => s.replace(/[^\r\n]/g, " ");

function blankRanges(text: string, ranges: Span[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const r of ranges) {
    if (r.start < cursor) continue;
    parts.push(text.slice(cursor, r.start), " ".repeat(r.end - r.start));
    cursor = r.end;
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}

/** Hands out the items of a sorted list that fall in successive, increasing ranges: one pass in all. */
function walker<T extends Span>(items: T[]): (start: number, end: number) => T[] {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  let i = 0;
  return (start, end) => {
    while (i < sorted.length && sorted[i].start < start) i++;
    const out: T[] = [];
    for (let k = i; k < sorted.length && sorted[k].start < end; k++) if (sorted[k].end <= end) out.push(sorted[k]);
    return out;
  };
}

function plainTextBlocks(text: string, out: Block[]): void {
  let start = 0;
  for (const part of text.split(/\n[^\S\n]*\n/)) {
    const span = { start, end: start + part.length };
    if (part.trim()) out.push({ span, keep: [span], footnoteRefs: [], kind: "paragraph" });
    start = text.indexOf("\n", span.end + 1) + 1;
  }
}
