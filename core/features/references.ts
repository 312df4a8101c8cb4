// Find references: every citation of a source key across a set of notes.

import type { Corpus } from "../corpus/corpus.js";
import type { ParsedNote } from "../note/parseNote.js";
import type { Position, Range } from "../types.js";
import { citationKeyAt, offsetAt } from "./locate.js";

export interface NoteLocation {
  uri: string;
  range: Range;
}

/** The key under the cursor in a note, if it is on a citation. */
export function citedKeyAt(note: ParsedNote, position: Position): string | null {
  const offset = offsetAt(note, position);
  if (offset === null) return null;
  return citationKeyAt(note, offset)?.key.key ?? null;
}

/** Ranges of the key in every citation of one note, footnotes included; code blocks are not citations. */
export function citationsOf(key: string, note: ParsedNote): Range[] {
  const out: Range[] = [];
  for (const c of note.citations) for (const k of c.keys) if (k.key === key) out.push(note.lines.range(k.start, k.end));
  return out;
}

/**
 * Every place a set of notes cites `key`. Notes are given lazily with their text,
 * so a caller scanning a workspace parses only those that mention the key at all.
 */
export function referencesTo(key: string, notes: Iterable<{ uri: string; text: string }>, parse: (text: string) => ParsedNote): NoteLocation[] {
  const out: NoteLocation[] = [];
  for (const { uri, text } of notes) {
    if (!text.includes(key)) continue;
    for (const range of citationsOf(key, parse(text))) out.push({ uri, range });
  }
  return out;
}

/** The key a source document answers to, when the open file is one of the corpus's sources. */
export function sourceKeyOfPath(corpus: Corpus, path: string): string | null {
  for (const doc of corpus.docs.values()) if (doc.path === path) return doc.id;
  return null;
}
