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
import { blockQuote, clip, escapeMarkdown, keyList, plural, sourceCard } from "./markdown.js";

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

const MAX_SENTENCES = 4;
const MAX_DATES = 8;
/** Source keys listed for a name, and for each of its dates; the rest are counted. */
const MAX_KEYS = 12;
const MAX_KEYS_PER_DATE = 4;

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

// An entity stands for one version of the corpus (a change makes new ones), so its
// hover can be kept with it: the pointer often rests on the same name again.
const nameHovers = new WeakMap<Entity, string>();

export function nameHover(entity: Entity, corpus: Corpus): string {
  let hover = nameHovers.get(entity);
  if (hover === undefined) nameHovers.set(entity, (hover = buildNameHover(entity, corpus)));
  return hover;
}

function buildNameHover(entity: Entity, corpus: Corpus): string {
  const lines: string[] = [];
  const aliases = entity.aliases.length ? ` (${entity.aliases.map(escapeMarkdown).join(", ")})` : "";
  lines.push(`**${escapeMarkdown(entity.name)}**${aliases} — ${describe(entity)}: ${keyList(entity.docIds, MAX_KEYS)}`);
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

// Counted by a number per date (and whether it is a deadline), each written out only
// if it is shown: a name in thousands of sources gives thousands of dated sentences.
function distinctDates(entity: Entity, corpus: Corpus): string[] {
  const docsByDate = new Map<number, { row: number; docs: Set<string> }>();
  forEachDateOf(entity, corpus, (id, r) => {
    const deadline = ROLES[corpus.dateRowRole(r)] === "deadline" ? 1 : 0;
    const code = ((corpus.dateRowYear(r) * 13 + corpus.dateRowMonth(r)) * 32 + corpus.dateRowDay(r)) * 2 + deadline;
    let entry = docsByDate.get(code);
    if (!entry) docsByDate.set(code, (entry = { row: r, docs: new Set() }));
    entry.docs.add(corpus.sentenceDocId(id));
  });
  // The dates most sources give first (a stable sort: ties stay in corpus order).
  return [...docsByDate.values()]
    .sort((a, b) => b.docs.size - a.docs.size)
    .slice(0, MAX_DATES)
    .map(({ row, docs }) => {
      const date = formatDate(dateOfRow(corpus, row));
      const label = ROLES[corpus.dateRowRole(row)] === "deadline" ? `by ${date}` : date;
      return `${label} (${docs.size > MAX_KEYS_PER_DATE ? `${plural(docs.size, "source")}: ` : ""}${keyList([...docs], MAX_KEYS_PER_DATE)})`;
    });
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
