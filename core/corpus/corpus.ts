import { kindFromWords, nameKey, type NameMention } from "../text/names.js";
import { isAcronymLike } from "../text/tokens.js";
import { MONTHS, type EntityKind } from "../text/words.js";
import type { SourceDocument, SourceSentence } from "./extract.js";
import {
  A_FIELDS,
  derivedNameWords,
  kindCode,
  encodeDocument,
  KINDS,
  D_DAY, D_FIELDS, D_MONTH, D_PACKED, D_YEAR,
  N_EDITION, N_FIELDS, N_KEY, N_PACKED, N_SENTENCE, N_TEXT, N_WORDS, NP_HAS_CONTEXT, NP_INITIAL,
  remapRecord,
  S_DATES_END, S_FIELDS, S_FLAGS, S_KEYS_END, S_NAMES_END, S_TERMS_END, SF_FURNITURE,
  StringTable,
  type DocRecord,
} from "./record.js";
import { DocView } from "./views.js";
import { IntArray, IntList } from "./numbers.js";
import { KeyedLists, type KeyedListsData } from "./keyedLists.js";
import { PostingLists, type PostingBlock } from "./postingLists.js";
import { Tally } from "./tally.js";
import { localeOrder } from "../text/order.js";

export interface EntityMention {
  sentence: SourceSentence;
  mention: NameMention;
}

/** A thing the sources name: an agreement, exercise, dialogue, person … with every passage that names it. */
export interface Entity {
  key: string;
  name: string;
  kind: EntityKind;
  /** Other names for it: an acronym and its long form. */
  aliases: string[];
  /** Every mention, in corpus order. Made on demand: prefer `mentionCount` and `sentenceCount` for counting. */
  readonly mentions: EntityMention[];
  readonly docIds: string[];
  /** Does this source of the corpus mention it? `docIds.includes(docId)` without making the list; a source removed since the entity was made does not. */
  mentionedIn(docId: string): boolean;
  /** `docIds.length`, without making the list. */
  readonly docCount: number;
  /** How many mentions, and how many distinct sentences hold them. */
  mentionCount: number;
  sentenceCount: number;
  /** `mentions[0]`, without making the others. */
  firstMention(): EntityMention | undefined;
  /** The mentions in order, each made when the iteration reaches it: for reading the first few. */
  eachMention(): IterableIterator<EntityMention>;
  /** The distinct keys its mentions are written with (its own, an acronym's …). */
  mentionKeys(): string[];
  /** The distinct sentences of its mentions by corpus number, in the order of `mentions`. */
  mentionSentenceIds(): Int32Array;
  /**
   * The distinct sentences of its mentions that give a date, in the order of
   * `mentions` and by corpus number (see `Corpus.sentence`): the only ones a date
   * can be checked against, read without making any of them.
   */
  datedSentenceIds(): SentenceIds;
}

/**
 * Sentences by corpus number, in order, with what a date check reads of each copied
 * next to each other: checking a claim about a common name walks thousands of them,
 * and reading each in its own document would cost a cache miss per field.
 */
export class SentenceIds {
  /** `ids` sorted, made when `has` is first asked: a fifth of the memory of a Set of them. */
  private sorted?: Int32Array;
  constructor(
    readonly ids: Int32Array,
    /** Per sentence: 1 for a heading or page furniture. */
    readonly furniture: Uint8Array,
    /** Sentence i's terms (string numbers) are terms[termStart[i]] … terms[termStart[i + 1] - 1]. */
    readonly termStart: Int32Array,
    readonly terms: Int32Array,
    /** Its dates, likewise: year, month and day (0: none), role (an index of ROLES). */
    readonly yearStart: Int32Array,
    readonly years: Int32Array,
    readonly months: Int32Array,
    readonly days: Int32Array,
    readonly roles: Uint8Array,
    /** Keys of its names that carry an edition year, by sentence index (most have none). */
    readonly editionKeys: ReadonlyMap<number, string[]>,
    /** For a date (by its position in `years`) that is a name's edition year: the keys of those names. */
    readonly editionOf: ReadonlyMap<number, string[]>,
    /** The id of each sentence's document. */
    readonly docIds: readonly string[],
  ) {}
  has(id: number): boolean {
    const sorted = (this.sorted ??= this.ids.slice().sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo] === id;
  }
  /** How many of sentence i's terms are in `set`. */
  termsIn(i: number, set: ReadonlySet<number>): number {
    if (set.size === 0) return 0;
    let n = 0;
    for (let k = this.termStart[i], end = this.termStart[i + 1]; k < end; k++) if (set.has(this.terms[k])) n++;
    return n;
  }
  hasTerm(i: number, term: number): boolean {
    for (let k = this.termStart[i], end = this.termStart[i + 1]; k < end; k++) if (this.terms[k] === term) return true;
    return false;
  }
  hasYear(i: number, year: number): boolean {
    for (let k = this.yearStart[i], end = this.yearStart[i + 1]; k < end; k++) if (this.years[k] === year) return true;
    return false;
  }
}

/** Lists of numbers one after the other, with the length of each. */
export interface ConcatenatedLists {
  values: Int32Array;
  lengths: Int32Array;
}

/** The corpus's index of its records as plain data (see `Corpus.exportIndex`). */
export interface CorpusIndexState {
  /** The string table its string numbers (index keys, name keys) refer to. */
  strings: readonly string[];
  postings: PostingBlock;
  mentions: KeyedListsData;
  /** Per sentence: its first date row; whether it is furniture. */
  firstDateRow: Int32Array;
  furniture: Int32Array;
  dateRows: Int32Array;
  /** The entities in order, their mentions' numbers and distinct sentences in `entityIds` and `entitySentences`. */
  entities: { key: string; name: string; kind: EntityKind; aliases: string[]; keys: string[]; docCount: number }[];
  entityIds: ConcatenatedLists;
  entitySentences: ConcatenatedLists;
  /** Keys other than its own (an acronym's) that find an entity, by its position. */
  otherKeys: [string, number][];
  /** By string number: how many records have the word (`DocRecord.words`), and how many write it in lower case. */
  wordDocCount: Int32Array;
  lowercaseDocCount: Int32Array;
}

/** Renumbers, in place, string numbers by `number` (old → new, -1: unknown); false if one is unknown. */
function renumber(a: Int32Array, number: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const n = a[i] >= 0 && a[i] < number.length ? number[a[i]] : -1;
    if (n < 0) return false;
    a[i] = n;
  }
  return true;
}

// A date row's edition field is a name key's string number, or -1 / MANY.
function renumberEditions(rows: Int32Array, number: Int32Array): boolean {
  for (let r = DR_EDITION; r < rows.length; r += DR) {
    const old = rows[r];
    if (old < 0) continue;
    const n = old < number.length ? number[old] : -1;
    if (n < 0) return false;
    rows[r] = n;
  }
  return true;
}

// The per-key arrays of postings are indexed by string number: moved to the new numbers.
function renumberPostings({ where, start, count, block }: PostingBlock, number: Int32Array, size: number): PostingBlock | null {
  const out = { where: new Int32Array(size), start: new Int32Array(size), count: new Int32Array(size), block };
  for (let key = 0; key < where.length; key++) {
    if (where[key] === 0) continue;
    const n = key < number.length ? number[key] : -1;
    if (n < 0 || where[key] !== 1) return null;
    out.where[n] = 1;
    out.start[n] = start[key];
    out.count[n] = count[key];
  }
  return out;
}

// Counts of records by string number, moved to the new numbers: a string counted must
// be known, and no count can pass the number of records.
function renumberCounts(counts: Int32Array, number: Int32Array, size: number, records: number): Int32Array | null {
  const out = new Int32Array(size);
  for (let old = 0; old < counts.length; old++) {
    if (counts[old] === 0) continue;
    const n = old < number.length ? number[old] : -1;
    if (n < 0 || counts[old] < 0 || counts[old] > records) return null;
    out[n] = counts[old];
  }
  return out;
}

/** Do the lengths (none negative) add up to the numbers there are? */
function fitsLengths({ values, lengths }: { values: Int32Array; lengths: Int32Array }): boolean {
  let total = 0;
  for (let i = 0; i < lengths.length; i++) {
    if (lengths[i] < 0) return false;
    total += lengths[i];
  }
  return total === values.length;
}

/** Is every number of `a` in [0, limit)? */
function allBelow(a: Int32Array, limit: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] < 0 || a[i] >= limit) return false;
  return true;
}

function concatWithLengths(lists: Int32Array[]): ConcatenatedLists {
  const lengths = Int32Array.from(lists, (l) => l.length);
  const values = new Int32Array(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const l of lists) {
    values.set(l, at);
    at += l.length;
  }
  return { values, lengths };
}

function splitByLengths({ values, lengths }: ConcatenatedLists): Int32Array[] {
  const out: Int32Array[] = [];
  let at = 0;
  for (const n of lengths) {
    out.push(values.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** A document of the corpus as stored: its compact record, with where its sentences and names sit in the corpus-wide numbering. */
interface Slot {
  record: DocRecord;
  /** Corpus-wide number of its first sentence and first name. */
  sentenceBase: number;
  nameBase: number;
}

/**
 * The index of every source document: sentences by term, names, acronyms and the
 * vocabulary. Documents are added and removed one at a time, so editing a source
 * costs that document, not the corpus.
 *
 * Documents are kept as compact records (numbers and shared strings, see record.ts);
 * `docs`, `sentencesWith` and entity mentions hand out views made from them on demand.
 */
export class Corpus {
  readonly docs: ReadonlyMap<string, SourceDocument>;
  /** Every string of every record, once. */
  readonly strings = new StringTable();
  private readonly slots: (Slot | undefined)[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly views: (WeakRef<DocView> | undefined)[] = [];
  /** The views made last, held strongly (see `view`). */
  private readonly recentViews: DocView[] = [];
  private recentAt = 0;
  /** Corpus-wide sentence and name numbers → slot; numbers are never reused. */
  private readonly sentenceSlot = new IntArray();
  private readonly nameSlot = new IntArray();
  private nextSentence = 0;
  private nextName = 0;
  /** Index key (string number) → sentence numbers, in the order documents were added. */
  private readonly postings = new PostingLists();
  /** Name key (string number) → name numbers of non-furniture sentences. */
  private readonly mentionsByKey = new KeyedLists();
  /** acronym key → long-form key → how many definitions, and the long form as written. */
  private readonly acronymDefs = new Map<string, Map<string, { count: number; display: string }>>();
  /** Word (string number) → how many documents have it, and have it in lower case. */
  private readonly wordDocCount = new IntArray();
  private readonly lowercaseDocCount = new IntArray();
  private readonly remapCache = new WeakMap<readonly string[], Int32Array>();
  /** String number → its `nameKey`, for those an acronym definition uses. */
  private readonly nameKeys: (string | undefined)[] = [];
  private sentenceTotal = 0;
  /** Records added whose postings and mentions are not indexed yet (see `flush`). */
  private pending: Slot[] = [];
  // Every sentence's dates, and whether it is furniture, in corpus sentence order (built
  // by `flush`): what hovers and completions read of thousands of sentences, in order.
  private readonly firstDateRow = new IntArray(); // sentence number → its first row below
  private readonly dateRows = new IntArray(); // DR fields per date
  private dateRowCount = 0;
  private readonly furnitureFlags = new IntArray();
  private indexedSentences = 0;
  private readonly recentIds = new Map<string, { version: number; ids: SentenceIds }>();
  private recentSize = 0;
  private entityCache: { version: number; byKey: Map<string, Entity>; list: Entity[] } | null = null;
  /** Changes whenever a document is added or removed: caches compare it. */
  version = 0;

  constructor() {
    this.docs = new DocMap(this);
  }

  get size(): number {
    return this.slotById.size;
  }

  get sentenceCount(): number {
    return this.sentenceTotal;
  }

  /** Adds (or replaces, by id) an extracted document. */
  add(doc: SourceDocument): void {
    this.addRecord(encodeDocument(doc, this.strings));
  }

  /** Adds (or replaces, by id) a document already encoded, e.g. by a loading worker or read from a cache. */
  addRecord(input: DocRecord): void {
    const record = remapRecord(input, this.strings, this.remapCache);
    if (this.slotById.has(record.id)) this.remove(record.id);
    const slot = this.slots.length;
    const sentences = record.sentences.length / S_FIELDS;
    const names = record.names.length / N_FIELDS;
    const entry: Slot = { record, sentenceBase: this.nextSentence, nameBase: this.nextName };
    this.slots.push(entry);
    this.views.push(undefined);
    this.slotById.set(record.id, slot);
    this.sentenceSlot.fill(entry.sentenceBase, entry.sentenceBase + sentences, slot);
    this.nameSlot.fill(entry.nameBase, entry.nameBase + names, slot);
    this.nextSentence += sentences;
    this.nextName += names;
    this.sentenceTotal += sentences;
    // Its postings and mentions are indexed with every other record added since the
    // last question: in bulk, a count and a fill, far cheaper than one at a time.
    this.pending.push(entry);
    const a = record.acronyms;
    for (let o = 0; o < a.length; o += A_FIELDS) {
      const acronym = this.nameKeyOf(a[o]);
      const longText = this.strings.list[a[o + 1]];
      const defs = this.acronymDefs.get(acronym) ?? new Map<string, { count: number; display: string }>();
      const long = this.nameKeyOf(a[o + 1]);
      defs.set(long, { count: (defs.get(long)?.count ?? 0) + 1, display: defs.get(long)?.display ?? longText });
      this.acronymDefs.set(acronym, defs);
    }
    this.version++;
  }

  /** The records in the order they were added (those removed since left out). */
  records(): DocRecord[] {
    const out: DocRecord[] = [];
    for (const slot of this.slots) if (slot) out.push(slot.record);
    return out;
  }

  /**
   * What indexing the records gave (postings, name mentions, dates, the entities) as
   * plain data, for storing: a later start with the very same records (see
   * `importIndex`) takes it instead of indexing them again. Null unless every record
   * was indexed in one go, as a fresh load does.
   */
  exportIndex(): CorpusIndexState | null {
    const { list, byKey } = this.entityIndex();
    const postings = this.postings.exportBlock();
    if (!postings || this.slots.some((s) => s === undefined)) return null;
    const entityNumber = new Map(list.map((e, i) => [e, i]));
    const ids: Int32Array[] = [];
    const sentences: Int32Array[] = [];
    const entities = list.map((e) => {
      const entity = e as CompactEntity;
      ids.push(entity.mentionIds());
      sentences.push(entity.mentionSentenceIds());
      return { key: entity.key, name: entity.name, kind: entity.kind, aliases: entity.aliases, keys: entity.mentionKeys(), docCount: entity.docCount };
    });
    const otherKeys: [string, number][] = [];
    for (const [key, entity] of byKey) if (key !== entity.key) otherKeys.push([key, entityNumber.get(entity)!]);
    return {
      strings: this.strings.list,
      postings,
      mentions: this.mentionsByKey.exportLists(),
      firstDateRow: this.firstDateRow.a.subarray(0, this.nextSentence),
      furniture: this.furnitureFlags.a.subarray(0, this.nextSentence),
      dateRows: this.dateRows.a.subarray(0, this.dateRowCount * DR),
      entities,
      entityIds: concatWithLengths(ids),
      entitySentences: concatWithLengths(sentences),
      otherKeys,
      wordDocCount: this.wordDocCount.a.subarray(0, this.strings.size),
      lowercaseDocCount: this.lowercaseDocCount.a.subarray(0, this.strings.size),
    };
  }

  /**
   * Takes the index of these very records from `exportIndex` in place of indexing
   * them: only right after they were all added, before any question. False (taking
   * nothing) when the state does not fit the records.
   */
  importIndex(state: CorpusIndexState): boolean {
    if (this.indexedSentences !== 0 || this.dateRowCount !== 0 || this.pending.length !== this.slots.length || this.slots.some((s) => s === undefined)) return false;
    // The state's string numbers are those of the corpus that stored it: each becomes this one's.
    // Most often the very table it was stored with: a string equal to this table's at
    // its place is compared, not hashed and looked up.
    const number = new Int32Array(state.strings.length);
    const table = this.strings.list;
    for (let i = 0; i < number.length; i++) {
      const s = state.strings[i];
      number[i] = table[i] === s ? i : (this.strings.lookup(s) ?? -1);
    }
    const postings = renumberPostings(state.postings, number, this.strings.size);
    const wordDocCount = renumberCounts(state.wordDocCount, number, this.strings.size, this.slots.length);
    const lowercaseDocCount = renumberCounts(state.lowercaseDocCount, number, this.strings.size, this.slots.length);
    if (!postings || !wordDocCount || !lowercaseDocCount || !renumber(state.mentions.keys, number) || !renumberEditions(state.dateRows, number)) return false;
    const n = state.entities.length;
    if (state.firstDateRow.length !== this.nextSentence || state.furniture.length !== this.nextSentence || state.dateRows.length % DR !== 0) return false;
    if (state.entityIds.lengths.length !== n || state.entitySentences.lengths.length !== n) return false;
    if (!fitsLengths(state.entityIds) || !fitsLengths(state.entitySentences) || !fitsLengths(state.mentions)) return false;
    // Numbers that point past what these records have would fail later, far from here.
    const rows = state.dateRows.length / DR;
    if (!allBelow(state.postings.block, this.nextSentence) || !allBelow(state.mentions.values, this.nextName)) return false;
    if (!allBelow(state.entityIds.values, this.nextName) || !allBelow(state.entitySentences.values, this.nextSentence) || !allBelow(state.firstDateRow, rows + 1)) return false;
    this.pending = [];
    this.postings.importBlock(postings);
    // The word lists are never read: a record read from a cache pack leaves them in the file.
    this.wordDocCount.a = wordDocCount;
    this.lowercaseDocCount.a = lowercaseDocCount;
    this.mentionsByKey.importLists(state.mentions);
    this.firstDateRow.a = state.firstDateRow;
    this.furnitureFlags.a = state.furniture;
    this.dateRows.a = state.dateRows;
    this.dateRowCount = state.dateRows.length / DR;
    this.indexedSentences = this.nextSentence;
    const ids = splitByLengths(state.entityIds);
    const sentences = splitByLengths(state.entitySentences);
    const list: Entity[] = state.entities.map((e, i) => new CompactEntity(this, e.key, e.name, e.kind, e.aliases, ids[i], sentences[i], e.keys, e.docCount, this.version));
    const byKey = new Map<string, Entity>();
    for (const e of list) byKey.set(e.key, e);
    for (const [key, i] of state.otherKeys) byKey.set(key, list[i]);
    this.entityCache = { version: this.version, byKey, list };
    return true;
  }

  // The same acronyms and long forms are defined in document after document.
  private nameKeyOf(stringNumber: number): string {
    return (this.nameKeys[stringNumber] ??= nameKey(this.strings.list[stringNumber]));
  }

  remove(id: string): boolean {
    const slot = this.slotById.get(id);
    if (slot === undefined) return false;
    this.flush();
    const entry = this.slots[slot]!;
    const record = entry.record;
    this.slotById.delete(id);
    this.slots[slot] = undefined;
    this.views[slot] = undefined;
    const sentences = record.sentences.length / S_FIELDS;
    const names = record.names.length / N_FIELDS;
    this.sentenceTotal -= sentences;
    for (const key of new Set(record.keys)) this.postings.removeRange(key, entry.sentenceBase, entry.sentenceBase + sentences);
    const nameKeys = new Set<number>();
    for (let o = 0; o < record.names.length; o += N_FIELDS) nameKeys.add(record.names[o + N_KEY]);
    for (const key of nameKeys) this.mentionsByKey.removeRange(key, entry.nameBase, entry.nameBase + names);
    const a = record.acronyms;
    for (let o = 0; o < a.length; o += A_FIELDS) {
      const acronym = this.nameKeyOf(a[o]);
      const defs = this.acronymDefs.get(acronym);
      const long = this.nameKeyOf(a[o + 1]);
      if (!defs) continue;
      const def = defs.get(long);
      if (def && def.count > 1) def.count--;
      else defs.delete(long);
      if (defs.size === 0) this.acronymDefs.delete(acronym);
    }
    this.wordDocCount.addAt(record.words, -1);
    this.lowercaseDocCount.addAt(record.lowercase, -1);
    this.version++;
    return true;
  }

  /**
   * Indexes the postings, name mentions and word counts of the records added since the last call,
   * in the order they were added (so the lists are exactly what adding them one by one
   * gives): every key's occurrences are counted, each list made room for once, then filled.
   */
  // Each step is a function called once per record: small functions called thousands of
  // times are optimised at once, where one big loop nest ran deoptimised for much of it.
  private flush(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    let dates = 0;
    for (const { record } of pending) dates += record.dates.length / D_FIELDS;
    this.firstDateRow.ensure(this.nextSentence);
    this.furnitureFlags.ensure(this.nextSentence);
    this.dateRows.ensure((this.dateRowCount + dates) * DR);
    for (const entry of pending) this.indexDateRows(entry);
    const postings = this.postings;
    const counts = new Int32Array(this.strings.size);
    for (const { record } of pending) countKeys(record.keys, counts);
    // New lists share one buffer, each with room for exactly what it gets now (adding to it later copies it out).
    let total = 0;
    for (const { record } of pending) total += sizeNewLists(record.keys, counts, postings);
    const shared = { ...postings.newBlock(total), at: 0, next: new Int32Array(this.strings.size).fill(-1) };
    for (const { record } of pending) reserveLists(record.keys, counts, postings, shared);
    // Name mentions alike: counted (a new key takes its place in the order at its first
    // mention, as one by one), room made once, then filled.
    const mentions = this.mentionsByKey;
    for (const { record } of pending) countMentions(record, counts, mentions);
    for (const { record } of pending) reserveMentions(record.names, counts, mentions);
    for (const entry of pending) fillLists(entry, postings, shared, mentions);
    for (const { record } of pending) {
      this.wordDocCount.addAt(record.words, 1);
      this.lowercaseDocCount.addAt(record.lowercase, 1);
    }
  }

  // Every sentence's dates, and whether it is furniture, in corpus sentence order (room made by `flush`).
  private indexDateRows({ record, sentenceBase }: Slot): void {
    const s = record.sentences;
    const d = record.dates;
    const n = record.names;
    const firstDateRow = this.firstDateRow.a;
    const furniture = this.furnitureFlags.a;
    const rows = this.dateRows.a;
    let row = this.dateRowCount;
    const firstRow = row;
    let k = 0;
    for (let i = 0, o = 0; o < s.length; i++, o += S_FIELDS) {
      const id = sentenceBase + i;
      firstDateRow[id] = row;
      furniture[id] = s[o + S_FLAGS] & SF_FURNITURE;
      for (const end = s[o + S_DATES_END]; k < end; k++, row++) {
        const r = row * DR;
        rows[r + DR_YEAR] = d[k * D_FIELDS + D_YEAR];
        rows[r + DR_MONTH] = d[k * D_FIELDS + D_MONTH];
        rows[r + DR_DAY] = d[k * D_FIELDS + D_DAY];
        rows[r + DR_ROLE] = d[k * D_FIELDS + D_PACKED] & 3;
        rows[r + DR_EDITION] = -1;
      }
    }
    this.dateRowCount = row;
    // The name whose edition year a date is ("KORVAL 2021"): its key, or MANY when several.
    for (let o = 0; o < n.length; o += N_FIELDS) {
      const edition = n[o + N_EDITION];
      if (edition < 0) continue;
      const r = (firstRow + edition) * DR + DR_EDITION;
      rows[r] = rows[r] === -1 ? n[o + N_KEY] : MANY;
    }
    this.indexedSentences = sentenceBase + s.length / S_FIELDS;
  }

  // ---------------------------------------------------------------- documents and sentences

  /** The document's view: one object per document for as long as anyone holds it. */
  private view(slot: number): DocView {
    let view = this.views[slot]?.deref();
    if (!view) {
      view = new DocView(this.slots[slot]!.record, this.strings.list);
      this.views[slot] = new WeakRef(view);
      // Held for a while: a view that goes with the next collection would read its
      // document's text (from the cache file) and build its search form again for
      // the very next keystroke or hover that cites it.
      this.recentViews[this.recentAt] = view;
      this.recentAt = (this.recentAt + 1) % RECENT_VIEWS;
    }
    return view;
  }

  /** @internal for DocMap */
  docAt(id: string): SourceDocument | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.view(slot);
  }

  /** @internal for DocMap */
  docIds(): IterableIterator<string> {
    return this.slotById.keys();
  }

  /** A sentence by its corpus-wide number (see `sentenceIds`). */
  sentence(id: number): SourceSentence {
    const slot = this.sentenceSlot.get(id);
    return this.view(slot).sentence(id - this.slots[slot]!.sentenceBase);
  }

  /** Sentences containing a content term (see `termsOf`), a name key (`n:`) or a year (`y:`). */
  sentencesWith(key: string): readonly SourceSentence[] {
    const ids = this.sentenceIds(key);
    const out: SourceSentence[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = this.sentence(ids[i]);
    return out;
  }

  /** The numbers of the sentences `sentencesWith(key)` gives, without making them. */
  sentenceIds(key: string): Int32Array {
    this.flush();
    const k = this.strings.lookup(key);
    return k === undefined ? EMPTY : this.postings.view(k);
  }

  /** How many sentences hold the key: `sentencesWith(key).length`. */
  df(key: string): number {
    this.flush();
    const k = this.strings.lookup(key);
    return k === undefined ? 0 : this.postings.n(k);
  }

  /** The string number of an index key, if any sentence ever had it. */
  keyNumber(key: string): number | undefined {
    return this.strings.lookup(key);
  }

  /** Does the sentence give a date? */
  sentenceHasDates(id: number): boolean {
    const entry = this.slots[this.sentenceSlot.get(id)]!;
    const index = id - entry.sentenceBase;
    const s = entry.record.sentences;
    return s[index * S_FIELDS + S_DATES_END] > (index === 0 ? 0 : s[(index - 1) * S_FIELDS + S_DATES_END]);
  }

  /** The sentences holding `key` that give a date, by corpus number: `Entity.datedSentenceIds` for a key. */
  datedSentenceIdsWith(key: string): SentenceIds {
    return this.recentList(`dated:${key}`, () => {
      const ids: number[] = [];
      for (const id of this.sentenceIds(key)) if (this.sentenceHasDates(id)) ids.push(id);
      return ids;
    });
  }

  // The lists asked for last are kept (for this version of the corpus): a note asks about the same names again and again.
  private recentList(cacheKey: string, ids: () => ArrayLike<number>): SentenceIds {
    const cached = this.recentIds.get(cacheKey);
    if (cached && cached.version === this.version) {
      // Most recently used last: the oldest go first.
      this.recentIds.delete(cacheKey);
      this.recentIds.set(cacheKey, cached);
      return cached.ids;
    }
    const list = this.sentenceIdList(ids());
    if (cached) this.recentSize -= cached.ids.ids.length;
    this.recentIds.delete(cacheKey);
    this.recentIds.set(cacheKey, { version: this.version, ids: list });
    this.recentSize += list.ids.length;
    for (const [key, old] of this.recentIds) {
      if (this.recentSize <= RECENT_SENTENCES || key === cacheKey) break;
      this.recentIds.delete(key);
      this.recentSize -= old.ids.ids.length;
    }
    return list;
  }

  /** The sentences with these numbers, with what date checks read of them copied together (see SentenceIds). */
  sentenceIdList(ids: ArrayLike<number>): SentenceIds {
    const n = ids.length;
    const furniture = new Uint8Array(n);
    const termStart = new Int32Array(n + 1);
    const yearStart = new Int32Array(n + 1);
    const terms: number[] = [];
    const years: number[] = [];
    const months: number[] = [];
    const days: number[] = [];
    const roles: number[] = [];
    const editionKeys = new Map<number, string[]>();
    const editionOf = new Map<number, string[]>();
    const docIds: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      const entry = this.slots[this.sentenceSlot.get(id)]!;
      const index = id - entry.sentenceBase;
      const s = entry.record.sentences;
      const o = index * S_FIELDS;
      const p = o - S_FIELDS;
      furniture[i] = s[o + S_FLAGS] & SF_FURNITURE;
      const keys = entry.record.keys;
      for (let k = index === 0 ? 0 : s[p + S_KEYS_END], end = s[o + S_TERMS_END]; k < end; k++) terms.push(keys[k]);
      termStart[i + 1] = terms.length;
      const d = entry.record.dates;
      const firstDate = index === 0 ? 0 : s[p + S_DATES_END];
      const at = years.length; // where this sentence's dates start in the lists
      for (let k = firstDate, end = s[o + S_DATES_END]; k < end; k++) {
        years.push(d[k * D_FIELDS + D_YEAR]);
        months.push(d[k * D_FIELDS + D_MONTH]);
        days.push(d[k * D_FIELDS + D_DAY]);
        roles.push(d[k * D_FIELDS + D_PACKED] & 3);
      }
      yearStart[i + 1] = years.length;
      docIds[i] = entry.record.id;
      const names = entry.record.names;
      for (let k = index === 0 ? 0 : s[p + S_NAMES_END], end = s[o + S_NAMES_END]; k < end; k++) {
        const edition = names[k * N_FIELDS + N_EDITION];
        if (edition < 0) continue;
        const key = this.strings.list[names[k * N_FIELDS + N_KEY]];
        const list = editionKeys.get(i) ?? [];
        list.push(key);
        editionKeys.set(i, list);
        const date = at + edition - firstDate;
        editionOf.set(date, [...(editionOf.get(date) ?? []), key]);
      }
    }
    return new SentenceIds(Int32Array.from(ids), furniture, termStart, Int32Array.from(terms), yearStart, Int32Array.from(years), Int32Array.from(months), Int32Array.from(days), Uint8Array.from(roles), editionKeys, editionOf, docIds);
  }

  /** Is the sentence a heading or page furniture? */
  sentenceIsFurniture(id: number): boolean {
    const slot = this.sentenceSlot.get(id);
    const entry = this.slots[slot]!;
    return (entry.record.sentences[(id - entry.sentenceBase) * S_FIELDS + S_FLAGS] & SF_FURNITURE) !== 0;
  }

  /** The rows of sentence `id`'s dates: `dateRow*(r)` for r in [first, end). */
  dateRowsOf(id: number): { first: number; end: number } {
    return { first: this.firstDateRowOf(id), end: this.endDateRowOf(id) };
  }

  firstDateRowOf(id: number): number {
    this.flush();
    return this.firstDateRow.get(id);
  }

  endDateRowOf(id: number): number {
    this.flush();
    return id + 1 < this.indexedSentences ? this.firstDateRow.get(id + 1) : this.dateRowCount;
  }

  dateRowYear(r: number): number {
    return this.dateRows.get(r * DR + DR_YEAR);
  }

  /** 0: none. */
  dateRowMonth(r: number): number {
    return this.dateRows.get(r * DR + DR_MONTH);
  }

  /** 0: none. */
  dateRowDay(r: number): number {
    return this.dateRows.get(r * DR + DR_DAY);
  }

  /** An index of ROLES. */
  dateRowRole(r: number): number {
    return this.dateRows.get(r * DR + DR_ROLE);
  }

  /** Is the sentence furniture? Read from a table in sentence order (after `flush`). */
  isFurniture(id: number): boolean {
    this.flush();
    return this.furnitureFlags.get(id) !== 0;
  }

  /**
   * Is the date of row `r` the edition year of a name written with one of `keys`
   * (string numbers)? Sentence `id` is the date's.
   */
  dateRowIsEditionOf(id: number, r: number, keys: ReadonlySet<string>): boolean {
    const key = this.dateRows.get(r * DR + DR_EDITION);
    if (key === -1) return false;
    if (key !== MANY) return keys.has(this.strings.list[key]);
    return this.editionNameKeys(id, r - this.firstDateRowOf(id)).some((k) => keys.has(k));
  }

  /** The keys of the sentence's names whose edition year is its `k`-th date (k counted in the sentence). */
  editionNameKeys(id: number, k: number): string[] {
    const entry = this.slots[this.sentenceSlot.get(id)]!;
    const index = id - entry.sentenceBase;
    const s = entry.record.sentences;
    const n = entry.record.names;
    const firstDate = index === 0 ? 0 : s[(index - 1) * S_FIELDS + S_DATES_END];
    const out: string[] = [];
    for (let j = index === 0 ? 0 : s[(index - 1) * S_FIELDS + S_NAMES_END], end = s[index * S_FIELDS + S_NAMES_END]; j < end; j++) {
      if (n[j * N_FIELDS + N_EDITION] === firstDate + k) out.push(this.strings.list[n[j * N_FIELDS + N_KEY]]);
    }
    return out;
  }

  /** Points `cursor` at sentence `id` (see SentenceCursor). */
  read(id: number, cursor: SentenceCursor): SentenceCursor {
    const entry = this.slots[this.sentenceSlot.get(id)]!;
    const index = id - entry.sentenceBase;
    const s = entry.record.sentences;
    const o = index * S_FIELDS;
    const p = o - S_FIELDS;
    cursor.docId = entry.record.id;
    cursor.index = index;
    cursor.furniture = (s[o + S_FLAGS] & SF_FURNITURE) !== 0;
    cursor.keys = entry.record.keys;
    cursor.termsFrom = index === 0 ? 0 : s[p + S_KEYS_END];
    cursor.termsTo = s[o + S_TERMS_END];
    cursor.dates = entry.record.dates;
    cursor.datesFrom = index === 0 ? 0 : s[p + S_DATES_END];
    cursor.datesTo = s[o + S_DATES_END];
    return cursor;
  }

  /** A sentence's index in its document (`SourceSentence.index`). */
  sentenceIndex(id: number): number {
    return id - this.slots[this.sentenceSlot.get(id)]!.sentenceBase;
  }

  /** The id of the document a sentence belongs to. */
  sentenceDocId(id: number): string {
    return this.slots[this.sentenceSlot.get(id)]!.record.id;
  }

  /** Sums `weights[key]` over the sentence's index keys (string numbers). */
  sumOfWeights(id: number, weights: Float64Array): number {
    const entry = this.slots[this.sentenceSlot.get(id)]!;
    const index = id - entry.sentenceBase;
    const s = entry.record.sentences;
    const keys = entry.record.keys;
    let total = 0;
    for (let k = index === 0 ? 0 : s[(index - 1) * S_FIELDS + S_KEYS_END], end = s[index * S_FIELDS + S_KEYS_END]; k < end; k++) total += weights[keys[k]];
    return total;
  }

  /** How informative a term is: rare terms weigh more. */
  idf(key: string): number {
    const df = this.df(key);
    return Math.log(1 + (this.sentenceTotal + 1) / (df + 0.5));
  }

  /** Share of sentences that contain the term. */
  spread(key: string): number {
    return this.sentenceTotal ? this.df(key) / this.sentenceTotal : 0;
  }

  knowsWord(norm: string): boolean {
    this.flush();
    const id = this.strings.lookup(norm);
    return id !== undefined && this.wordDocCount.get(id) > 0;
  }

  /** Is the word written in lower case in some source (a common noun or verb)? */
  seenLowercase(norm: string): boolean {
    this.flush();
    const id = this.strings.lookup(norm);
    return id !== undefined && this.lowercaseDocCount.get(id) > 0;
  }

  /** The long-form key an acronym stands for, if a source defines it. */
  expandAcronym(key: string): string | undefined {
    const defs = this.acronymDefs.get(key);
    if (!defs) return undefined;
    return [...defs.entries()].sort((a, b) => b[1].count - a[1].count)[0]?.[0];
  }

  /** The entity a name key refers to (through acronyms), or undefined. */
  entity(key: string): Entity | undefined {
    const { byKey } = this.entityIndex();
    return byKey.get(key) ?? byKey.get(this.expandAcronym(key) ?? "");
  }

  /** Every name worth offering: in completion, workspace symbols and misspelling checks. */
  entities(): readonly Entity[] {
    return this.entityIndex().list;
  }

  /** Every sentence that mentions an entity, by any of its names. */
  mentionsOf(entity: Entity): EntityMention[] {
    return entity.mentions;
  }

  // ---------------------------------------------------------------- entities

  /** @internal A name by its corpus-wide number, with its sentence. */
  mentionAt(id: number): EntityMention {
    const slot = this.nameSlot.get(id);
    const entry = this.slots[slot]!;
    const index = id - entry.nameBase;
    const n = entry.record.names;
    const sentenceIndex = n[index * N_FIELDS + N_SENTENCE];
    const sentence = this.view(slot).sentence(sentenceIndex);
    const first = sentenceIndex === 0 ? 0 : entry.record.sentences[(sentenceIndex - 1) * S_FIELDS + S_NAMES_END];
    return { sentence, mention: sentence.names[index - first] };
  }

  /** @internal The slot of a name's document, or -1 when it is gone. */
  nameDocSlot(id: number): number {
    if (id >= this.nextName) return -1;
    const slot = this.nameSlot.get(id);
    return this.slots[slot] ? slot : -1;
  }

  /** @internal */
  slotDocId(slot: number): string {
    return this.slots[slot]!.record.id;
  }

  /** @internal Is the sentence's document still in the corpus? */
  hasSentence(id: number): boolean {
    return id < this.nextSentence && this.slots[this.sentenceSlot.get(id)] !== undefined;
  }

  /** @internal The name numbers of a document's mentions, [start, end); undefined when it is not in the corpus. */
  nameRangeOf(docId: string): [number, number] | undefined {
    const slot = this.slotById.get(docId);
    if (slot === undefined) return undefined;
    const entry = this.slots[slot]!;
    return [entry.nameBase, entry.nameBase + entry.record.names.length / N_FIELDS];
  }

  /** @internal Is the name's document still in the corpus? */
  hasName(id: number): boolean {
    return id < this.nextName && this.slots[this.nameSlot.get(id)] !== undefined;
  }

  /** @internal The corpus-wide number of a name's sentence. */
  mentionSentence(id: number): number {
    const entry = this.slots[this.nameSlot.get(id)]!;
    return entry.sentenceBase + entry.record.names[(id - entry.nameBase) * N_FIELDS + N_SENTENCE];
  }

  private nameText(id: number): string {
    const entry = this.slots[this.nameSlot.get(id)]!;
    return this.strings.list[entry.record.names[(id - entry.nameBase) * N_FIELDS + N_TEXT]];
  }

  /** Every name of the corpus by its number, in flat arrays: what building the entities reads. */
  // What building the entities reads of each name, side by side (one cache line for
  // all three): an entity's mentions are spread over the whole corpus.
  private nameTable(): NameTable {
    const rows = new Int32Array(this.nextName * NT);
    const words = new Int32Array(this.nextName);
    for (const entry of this.slots) {
      if (!entry) continue;
      const n = entry.record.names;
      const extra = entry.record.extra;
      for (let i = 0, o = 0; o < n.length; i++, o += N_FIELDS) {
        const id = entry.nameBase + i;
        rows[id * NT + NT_PACKED] = n[o + N_PACKED];
        rows[id * NT + NT_SENTENCE] = entry.sentenceBase + n[o + N_SENTENCE];
        rows[id * NT + NT_TEXT] = n[o + N_TEXT];
        words[id] = n[o + N_WORDS] >= 0 ? extra[n[o + N_WORDS]] : -1;
      }
    }
    return { rows, words, texts: new Map() };
  }

  private textInfo(t: NameTable, textNumber: number): TextInfo {
    let info = t.texts.get(textNumber);
    if (!info) {
      const raw = this.strings.list[textNumber];
      const stripped = raw.replace(/[’']s$/, "");
      info = { raw, stripped, upper: stripped === stripped.toUpperCase(), hasLower: /\p{Ll}/u.test(raw) };
      t.texts.set(textNumber, info);
    }
    return info;
  }

  // One capitalised word may be any word at a sentence start ("Reaffirming") or a
  // common noun in a heading ("Technology"): a name is seen mid-sentence and never in
  // lower case, or has several words, or is an acronym.
  private isWorthAName(t: NameTable, key: string, mentions: Int32Array): boolean {
    if (key.length < 2 || MONTHS[key] !== undefined) return false;
    const first = mentions[0];
    const text = this.strings.list[t.rows[first * NT + NT_TEXT]];
    const wordCount = t.words[first] >= 0 ? t.words[first] : derivedNameWords(text).length;
    if (wordCount > 1) return true;
    if (isAcronymLike(text)) return true;
    if (key.length < 3 || this.seenLowercase(key)) return false;
    // Last, as it may walk every mention.
    for (let i = 0; i < mentions.length; i++) if ((t.rows[mentions[i] * NT + NT_PACKED] & NP_INITIAL) === 0) return true;
    return false;
  }

  private entityIndex(): { byKey: Map<string, Entity>; list: Entity[] } {
    if (this.entityCache?.version === this.version) return this.entityCache;
    this.flush();
    const strings = this.strings.list;
    const t = this.nameTable();
    const byKey = new Map<string, Entity>();
    const list: Entity[] = [];
    const canonical = (key: string) => (this.acronymDefs.has(key) ? (this.expandAcronym(key) ?? key) : key);
    const acronymsByLong = new Map<string, string[]>();
    for (const acr of this.acronymDefs.keys()) {
      const long = this.expandAcronym(acr);
      if (long) pushTo(acronymsByLong, long, acr);
    }
    const groups = new Map<string, { keys: number[]; parts: Int32Array[] }>();
    this.mentionsByKey.forEach((key, mentions) => {
      const c = canonical(strings[key]);
      let g = groups.get(c);
      if (!g) groups.set(c, (g = { keys: [], parts: [] }));
      g.keys.push(key);
      g.parts.push(mentions.view());
    });
    // Distinct sentences per entity: a sentence may name one thing twice ("CRI", its long form).
    const scratch = new MentionTally(this.nextSentence, this.strings.size, this.sentenceSlot.a, this.slots.length);
    for (const [key, { keys, parts }] of groups) {
      const mentions = parts.length === 1 ? parts[0] : concat(parts);
      if (!this.isWorthAName(t, key, mentions)) continue;
      const acronyms = acronymsByLong.get(key) ?? [];
      const aliases = acronyms.map((acr) => {
        const k = this.strings.lookup(acr);
        const first = k === undefined ? undefined : this.mentionsByKey.get(k);
        return first && first.n > 0 ? strings[t.rows[first.a[0] * NT + NT_TEXT]] : acr.toUpperCase();
      });
      const keyNumber = this.strings.lookup(key);
      // The mentions under the entity's own key (not an acronym's): where they sit among all of them.
      const ownIndex = keyNumber === undefined ? -1 : keys.indexOf(keyNumber);
      let ownFrom = 0;
      for (let p = 0; p < ownIndex; p++) ownFrom += parts[p].length;
      const ownTo = ownIndex < 0 ? 0 : ownFrom + parts[ownIndex].length;
      // An entity named mostly by its acronym is still shown by its long form, as a source defines it.
      const longForm = acronyms.map((acr) => this.acronymDefs.get(acr)?.get(key)?.display).find((d) => d !== undefined);
      // One pass over the mentions: distinct sentences, the kinds they suggest, how each name is written.
      const displayFrom = ownTo > ownFrom ? ownFrom : longForm === undefined ? 0 : -1;
      const displayTo = ownTo > ownFrom ? ownTo : longForm === undefined ? mentions.length : -1;
      const longKind = longForm ? kindFromWords(longForm.toLowerCase().split(/\s+/)) : undefined;
      const sentenceCount = scratch.tally(t, mentions, parts.length === 1, list.length, displayFrom, displayTo, longKind === undefined ? 0 : kindCode(longKind));
      const { written, ownKinds, contextKinds, sentenceIds, docs } = scratch;
      const name = displayTo >= 0 ? this.displayName(t, written) : longForm!;
      const entity = new CompactEntity(this, key, name, voteKind(ownKinds, contextKinds, mentions.length), aliases.filter((a) => a !== name), mentions, sentenceIds.slice(0, sentenceCount), keys.map((k) => strings[k]), docs, this.version);
      list.push(entity);
      byKey.set(key, entity);
      for (const acr of acronyms) byKey.set(acr, entity);
    }
    list.sort((a, b) => b.mentionCount - a.mentionCount || localeOrder(a.name, b.name));
    this.entityCache = { version: this.version, byKey, list };
    return this.entityCache;
  }

  /** The way of writing a name that most mentions use (`written`: text number → mentions, in the order first seen). */
  private displayName(t: NameTable, written: Tally): string {
    // Prefer "Brisvale" to "BRISVALE" when both are written.
    let anyLower = false;
    for (let i = 0; i < written.size; i++) if (this.textInfo(t, written.keyAt(i)).hasLower) anyLower = true;
    const counts = new Map<string, number>();
    for (let i = 0; i < written.size; i++) {
      const text = written.keyAt(i);
      const n = written.count(text);
      const info = this.textInfo(t, text);
      const weight = info.upper && anyLower ? 0.5 : 1;
      counts.set(info.stripped, (counts.get(info.stripped) ?? 0) + n * weight);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0][0];
  }
}

interface TextInfo {
  raw: string;
  /** Without a possessive "'s". */
  stripped: string;
  upper: boolean;
  hasLower: boolean;
}

// Per name number: packed kinds and flags, corpus sentence number, text number.
const NT = 3;
const NT_PACKED = 0, NT_SENTENCE = 1, NT_TEXT = 2;

interface NameTable {
  rows: Int32Array;
  /** Word count when stored, -1 when it is that of the text. */
  words: Int32Array;
  texts: Map<number, TextInfo>;
}

/**
 * One pass over an entity's mentions: its distinct sentences, the kinds they suggest
 * and how it is written, counted in arrays reused from one entity to the next. A small
 * method called once per entity: optimised at once, where a loop inside one long
 * function ran deoptimised for much of the corpus.
 */
class MentionTally {
  /** Per sentence, the last entity (by number) that counted it: a sentence may name one thing twice ("CRI", its long form). */
  private readonly lastEntityOfSentence: Int32Array;
  /** Per document slot, likewise: the entity's sources are counted in the same pass. */
  private readonly lastEntityOfSlot: Int32Array;
  /** How many distinct documents the last tally's mentions are in. */
  docs = 0;
  readonly written: Tally; // text number → mentions
  readonly ownKinds = new Tally(KINDS.length);
  readonly contextKinds = new Tally(KINDS.length);
  /** The distinct sentences, in `sentenceIds[0 … count)`. */
  sentenceIds = new Int32Array(64);

  constructor(
    sentences: number,
    strings: number,
    /** Sentence number → document slot. */
    private readonly slotOfSentence: Int32Array,
    slots: number,
  ) {
    this.lastEntityOfSentence = new Int32Array(sentences).fill(-1);
    this.lastEntityOfSlot = new Int32Array(slots).fill(-1);
    this.written = new Tally(strings);
  }

  /** Counts entity number `entity`'s mentions (the names written in [displayFrom, displayTo) only); returns how many distinct sentences. */
  tally(t: NameTable, mentions: Int32Array, single: boolean, entity: number, displayFrom: number, displayTo: number, longKind: number): number {
    const { written, ownKinds, contextKinds, lastEntityOfSentence } = this;
    written.clear();
    ownKinds.clear();
    contextKinds.clear();
    // The long form's kind counts once, first.
    if (longKind) ownKinds.add(longKind);
    if (this.sentenceIds.length < mentions.length) this.sentenceIds = new Int32Array(mentions.length);
    const sentenceIds = this.sentenceIds;
    const rows = t.rows;
    let count = 0;
    let docs = 0;
    let previous = -1;
    for (let i = 0; i < mentions.length; i++) {
      const row = mentions[i] * NT;
      const s = rows[row + NT_SENTENCE];
      // One key's mentions come in corpus order, so a repeated sentence is the one just before.
      if (single ? s !== previous : lastEntityOfSentence[s] !== entity) {
        lastEntityOfSentence[s] = entity;
        sentenceIds[count++] = s;
        const slot = this.slotOfSentence[s];
        if (this.lastEntityOfSlot[slot] !== entity) {
          this.lastEntityOfSlot[slot] = entity;
          docs++;
        }
      }
      previous = s;
      const packed = rows[row + NT_PACKED];
      // Kind code 0 is none.
      if (packed & 15) ownKinds.add(packed & 15);
      else if (packed & NP_HAS_CONTEXT && (packed >> 4) & 15) contextKinds.add((packed >> 4) & 15);
      if (i >= displayFrom && i < displayTo) written.add(rows[row + NT_TEXT]);
    }
    this.docs = docs;
    return count;
  }
}

// What a name's own words say ("… Agreement", a title) decides; a guess from the
// words around it needs a good share of the mentions behind it. (The votes are
// counted in the same pass as the rest; the long form's kind counts once.)
function voteKind(own: Tally, context: Tally, mentions: number): EntityKind {
  if (own.size > 0) return KINDS[own.top()]!;
  if (context.size === 0) return "name";
  const byContext = context.top();
  return context.count(byContext) >= Math.max(1, mentions * 0.3) ? KINDS[byContext]! : "name";
}

const EMPTY = new Int32Array(0);
// A date row: year, month and day (0: none), role (an index of ROLES), key of the name it is the edition of (-1 none, MANY).
const DR = 5;
const DR_YEAR = 0, DR_MONTH = 1, DR_DAY = 2, DR_ROLE = 3, DR_EDITION = 4;
const MANY = -2;
/** How many of the document views made last are kept from the collector (a few MB). */
const RECENT_VIEWS = 256;
/** How many sentences the recent compact lists may hold together (a few MB). */
const RECENT_SENTENCES = 150_000;

/** An entity whose mentions are made into objects only when asked for. */
class CompactEntity implements Entity {
  private mentionsRef?: WeakRef<EntityMention[]>;
  private datedIds?: SentenceIds;
  private docIdsCache?: string[];

  constructor(
    private readonly corpus: Corpus,
    readonly key: string,
    readonly name: string,
    readonly kind: EntityKind,
    readonly aliases: string[],
    private readonly ids: Int32Array,
    /** Its mentions' distinct sentences, in order. */
    private readonly sentences: Int32Array,
    private readonly keys: string[],
    private readonly docs: number,
    /** The corpus version it was built for. */
    private readonly version: number,
  ) {}

  get sentenceCount(): number {
    return this.sentences.length;
  }

  get docCount(): number {
    // An entity kept from an older version of the corpus skips the documents removed since.
    return this.corpus.version === this.version ? this.docs : this.docIds.length;
  }

  get mentionCount(): number {
    return this.ids.length;
  }

  get mentions(): EntityMention[] {
    let list = this.mentionsRef?.deref();
    if (!list) {
      list = [];
      // An entity of an older version of the corpus skips the documents removed since.
      for (const id of this.ids) if (this.corpus.hasName(id)) list.push(this.corpus.mentionAt(id));
      this.mentionsRef = new WeakRef(list);
    }
    return list;
  }

  mentionKeys(): string[] {
    return this.keys;
  }

  /** @internal Its mentions by name number (for storing the index). */
  mentionIds(): Int32Array {
    return this.ids;
  }

  mentionSentenceIds(): Int32Array {
    // An entity kept from an older version of the corpus skips the documents removed since.
    return this.corpus.version === this.version ? this.sentences : this.sentences.filter((s) => this.corpus.hasSentence(s));
  }

  datedSentenceIds(): SentenceIds {
    if (!this.datedIds) {
      const ids: number[] = [];
      for (const s of this.mentionSentenceIds()) if (this.corpus.endDateRowOf(s) > this.corpus.firstDateRowOf(s)) ids.push(s);
      this.datedIds = this.corpus.sentenceIdList(ids);
    }
    return this.datedIds;
  }

  *eachMention(): IterableIterator<EntityMention> {
    const list = this.mentionsRef?.deref();
    if (list) {
      yield* list;
      return;
    }
    for (const id of this.ids) if (this.corpus.hasName(id)) yield this.corpus.mentionAt(id);
  }

  firstMention(): EntityMention | undefined {
    const list = this.mentionsRef?.deref();
    if (list) return list[0];
    for (const id of this.ids) if (this.corpus.hasName(id)) return this.corpus.mentionAt(id);
    return undefined;
  }

  mentionedIn(docId: string): boolean {
    // A document's mentions have the numbers of one range: no list of thousands of
    // document keys to make (and keep) for one question.
    const range = this.corpus.nameRangeOf(docId);
    if (!range) return false;
    const [start, end] = range;
    for (const id of this.ids) if (id >= start && id < end) return true;
    return false;
  }

  get docIds(): string[] {
    if (!this.docIdsCache) {
      // By document slot: a document's mentions of one key come together, so most repeats are the one just before.
      const seen = new Set<number>();
      let previous = -1;
      for (const id of this.ids) {
        const slot = this.corpus.nameDocSlot(id);
        if (slot === previous || slot < 0) continue;
        previous = slot;
        seen.add(slot);
      }
      this.docIdsCache = Array.from(seen, (slot) => this.corpus.slotDocId(slot));
    }
    return this.docIdsCache;
  }
}

/**
 * One sentence read on the compact index, without making it: `Corpus.read` points a
 * cursor at a sentence, and the cursor is reused for the next one.
 */
export class SentenceCursor {
  docId = "";
  index = 0;
  furniture = false;
  keys: Int32Array = EMPTY;
  termsFrom = 0;
  termsTo = 0;
  dates: Int32Array = EMPTY;
  datesFrom = 0;
  datesTo = 0;
  hasTerm(term: number): boolean {
    for (let k = this.termsFrom; k < this.termsTo; k++) if (this.keys[k] === term) return true;
    return false;
  }
  /** The k-th date (from `datesFrom`) as year, month and day (0: none) and role (an index of ROLES). */
  year(k: number): number {
    return this.dates[k * D_FIELDS + D_YEAR];
  }
  month(k: number): number {
    return this.dates[k * D_FIELDS + D_MONTH];
  }
  day(k: number): number {
    return this.dates[k * D_FIELDS + D_DAY];
  }
}

/** `corpus.docs`: the documents by id, as views. */
class DocMap implements ReadonlyMap<string, SourceDocument> {
  constructor(private readonly corpus: Corpus) {}
  get size(): number {
    return this.corpus.size;
  }
  get(id: string): SourceDocument | undefined {
    return this.corpus.docAt(id);
  }
  has(id: string): boolean {
    return this.corpus.docAt(id) !== undefined;
  }
  keys(): IterableIterator<string> {
    return this.corpus.docIds();
  }
  *values(): IterableIterator<SourceDocument> {
    for (const id of this.corpus.docIds()) yield this.corpus.docAt(id)!;
  }
  *entries(): IterableIterator<[string, SourceDocument]> {
    for (const id of this.corpus.docIds()) yield [id, this.corpus.docAt(id)!];
  }
  [Symbol.iterator](): IterableIterator<[string, SourceDocument]> {
    return this.entries();
  }
  forEach(fn: (value: SourceDocument, key: string, map: ReadonlyMap<string, SourceDocument>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---------------------------------------------------------------- flush, per record

function countKeys(keys: Int32Array, counts: Int32Array): void {
  for (let i = 0; i < keys.length; i++) counts[keys[i]]++;
}

// How many numbers the keys that have no list yet will get; each key's count is
// negated once seen, so a key is counted once however many records hold it.
function sizeNewLists(keys: Int32Array, counts: Int32Array, lists: PostingLists): number {
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const c = counts[key];
    if (c <= 0) continue; // seen already
    if (!lists.has(key)) total += c;
    counts[key] = -c;
  }
  return total;
}

/** New lists over one block: `next[key]` is where key's next number goes in it (-1: the key's list is an old one). */
interface SharedLists {
  block: number;
  buffer: Int32Array;
  at: number;
  next: Int32Array;
}

// Room for each key's new numbers: a new list over the shared buffer, already as long
// as it will be (filled through `next`), or an old list grown. Clears the counts.
function reserveLists(keys: Int32Array, counts: Int32Array, lists: PostingLists, shared: SharedLists): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const c = -counts[key];
    if (c <= 0) continue;
    if (lists.has(key)) lists.reserveOwn(key, lists.n(key) + c);
    else {
      lists.place(key, shared.block, shared.at, c);
      shared.next[key] = shared.at;
      shared.at += c;
    }
    counts[key] = 0;
  }
}

// Mentions in headings and furniture are not indexed.
function countMentions(record: DocRecord, counts: Int32Array, mentions: KeyedLists): void {
  const s = record.sentences;
  const n = record.names;
  let name = 0;
  for (let o = 0; o < s.length; o += S_FIELDS) {
    const end = s[o + S_NAMES_END];
    if ((s[o + S_FLAGS] & SF_FURNITURE) !== 0) {
      name = end;
      continue;
    }
    for (; name < end; name++) {
      const key = n[name * N_FIELDS + N_KEY];
      if (counts[key]++ === 0) mentions.getOrMake(key);
    }
  }
}

function reserveMentions(names: Int32Array, counts: Int32Array, mentions: KeyedLists): void {
  for (let o = N_KEY; o < names.length; o += N_FIELDS) {
    const key = names[o];
    const c = counts[key];
    if (c === 0) continue; // furniture only, or room made already
    const list = mentions.get(key)!;
    list.reserve(list.n + c);
    counts[key] = 0;
  }
}

// A new list is filled straight into the shared buffer: a number per key occurrence, 3 million for 10 000 documents.
function fillLists({ record, sentenceBase, nameBase }: Slot, postings: PostingLists, { buffer, next }: SharedLists, mentions: KeyedLists): void {
  const s = record.sentences;
  const keys = record.keys;
  const n = record.names;
  let k = 0;
  let name = 0;
  for (let i = 0, o = 0; o < s.length; i++, o += S_FIELDS) {
    const id = sentenceBase + i;
    for (const end = s[o + S_KEYS_END]; k < end; k++) {
      const key = keys[k];
      const at = next[key];
      if (at >= 0) {
        buffer[at] = id;
        next[key] = at + 1;
      } else postings.ownList(key).pushUnchecked(id);
    }
    const end = s[o + S_NAMES_END];
    if ((s[o + S_FLAGS] & SF_FURNITURE) !== 0) name = end;
    else for (; name < end; name++) mentions.get(n[name * N_FIELDS + N_KEY])!.pushUnchecked(nameBase + name);
  }
}

function concat(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
