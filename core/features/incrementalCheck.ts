// Re-checking a note on every keystroke: only sentences whose text changed are
// checked again. A sentence's findings depend on its own text, its kind of block
// and the footnotes it points to (and on the corpus), so those make the cache key;
// the findings are stored relative to the sentence start and moved to where the
// sentence now is. The result is exactly what `checkNote` returns.
//
// The note comes in pieces (see parseNote): a keystroke re-parses the piece it is in
// and moves the others. A piece that is the same parse, with the same text, on the
// same line, with the same footnotes, has the same findings in the same places: they
// are handed out again whole, without reading its sentences (whose offsets moved).

import { checkNoteSentence, placeFindings, sortFindings, toFindingsMoved, type CheckOptions } from "../checks/checkNote.js";
import type { RawFinding } from "../checks/rawFinding.js";
import { detached } from "../text/detached.js";
import type { Corpus } from "../corpus/corpus.js";
import { pieceSentences, type NotePart, type NoteSentence, type ParsedNote, type PlacedPiece } from "../note/parseNote.js";
import type { Finding, Position } from "../types.js";

interface CachedSentence {
  /** Offsets relative to the sentence start. */
  findings: RawFinding[];
  /** The last run of `checkSteps` whose note has this sentence. */
  seen?: number;
  /** The findings as the last run placed them (see placedFindings). */
  placed?: PlacedFindings;
}

// A keystroke changes the offsets of every sentence after it, but rarely where they
// are in lines and columns: typing within a line moves nothing on the lines below.
// A finding's range depends only on where its sentence starts and ends (line and
// column) and on the sentence's own text, so the findings placed for a sentence are
// handed out again, the same objects, while those stay put. Making them anew for the
// whole note on every keystroke was most of the checker's garbage.
interface PlacedFindings {
  start: Position;
  end: Position;
  severity: string;
  findings: Finding[];
}

/** A piece's findings as the last run placed them, and what they depend on. */
interface CachedPiece {
  /** The piece's text (a copy: a slice would keep that version of the note alive). */
  text: string;
  /** Where the piece starts, in lines and columns. */
  line: number;
  character: number;
  severity: string;
  /** The definitions of the footnotes its sentences point to. */
  footnotes: string;
  findings: Finding[];
  /** Its sentences' cache entries: kept while the piece is. */
  sentences: CachedSentence[];
  /** The last run of `checkSteps` whose note has this piece. */
  seen: number;
}

interface NoteCache {
  corpusVersion: number;
  corpus: Corpus;
  bySentence: Map<string, CachedSentence>;
  byPiece: Map<NotePart, CachedPiece>;
  /** Runs of `checkSteps` started on this cache. */
  runs: number;
}

export interface CheckStats {
  sentences: number;
  /** Sentences checked anew (the rest came from the cache). */
  checked: number;
}

export class IncrementalChecker {
  private readonly notes = new Map<string, NoteCache>();
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
    const run = ++cache.runs;
    const severity = severityKey(options);
    const found: Finding[] = [];
    let checked = 0;
    let sentences = 0;
    for (let p = 0; p < note.pieces.length; p++) {
      const piece = note.pieces[p];
      // Nothing to check, and nothing to keep: a piece of blank lines, or a pasted
      // 5 MB line, would otherwise be copied and compared on every keystroke.
      if (piece.part.sentences.length === 0) continue;
      sentences += piece.part.sentences.length;
      const kept = keptPiece(cache.byPiece.get(piece.part), note, piece, severity);
      if (kept) {
        kept.seen = run;
        for (const entry of kept.sentences) entry.seen = run;
        for (const f of kept.findings) found.push(f);
        if ((p & 255) === 0) yield; // reading the cache takes time too, on a long note
        continue;
      }
      const placed: Finding[] = [];
      const entries: CachedSentence[] = [];
      let movable = true;
      const origins = piece.part.sentences;
      const moved = pieceSentences(piece);
      for (let i = 0; i < moved.length; i++) {
        const sentence = moved[i];
        const known = cache.bySentence.size;
        const entry = cachedSentence(cache, note, sentence, origins[i], corpus);
        if (cache.bySentence.size > known) {
          checked++;
          yield;
        }
        entry.seen = run;
        entries.push(entry);
        if (entry.findings.length === 0) continue;
        const findings = placedFindings(note, sentence, entry, options, severity);
        movable &&= entry.placed?.findings === findings;
        for (const f of findings) placed.push(f);
      }
      for (const f of placed) found.push(f);
      // A piece whose findings reach outside their sentences is placed anew every time (none do, today).
      if (movable) cache.byPiece.set(piece.part, cachedPiece(note, piece, severity, placed, entries, run));
      else cache.byPiece.delete(piece.part);
    }
    // Only the sentences and pieces the note has now are kept: the cache never outgrows
    // the note. (Dropped in place: a new map on every keystroke lived just long enough
    // to be copied into the old generation.)
    cache.bySentence.forEach((entry, key, map) => {
      if (entry.seen !== run) map.delete(key);
    });
    cache.byPiece.forEach((entry, part, map) => {
      if (entry.seen !== run) map.delete(part);
    });
    this.lastStats = { sentences, checked };
    return sortFindings(found);
  }

  /**
   * The findings of the sentences that touch [start, end] (offsets), as `check` would
   * give them: what quick fixes at a cursor need, without checking the whole note.
   */
  findingsIn(noteId: string, note: ParsedNote, corpus: Corpus, start: number, end: number, options: CheckOptions = {}): Finding[] {
    const cache = this.cacheFor(noteId, corpus);
    const placed: { raw: RawFinding[]; by: number }[] = [];
    for (const piece of note.pieces) {
      if (piece.end < start || piece.base > end) continue;
      const origins = piece.part.sentences;
      const moved = pieceSentences(piece);
      for (let i = 0; i < moved.length; i++) {
        const sentence = moved[i];
        if (sentence.end < start || sentence.start > end) continue;
        const entry = cachedSentence(cache, note, sentence, origins[i], corpus);
        if (entry.findings.length) placed.push({ raw: entry.findings, by: sentence.start });
      }
    }
    return toFindingsMoved(note, placed, options);
  }

  // A changed corpus can change any finding: start afresh.
  private cacheFor(noteId: string, corpus: Corpus): NoteCache {
    let cache = this.notes.get(noteId);
    if (!cache || cache.corpus !== corpus || cache.corpusVersion !== corpus.version) {
      cache = { corpusVersion: corpus.version, corpus, bySentence: new Map(), byPiece: new Map(), runs: 0 };
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

/** The sentence's cache entry, checked now (and added) if it has none. */
function cachedSentence(cache: NoteCache, note: ParsedNote, sentence: NoteSentence, origin: NoteSentence, corpus: Corpus): CachedSentence {
  const key = sentenceKey(note, sentence, origin);
  let entry = cache.bySentence.get(key);
  if (!entry) {
    entry = { findings: checkNoteSentence(note, sentence, corpus).map((f) => shift(f, -sentence.start)) };
    cache.bySentence.set(key, entry);
  }
  return entry;
}

/** The cached piece, if its findings are still those of the piece where it is now. */
function keptPiece(cached: CachedPiece | undefined, note: ParsedNote, piece: PlacedPiece, severity: string): CachedPiece | undefined {
  if (!cached || cached.severity !== severity) return undefined;
  const at = note.lines.position(piece.base);
  if (at.line !== cached.line || at.character !== cached.character) return undefined;
  // The parse is kept by the text the Markdown parser saw, which may blank out characters the checks read.
  if (note.text.slice(piece.base, piece.end) !== cached.text) return undefined;
  return footnotesOf(note, piece.part) === cached.footnotes ? cached : undefined;
}

function cachedPiece(note: ParsedNote, piece: PlacedPiece, severity: string, findings: Finding[], sentences: CachedSentence[], run: number): CachedPiece {
  const at = note.lines.position(piece.base);
  return { text: detached(note.text.slice(piece.base, piece.end)), line: at.line, character: at.character, severity, footnotes: footnotesOf(note, piece.part), findings, sentences, seen: run };
}

/** The definitions of every footnote the piece's sentences point to, as one string ("" for none, as most pieces). */
function footnotesOf(note: ParsedNote, part: NotePart): string {
  let out = "";
  for (const s of part.sentences) if (s.footnotes.length) out += footnoteKey(note, s) + "\u0001";
  return out;
}

function footnoteKey(note: ParsedNote, s: NoteSentence): string {
  return s.footnotes
    .map((f) => {
      const def = note.footnotes.get(f.label);
      return def ? `${f.label}=${def.hasLink ? "link" : ""}:${def.citations.flatMap((c) => c.keys.map((k) => k.key)).join(",")}` : `${f.label}=?`;
    })
    .join(";");
}

/** `origin` is the sentence as its piece's parse gave it (see ownKey). */
function sentenceKey(note: ParsedNote, s: NoteSentence, origin: NoteSentence): string {
  const own = ownKey(note, s, origin);
  return s.footnotes.length === 0 ? own : own + footnoteKey(note, s);
}

// The part of a sentence's key that is its own (kind of block, text, prose), by the
// sentence as its piece's parse gave it: that object stays the same while the piece
// is unchanged, wherever it moves, so a keystroke makes a key only for the sentences
// of the piece it touched, not for every sentence of the note.
// The text is checked against the key all the same: a piece's parse is cached by the
// text the Markdown parser saw, which may blank out characters the key must hold.
const ownKeys = new WeakMap<NoteSentence, { key: string; text: string }>();

function ownKey(note: ParsedNote, s: NoteSentence, origin: NoteSentence): string {
  const text = note.text.slice(s.start, s.end);
  const known = ownKeys.get(origin);
  // Compared whole: equal strings are compared as blocks of memory, where startsWith
  // read them character by character (most of the checker's time on a keystroke).
  if (known !== undefined && known.text === text) return known.key;
  // Copied out of the note: a key holding a slice of it kept that whole version of the
  // note alive for as long as the sentence stayed unchanged (one version for each
  // sentence edited), and old versions were copied into the old generation.
  const key = detached(`${s.block}\u0000${text}\u0000${s.prose}\u0000`);
  const textStart = s.block.length + 1;
  ownKeys.set(origin, { key, text: key.slice(textStart, textStart + text.length) });
  return key;
}

/** The sentence's findings placed in the note: those of the last run if the sentence starts and ends where it did. */
function placedFindings(note: ParsedNote, sentence: NoteSentence, entry: CachedSentence, options: CheckOptions, severity: string): Finding[] {
  const start = note.lines.position(sentence.start);
  const end = note.lines.position(sentence.end);
  const last = entry.placed;
  if (last && last.severity === severity && samePosition(last.start, start) && samePosition(last.end, end)) return last.findings;
  const findings = placeFindings(note, entry.findings, sentence.start, options, []);
  // Only findings within the sentence move with it (all do, today); any other is placed anew every time.
  const span = sentence.end - sentence.start;
  if (entry.findings.every((f) => within(f.start, f.end, span) && f.fixes.every((x) => x.edits.every((e) => within(e.start, e.end, span))))) {
    entry.placed = { start, end, severity, findings };
  }
  return findings;
}

const within = (start: number, end: number, span: number) => start >= 0 && start <= end && end <= span;

const samePosition = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

function severityKey(options: CheckOptions): string {
  const s = options.severity;
  return s ? JSON.stringify(Object.entries(s).sort(([a], [b]) => (a < b ? -1 : 1))) : "";
}

function shift(f: RawFinding, by: number): RawFinding {
  return {
    ...f,
    start: f.start + by,
    end: f.end + by,
    fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) })),
  };
}
