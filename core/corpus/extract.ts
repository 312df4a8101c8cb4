import { findDates, type DateMention } from "../text/dates.js";
import { findAcronymDefinitions, findNames, kindFromContext, type NameMention } from "../text/names.js";
import { searchForm } from "../text/search.js";
import { splitSentences } from "../text/sentences.js";
import { contentTerm, isYearToken, tokenize, type Token } from "../text/tokens.js";
import { proseOfMarkdown } from "./markdownProse.js";
import type { SourceText } from "./document.js";

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

export function extractDocument(source: SourceText): SourceDocument {
  const body = source.text.slice(source.bodyStart);
  const isPlain = /\.(txt|text)$/i.test(source.path);
  const prose = isPlain ? { text: body, headingLines: [] } : proseOfMarkdown(body);
  let searchText: string | undefined;
  const doc: SourceDocument = {
    ...source,
    sentences: [],
    acronyms: [],
    // Only the documents a note cites are searched by phrase: build the form lazily.
    get searchText() {
      return (searchText ??= searchForm(prose.text));
    },
    words: new Set(),
    lowercaseWords: new Set(),
  };
  const base = source.bodyStart;
  const spans = splitSentences(prose.text, { lineBreaks: true });
  for (const span of spans) {
    const text = prose.text.slice(span.start, span.end);
    const start = base + span.start;
    const furniture =
      prose.headingLines.some((h) => span.start >= h.start && span.end <= h.end) ||
      (!/[.!]["”’)]?$/.test(text.trim()) && isFurnitureLine(text));
    const tokens = tokenize(text, start);
    for (const t of tokens) {
      doc.words.add(t.norm);
      if (t.text === t.norm) doc.lowercaseWords.add(t.norm);
    }
    const dates = findDates(text, start, source.published?.year);
    const names = furniture ? [] : findNames(text, tokens, start, dates);
    for (const n of names) if (!n.kind) n.contextKind = kindFromContext(tokens, n);
    const terms = termsOf(tokens);
    const sentence: SourceSentence = { doc, index: doc.sentences.length, start, end: base + span.end, text, furniture, terms, names, dates, keys: indexKeys(terms, names, dates) };
    doc.sentences.push(sentence);
    if (!furniture) for (const a of findAcronymDefinitions(text, start)) doc.acronyms.push({ acronym: a.acronym, long: a.long, sentence });
  }
  return doc;
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
