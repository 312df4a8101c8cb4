// Re-checking a note on every keystroke: only sentences whose text changed are
// checked again. A sentence's findings depend on its own text, its kind of block
// and the footnotes it points to (and on the corpus), so those make the cache key;
// the findings are stored relative to the sentence start and moved to where the
// sentence now is. The result is exactly what `checkNote` returns.

import { checkSentence, toFindings, type CheckOptions } from "../checks/checkNote.js";
import type { RawFinding } from "../checks/rawFinding.js";
import type { Corpus } from "../corpus/corpus.js";
import type { NoteSentence, ParsedNote } from "../note/parseNote.js";
import type { Finding } from "../types.js";

interface CachedSentence {
  /** Offsets relative to the sentence start. */
  findings: RawFinding[];
}

export interface CheckStats {
  sentences: number;
  /** Sentences checked anew (the rest came from the cache). */
  checked: number;
}

export class IncrementalChecker {
  private readonly notes = new Map<string, { corpusVersion: number; corpus: Corpus; bySentence: Map<string, CachedSentence> }>();
  /** What the last `check` did: for logs and tests. */
  lastStats: CheckStats = { sentences: 0, checked: 0 };

  check(noteId: string, note: ParsedNote, corpus: Corpus, options: CheckOptions = {}): Finding[] {
    let cache = this.notes.get(noteId);
    // A changed corpus can change any finding: start afresh.
    if (!cache || cache.corpus !== corpus || cache.corpusVersion !== corpus.version) {
      cache = { corpusVersion: corpus.version, corpus, bySentence: new Map() };
    }
    const next = new Map<string, CachedSentence>();
    const raw: RawFinding[] = [];
    let checked = 0;
    note.sentences.forEach((sentence, i) => {
      const key = sentenceKey(note, sentence);
      let entry = next.get(key) ?? cache!.bySentence.get(key);
      if (!entry) {
        entry = { findings: checkSentence(note, i, corpus).map((f) => shift(f, -sentence.start)) };
        checked++;
      }
      next.set(key, entry);
      raw.push(...entry.findings.map((f) => shift(f, sentence.start)));
    });
    // Only the sentences the note has now are kept: the cache never outgrows the note.
    this.notes.set(noteId, { corpusVersion: corpus.version, corpus, bySentence: next });
    this.lastStats = { sentences: note.sentences.length, checked };
    return toFindings(note, raw, options);
  }

  forget(noteId: string): void {
    this.notes.delete(noteId);
  }

  clear(): void {
    this.notes.clear();
  }
}

function sentenceKey(note: ParsedNote, s: NoteSentence): string {
  const footnotes = s.footnotes.map((f) => {
    const def = note.footnotes.get(f.label);
    return def ? `${f.label}=${def.hasLink ? "link" : ""}:${def.citations.flatMap((c) => c.keys.map((k) => k.key)).join(",")}` : `${f.label}=?`;
  });
  return [s.block, note.text.slice(s.start, s.end), s.prose, footnotes.join(";")].join("\u0000");
}

function shift(f: RawFinding, by: number): RawFinding {
  return {
    ...f,
    start: f.start + by,
    end: f.end + by,
    fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) })),
  };
}
