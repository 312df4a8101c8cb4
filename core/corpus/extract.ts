import { findDates, lastWrittenYear, type DateMention } from "../text/dates.js";
import { findAcronymDefinitions, findNames, kindFromContext, type NameMention } from "../text/names.js";
import { searchForm } from "../text/search.js";
import { splitSentences } from "../text/sentences.js";
import { contentTerm, isYearToken, tokenize, type Token } from "../text/tokens.js";
import { endsWithStop, proseOfMarkdown } from "./markdownProse.js";
import type { SourceText } from "./document.js";
import { D_FIELDS, derivedNameWords, DP_HAS_INFERRED, DP_INFERRED, IntList, kindCode, N_FIELDS, NP_HAS_CONTEXT, NP_INITIAL, ROLES, SF_FURNITURE, StringTable, type DocRecord } from "./record.js";

/** A sentence of a source document with what was read from it. */
export interface SourceSentence {
  doc: SourceDocument;
  index: number;
  /** Offsets into the document's full text. */
  start: number;
  end: number;
  text: string;
  /** A heading, running header or button: searchable, but no facts are taken from it. */
  furniture: boolean;
  /** Stemmed content words, each once. */
  terms: string[];
  names: NameMention[];
  dates: DateMention[];
  /** Its index keys: terms, `n:` name keys and `y:` years, each once. */
  keys: string[];
}

export interface AcronymDefinition {
  acronym: string;
  long: string;
  sentence: SourceSentence;
}

/** A source document with its sentences, names and dates: the unit the corpus index adds and removes. */
export interface SourceDocument extends SourceText {
  sentences: SourceSentence[];
  acronyms: AcronymDefinition[];
  /** The whole text in `searchForm`, for phrase look-ups; computed on first use. */
  readonly searchText: string;
  /** Every normalised word of the text. */
  words: Set<string>;
  /** Words written in lower case somewhere: a capitalised one of these is a common noun, not a name. */
  lowercaseWords: Set<string>;
}

/** One sentence of a source as read: the same reading feeds objects and compact records. */
interface ReadSentence {
  text: string;
  start: number;
  end: number;
  furniture: boolean;
  tokens: Token[];
  dates: DateMention[];
  names: NameMention[];
  acronyms: { acronym: string; long: string }[];
}

/** Reads a source's prose sentence by sentence; returns the prose (Markdown blanked out). */
function readSentences(source: SourceText, onSentence: (s: ReadSentence) => void): string {
  const body = source.text.slice(source.bodyStart);
  const isPlain = /\.(txt|text)$/i.test(source.path);
  const prose = isPlain ? { text: body, headingLines: [] } : proseOfMarkdown(body);
  const base = source.bodyStart;
  const spans = splitSentences(prose.text, { lineBreaks: true });
  // The last year the paragraph gave, for "the following year" in a later sentence of it.
  let yearBefore: number | undefined;
  let previousEnd = 0;
  // Sentences and heading lines both come in order, and the lines do not overlap: a
  // heading that ends before a sentence does cannot hold it or any later one.
  const headings = prose.headingLines;
  let h = 0;
  for (const span of spans) {
    if (hasBlankLine(prose.text, previousEnd, span.start)) yearBefore = undefined;
    previousEnd = span.end;
    const text = prose.text.slice(span.start, span.end);
    const start = base + span.start;
    while (h < headings.length && headings[h].end < span.end) h++;
    const furniture =
      (h < headings.length && span.start >= headings[h].start && span.end <= headings[h].end) ||
      (!endsWithStop(text.trim(), false) && isFurnitureLine(text));
    const tokens = tokenize(text, start);
    const dates = findDates(text, start, source.published?.year, source.published?.month, yearBefore);
    yearBefore = lastWrittenYear(dates) ?? yearBefore;
    const names = furniture ? [] : findNames(text, tokens, start, dates);
    for (const n of names) if (!n.kind) n.contextKind = kindFromContext(tokens, n);
    const acronyms = furniture ? [] : findAcronymDefinitions(text, start);
    onSentence({ text, start, end: base + span.end, furniture, tokens, dates, names, acronyms });
  }
  return prose.text;
}

export function extractDocument(source: SourceText): SourceDocument {
  let searchText: string | undefined;
  let prose = "";
  const doc: SourceDocument = {
    ...source,
    sentences: [],
    acronyms: [],
    // Only the documents a note cites are searched by phrase: build the form lazily.
    get searchText() {
      return (searchText ??= searchForm(prose));
    },
    words: new Set(),
    lowercaseWords: new Set(),
  };
  prose = readSentences(source, ({ text, start, end, furniture, tokens, dates, names, acronyms }) => {
    for (const t of tokens) {
      doc.words.add(t.norm);
      if (t.text === t.norm) doc.lowercaseWords.add(t.norm);
    }
    const terms = termsOf(tokens);
    const sentence: SourceSentence = { doc, index: doc.sentences.length, start, end, text, furniture, terms, names, dates, keys: indexKeys(terms, names, dates) };
    doc.sentences.push(sentence);
    for (const a of acronyms) doc.acronyms.push({ acronym: a.acronym, long: a.long, sentence });
  });
  return doc;
}

/**
 * A document's extraction as a compact record (what loading workers send and the
 * cache stores), made straight from the reading without the objects of
 * `extractDocument`: words are numbered once and every set is a stamp in an array.
 * It decodes to exactly what `extractDocument` gives (the tests compare the two).
 */
export function extractRecord(source: SourceText, table = new StringTable()): DocRecord {
  const builder = new RecordBuilder(source, table);
  readSentences(source, (s) => builder.addSentence(s));
  return builder.done();
}

/**
 * The lists of one record as `extractRecord` fills them, sentence by sentence. Each
 * part of a sentence has a method of its own: small functions the engine compiles
 * (and inlines into) well, where one long callback did not.
 */
class RecordBuilder {
  private readonly c: BuilderCache;
  private readonly docStamp: number;
  // The lists are the cache's, emptied: they keep the room they grew to for earlier
  // documents, and `done` copies out what this one filled.
  private readonly sentences: IntList;
  private readonly keys: IntList;
  private readonly names: IntList;
  private readonly dates: IntList;
  private readonly acronyms: IntList;
  private readonly extra: IntList;
  private readonly words: IntList;
  private readonly lowercase: IntList;
  private sentenceIndex = 0;
  private dateCount = 0;
  /** The stamp of the sentence being added: its keys are a set. */
  private stamp = 0;

  constructor(
    private readonly source: SourceText,
    private readonly table: StringTable,
  ) {
    this.c = builderCache(table);
    this.docStamp = ++this.c.docs;
    const lists = this.c.lists;
    for (const list of Object.values(lists)) list.n = 0;
    ({ sentences: this.sentences, keys: this.keys, names: this.names, dates: this.dates } = lists);
    ({ acronyms: this.acronyms, extra: this.extra, words: this.words, lowercase: this.lowercase } = lists);
  }

  addSentence(s: ReadSentence): void {
    this.stamp = ++this.c.sentences;
    this.addTokens(s.tokens);
    const termsEnd = this.keys.n;
    for (const n of s.names) this.addKey(this.c.nameKeyId(this.table, n.key));
    for (const d of s.dates) this.addKey(this.yearKey(d.year));
    const firstDate = this.dateCount;
    for (const d of s.dates) this.addDate(d);
    for (const n of s.names) this.addName(n, s.dates, firstDate);
    for (const a of s.acronyms) this.addAcronym(a);
    const { sentences, table } = this;
    sentences.push(s.start);
    sentences.push(s.end);
    sentences.push(s.furniture ? SF_FURNITURE : 0);
    sentences.push(termsEnd);
    sentences.push(this.keys.n);
    sentences.push(this.names.n / N_FIELDS);
    sentences.push(this.dates.n / D_FIELDS);
    // The sentence's own text only when it is not the document's text there.
    sentences.push(this.source.text.slice(s.start, s.end) === s.text ? -1 : table.id(s.text));
    this.sentenceIndex++;
  }

  /** The words of the document (and those written in lower case), and the sentence's terms as its first keys. */
  private addTokens(tokens: Token[]): void {
    const { c, table, docStamp } = this;
    for (const t of tokens) {
      const w = table.id(t.norm);
      c.ensure(table.size);
      if (c.wordStamp[w] !== docStamp) {
        c.wordStamp[w] = docStamp;
        this.words.push(w);
      }
      if (t.text === t.norm && c.lowerStamp[w] !== docStamp) {
        c.lowerStamp[w] = docStamp;
        this.lowercase.push(w);
      }
      if (isYearToken(t.text)) continue;
      let term = c.termOf[w];
      if (term === UNKNOWN) {
        const ct = contentTerm(t.norm);
        term = ct === null ? NONE : table.id(ct);
        c.ensure(table.size);
        c.termOf[w] = term;
      }
      if (term >= 0) this.addKey(term);
    }
  }

  private addKey(k: number): void {
    const c = this.c;
    c.ensure(this.table.size);
    if (c.keyStamp[k] !== this.stamp) {
      c.keyStamp[k] = this.stamp;
      this.keys.push(k);
    }
  }

  private yearKey(year: number): number {
    let k = this.c.yearKeys.get(year);
    if (k === undefined) this.c.yearKeys.set(year, (k = this.table.id(`y:${year}`)));
    return k;
  }

  private addDate(d: DateMention): void {
    const dates = this.dates;
    this.dateCount++;
    dates.push(d.start);
    dates.push(d.end);
    dates.push(d.year);
    dates.push(d.month ?? 0);
    dates.push(d.day ?? 0);
    dates.push(ROLES.indexOf(d.role) | (d.inferredYear ? DP_INFERRED : 0) | ("inferredYear" in d ? DP_HAS_INFERRED : 0));
    dates.push(this.table.id(d.text));
  }

  /** `sentenceDates` are the sentence's dates, numbered from `firstDate` among the document's. */
  private addName(n: NameMention, sentenceDates: DateMention[], firstDate: number): void {
    const { names, table } = this;
    const at = n.edition ? sentenceDates.indexOf(n.edition) : -1;
    const edition = !n.edition ? -1 : at >= 0 ? firstDate + at : undefined;
    if (edition === undefined) throw new Error(`the edition of "${n.text}" in ${this.source.id} is not a date of its sentence`);
    names.push(n.start);
    names.push(n.end);
    names.push(table.id(n.key));
    const textId = table.id(n.text);
    names.push(textId);
    names.push(kindCode(n.kind) | (kindCode(n.contextKind) << 4) | (n.sentenceInitial ? NP_INITIAL : 0) | ("contextKind" in n ? NP_HAS_CONTEXT : 0));
    names.push(edition);
    names.push(this.sentenceIndex);
    if (sameWords(this.c.derivedWords(textId, n.text), n.words)) names.push(-1);
    else {
      const extra = this.extra;
      names.push(extra.n);
      extra.push(n.words.length);
      for (const w of n.words) extra.push(table.id(w));
    }
  }

  private addAcronym(a: { acronym: string; long: string }): void {
    this.acronyms.push(this.table.id(a.acronym));
    this.acronyms.push(this.table.id(a.long));
    this.acronyms.push(this.sentenceIndex);
  }

  done(): DocRecord {
    const source = this.source;
    return {
      id: source.id,
      path: source.path,
      text: source.text,
      bodyStart: source.bodyStart,
      meta: source.meta,
      published: source.published,
      strings: this.table.list,
      sentences: this.sentences.done(),
      keys: this.keys.done(),
      names: this.names.done(),
      dates: this.dates.done(),
      acronyms: this.acronyms.done(),
      words: this.words.done(),
      lowercase: this.lowercase.done(),
      extra: this.extra.done(),
    };
  }
}

const UNKNOWN = -2;
const NONE = -1;

/** What `extractRecord` keeps per string table: the term of each word, and stamps that make sets of numbers. */
class BuilderCache {
  docs = 0;
  sentences = 0;
  wordStamp = new Int32Array(0);
  lowerStamp = new Int32Array(0);
  keyStamp = new Int32Array(0);
  termOf = new Int32Array(0);
  /** By the string number of a name key: the number of its index key (`n:` and the key), or NONE. */
  nameKeyOf = new Int32Array(0);
  yearKeys = new Map<number, number>();
  /** The lists a RecordBuilder fills, one document at a time. */
  readonly lists = {
    sentences: new IntList(),
    keys: new IntList(),
    names: new IntList(),
    dates: new IntList(),
    acronyms: new IntList(),
    extra: new IntList(),
    words: new IntList(),
    lowercase: new IntList(),
  };
  // Names recur from document to document: the words a view would derive from a
  // name's text, by the text's string number.
  private nameWords: (readonly string[] | undefined)[] = [];

  /**
   * The string number of the index key of name key `key`. Remembered by the key's own
   * number once the table has the key: looking the key up is needed anyway (the name
   * stores it next), building and looking up "n:…" is not. The key is only looked up
   * here, not added: the table gains "n:…" before the key, as it always has.
   */
  nameKeyId(table: StringTable, key: string): number {
    const keyId = table.lookup(key);
    if (keyId !== undefined && this.nameKeyOf[keyId] !== NONE) return this.nameKeyOf[keyId];
    const k = table.id(`n:${key}`);
    this.ensure(table.size);
    if (keyId !== undefined) this.nameKeyOf[keyId] = k;
    return k;
  }

  /** `derivedNameWords(text)`, remembered; `id` is the string number of `text`. */
  derivedWords(id: number, text: string): readonly string[] {
    return (this.nameWords[id] ??= derivedNameWords(text));
  }

  ensure(size: number): void {
    if (size <= this.termOf.length) return;
    const n = Math.max(size, this.termOf.length * 2, 1024);
    const grow = (a: Int32Array, fill: number) => {
      const b = new Int32Array(n).fill(fill);
      b.set(a);
      return b;
    };
    this.wordStamp = grow(this.wordStamp, 0);
    this.lowerStamp = grow(this.lowerStamp, 0);
    this.keyStamp = grow(this.keyStamp, 0);
    this.termOf = grow(this.termOf, UNKNOWN);
    this.nameKeyOf = grow(this.nameKeyOf, NONE);
  }
}

const builderCaches = new WeakMap<StringTable, BuilderCache>();
function builderCache(table: StringTable): BuilderCache {
  let c = builderCaches.get(table);
  if (!c) builderCaches.set(table, (c = new BuilderCache()));
  c.ensure(table.size);
  return c;
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Does `text` hold "\n\n" between `from` and `to`? (Read in place: the gaps between sentences are short.) */
function hasBlankLine(text: string, from: number, to: number): boolean {
  for (let k = from; k + 1 < to; k++) if (text.charCodeAt(k) === 10 && text.charCodeAt(k + 1) === 10) return true;
  return false;
}

// Re-checked here for plain-text sources, whose headings carry no "#".
function isFurnitureLine(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length > 12) return false;
  const caps = words.filter((w) => /^[^\p{L}]*[\p{Lu}]/u.test(w)).length;
  return caps >= Math.max(1, words.length * 0.75);
}

export function termsOf(tokens: Token[]): string[] {
  const set = new Set<string>();
  for (const t of tokens) {
    if (isYearToken(t.text)) continue;
    const term = contentTerm(t.norm);
    if (term) set.add(term);
  }
  return [...set];
}

export function indexKeys(terms: string[], names: NameMention[], dates: DateMention[]): string[] {
  const keys = new Set(terms);
  for (const n of names) keys.add(`n:${n.key}`);
  for (const d of dates) keys.add(`y:${d.year}`);
  return [...keys];
}
