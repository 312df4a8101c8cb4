// SourceDocument and SourceSentence objects made from a compact record when a check,
// hover or completion asks for them. A view reads what it is asked for and keeps it;
// nothing is decoded for the sentences no one looks at. The corpus hands out one view
// per document at a time (it holds them weakly), so `===` and sets of sentences work
// as they would on plain objects.

import type { DateMention } from "../text/dates.js";
import { LineIndex } from "../text/lineIndex.js";
import type { NameMention } from "../text/names.js";
import { searchForm } from "../text/search.js";
import type { EntityKind } from "../text/words.js";
import type { DocMeta, PublicationDate } from "./document.js";
import type { AcronymDefinition, SourceDocument, SourceSentence } from "./extract.js";
import { proseOfMarkdown } from "./markdownProse.js";
import {
  A_FIELDS,
  D_DAY, D_END, D_FIELDS, D_MONTH, D_PACKED, D_START, D_TEXT, D_YEAR, DP_HAS_INFERRED, DP_INFERRED,
  derivedNameWords,
  KINDS,
  N_EDITION, N_END, N_FIELDS, N_KEY, N_PACKED, N_START, N_TEXT, N_WORDS, NP_HAS_CONTEXT, NP_INITIAL,
  ROLES,
  S_DATES_END, S_END, S_FIELDS, S_FLAGS, S_KEYS_END, S_NAMES_END, S_START, S_TERMS_END, S_TEXT, SF_FURNITURE,
  type DocRecord,
} from "./record.js";

export class DocView implements SourceDocument {
  readonly id: string;
  readonly path: string;
  readonly bodyStart: number;
  readonly meta: DocMeta;
  readonly published?: PublicationDate;
  private textCache?: string;
  private linesCache?: LineIndex;
  // Sparse until `sentences` is read: a check usually wants one sentence of a document.
  private readonly sentencesCache: SentenceView[] = [];
  private allSentences = false;
  private acronymsCache?: AcronymDefinition[];
  private searchCache?: string;
  private wordsCache?: Set<string>;
  private lowercaseCache?: Set<string>;
  private datesCache?: DateMention[];

  constructor(
    readonly record: DocRecord,
    readonly strings: readonly string[],
  ) {
    this.id = record.id;
    this.path = record.path;
    this.bodyStart = record.bodyStart;
    this.meta = record.meta;
    if (record.published) this.published = record.published;
  }

  // A record read from the cache decodes its text on each read: the view keeps it while it lives.
  get text(): string {
    return (this.textCache ??= this.record.text);
  }

  get lines(): LineIndex {
    return (this.linesCache ??= new LineIndex(this.text));
  }

  get sentenceCount(): number {
    return this.record.sentences.length / S_FIELDS;
  }

  get sentences(): SentenceView[] {
    if (!this.allSentences) {
      const n = this.sentenceCount;
      for (let i = 0; i < n; i++) this.sentence(i);
      this.allSentences = true;
    }
    return this.sentencesCache;
  }

  /** One sentence: made on first use, the others not. */
  sentence(i: number): SentenceView {
    let view = this.sentencesCache[i];
    if (!view) {
      const s = this.record.sentences;
      const o = i * S_FIELDS;
      this.sentencesCache[i] = view = new SentenceView(this, i, s[o + S_START], s[o + S_END], (s[o + S_FLAGS] & SF_FURNITURE) !== 0);
    }
    return view;
  }

  get acronyms(): AcronymDefinition[] {
    if (!this.acronymsCache) {
      const a = this.record.acronyms;
      const out: AcronymDefinition[] = [];
      for (let o = 0; o < a.length; o += A_FIELDS) out.push({ acronym: this.strings[a[o]], long: this.strings[a[o + 1]], sentence: this.sentence(a[o + 2]) });
      this.acronymsCache = out;
    }
    return this.acronymsCache;
  }

  get searchText(): string {
    if (this.searchCache === undefined) {
      const body = this.text.slice(this.record.bodyStart);
      this.searchCache = searchForm(/\.(txt|text)$/i.test(this.record.path) ? body : proseOfMarkdown(body).text);
    }
    return this.searchCache;
  }

  get words(): Set<string> {
    return (this.wordsCache ??= new Set(Array.from(this.record.words, (i) => this.strings[i])));
  }

  get lowercaseWords(): Set<string> {
    return (this.lowercaseCache ??= new Set(Array.from(this.record.lowercase, (i) => this.strings[i])));
  }

  /** Every date of the document, in order: a name's edition points into this list. */
  allDates(): DateMention[] {
    if (!this.datesCache) {
      const d = this.record.dates;
      const out: DateMention[] = [];
      for (let o = 0; o < d.length; o += D_FIELDS) {
        const packed = d[o + D_PACKED];
        const month = d[o + D_MONTH];
        const day = d[o + D_DAY];
        const date: DateMention = { start: d[o + D_START], end: d[o + D_END], text: this.strings[d[o + D_TEXT]], year: d[o + D_YEAR], month: month === 0 ? undefined : month, day: day === 0 ? undefined : day, role: ROLES[packed & 3] };
        if (packed & DP_HAS_INFERRED) date.inferredYear = (packed & DP_INFERRED) !== 0;
        out.push(date);
      }
      this.datesCache = out;
    }
    return this.datesCache;
  }
}

export class SentenceView implements SourceSentence {
  private textCache?: string;
  private keysCache?: string[];
  private termsCache?: string[];
  private namesCache?: NameMention[];
  private datesCache?: DateMention[];

  constructor(
    readonly doc: DocView,
    readonly index: number,
    readonly start: number,
    readonly end: number,
    readonly furniture: boolean,
  ) {}

  private field(f: number): number {
    return this.doc.record.sentences[this.index * S_FIELDS + f];
  }

  private previous(f: number): number {
    return this.index === 0 ? 0 : this.doc.record.sentences[(this.index - 1) * S_FIELDS + f];
  }

  get text(): string {
    if (this.textCache === undefined) {
      const own = this.field(S_TEXT);
      this.textCache = own >= 0 ? this.doc.strings[own] : this.doc.text.slice(this.start, this.end);
    }
    return this.textCache;
  }

  get keys(): string[] {
    if (!this.keysCache) {
      const keys = this.doc.record.keys;
      const out: string[] = [];
      for (let i = this.previous(S_KEYS_END), end = this.field(S_KEYS_END); i < end; i++) out.push(this.doc.strings[keys[i]]);
      this.keysCache = out;
    }
    return this.keysCache;
  }

  get terms(): string[] {
    if (!this.termsCache) this.termsCache = this.keys.slice(0, this.field(S_TERMS_END) - this.previous(S_KEYS_END));
    return this.termsCache;
  }

  get dates(): DateMention[] {
    if (!this.datesCache) this.datesCache = this.doc.allDates().slice(this.previous(S_DATES_END), this.field(S_DATES_END));
    return this.datesCache;
  }

  get names(): NameMention[] {
    if (!this.namesCache) {
      const n = this.doc.record.names;
      const strings = this.doc.strings;
      const extra = this.doc.record.extra;
      const allDates = this.doc.allDates();
      const out: NameMention[] = [];
      for (let o = this.previous(S_NAMES_END) * N_FIELDS, end = this.field(S_NAMES_END) * N_FIELDS; o < end; o += N_FIELDS) {
        const text = strings[n[o + N_TEXT]];
        const packed = n[o + N_PACKED];
        const w = n[o + N_WORDS];
        let words: string[];
        if (w < 0) words = derivedNameWords(text);
        else {
          words = [];
          for (let k = 1; k <= extra[w]; k++) words.push(strings[extra[w + k]]);
        }
        const edition = n[o + N_EDITION];
        const mention: NameMention = {
          start: n[o + N_START],
          end: n[o + N_END],
          text,
          key: strings[n[o + N_KEY]],
          words,
          kind: KINDS[packed & 15],
          sentenceInitial: (packed & NP_INITIAL) !== 0,
          edition: edition >= 0 ? allDates[edition] : undefined,
        };
        if (packed & NP_HAS_CONTEXT) mention.contextKind = KINDS[(packed >> 4) & 15] as EntityKind | undefined;
        out.push(mention);
      }
      this.namesCache = out;
    }
    return this.namesCache;
  }
}
