// The corpus at a glance: the sources and the names read from them. The server
// sends it to the client's "show corpus index" command and its status bar.

import type { Corpus } from "../corpus/corpus.js";
import type { EntityKind } from "../text/words.js";
import type { LoadProblem } from "../types.js";
import { escapeMarkdown, sourceTitle } from "./markdown.js";
import { localeOrder } from "../text/order.js";

export interface CorpusIndex {
  sources: { id: string; title: string; author?: string; publisher?: string; date?: string; url?: string; path: string; sentences: number }[];
  names: { name: string; kind: EntityKind; aliases: string[]; docIds: string[]; mentions: number }[];
}

export function corpusIndex(corpus: Corpus): CorpusIndex {
  const sources = [...corpus.docs.values()]
    .sort((a, b) => localeOrder(a.id, b.id))
    .map((d) => ({ id: d.id, title: sourceTitle(d), author: d.meta.author, publisher: d.meta.publisher, date: d.meta.date, url: d.meta.url, path: d.path, sentences: d.sentences.length }));
  const names = corpus.entities().map((e) => ({ name: e.name, kind: e.kind, aliases: e.aliases, docIds: e.docIds, mentions: e.mentionCount }));
  return { sources, names };
}

/** A Markdown rendering of the index, for a read-only document. `linkOf` turns a source path into a link target. */
export function corpusIndexMarkdown(index: CorpusIndex, problems: readonly LoadProblem[] = [], linkOf: (path: string) => string | null = () => null): string {
  const out: string[] = ["# Briefing Notes — corpus index", ""];
  out.push(`${index.sources.length} sources, ${index.names.length} names.`, "");
  out.push("## Sources", "", "| key | title | publisher | date |", "|---|---|---|---|");
  for (const s of index.sources) {
    const link = linkOf(s.path);
    const title = escapeMarkdown(s.title);
    out.push(`| \`${s.id}\` | ${link ? `[${title}](${link})` : title} | ${escapeMarkdown(s.publisher ?? "")} | ${escapeMarkdown(s.date ?? "")} |`);
  }
  const byKind = new Map<string, CorpusIndex["names"]>();
  for (const n of index.names) {
    const kind = n.kind === "name" ? "other names" : n.kind;
    byKind.set(kind, [...(byKind.get(kind) ?? []), n]);
  }
  const order = ["agreement", "exercise", "dialogue", "partnership", "initiative", "programme", "platform", "organisation", "person", "place", "other names"];
  out.push("", "## Names");
  for (const kind of order) {
    const names = byKind.get(kind);
    if (!names?.length) continue;
    out.push("", `### ${kind.charAt(0).toUpperCase()}${kind.slice(1)} (${names.length})`, "");
    for (const n of [...names].sort((a, b) => localeOrder(a.name, b.name))) {
      const aliases = n.aliases.length ? ` (${n.aliases.map(escapeMarkdown).join(", ")})` : "";
      out.push(`- **${escapeMarkdown(n.name)}**${aliases} — ${n.docIds.map((d) => `\`${d}\``).join(", ")}`);
    }
  }
  if (problems.length) {
    out.push("", "## Loading problems", "");
    for (const p of problems) out.push(`- ${escapeMarkdown(p.path)}${p.line ? `:${p.line}` : ""} — ${p.severity}: ${escapeMarkdown(p.message)}`);
  }
  return out.join("\n") + "\n";
}
