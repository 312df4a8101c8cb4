// A source document's extraction as compact plain data: numbers in typed arrays and
// strings in a table. It is what a loading worker sends back, what the cache stores
// and what the corpus keeps in memory; the SourceDocument / SourceSentence objects
// the checks use are views made from it on demand (see views.ts). Everything a view
// derives (a sentence's text from the document text, a name's words from its text)
// is checked while encoding, and stored whenever deriving it would not give back
// exactly what extraction found.

import type { DateMention } from "../text/dates.js";
import type { NameMention } from "../text/names.js";
import { tokenize } from "../text/tokens.js";
import type { EntityKind } from "../text/words.js";
import type { DocMeta, PublicationDate } from "./document.js";
import type { SourceDocument } from "./extract.js";

/** Changes whenever extraction reads a document differently: cached records of another version are ignored. */
export const EXTRACTOR_VERSION = 3;

/** Strings by number: each distinct string is stored once. */
export class StringTable {
  readonly list: string[];
  private readonly ids = new Map<string, number>();

  constructor(list: string[] = []) {
    this.list = list;
    for (let i = 0; i < list.length; i++) if (!this.ids.has(list[i])) this.ids.set(list[i], i);
  }

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.ids.set(s, i);
    }
    return i;
  }

  lookup(s: string): number | undefined {
    return this.ids.get(s);
  }

  get size(): number {
    return this.list.length;
  }
}

export interface DocRecord {
  id: string;
  path: string;
  text: string;
  bodyStart: number;
  meta: DocMeta;
  published?: PublicationDate;
  /** The table every string number below refers to; records of one batch share it. */
  strings: readonly string[];
  /** S_FIELDS numbers per sentence. */
  sentences: Int32Array;
  /** Each sentence's index keys (`SourceSentence.keys`); its terms are the first ones. */
  keys: Int32Array;
  /** N_FIELDS numbers per name. */
  names: Int32Array;
  /** D_FIELDS numbers per date. */
  dates: Int32Array;
  /** A_FIELDS numbers per acronym definition. */
  acronyms: Int32Array;
  /** `SourceDocument.words` and `.lowercaseWords`, in their order. */
  words: Int32Array;
  lowercase: Int32Array;
  /** Word lists of names whose words are not simply the words of their text: [count, ...ids]. */
  extra: Int32Array;
  /**
   * Present on a record that reads `words` and `lowercase` from storage when asked
   * for (a cache pack's): `remapRecord` hands it the translation of its string
   * numbers, to apply as it reads them, instead of changing the lists in place.
   */
  translateWords?(map: Int32Array): void;
}

// Sentence: start, end, flags, end of its terms in `keys`, end of its keys, end of its names, end of its dates, own text (-1: the document's text there).
export const S_FIELDS = 8;
export const S_START = 0, S_END = 1, S_FLAGS = 2, S_TERMS_END = 3, S_KEYS_END = 4, S_NAMES_END = 5, S_DATES_END = 6, S_TEXT = 7;
export const SF_FURNITURE = 1;

// Name: start, end, key, text, packed kinds and flags, edition (index of a date of the document, -1 none), sentence index, words (offset in `extra`, -1: the words of its text).
export const N_FIELDS = 8;
export const N_START = 0, N_END = 1, N_KEY = 2, N_TEXT = 3, N_PACKED = 4, N_EDITION = 5, N_SENTENCE = 6, N_WORDS = 7;
export const NP_INITIAL = 1 << 8, NP_HAS_CONTEXT = 1 << 9;

// Date: start, end, year, month (0: none), day (0: none), packed role and flags, text (a date's text is kept, so
// reading a date never needs the document's text).
export const D_FIELDS = 7;
export const D_START = 0, D_END = 1, D_YEAR = 2, D_MONTH = 3, D_DAY = 4, D_PACKED = 5, D_TEXT = 6;
export const DP_INFERRED = 1 << 2, DP_HAS_INFERRED = 1 << 3;
export const ROLES: readonly DateMention["role"][] = ["point", "deadline", "edition"];

// Acronym definition: acronym, long form, sentence index.
export const A_FIELDS = 3;

export const KINDS: readonly (EntityKind | undefined)[] = [undefined, "agreement", "exercise", "dialogue", "partnership", "initiative", "programme", "platform", "organisation", "person", "place", "name"];
export const kindCode = (k: EntityKind | undefined): number => {
  const i = KINDS.indexOf(k);
  if (i < 0) throw new Error(`unknown entity kind ${k}`);
  return i;
};

/** A growable list of numbers. */
export class IntList {
  a = new Int32Array(64);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = v;
  }
  // Apart from `push`, which stays small enough to be inlined where it is called.
  private grow(): void {
    const b = new Int32Array(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The words a view gives a name with no stored word list. */
export function derivedNameWords(text: string): string[] {
  // Filled by push, like a mention's own words, which it is compared with: an array
  // made by map is packed or holey depending on whether the caller was optimised.
  const words: string[] = [];
  for (const t of tokenize(text)) words.push(t.text);
  return words;
}

/** Encodes an extracted document; its strings go into `table`. */
export function encodeDocument(doc: SourceDocument, table: StringTable): DocRecord {
  const sentences = new IntList();
  const keys = new IntList();
  const names = new IntList();
  const dates = new IntList();
  const extra = new IntList();
  const dateIndex = new Map<DateMention, number>();
  let dateCount = 0;
  doc.sentences.forEach((s, index) => {
    if (s.index !== index) throw new Error(`sentence ${index} of ${doc.id} has index ${s.index}`);
    const own = doc.text.slice(s.start, s.end) === s.text ? -1 : table.id(s.text);
    const sentenceKeys = s.keys;
    if (!sameList(sentenceKeys.slice(0, s.terms.length), s.terms)) throw new Error(`the keys of sentence ${index} of ${doc.id} do not start with its terms`);
    for (const k of sentenceKeys) keys.push(table.id(k));
    for (const d of s.dates) {
      dateIndex.set(d, dateCount++);
      dates.push(d.start);
      dates.push(d.end);
      dates.push(d.year);
      dates.push(d.month ?? 0);
      dates.push(d.day ?? 0);
      const role = ROLES.indexOf(d.role);
      if (role < 0) throw new Error(`unknown date role ${d.role}`);
      dates.push(role | (d.inferredYear ? DP_INFERRED : 0) | ("inferredYear" in d ? DP_HAS_INFERRED : 0));
      dates.push(table.id(d.text));
    }
    for (const n of s.names) {
      const edition = n.edition ? dateIndex.get(n.edition) : -1;
      if (edition === undefined) throw new Error(`the edition of "${n.text}" in ${doc.id} is not a date of its sentence`);
      names.push(n.start);
      names.push(n.end);
      names.push(table.id(n.key));
      names.push(table.id(n.text));
      names.push(kindCode(n.kind) | (kindCode(n.contextKind) << 4) | (n.sentenceInitial ? NP_INITIAL : 0) | ("contextKind" in n ? NP_HAS_CONTEXT : 0));
      names.push(edition);
      names.push(index);
      if (sameList(derivedNameWords(n.text), n.words)) names.push(-1);
      else {
        names.push(extra.n);
        extra.push(n.words.length);
        for (const w of n.words) extra.push(table.id(w));
      }
    }
    sentences.push(s.start);
    sentences.push(s.end);
    sentences.push(s.furniture ? SF_FURNITURE : 0);
    sentences.push(keys.n - sentenceKeys.length + s.terms.length);
    sentences.push(keys.n);
    sentences.push(names.n / N_FIELDS);
    sentences.push(dates.n / D_FIELDS);
    sentences.push(own);
  });
  const acronyms = new IntList();
  for (const a of doc.acronyms) {
    acronyms.push(table.id(a.acronym));
    acronyms.push(table.id(a.long));
    acronyms.push(a.sentence.index);
  }
  const ids = (set: Set<string>) => Int32Array.from(set, (w) => table.id(w));
  return {
    id: doc.id,
    path: doc.path,
    text: doc.text,
    bodyStart: doc.bodyStart,
    meta: doc.meta,
    published: doc.published,
    strings: table.list,
    sentences: sentences.done(),
    keys: keys.done(),
    names: names.done(),
    dates: dates.done(),
    acronyms: acronyms.done(),
    words: ids(doc.words),
    lowercase: ids(doc.lowercaseWords),
    extra: extra.done(),
  };
}

// Translations that change no number.
const identityMaps = new WeakSet<Int32Array>();

/**
 * Moves the record's string numbers to `table`, in place: the record now belongs to
 * whoever holds `table`. Records of one batch share a string table, so each distinct
 * string is looked up once (`cache` keeps the translation of each table, and extends
 * it when the table has grown since).
 */
export function remapRecord(rec: DocRecord, table: StringTable, cache?: WeakMap<readonly string[], Int32Array>): DocRecord {
  if (rec.strings === table.list) return rec;
  const from = rec.strings;
  let map = cache?.get(from);
  if (!map || map.length < from.length) {
    const grown = new Int32Array(from.length);
    if (map) grown.set(map);
    let same = map === undefined || identityMaps.has(map);
    for (let i = map?.length ?? 0; i < from.length; i++) {
      grown[i] = table.id(from[i]);
      if (grown[i] !== i) same = false;
    }
    map = grown;
    if (same) identityMaps.add(map);
    cache?.set(from, map);
  }
  // The first batch loaded into an empty table (a whole pack, say) keeps its numbers.
  if (identityMaps.has(map)) {
    rec.strings = table.list;
    return rec;
  }
  // The fields of STRING_FIELDS, written out: every record a loading worker sends comes
  // through here, and a loop over that table took a third longer.
  const all = (a: Int32Array) => {
    for (let i = 0; i < a.length; i++) a[i] = map![a[i]];
  };
  const field = (a: Int32Array, width: number, f: number) => {
    for (let i = f; i < a.length; i += width) if (a[i] >= 0) a[i] = map![a[i]];
  };
  field(rec.sentences, S_FIELDS, S_TEXT);
  all(rec.keys);
  field(rec.names, N_FIELDS, N_KEY);
  field(rec.names, N_FIELDS, N_TEXT);
  field(rec.dates, D_FIELDS, D_TEXT);
  field(rec.acronyms, A_FIELDS, 0);
  field(rec.acronyms, A_FIELDS, 1);
  if (rec.translateWords) rec.translateWords(map);
  else {
    all(rec.words);
    all(rec.lowercase);
  }
  const extra = rec.extra;
  for (let i = 0; i < extra.length; i += extra[i] + 1) for (let k = 1; k <= extra[i]; k++) extra[i + k] = map[extra[i + k]];
  rec.strings = table.list;
  return rec;
}

/** A record's arrays by name (see RECORD_ARRAYS). */
export type RecordArray = (typeof RECORD_ARRAYS)[number];

/**
 * Where each array of a record holds string numbers: the width of its entries, then
 * the fields of an entry that do. `extra` is counted groups instead (a count, then
 * that many string numbers). The same holds for the arrays of many records laid one
 * after the other, as a cache pack stores them.
 */
const STRING_FIELDS: Record<RecordArray, readonly number[]> = {
  sentences: [S_FIELDS, S_TEXT],
  keys: [1, 0],
  names: [N_FIELDS, N_KEY, N_TEXT],
  dates: [D_FIELDS, D_TEXT],
  acronyms: [A_FIELDS, 0, 1],
  words: [1, 0],
  lowercase: [1, 0],
  extra: [],
};

/** Does `a` fit array `name`'s layout: whole entries, or counted groups that end where it ends? */
export function fitsLayout(name: RecordArray, a: Int32Array): boolean {
  if (name !== "extra") return a.length % STRING_FIELDS[name][0] === 0;
  let i = 0;
  while (i < a.length) {
    if (a[i] < 0) return false;
    i += a[i] + 1;
  }
  return i === a.length;
}

/**
 * Are the string numbers of `a`, a record's array `name` (or that array of many records
 * one after another), all below `count`, and there wherever a string must be (in the
 * lists that hold nothing else)? Elsewhere a negative number means "none". Reading
 * storage, `fitsLayout` comes first. Plain loops: a pack's check reads every number of
 * 10 000 records at a warm start.
 */
export function stringNumbersFit(name: RecordArray, a: Int32Array, count: number): boolean {
  if (name === "extra") {
    for (let i = 0; i < a.length; i += a[i] + 1) for (let k = 1; k <= a[i]; k++) if (!(a[i + k] >= 0 && a[i + k] < count)) return false;
    return true;
  }
  const [width, ...at] = STRING_FIELDS[name];
  if (width === 1) return allWithin(a, count);
  for (const f of at) if (maxOfField(a, width, f, -1) >= count) return false;
  return true;
}

function allWithin(a: Int32Array, count: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] < 0 || a[i] >= count) return false;
  return true;
}

/** The larger of `max` and field `f` of each `width`-number entry of `a`. */
function maxOfField(a: Int32Array, width: number, f: number, max: number): number {
  for (let i = f; i < a.length; i += width) if (a[i] > max) max = a[i];
  return max;
}

/** Replaces, in place, each string number n (not "none", below 0) of `a`, a record's array `name`, by `t(n)`. */
export function mapStringNumbersIn(name: RecordArray, a: Int32Array, t: (n: number) => number): void {
  if (name === "extra") {
    for (let i = 0; i < a.length; i += a[i] + 1) for (let k = 1; k <= a[i]; k++) a[i + k] = t(a[i + k]);
    return;
  }
  const [width, ...at] = STRING_FIELDS[name];
  for (const f of at) for (let i = f; i < a.length; i += width) if (a[i] >= 0) a[i] = t(a[i]);
}

/** The numeric parts of a record, in a fixed order (for transfer and storage). */
export const RECORD_ARRAYS = ["sentences", "keys", "names", "dates", "acronyms", "words", "lowercase", "extra"] as const;
