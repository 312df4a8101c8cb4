// What the cursor is on in a note: a citation key, a date or a name. Hover,
// definition, references and completion all start here, so they agree on it.

import type { Corpus, Entity } from "../corpus/corpus.js";
import type { Citation, CitationKey } from "../note/citations.js";
import { pieceCitations, piecesAround, pieceSentences, type NoteSentence, type ParsedNote } from "../note/parseNote.js";
import { findDates, type DateMention } from "../text/dates.js";
import { findNames, nameKey, type NameMention } from "../text/names.js";
import { tokenize, type Token } from "../text/tokens.js";
import type { Position } from "../types.js";

/**
 * The note offset of a position, or null when the position lies outside the
 * text: an editor may ask about a line that an edit has just removed.
 */
export function offsetAt(note: ParsedNote, position: Position): number | null {
  const { line, character } = position ?? {};
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) return null;
  if (line >= note.lines.lineCount || character > note.lines.lineText(line).length) return null;
  return note.lines.offset(position);
}

/** The sentence holding the offset; a cursor just after a sentence's last character still belongs to it. */
export function sentenceAt(note: ParsedNote, offset: number): NoteSentence | undefined {
  // Only the pieces around the offset are read: after a keystroke, the sentences of
  // the rest have moved, and making them all for one hover would cost the note's size.
  let touching: NoteSentence | undefined;
  for (const piece of piecesAround(note, offset)) {
    for (const s of pieceSentences(piece)) {
      if (offset >= s.start && offset < s.end) return s;
      if (offset === s.end) touching = s;
    }
  }
  return touching;
}

/** The text a name or date at the offset is read from: its sentence's prose, else its line (a heading, a table header). */
export interface Passage {
  text: string;
  /** Offset of `text[0]` in the note. */
  base: number;
  sentence?: NoteSentence;
}

export function passageAt(note: ParsedNote, offset: number): Passage {
  const sentence = sentenceAt(note, offset);
  if (sentence) return { ...around(sentence.prose, sentence.start, offset), sentence };
  const line = note.lines.position(offset).line;
  const base = note.lines.offset({ line, character: 0 });
  return around(note.lines.lineText(line), base, offset);
}

// A passage longer than this (a pasted megabyte line, a "sentence" of figures with no
// full stop) is read only around the cursor: names and dates are short, and reading
// all of it for one hover took seconds.
const MAX_PASSAGE = 4_000;

function around(text: string, base: number, offset: number): { text: string; base: number } {
  if (text.length <= MAX_PASSAGE) return { text, base };
  const end = Math.min(text.length, Math.max(0, offset - base - MAX_PASSAGE / 2) + MAX_PASSAGE);
  const start = Math.max(0, end - MAX_PASSAGE);
  return { text: text.slice(start, end), base: base + start };
}

export type NoteTarget =
  | { kind: "citation"; key: CitationKey; citation: Citation; start: number; end: number }
  | { kind: "date"; date: DateMention; passage: Passage; start: number; end: number }
  | { kind: "name"; mention: NameMention; passage: Passage; tokens: Token[]; start: number; end: number };

const within = (offset: number, start: number, end: number) => offset >= start && offset <= end;

export function citationKeyAt(note: ParsedNote, offset: number): { key: CitationKey; citation: Citation } | null {
  for (const citation of piecesAround(note, offset).flatMap(pieceCitations)) {
    if (!within(offset, citation.start, citation.end)) continue;
    // "@" belongs to its key; on the brackets or between keys, a lone key is still meant.
    const key = citation.keys.find((k) => within(offset, k.start - 1, k.end)) ?? (citation.keys.length === 1 ? citation.keys[0] : undefined);
    if (key) return { key, citation };
  }
  return null;
}

export function targetAt(note: ParsedNote, offset: number): NoteTarget | null {
  const cited = citationKeyAt(note, offset);
  if (cited) return { kind: "citation", ...cited, start: cited.key.start, end: cited.key.end };
  const passage = passageAt(note, offset);
  const dates = findDates(passage.text, passage.base);
  const date = pick(dates, offset);
  if (date) return { kind: "date", date, passage, start: date.start, end: date.end };
  const tokens = tokenize(passage.text, passage.base);
  const mention = pick(findNames(passage.text, tokens, passage.base, dates), offset);
  if (mention) return { kind: "name", mention, passage, tokens, start: mention.start, end: mention.end };
  return null;
}

// Strictly inside wins over touching at the end ("Norvania|'s" is on Norvania; "2019|." too).
function pick<T extends { start: number; end: number }>(spans: T[], offset: number): T | undefined {
  return spans.find((s) => offset >= s.start && offset < s.end) ?? spans.find((s) => offset === s.end);
}

/**
 * The corpus entity a name at the offset refers to, with the words that name it.
 * "Exercise Coral Sentinel" is not itself a corpus name, but "Coral Sentinel"
 * inside it is: the longest run of the mention's words around the offset that the
 * corpus knows wins.
 */
export function entityAt(corpus: Corpus, target: Extract<NoteTarget, { kind: "name" }>, offset: number): { entity: Entity; start: number; end: number } | null {
  const { mention, tokens } = target;
  const whole = corpus.entity(mention.key);
  if (whole) return { entity: whole, start: mention.start, end: mention.end };
  const words = tokens.filter((t) => t.start >= mention.start && t.end <= mention.end);
  for (let size = words.length - 1; size >= 1; size--) {
    for (let i = 0; i + size <= words.length; i++) {
      const start = words[i].start;
      const end = words[i + size - 1].end;
      if (offset < start || offset > end) continue;
      const text = target.passage.text.slice(start - target.passage.base, end - target.passage.base);
      const entity = corpus.entity(nameKey(text));
      if (entity) return { entity, start, end };
    }
  }
  return null;
}
