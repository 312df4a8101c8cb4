// Hover: what the sources say about the thing under the cursor.

import { nearestKey } from "../checks/unknownSource.js";
import { describe } from "../checks/unknownName.js";
import type { Corpus, Entity } from "../corpus/corpus.js";
import type { SourceSentence } from "../corpus/extract.js";
import type { ParsedNote } from "../note/parseNote.js";
import { formatDate } from "../text/dates.js";
import { termsOf } from "../corpus/extract.js";
import { tokenize } from "../text/tokens.js";
import type { Position, Range } from "../types.js";
import { ROLES } from "../corpus/record.js";
import { citationSupport, dateOfRow, forEachDateOf, sentenceCiting, sentencesOnDate } from "./evidence.js";
import { entityAt, offsetAt, targetAt, type NoteTarget } from "./locate.js";
import { blockQuote, clip, escapeMarkdown, plural, sourceCard } from "./markdown.js";

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

const MAX_SENTENCES = 4;
const MAX_DATES = 8;

export function hoverAt(note: ParsedNote, position: Position, corpus: Corpus): HoverResult | null {
  const offset = offsetAt(note, position);
  if (offset === null) return null;
  const target = targetAt(note, offset);
  if (!target) return null;
  switch (target.kind) {
    case "citation":
      return { contents: citationHover(note, target, corpus), range: note.lines.range(target.start, target.end) };
    case "date":
      return { contents: dateHover(target, corpus), range: note.lines.range(target.start, target.end) };
    case "name": {
      const hit = entityAt(corpus, target, offset);
      return hit ? { contents: nameHover(hit.entity, corpus), range: note.lines.range(hit.start, hit.end) } : null;
    }
  }
}

export function nameHover(entity: Entity, corpus: Corpus): string {
  const lines: string[] = [];
  const aliases = entity.aliases.length ? ` (${entity.aliases.map(escapeMarkdown).join(", ")})` : "";
  lines.push(`**${escapeMarkdown(entity.name)}**${aliases} — ${describe(entity)}: ${entity.docIds.map((id) => `\`${id}\``).join(", ")}`);
  const dates = distinctDates(entity, corpus);
  if (dates.length) lines.push("", `Dates the sources give: ${dates.join("; ")}`);
  const seen = new Set<unknown>();
  const quotes: string[] = [];
  for (const { sentence } of entity.eachMention()) {
    if (quotes.length >= MAX_SENTENCES) break;
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    quotes.push(passageQuote(sentence));
  }
  if (quotes.length) lines.push("", quotes.join("\n\n"));
  const more = entity.sentenceCount - quotes.length;
  if (more > 0) lines.push("", `…and ${plural(more, "more passage")}.`);
  return lines.join("\n");
}

function distinctDates(entity: Entity, corpus: Corpus): string[] {
  const out = new Map<string, Set<string>>();
  forEachDateOf(entity, corpus, (id, r) => {
    const date = dateOfRow(corpus, r);
    const label = ROLES[corpus.dateRowRole(r)] === "deadline" ? `by ${formatDate(date)}` : formatDate(date);
    const docs = out.get(label) ?? new Set<string>();
    docs.add(corpus.sentenceDocId(id));
    out.set(label, docs);
  });
  return [...out.entries()].slice(0, MAX_DATES).map(([label, docs]) => `${label} (${[...docs].map((d) => `\`${d}\``).join(", ")})`);
}

function citationHover(note: ParsedNote, target: Extract<NoteTarget, { kind: "citation" }>, corpus: Corpus): string {
  const key = target.key.key;
  const doc = corpus.docs.get(key);
  if (!doc) {
    const near = nearestKey(key, corpus);
    const hint = near ? ` Did you mean \`[@${near}]\` (${escapeMarkdown(corpus.docs.get(near)?.meta.title ?? near)})?` : "";
    return `**No source in the corpus has the key \`${escapeMarkdown(key)}\`.**${hint}`;
  }
  const lines = [sourceCard(doc)];
  const sentence = sentenceCiting(note, target.citation.start);
  if (!sentence) return lines.join("\n");
  const support = citationSupport(note, sentence, doc, corpus);
  if (support.supported && support.passage) {
    lines.push("", "The passage of this source that best supports the sentence:", "", passageQuote(support.passage));
  } else {
    const lacking = support.missing.length ? ` It does not mention ${support.missing.map((m) => `“${escapeMarkdown(m)}”`).join(", ")}.` : "";
    lines.push("", `**No passage in this source supports this sentence.**${lacking}`);
    if (support.passage) lines.push("", "Closest passage:", "", passageQuote(support.passage));
  }
  return lines.join("\n");
}

function passageQuote(sentence: SourceSentence): string {
  return `${blockQuote(sentence.text, 400)}\n>\n> — \`${sentence.doc.id}\`, line ${sentence.doc.lines.position(sentence.start).line + 1}`;
}

function dateHover(target: Extract<NoteTarget, { kind: "date" }>, corpus: Corpus): string {
  const { date, passage } = target;
  const context = termsOf(tokenize(passage.text));
  const sentences = sentencesOnDate(corpus, date, context, MAX_SENTENCES + 1);
  const label = formatDate(date);
  if (sentences.length === 0) return `**${label}**: no source mentions this date.`;
  const shown = sentences.slice(0, MAX_SENTENCES);
  const lines = [`**${label}** in the sources:`, ""];
  for (const s of shown) lines.push(`- ${escapeMarkdown(clip(s.text, 220))} — \`${s.doc.id}\``);
  if (sentences.length > shown.length) lines.push("- …");
  return lines.join("\n");
}
