// Small helpers for the Markdown that hovers and completion documentation show.
// Source text is quoted, never interpreted: a "*" or "[" in a source must not
// turn into emphasis or a link in the editor's popup.

import type { SourceDocument } from "../corpus/extract.js";

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

/** One line of source text, whitespace collapsed and cut at a word boundary. */
export function clip(text: string, max = 240): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

export function blockQuote(text: string, max = 320): string {
  return `> ${escapeMarkdown(clip(text, max))}`;
}

/** "Title — Author · Publisher · 2023-06-14": what a source is, on one line. */
export function sourceByline(doc: SourceDocument): string {
  const parts = [doc.meta.author, doc.meta.publisher, doc.meta.date].filter((p): p is string => !!p && p.trim() !== "");
  return parts.map(escapeMarkdown).join(" · ");
}

export function sourceTitle(doc: SourceDocument): string {
  return doc.meta.title?.trim() || doc.id;
}

/** The metadata block of a source: title, byline, link. */
export function sourceCard(doc: SourceDocument): string {
  const lines = [`**${escapeMarkdown(sourceTitle(doc))}** \`[@${doc.id}]\``];
  const byline = sourceByline(doc);
  if (byline) lines.push(byline);
  if (doc.meta.url && /^https?:\/\//i.test(doc.meta.url)) lines.push(`<${doc.meta.url.replace(/[<>\s]/g, "")}>`);
  return lines.join("  \n");
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The first `max` items joined by commas, then how many more: a name in thousands of
 * sources would otherwise make a hover of tens of kilobytes that no one reads (and
 * that takes the editor longer to render than the server to build).
 */
export function listSome(items: readonly string[], max: number, format: (item: string) => string = (x) => x): string {
  const shown = items.slice(0, max).map(format).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** Source keys as Markdown code, the first `max` of them. */
export function keyList(ids: readonly string[], max: number): string {
  return listSome(ids, max, (id) => `\`${id}\``);
}
