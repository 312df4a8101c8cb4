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
    const steps = this.checkSteps(noteId, note, corpus, options);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * `check`, one step per sentence checked anew: a caller can pause between steps so
   * that a note of 100 000 lines does not hold up everything else, and stop when the
   * note has changed. Sentences checked before a stop stay cached for the next run.
   */
  *checkSteps(noteId: string, note: ParsedNote, corpus: Corpus, options: CheckOptions = {}): Generator<void, Finding[], void> {
    const cache = this.cacheFor(noteId, corpus);
    const next = new Map<string, CachedSentence>();
    const raw: RawFinding[] = [];
    let checked = 0;
    for (let i = 0; i < note.sentences.length; i++) {
      const sentence = note.sentences[i];
      const key = sentenceKey(note, sentence);
      let entry = next.get(key) ?? cache.bySentence.get(key);
      if (!entry) {
        entry = { findings: checkSentence(note, i, corpus).map((f) => shift(f, -sentence.start)) };
        cache.bySentence.set(key, entry);
        checked++;
        yield;
      } else if ((i & 255) === 0) yield; // reading the cache takes time too, on a long note
      next.set(key, entry);
      for (const f of entry.findings) raw.push(shift(f, sentence.start));
    }
    // Only the sentences the note has now are kept: the cache never outgrows the note.
    cache.bySentence = next;
    this.lastStats = { sentences: note.sentences.length, checked };
    return toFindings(note, raw, options);
  }

  /**
   * The findings of the sentences that touch [start, end] (offsets), as `check` would
   * give them: what quick fixes at a cursor need, without checking the whole note.
   */
  findingsIn(noteId: string, note: ParsedNote, corpus: Corpus, start: number, end: number, options: CheckOptions = {}): Finding[] {
    const cache = this.cacheFor(noteId, corpus);
    const raw: RawFinding[] = [];
    // Sentences are sorted by start: skip to the first that may reach `start`.
    let lo = 0;
    let hi = note.sentences.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (note.sentences[mid].end < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < note.sentences.length && note.sentences[i].start <= end; i++) {
      const sentence = note.sentences[i];
      if (sentence.end < start) continue;
      const key = sentenceKey(note, sentence);
      let entry = cache.bySentence.get(key);
      if (!entry) {
        entry = { findings: checkSentence(note, i, corpus).map((f) => shift(f, -sentence.start)) };
        cache.bySentence.set(key, entry);
      }
      for (const f of entry.findings) raw.push(shift(f, sentence.start));
    }
    return toFindings(note, raw, options);
  }

  // A changed corpus can change any finding: start afresh.
  private cacheFor(noteId: string, corpus: Corpus): { corpusVersion: number; corpus: Corpus; bySentence: Map<string, CachedSentence> } {
    let cache = this.notes.get(noteId);
    if (!cache || cache.corpus !== corpus || cache.corpusVersion !== corpus.version) {
      cache = { corpusVersion: corpus.version, corpus, bySentence: new Map() };
      this.notes.set(noteId, cache);
    }
    return cache;
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
