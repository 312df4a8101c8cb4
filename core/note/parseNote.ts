import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { frontmatter } from "micromark-extension-frontmatter";
import { gfm } from "micromark-extension-gfm";
import type { Nodes, Parent, Root } from "mdast";
import { detached } from "../text/detached.js";
import { LineIndex } from "../text/lineIndex.js";
import { splitSentences, type Span } from "../text/sentences.js";
import { findCitations, type Citation } from "./citations.js";

export type BlockKind = "paragraph" | "list" | "table" | "footnote";

/** A sentence of the note that the checks read, with its citations. */
export interface NoteSentence {
  /** Offsets into the note. */
  start: number;
  end: number;
  /** The note's text over [start, end) with markup, citations and footnote marks blanked out. */
  prose: string;
  block: BlockKind;
  citations: Citation[];
  footnotes: { label: string; start: number; end: number }[];
}

export interface Footnote {
  label: string;
  citations: Citation[];
  hasLink: boolean;
}

export interface ParsedNote {
  text: string;
  lines: LineIndex;
  /**
   * The note's pieces in order, each parsed alone (a short note is one piece). An
   * editor's keystroke re-parses one piece and moves the rest: what works piece by
   * piece (the incremental checker, what the cursor is on) never reads the sentences
   * of the pieces it does not need.
   */
  pieces: readonly PlacedPiece[];
  /** Every sentence, in order: made from the pieces on first use. */
  readonly sentences: NoteSentence[];
  /** Every citation in the note, including those in headings and footnotes: made on first use. */
  readonly citations: Citation[];
  footnotes: Map<string, Footnote>;
}

/** A parsed piece where it is in the note: its text is `note.text.slice(base, end)`. */
export interface PlacedPiece {
  part: NotePart;
  base: number;
  end: number;
}

/** A parse's result: sentences and citations are moved out of the pieces only when asked for. */
class PiecedNote implements ParsedNote {
  lines = EMPTY_LINES;
  footnotes = new Map<string, Footnote>();
  pieces: PlacedPiece[] = [];
  private allSentences: NoteSentence[] | undefined;
  private allCitations: Citation[] | undefined;

  constructor(readonly text: string) {}

  get sentences(): NoteSentence[] {
    if (!this.allSentences) {
      this.allSentences = [];
      for (const p of this.pieces) for (const s of pieceSentences(p)) this.allSentences.push(s);
    }
    return this.allSentences;
  }

  get citations(): Citation[] {
    if (!this.allCitations) {
      this.allCitations = [];
      for (const p of this.pieces) for (const c of pieceCitations(p)) this.allCitations.push(c);
    }
    return this.allCitations;
  }

  /** Adds a piece; its footnotes join the note's at once (a sentence's check reads them). */
  add(part: NotePart, base: number, end: number): void {
    this.pieces.push({ part, base, end });
    if (part.footnotes.size === 0) return;
    const moved = movedPart(part, base);
    for (const [label, f] of part.footnotes) {
      const citations = moved.footnoteCitations.get(label) ?? [];
      const into = this.footnotes.get(label);
      if (into) {
        for (const c of citations) into.citations.push(c);
        into.hasLink ||= f.hasLink;
      } else {
        this.footnotes.set(label, { label, citations: [...citations], hasLink: f.hasLink });
      }
    }
  }
}

/** The sentences of a placed piece, at their offsets in the note. */
export function pieceSentences(piece: PlacedPiece): NoteSentence[] {
  return movedPart(piece.part, piece.base).sentences;
}

/** The citations of a placed piece (its footnotes' too), at their offsets in the note. */
export function pieceCitations(piece: PlacedPiece): Citation[] {
  return movedPart(piece.part, piece.base).citations;
}

/**
 * The pieces that can hold something at `offset` or end at it: the one it is in and
 * the one before (whose last sentence or citation may end right there).
 */
export function piecesAround(note: ParsedNote, offset: number): PlacedPiece[] {
  const pieces = note.pieces;
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid].base <= offset) lo = mid;
    else hi = mid - 1;
  }
  return pieces.slice(Math.max(0, lo - 1), lo + 1);
}

// Markdown (micromark) costs far more than reading the prose, and some input makes
// it slow beyond any use: its cost grows faster than linearly with the size of one
// parse, and quadratically with unmatched emphasis or bracket delimiters within one
// paragraph (20 lines of "*_*_…" took 49 s). Three guards keep a note's parse
// linear, and let a caller (the language server) spread it over time:
//  - a line longer than MAX_LINE_CHARS is data, not prose: the parser sees it blanked;
//  - a paragraph with a flood of delimiters is data too: the parser sees its `*`, `_`,
//    `~`, `[`, `]`, `<` and backticks as no-break spaces, except its citations' brackets;
//  - a line whose block markup (indentation, quote marks, list markers) runs past
//    MAX_PREFIX columns is data and is blanked (2 000 "1. " on one line made 4 000
//    nested nodes and overflowed the stack; deep indentation costs milliseconds a line);
//  - a long note is parsed in pieces, cut only where Markdown starts afresh (a blank
//    line before an unindented line, a heading, a bullet), outside fences, HTML blocks
//    and front matter. Each piece is parsed alone, so an edit re-parses one piece when
//    the caller keeps a cache, and `parseNoteSteps` yields between pieces.
// Offsets are never changed: blanking replaces characters one for one.

/** A piece larger than this (no place to cut for 64 KB) is read as plain text, paragraph by paragraph. */
const MAX_MARKDOWN_CHARS = 64_000;
/** A line whose block markup (indentation, quote marks, list markers) is longer than this is data: at most ~16 levels of nesting. */
const MAX_PREFIX = 32;
/** A line longer than this is blanked before parsing (its text stays in the note). */
export const MAX_LINE_CHARS = 10_000;
/** Notes up to this length are parsed whole, as they always were. */
export const CHUNKED_FROM = 64_000;
/** Pieces are at least this long (each parse has a fixed cost) and are cut by 32 KB when the text allows. */
const MIN_PIECE = 2_000;
const MAX_PIECE = 32_000;

/** Parsed pieces of a note, by their text: kept by the caller between versions of one note (with more beside it, see stubbedPieces and guardedPieces). */
export type NoteParseCache = Map<string, NotePart>;

export interface ParseOptions {
  /** Reuse pieces parsed for an earlier version of the same note (pieces no longer in the note are dropped). */
  cache?: NoteParseCache;
  /** Parse in pieces from this length on (default CHUNKED_FROM); tests set 0 to compare with a whole parse. */
  chunkedFrom?: number;
  /**
   * Pieces at least this long (default MIN_PIECE). An editor re-parsing on every
   * keystroke wants them small: an edit re-parses its piece, and makes less garbage.
   */
  minPiece?: number;
  /**
   * Cut at every place where Markdown starts afresh, whatever the size: each piece is
   * then one block (a paragraph, a heading, a bullet, or a list or table that
   * runs on), and a keystroke re-parses only the block it is in. `minPiece` is then not
   * read. For an editor that keeps a cache; every parse pays a little for each piece.
   */
  everyBlock?: boolean;
}

/** What one piece of a note gives, with offsets relative to the piece. */
export interface NotePart {
  sentences: NoteSentence[];
  citations: Citation[];
  footnotes: Map<string, Footnote>;
  /** Labels the piece defines: "^label" for a footnote, "label" for a link. */
  defines: Set<string>;
  /** The piece ends inside a fenced code or HTML block, which would run on into the next piece. */
  open: boolean;
}

export function parseNote(original: string, options: ParseOptions = {}): ParsedNote {
  const steps = parseNoteSteps(original, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `parseNote`, one step per Markdown piece parsed: a caller can pause between steps
 * (and stop, when the text has changed since) so that a long note never holds it up.
 */
export function* parseNoteSteps(original: string, options: ParseOptions = {}): Generator<void, ParsedNote, void> {
  const note = new PiecedNote(original);
  if (original.length <= (options.chunkedFrom ?? CHUNKED_FROM)) {
    note.lines = new LineIndex(original);
    note.add(parsePart(defuse(original), "", ""), 0, original.length);
    return note;
  }
  const cache = options.cache;
  const used = new Set<string>();
  const usedStubbed = new Set<string>();
  // Each piece parsed (or found in the cache) alone; one step per piece parsed.
  // A piece parsed alone is kept by its text; one parsed with copies of definitions
  // (see stubsFor), by both. (The text alone as a key, rather than joined to empty
  // copies, spares a copy of the whole note on every keystroke.)
  const stubbed = cache ? stubbedPieces(cache) : undefined;
  const keyOf = (body: string, stubs: string) => (stubs ? `${stubs}\u0000${body}` : body);
  // A piece found in the cache costs a look-up, not a step (a note has hundreds of pieces).
  function known(body: string, stubs: string): NotePart | undefined {
    const key = keyOf(body, stubs);
    (stubs ? usedStubbed : used).add(key);
    return (stubs ? stubbed : cache)?.get(key);
  }
  function* parsed(body: string, stubs: string, first: boolean): Generator<void, NotePart, void> {
    // The copies go before the piece (after it, an unclosed fence would swallow them),
    // except in the first piece, whose front matter must stay at its very start.
    // (With a cache, `body` is already detached: see guardedPiece.)
    const own = cache ? body : detached(body);
    const part = first ? parsePart(own, "", stubs) : parsePart(own, stubs, "");
    (stubs ? stubbed : cache)?.set(keyOf(body, stubs), part);
    yield;
    return part;
  }
  const parts: { start: number; end: number; body: string; part: NotePart }[] = [];
  // Pieces are found, and guarded, as the scan goes: a 10 MB note never waits for a
  // scan of the whole of it. (The guards never cross a cut: every cut starts a paragraph.)
  const guarded = cache ? guardedPieces(cache) : undefined;
  const run = guarded ? ++guarded.runs : 0;
  for (const piece of pieces(original, options.everyBlock ? 0 : (options.minPiece ?? MIN_PIECE))) {
    // Blank to the parser (see pieces): nothing to copy, blank out or parse.
    if (piece.blank && !parts[parts.length - 1]?.part.open) {
      parts.push({ start: piece.start, end: piece.end, body: "", part: emptyPart(false) });
      continue;
    }
    let body = guarded ? guardedPiece(guarded, original.slice(piece.start, piece.end), run) : defuse(original.slice(piece.start, piece.end));
    const last = parts[parts.length - 1];
    // The cut was wrong (the scan misread a fence or an HTML block): join the pieces.
    if (last?.part.open) {
      body = last.body + body;
      parts.pop();
      parts.push({ start: last.start, end: piece.end, body, part: known(body, "") ?? (yield* parsed(body, "", last.start === 0)) });
      continue;
    }
    parts.push({ start: piece.start, end: piece.end, body, part: known(body, "") ?? (yield* parsed(body, "", piece.start === 0)) });
    if ((parts.length & 63) === 0) yield; // the scan and the look-ups take time too, on a long note
  }
  // A piece that refers to a footnote or link defined in another is parsed again
  // with those definitions (rare: most notes keep footnotes near their marks, or
  // have none).
  const defined = new Set<string>();
  for (const p of parts) for (const label of p.part.defines) defined.add(label);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const stubs = stubsFor(p.body, p.part, defined);
    if (stubs) p.part = known(p.body, stubs) ?? (yield* parsed(p.body, stubs, p.start === 0));
    note.add(p.part, p.start, p.end);
    if ((i & 63) === 63) yield;
  }
  // Dropped in place (Map.forEach allows deleting as it goes).
  cache?.forEach((_, key, map) => used.has(key) || map.delete(key));
  guarded?.pieces.forEach((g, raw, map) => g.seen === run || map.delete(raw));
  stubbed?.forEach((_, key, map) => usedStubbed.has(key) || map.delete(key));
  // Emptied, not just dropped: young-generation collections found this parse's
  // scratch state still referenced for a while after it returned (through the
  // generator's context), and copied it into the old generation.
  used.clear();
  usedStubbed.clear();
  parts.length = 0;
  // Last, so that a parse overtaken by an edit never paid for it.
  note.lines = new LineIndex(original);
  return note;
}

const EMPTY_LINES = new LineIndex("");

// What the Markdown parser sees of each piece (see defuse), by the piece's text, kept
// beside a caller's cache of parsed pieces: a keystroke changes one piece, and
// guarding every other piece again made garbage of the size of the note.
// Each entry is stamped with the last parse that used it, and those not used are
// dropped after a parse. (A set of the pieces used held slices of the note: it kept that
// whole version of the note alive until a full collection, as the young generation's
// collections found it still referenced, and copied ~100 KB into the old generation
// per keystroke.)
interface GuardedPieces {
  pieces: Map<string, { body: string; seen: number }>;
  /** Parses that used this cache. */
  runs: number;
}

const guardedByCache = new WeakMap<NoteParseCache, GuardedPieces>();

const stubbedByCache = new WeakMap<NoteParseCache, Map<string, NotePart>>();

function stubbedPieces(cache: NoteParseCache): Map<string, NotePart> {
  let stubbed = stubbedByCache.get(cache);
  if (!stubbed) stubbedByCache.set(cache, (stubbed = new Map()));
  return stubbed;
}

function guardedPieces(cache: NoteParseCache): GuardedPieces {
  let guarded = guardedByCache.get(cache);
  if (!guarded) guardedByCache.set(cache, (guarded = { pieces: new Map(), runs: 0 }));
  return guarded;
}

/** `defuse(raw)`, from the cache when the piece is known; `raw` is a slice of the note, `run` the parse's stamp. */
function guardedPiece(guarded: GuardedPieces, raw: string, run: number): string {
  const known = guarded.pieces.get(raw);
  if (known) {
    known.seen = run;
    return known.body;
  }
  // Kept detached, so that the cache never holds on to a whole version of the note.
  // (What defuse returns is `own` or a new string: no slice of the note either way.)
  const own = detached(raw);
  const body = defuse(own);
  guarded.pieces.set(own, { body, seen: run });
  return body;
}

// The parser's extensions, made once: they are plain tables of functions, and making
// them anew for each piece (on every keystroke, in an editor) only made garbage.
const MARKDOWN_OPTIONS = { extensions: [gfm(), frontmatter(["yaml"])], mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(["yaml"])] };

/** Parses `text` (a note, or a piece of one) with `before` and `after` around it, which are parsed but not read. */
function parsePart(text: string, before: string, after: string): NotePart {
  // Blank lines alone (see blankRun) hold nothing to read.
  if (!before && !after && BLANK_TEXT.test(text)) return emptyPart(false);
  // Nor does a code fence that never closes (it runs on into whatever follows): the
  // parser takes a quarter of a second over 15 000 lines of it, on every keystroke there.
  if (!before && !after && text.length <= MAX_MARKDOWN_CHARS && unclosedFence(text)) return emptyPart(true);
  let tree: Root;
  try {
    if (text.length > MAX_MARKDOWN_CHARS) throw new Error("too large");
    tree = fromMarkdown(before + text + after, MARKDOWN_OPTIONS);
  } catch {
    tree = { type: "root", children: [] };
  }
  const part: NotePart = { sentences: [], citations: [], footnotes: new Map(), defines: definitionsIn(tree), open: endsOpen(tree, before + text + after) };
  const found: Block[] = [];
  collectBlocks(tree, text, found, false, undefined);
  // The parser drops a byte order mark at the start of its input and counts offsets
  // without it: put them back where the characters are.
  const shift = (before || text).charCodeAt(0) === 0xfeff ? 1 - before.length : -before.length;
  const blocks = shift ? found.map((b) => moveBlock(b, shift)) : found;
  if (tree.children.length === 0 && text.trim()) plainTextBlocks(text, blocks);

  for (const block of blocks) {
    // Definitions copied around a piece (see stubsFor) are not part of the note.
    if (block.span.start < 0 || block.span.start >= text.length) continue;
    const masked = maskOutside(text, block.span, block.keep);
    const citations = findCitations(masked.text, block.span.start);
    const footnoteRefs = block.footnoteRefs;
    for (const c of citations) part.citations.push(c);
    if (block.footnote) {
      const f = part.footnotes.get(block.footnote) ?? { label: block.footnote, citations: [], hasLink: false };
      for (const c of citations) f.citations.push(c);
      f.hasLink ||= /https?:\/\/|\bdoi:/i.test(text.slice(block.span.start, block.span.end));
      part.footnotes.set(block.footnote, f);
    }
    // Citations and footnote marks are blanked for the checks but kept as sentence anchors.
    const attached: Span[] = [...citations, ...footnoteRefs].map((c) => ({ start: c.start - block.span.start, end: c.end - block.span.start })).sort((a, b) => a.start - b.start);
    const prose = blankRanges(masked.text, attached);
    const spans = block.kind === "table" ? [{ start: 0, end: prose.length }] : splitSentences(masked.text, { attached });
    const citationsIn = walker(citations);
    const footnotesIn = walker(footnoteRefs);
    for (const sp of spans) {
      const start = block.span.start + sp.start;
      const end = block.span.start + sp.end;
      const sentenceCitations = citationsIn(start, end);
      const sentenceProse = prose.slice(sp.start, sp.end);
      if (!sentenceProse.trim() && sentenceCitations.length === 0) continue;
      part.sentences.push({ start, end, prose: sentenceProse, block: block.kind, citations: sentenceCitations, footnotes: footnotesIn(start, end) });
    }
  }
  part.sentences.sort((a, b) => a.start - b.start);
  return part;
}

// Does the parse end inside a block that the next line could continue: a fenced code
// block without its closing fence, an HTML block without its end marker, or one that
// ends at a blank line but meets none before the end?
function endsOpen(tree: Root, source: string): boolean {
  // The parser counts offsets without a byte order mark at the start of its input.
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  const last = tree.children[tree.children.length - 1];
  const start = last?.position?.start.offset;
  const end = last?.position?.end.offset;
  if (!last || start === undefined || end === undefined) return false;
  const src = source.slice(start, end);
  if (last.type === "code") {
    const fence = opensFence(src.slice(0, src.indexOf("\n") < 0 ? src.length : src.indexOf("\n")));
    if (!fence) return false; // indented code ends at any unindented line
    const lastLine = src.slice(src.lastIndexOf("\n") + 1);
    return src.indexOf("\n") < 0 || !closesFence(lastLine, fence);
  }
  if (last.type === "html") {
    const firstLine = src.slice(0, src.indexOf("\n") < 0 ? src.length : src.indexOf("\n"));
    const marker = /^ {0,3}<(!--|\?|!\[CDATA\[|![A-Za-z]|script|pre|style|textarea)/i.exec(firstLine);
    if (marker) return opensHtml(src.replace(/\n/g, " ")) !== null;
    return !/\n[ \t\r]*\n/.test(source.slice(end));
  }
  return false;
}

function moveBlock(b: Block, by: number): Block {
  const move = <T extends Span>(x: T): T => ({ ...x, start: x.start + by, end: x.end + by });
  return { ...b, span: move(b.span), keep: b.keep.map(move), footnoteRefs: b.footnoteRefs.map(move) };
}

/** A part with nothing to read; `open` when it runs on into the next piece. */
function emptyPart(open: boolean): NotePart {
  return { sentences: [], citations: [], footnotes: new Map(), defines: new Set(), open };
}

/** A part's sentences and citations, moved to a place in the note. */
interface MovedPart {
  base: number;
  citations: Citation[];
  sentences: NoteSentence[];
  footnoteCitations: ReadonlyMap<string, Citation[]>;
}

// The last place each cached part was moved to, with what it gave there: a piece
// that stays where it was gives the very objects it gave last time. Moving a piece
// makes copies of its sentences and citations, which only what reads them pays for
// (see PiecedNote); the note's footnotes are made anew with each parse.
const lastMoved = new WeakMap<NotePart, MovedPart>();

function movedPart(part: NotePart, base: number): MovedPart {
  const last = lastMoved.get(part);
  if (last?.base === base) return last;
  // Every citation of a part is in its list, once: a sentence's and a footnote's are
  // the same objects, and so are their moved copies, found by their place in the list.
  const citations = base === 0 ? part.citations : part.citations.map((c) => movedCitation(c, base));
  const at = citationPlaces(part);
  const move = (c: Citation): Citation => {
    const i = at.get(c);
    return i === undefined ? movedCitation(c, base) : citations[i];
  };
  const out: MovedPart = {
    base,
    citations,
    sentences: part.sentences.map((s) => {
      if (base === 0) return s;
      // Written out (in the order parsePart gives), not spread: half the cost of a keystroke's moves.
      return {
        start: s.start + base,
        end: s.end + base,
        prose: s.prose,
        block: s.block,
        citations: s.citations.length ? s.citations.map(move) : s.citations,
        footnotes: s.footnotes.length ? s.footnotes.map((f) => ({ ...f, start: f.start + base, end: f.end + base })) : s.footnotes,
      } satisfies NoteSentence;
    }),
    footnoteCitations: part.footnotes.size === 0 ? NO_FOOTNOTES : new Map([...part.footnotes].map(([label, f]) => [label, f.citations.map(move)])),
  };
  lastMoved.set(part, out);
  return out;
}

const NO_FOOTNOTES: ReadonlyMap<string, Citation[]> = new Map();

function movedCitation(c: Citation, base: number): Citation {
  return base === 0 ? c : { start: c.start + base, end: c.end + base, keys: c.keys.map((k) => ({ ...k, start: k.start + base, end: k.end + base })) };
}

// Where each citation of a part is in its list: made once per parsed piece, where a
// map of moved citations was made for every piece moved, on every keystroke.
const placesByPart = new WeakMap<NotePart, Map<Citation, number>>();

function citationPlaces(part: NotePart): Map<Citation, number> {
  let places = placesByPart.get(part);
  if (!places) {
    places = new Map();
    for (let i = 0; i < part.citations.length; i++) if (!places.has(part.citations[i])) places.set(part.citations[i], i);
    placesByPart.set(part, places);
  }
  return places;
}

// --- guards on what the Markdown parser sees -------------------------------------

const BLANK = /^[ \t\r]*$/;
const BLANK_TEXT = /^[ \t\r\n]*$/;
// A line that starts a new paragraph (a list item or a heading): delimiters before it
// cannot pair with those after it, so the flood guard counts them apart.
const PARAGRAPH_START = /^[ \t>]*(?:[-*+]|1[.)])[ \t]|^[ \t>]*#{1,6}(?:[ \t]|$)/;

/** The length of the block markup that opens the line text[start, end): indentation, quote marks, list markers. */
function blockPrefixLength(text: string, start = 0, end = text.length): number {
  const at = (k: number) => (k < end ? text.charCodeAt(k) : -1);
  let i = start;
  for (;;) {
    const c = at(i);
    if (c === 32 || c === 9 || c === 62) {
      i++;
      continue;
    }
    let j = i;
    if (c === 45 || c === 42 || c === 43) j = i + 1;
    else {
      while (j < i + 9 && at(j) >= 48 && at(j) <= 57) j++;
      if (j === i || (at(j) !== 46 && at(j) !== 41)) return i - start;
      j++;
    }
    const next = at(j);
    if (next !== 32 && next !== 9) return i - start;
    i = j;
  }
}

/** The text the Markdown parser sees: long lines and delimiter floods blanked, offsets unchanged. */
function defuse(text: string): string {
  const lines: { start: number; end: number }[] = [];
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lines.push({ start, end });
    start = end + 1;
  }
  const blanks: Blank[] = [];
  let unit: { start: number; end: number; from: number }[] = [];
  const closeUnit = () => {
    if (unit.length) floodBlanks(text, unit, blanks);
    unit = [];
  };
  // A blanked line is a blank line to the parser: the paragraph before it ends there.
  for (const { start, end } of lines) {
    if (end - start > MAX_LINE_CHARS) {
      closeUnit();
      blanks.push({ start, end });
      continue;
    }
    const line = text.slice(start, end);
    if (BLANK.test(line) || PARAGRAPH_START.test(line)) closeUnit();
    const prefix = blockPrefixLength(line);
    if (prefix > MAX_PREFIX) {
      closeUnit();
      blanks.push({ start, end });
      continue;
    }
    if (!BLANK.test(line)) unit.push({ start, end, from: start + prefix });
  }
  closeUnit();
  if (blanks.length === 0) return text;
  blanks.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let cursor = 0;
  for (const b of blanks) {
    if (b.start < cursor) continue;
    parts.push(text.slice(cursor, b.start), (b.nbsp ? "\u00a0" : " ").repeat(b.end - b.start));
    cursor = b.end;
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}

// An estimate, in units of about 25 ns, of what micromark spends on the inline markup
// of one paragraph, from measurements of its slow cases: unmatched emphasis runs cost
// their count squared; every "[" and "<" costs about as much as 1 000 characters of
// prose; a "]" costs the distance back to its "["; "](" the scan to the next space.
// Over 50 units a character (100 000 at least), the paragraph is a flood: its
// delimiters are blanked, except the brackets of well-formed citations.
// A flood's delimiters become no-break spaces, not spaces: a line starting with a
// run of them must not turn into indented code.
type Blank = Span & { nbsp?: boolean };

function floodBlanks(text: string, unit: { start: number; end: number; from: number }[], out: Blank[]): void {
  let attention = 0;
  let cost = 0;
  let chars = 0;
  const open: number[] = [];
  for (const l of unit) {
    chars += l.end - l.start;
    let space = -1;
    for (let i = l.from; i < l.end; i++) {
      const c = text.charCodeAt(i);
      if (c === 42 || c === 95 || c === 126) attention++;
      else if (c === 91) {
        cost += 1000;
        open.push(i);
      } else if (c === 60) cost += 1000;
      else if (c === 93) {
        const o = open.pop();
        if (o !== undefined) cost += 4 * (i - o);
        if (text.charCodeAt(i + 1) === 40) {
          if (space <= i) for (space = i + 2; space < l.end && text.charCodeAt(space) > 32; ) space++;
          cost += 3 * (space - i);
        }
      }
    }
  }
  cost += (attention * attention) / 2;
  if (cost <= Math.max(100_000, 50 * chars)) return;
  const first = unit[0].start;
  const last = unit[unit.length - 1].end;
  const keep = findCitations(text.slice(first, last), first);
  let k = 0;
  for (const l of unit) {
    for (let i = l.from; i < l.end; i++) {
      const c = text.charCodeAt(i);
      if (c !== 42 && c !== 95 && c !== 126 && c !== 91 && c !== 93 && c !== 60 && c !== 96) continue;
      while (k < keep.length && keep[k].end <= i) k++;
      if (k < keep.length && keep[k].start <= i) continue;
      out.push({ start: i, end: i + 1, nbsp: true });
    }
  }
}

// --- pieces ----------------------------------------------------------------------

/**
 * Where a long note can be cut so that each piece parses alone as it would in the
 * whole: before an unindented line that follows a blank line, or before a heading or
 * a bullet at the margin (each ends every open paragraph, quote, table, footnote and
 * list item; a list cut in two is still read as list items), but never
 * inside front matter, a fenced code block or an HTML block, and never before a
 * `---` line (a piece starting with one would read as front matter). The cut is
 * taken by the text itself (a hash of the line), so the same text gets the same
 * pieces whatever was edited before it, and a cache of pieces keeps working.
 */
function* pieces(text: string, minPiece: number): Generator<Span & { blank?: true }, void, void> {
  // With no least size, a cut at every place: still taken by the text itself.
  const sampled = minPiece > 0;
  let pieceStart = 0;
  let prevBlank = false;
  let fence: { char: number; length: number } | null = null;
  let htmlEnd: string | null = null;
  let rawHtml = false; // inside an HTML block that ends at a blank line: no cut at a heading
  // (A carriage return alone ends a line too, for the parser, which also drops a byte
  // order mark at the start.)
  let frontMatter = /^\uFEFF?---[ \t]*(?:\r|\n|$)/.test(text);
  let first = true;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    // Most lines of prose, outside front matter, fences and HTML, cannot open a block
    // or be a heading or bullet: all they can be is a cut after a blank line. They are
    // read without being cut out of the note (a copy per line, on every keystroke).
    // A line blanked before parsing (see defuse) is read as the parser will, as a blank
    // line: it ends no block, and no piece may start there.
    const blanked = blankedLine(text, start, end);
    if (!frontMatter && !fence && !htmlEnd && isPlainLineStart(text.charCodeAt(start)) && !blanked) {
      const size = start - pieceStart;
      if (prevBlank && size > 0 && (!sampled || (size >= minPiece && (size >= MAX_PIECE || (lineHash(text, start, end) & 3) === 0)))) {
        yield { start: pieceStart, end: start };
        pieceStart = start;
      }
      prevBlank = false;
      first = false;
      start = end + 1;
      continue;
    }
    const line = blanked ? "" : text.slice(start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start, end);
    if (frontMatter) {
      if (!first && /^---[ \t]*\r?$/.test(line)) frontMatter = false;
    } else if (fence) {
      if (closesFence(line, fence)) fence = null;
    } else if (htmlEnd) {
      if (line.includes(htmlEnd)) htmlEnd = null;
    } else {
      const blank = BLANK.test(line);
      if (blank) rawHtml = false;
      // A long run of blank lines, or one with a line too long to be prose, that ends at
      // an unindented line (or at the end) carries nothing from the block before it to
      // the one after: it is a piece of its own, with nothing to read, which the parser is
      // spared (60 000 blank lines took it most of a second; copying and blanking a pasted
      // 5 MB line, a fifth of a second on every keystroke).
      const run = blank && !prevBlank ? blankRun(text, start) : null;
      if (run) {
        if (start > pieceStart) yield { start: pieceStart, end: start };
        yield { start, end: run.end, blank: true };
        pieceStart = run.end;
        prevBlank = true;
        rawHtml = false;
        first = false;
        start = run.end;
        continue;
      }
      const size = start - pieceStart;
      // (Not before a byte order mark either: the parser drops one at the start of its input.)
      const cuttable =
        !blank && line.charCodeAt(0) > 32 && line.charCodeAt(0) !== 0xfeff && !line.startsWith("---") && (prevBlank || (!rawHtml && /^(?:#{1,6}(?:[ \t]|\r?$)|[-*+] [^ \t\r])/.test(line)));
      if (cuttable && size > 0 && (!sampled || (size >= minPiece && (size >= MAX_PIECE || (lineHash(line, 0, line.length) & 3) === 0)))) {
        yield { start: pieceStart, end: start };
        pieceStart = start;
      }
      fence = opensFence(line);
      if (!fence) {
        htmlEnd = opensHtml(line);
        if (!htmlEnd && /^ {0,3}</.test(line)) rawHtml = true;
      }
      prevBlank = blank;
    }
    first = false;
    start = end + 1;
  }
  yield { start: pieceStart, end: text.length };
}

/** Blank lines this many or more in a row make a piece of their own (see pieces). */
const LONG_BLANK_RUN = 100;

/**
 * The run of blank lines starting at `start` (a line start), lines too long to be prose
 * counted as blank, when it is long or has such a line, and the line after it starts at
 * the margin with something other than `---` (or the text ends): no indented
 * continuation of the block before it, nothing taken for front matter.
 */
function blankRun(text: string, start: number): { end: number } | null {
  let lines = 0;
  let overlong = false;
  let at = start;
  while (at < text.length) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    if (end - at > MAX_LINE_CHARS) overlong = true;
    else if (!isBlankLine(text, at, end) && !blankedLine(text, at, end)) break;
    lines++;
    at = end + 1;
  }
  if (lines < LONG_BLANK_RUN && !overlong) return null;
  if (at >= text.length) return { end: text.length };
  const c = text.charCodeAt(at);
  // Only spaces and tabs indent (a control character starts a paragraph, as any other;
  // a carriage return alone ends a line).
  return c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff && !text.startsWith("---", at) ? { end: at } : null;
}

/** Whether defuse blanks the line text[start, end): too long to be prose, or too deep in block markup. */
function blankedLine(text: string, start: number, end: number): boolean {
  return end - start > MAX_LINE_CHARS || blockPrefixLength(text, start, end) > MAX_PREFIX;
}

/** Whether text[start, end) holds only spaces, tabs and carriage returns. */
function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** A hash of the first 32 characters of the line text[start, end). */
function lineHash(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end && i < start + 32; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h >>> 0;
}

/**
 * Whether a line starting with this character is plain to the scan for cuts: not blank,
 * not indented, not a byte order mark, and none of what starts a heading (#), bullet or
 * `---` (- * +), fence (` ~) or HTML block (<).
 */
function isPlainLineStart(c: number): boolean {
  return c > 32 && c !== 0xfeff && c !== 35 && c !== 45 && c !== 42 && c !== 43 && c !== 96 && c !== 126 && c !== 60;
}

function opensFence(line: string): { char: number; length: number } | null {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  const char = line.charCodeAt(i);
  if (char !== 96 && char !== 126) return null;
  let j = i;
  while (line.charCodeAt(j) === char) j++;
  if (j - i < 3) return null;
  if (char === 96 && line.indexOf("`", j) >= 0) return null; // a backtick fence's info has no backtick
  return { char, length: j - i };
}

/** Is all of `text` one fenced code block that never closes (everything after its first line is code)? */
function unclosedFence(text: string): boolean {
  let nl = text.indexOf("\n");
  const fence = opensFence(nl < 0 ? text : text.slice(0, nl));
  if (!fence) return false;
  while (nl >= 0) {
    const from = nl + 1;
    nl = text.indexOf("\n", from);
    if (closesFence(text.slice(from, nl < 0 ? text.length : nl), fence)) return false;
  }
  return true;
}

function closesFence(line: string, fence: { char: number; length: number }): boolean {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  let j = i;
  while (line.charCodeAt(j) === fence.char) j++;
  return j - i >= fence.length && BLANK.test(line.slice(j));
}

// HTML blocks that may hold blank lines run until their end marker (CommonMark types 1–5).
function opensHtml(line: string): string | null {
  const m = /^ {0,3}<(!--|\?|!\[CDATA\[|![A-Za-z]|script|pre|style|textarea)/i.exec(line);
  if (!m) return null;
  const kind = m[1].toLowerCase();
  const end = kind === "!--" ? "-->" : kind === "?" ? "?>" : kind === "![cdata[" ? "]]>" : kind.startsWith("!") ? ">" : `</${kind}>`;
  return line.toLowerCase().includes(end, m[0].length) ? null : end;
}

// Footnote and link definitions apply to the whole note. A piece that refers to one
// held by another piece gets a copy of it, separated by a blank line (the copy's
// nodes lie outside the piece and are ignored), so "[^1]" still reads as a footnote
// mark when "[^1]: …" is in another piece, as it would in a whole parse.
function definitionsIn(tree: Root): Set<string> {
  const out = new Set<string>();
  const visit = (node: Nodes) => {
    if (node.type === "definition") out.add(node.identifier.toLowerCase());
    else if (node.type === "footnoteDefinition") out.add(`^${node.identifier.toLowerCase()}`);
    if ("children" in node && (node.type === "root" || node.type === "blockquote" || node.type === "list" || node.type === "listItem" || node.type === "footnoteDefinition")) {
      for (const c of (node as Parent).children) visit(c as Nodes);
    }
  };
  visit(tree);
  return out;
}

const normalizeLabel = (label: string) => label.replace(/[\t\r\n ]+/g, " ").trim().toLowerCase();

function stubsFor(body: string, part: NotePart, defined: Set<string>): string {
  const own = part.defines;
  if (defined.size === own.size) return "";
  let out = "";
  bracketLabels(body, part).forEach((raw, label) => {
    if (defined.has(label) && !own.has(label)) out += `\n\n[${raw}]: x\n\n`;
  });
  return out;
}

// What the brackets of a piece could refer to, by normalized label, with the text
// written: read once per parsed piece (the part stands for its text), not for every
// piece on every keystroke, where each citation's brackets cost a normalization.
const bracketLabelsByPart = new WeakMap<NotePart, Map<string, string>>();

function bracketLabels(body: string, part: NotePart): Map<string, string> {
  let labels = bracketLabelsByPart.get(part);
  if (labels) return labels;
  labels = new Map();
  for (let i = body.indexOf("["); i >= 0; i = body.indexOf("[", i + 1)) {
    const close = body.indexOf("]", i + 1);
    if (close < 0) break;
    if (close - i > 1000) continue;
    const raw = body.slice(i + 1, close);
    if (raw.includes("[") || raw.includes("\n")) continue;
    const label = raw.startsWith("^") ? `^${normalizeLabel(raw.slice(1))}` : normalizeLabel(raw);
    // In the order labels first appear, with the last text written for each.
    if (label && label !== "^") labels.set(label, detached(raw));
  }
  bracketLabelsByPart.set(part, labels);
  return labels;
}

// Which parts of the tree are prose the checks read: paragraphs, list items, table
// body rows and footnote definitions. Headings, code, HTML, front matter and block
// quotes (an analyst's comment or a quotation) are not.
interface Block {
  span: Span;
  keep: Span[];
  footnoteRefs: { label: string; start: number; end: number }[];
  kind: BlockKind;
  footnote?: string;
}

function collectBlocks(node: Nodes, text: string, out: Block[], inList: boolean, footnote: string | undefined): void {
  switch (node.type) {
    case "heading":
    case "code":
    case "html":
    case "yaml":
    case "blockquote":
    case "definition":
    case "thematicBreak":
      return;
    case "paragraph": {
      const span = spanOf(node);
      if (span) out.push({ span, ...keptInline(node), kind: footnote ? "footnote" : inList ? "list" : "paragraph", footnote });
      return;
    }
    case "table": {
      node.children.slice(1).forEach((row) => {
        const span = spanOf(row);
        if (span) out.push({ span, ...keptInline(row), kind: "table", footnote });
      });
      return;
    }
    case "footnoteDefinition":
      for (const child of node.children) collectBlocks(child, text, out, inList, node.identifier.toLowerCase());
      return;
    case "list":
    case "listItem":
      for (const child of node.children) collectBlocks(child, text, out, true, footnote);
      return;
    default:
      if ("children" in node) for (const child of (node as Parent).children) collectBlocks(child as Nodes, text, out, inList, footnote);
  }
}

function spanOf(node: Nodes): Span | null {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  return s === undefined || e === undefined ? null : { start: s, end: e };
}

// The text the analyst wrote, without syntax: text nodes (and link text) are kept,
// footnote marks kept as anchors; inline code, HTML, URLs and images are dropped.
function keptInline(node: Nodes): { keep: Span[]; footnoteRefs: Block["footnoteRefs"] } {
  const out: Span[] = [];
  const footnoteRefs: Block["footnoteRefs"] = [];
  const visit = (n: Nodes) => {
    if (n.type === "text" || n.type === "footnoteReference") {
      const s = spanOf(n);
      if (s) out.push(s);
      if (s && n.type === "footnoteReference") footnoteRefs.push({ label: n.identifier.toLowerCase(), ...s });
      return;
    }
    if (n.type === "inlineCode" || n.type === "html" || n.type === "image" || n.type === "imageReference") return;
    if ("children" in n) for (const c of (n as Parent).children) visit(c as Nodes);
  };
  visit(node);
  return { keep: out, footnoteRefs };
}

function maskOutside(text: string, span: Span, keep: Span[]): { text: string } {
  const chars: string[] = [];
  let cursor = span.start;
  for (const k of [...keep].sort((a, b) => a.start - b.start)) {
    if (k.start < cursor) continue;
    chars.push(blank(text.slice(cursor, k.start)), text.slice(k.start, k.end));
    cursor = k.end;
  }
  chars.push(blank(text.slice(cursor, span.end)));
  return { text: chars.join("") };
}

const blank = (s: string) => s.replace(/[^\r\n]/g, " ");

function blankRanges(text: string, ranges: Span[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const r of ranges) {
    if (r.start < cursor) continue;
    parts.push(text.slice(cursor, r.start), " ".repeat(r.end - r.start));
    cursor = r.end;
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}

/** Hands out the items of a sorted list that fall in successive, increasing ranges: one pass in all. */
function walker<T extends Span>(items: T[]): (start: number, end: number) => T[] {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  let i = 0;
  return (start, end) => {
    while (i < sorted.length && sorted[i].start < start) i++;
    const out: T[] = [];
    for (let k = i; k < sorted.length && sorted[k].start < end; k++) if (sorted[k].end <= end) out.push(sorted[k]);
    return out;
  };
}

function plainTextBlocks(text: string, out: Block[]): void {
  let start = 0;
  for (const part of text.split(/\n[^\S\n]*\n/)) {
    const span = { start, end: start + part.length };
    if (part.trim()) out.push({ span, keep: [span], footnoteRefs: [], kind: "paragraph" });
    start = text.indexOf("\n", span.end + 1) + 1;
  }
}
