// Go to definition: from "[@key]" to the passage of the source that supports the
// sentence (or the top of the source), from a name to its first source passage.

import { passageOf } from "../checks/support.js";
import type { Corpus } from "../corpus/corpus.js";
import type { SourceDocument } from "../corpus/extract.js";
import type { ParsedNote } from "../note/parseNote.js";
import type { Position, SourcePassage } from "../types.js";
import { citationSupport, sentenceCiting } from "./evidence.js";
import { entityAt, offsetAt, targetAt } from "./locate.js";

export function definitionAt(note: ParsedNote, position: Position, corpus: Corpus): SourcePassage[] {
  const offset = offsetAt(note, position);
  if (offset === null) return [];
  const target = targetAt(note, offset);
  if (!target) return [];
  if (target.kind === "citation") {
    const doc = corpus.docs.get(target.key.key);
    if (!doc) return [];
    const sentence = sentenceCiting(note, target.citation.start);
    const support = sentence ? citationSupport(note, sentence, doc, corpus) : undefined;
    return [support?.supported && support.passage ? passageOf(support.passage) : documentStart(doc)];
  }
  if (target.kind === "name") {
    const hit = entityAt(corpus, target, offset);
    const first = hit?.entity.firstMention();
    return first ? [passageOf(first.sentence)] : [];
  }
  return [];
}

/** The first line of a source's body: where "open the source" lands when no passage is meant. */
export function documentStart(doc: SourceDocument): SourcePassage {
  const start = doc.lines.position(doc.bodyStart);
  const first = doc.sentences[0];
  return {
    docId: doc.id,
    path: doc.path,
    range: { start, end: start },
    text: first ? first.text.replace(/\s+/g, " ").trim() : "",
  };
}
