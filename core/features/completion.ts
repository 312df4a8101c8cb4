// Completion: source keys after "[@", corpus names while typing a capitalised
// word, and the years the sources give an event typed just before the cursor.

import { readClaim } from "../checks/claim.js";
import { rankSentences } from "../checks/support.js";
import type { Corpus, Entity } from "../corpus/corpus.js";
import type { SourceDocument, SourceSentence } from "../corpus/extract.js";
import type { ParsedNote } from "../note/parseNote.js";
import { findNames } from "../text/names.js";
import { tokenize } from "../text/tokens.js";
import type { EntityKind } from "../text/words.js";
import type { Position, Range } from "../types.js";
import { yearsOf } from "./evidence.js";
import { entityAt, offsetAt, passageAt, sentenceAt } from "./locate.js";
import { blockQuote, escapeMarkdown, listSome, plural, sourceCard, sourceTitle } from "./markdown.js";
import { localeOrder, topK } from "../text/order.js";

export type CompletionKind = "source" | "name" | "year";

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** For names: what the corpus says the name is. */
  entityKind?: EntityKind;
  detail: string;
  /** Markdown; absent when it was left for `completionDocumentation` (see `CompletionOptions.lazyDocumentation`). */
  documentation?: string;
  /** What `completionDocumentation` needs to write the documentation later. */
  resolve?: CompletionResolveData;
  /** The text that replaces `range`. */
  insertText: string;
  range: Range;
  /** Order among the entries; editors sort by it. */
  sortText: string;
  /** The text the editor filters on as the user keeps typing. */
  filterText: string;
  preselect?: boolean;
}

export interface CompletionResult {
  entries: CompletionEntry[];
  /** More entries exist than were sent: ask again as the prefix grows. */
  isIncomplete: boolean;
}

const EMPTY: CompletionResult = { entries: [], isIncomplete: false };
const MAX_NAMES = 60;
// Kinds an analyst is most likely reaching for come first in the list.
const EVENT_KINDS = new Set<EntityKind>(["agreement", "exercise", "dialogue", "partnership", "initiative", "programme", "platform"]);

// After "[@", "[see @", "[@a; @", "[-@": a citation key being typed, up to the cursor.
const KEY_PREFIX = /(?:^|[\s;[])-?@\{?([\p{L}\p{N}_:.#$%&\-+?<>~/]*)$/u;
const YEAR_PREFIX = /(?:^|[\s(])(\d{0,4})$/;

export interface CompletionOptions {
  /** The user asked for completion (Ctrl+Space) rather than typing a trigger character. */
  invoked?: boolean;
  /**
   * Leave the documentation of sources and names out, with what is needed to write
   * it later: an editor that resolves items asks for the one the user selects, and a
   * list of a hundred sources no longer carries a hundred source cards.
   */
  lazyDocumentation?: boolean;
}

/** Plain data (an editor hands it back): which source or name an entry was, and for a source the passage shown. */
export type CompletionResolveData =
  | { kind: "source"; docId: string; passage?: { docId: string; sentence: number } }
  | { kind: "name"; key: string };

export function completionsAt(note: ParsedNote, position: Position, corpus: Corpus, options: CompletionOptions = {}): CompletionResult {
  const offset = offsetAt(note, position);
  if (offset === null) return EMPTY;
  const lineStart = offset - position.character;
  const before = note.text.slice(lineStart, offset);
  const key = citationKeyContext(before);
  if (key !== null) return sourceCompletions(note, offset, key, corpus, !!options.lazyDocumentation);
  const year = YEAR_PREFIX.exec(before);
  if (year && (year[1].length > 0 || options.invoked)) {
    const years = yearCompletions(note, offset, year[1], corpus);
    if (years.entries.length) return years;
  }
  return nameCompletions(note, offset, before, corpus, !!options.lazyDocumentation);
}

/** The documentation of an entry returned without it; undefined when its source or name has left the corpus. */
export function completionDocumentation(data: CompletionResolveData, corpus: Corpus): string | undefined {
  if (data.kind === "source") {
    const doc = corpus.docs.get(data.docId);
    if (!doc) return undefined;
    const passage = data.passage && corpus.docs.get(data.passage.docId)?.sentences[data.passage.sentence];
    return sourceDocumentation(doc, passage);
  }
  const entity = corpus.entity(data.key);
  return entity && nameDocumentation(entity);
}

function sourceDocumentation(doc: SourceDocument, support: SourceSentence | undefined): string {
  const documentation = [sourceCard(doc)];
  if (support) documentation.push("", "Closest passage to this sentence:", "", blockQuote(support.text));
  return documentation.join("\n");
}

function nameDocumentation(entity: Entity): string {
  const first = entity.firstMention()?.sentence;
  return first ? `${blockQuote(first.text)}\n>\n> — \`${first.doc.id}\`` : escapeMarkdown(entity.name);
}

/**
 * Builds the sorted lists completion looks names and keys up in, which otherwise the
 * first completion after each corpus change would build (about 40 ms at 10 000 sources).
 */
export function prepareCompletion(corpus: Corpus): void {
  nameIndex(corpus);
  sortedKeys(corpus);
}

/** The key typed so far inside an open citation bracket, or null outside one. */
function citationKeyContext(before: string): string | null {
  const open = before.lastIndexOf("[");
  if (open < 0 || before.indexOf("]", open) >= 0) return null;
  // Keys are short: looking at most a few hundred characters back keeps this linear on any line.
  const m = KEY_PREFIX.exec(before.slice(Math.max(open, before.length - 300)));
  return m ? m[1] : null;
}

// A corpus of thousands of sources offers the best of them for what has been typed;
// the editor asks again as the key grows (the list is marked incomplete).
const MAX_SOURCES = 100;

function sourceCompletions(note: ParsedNote, offset: number, prefix: string, corpus: Corpus, lazy: boolean): CompletionResult {
  const range = note.lines.range(offset - prefix.length, offset);
  const ranking = supportRanking(note, offset, corpus);
  const rank = (id: string) => ranking.get(id)?.rank ?? Infinity;
  const byRank = (a: string, b: string) => rank(a) - rank(b) || localeOrder(a, b);
  let ids: string[];
  let isIncomplete = false;
  if (corpus.size > MAX_SOURCES) {
    // The keys the editor would keep for this prefix (its letters in order), best
    // first: the supported ones by rank, then the others in key order, up to the limit.
    const typed = prefix.toLowerCase();
    const matches = (id: string) => hasInOrder(id.toLowerCase(), typed);
    const ranked = [...ranking.keys()].sort(byRank);
    ids = [...ranked];
    for (const id of sortedKeys(corpus)) {
      if (ranking.has(id) || !matches(id)) continue;
      if (ids.length === MAX_SOURCES) {
        isIncomplete = true;
        break;
      }
      ids.push(id);
    }
  } else ids = [...corpus.docs.keys()].sort(byRank);
  const docs = ids.map((id) => corpus.docs.get(id)!);
  const entries = docs.map((doc, i): CompletionEntry => {
    const support = ranking.get(doc.id)?.sentence;
    const documentation: Pick<CompletionEntry, "documentation" | "resolve"> = lazy
      ? { resolve: { kind: "source", docId: doc.id, ...(support ? { passage: { docId: support.doc.id, sentence: support.index } } : {}) } }
      : { documentation: sourceDocumentation(doc, support) };
    return {
      label: doc.id,
      kind: "source",
      detail: [sourceTitle(doc), doc.meta.publisher, doc.meta.date].filter(Boolean).join(" — "),
      ...documentation,
      insertText: doc.id,
      range,
      sortText: String(i).padStart(5, "0"),
      filterText: doc.id,
      preselect: i === 0 && !!support,
    };
  });
  return { entries, isIncomplete };
}

const sortedKeyLists = new WeakMap<Corpus, { version: number; ids: string[] }>();

/** The corpus's source keys in key order, sorted once per corpus version. */
function sortedKeys(corpus: Corpus): string[] {
  const cached = sortedKeyLists.get(corpus);
  if (cached?.version === corpus.version) return cached.ids;
  const ids = [...corpus.docs.keys()].sort(localeOrder);
  sortedKeyLists.set(corpus, { version: corpus.version, ids });
  return ids;
}

/** Does `text` hold the characters of `typed` in order? */
function hasInOrder(text: string, typed: string): boolean {
  let at = 0;
  for (const ch of typed) {
    at = text.indexOf(ch, at);
    if (at < 0) return false;
    at += ch.length;
  }
  return true;
}

// Sources ranked by how well their best passage matches the sentence being written,
// so the likely citation is at the top of the list.
function supportRanking(note: ParsedNote, offset: number, corpus: Corpus): Map<string, { rank: number; sentence: SourceSentence }> {
  const out = new Map<string, { rank: number; sentence: SourceSentence }>();
  const sentence = sentenceAt(note, offset);
  if (!sentence) return out;
  const claim = readClaim(note, sentence, corpus);
  for (const { sentence: s, score } of rankSentences(corpus, claim, undefined, 40)) {
    if (score < 0.2 || out.has(s.doc.id)) continue;
    out.set(s.doc.id, { rank: out.size, sentence: s });
  }
  return out;
}

function yearCompletions(note: ParsedNote, offset: number, digits: string, corpus: Corpus): CompletionResult {
  const passage = passageAt(note, offset);
  const headEnd = offset - digits.length;
  // The name must sit just before the cursor; a bounded window keeps the regular expressions linear.
  const headStart = Math.max(passage.base, headEnd - 200);
  const head = passage.text.slice(headStart - passage.base, Math.max(0, headEnd - passage.base));
  const entity = eventBefore(head, headStart, corpus);
  if (!entity) return EMPTY;
  const range = note.lines.range(headEnd, offset);
  const entries = yearsOf(entity, corpus)
    .filter(({ year }) => String(year).startsWith(digits))
    .map(({ year, docIds, sentences }, i): CompletionEntry => ({
      label: String(year),
      kind: "year",
      detail: `${entity.name} — ${listSome(docIds, 4)}`,
      documentation: sentences.slice(0, 3).map((s) => `${blockQuote(s.text)}\n>\n> — \`${s.doc.id}\``).join("\n\n"),
      insertText: String(year),
      range,
      sortText: String(i).padStart(5, "0"),
      filterText: String(year),
      preselect: i === 0,
    }));
  return { entries, isIncomplete: false };
}

// The known event named just before the cursor: "Coral Sentinel 20|", "the CSTP in 2|".
function eventBefore(head: string, base: number, corpus: Corpus): Entity | undefined {
  const tokens = tokenize(head, base);
  // Linking words between the name and the year say nothing about which event it is.
  let last = tokens.length;
  while (last > 0 && LINKING_WORDS.has(tokens[last - 1].norm)) last--;
  const kept = tokens.slice(0, last);
  const trimmed = last > 0 ? head.slice(0, tokens[last - 1].end - base) : "";
  const names = findNames(trimmed, kept, base);
  for (let i = names.length - 1; i >= 0; i--) {
    const mention = names[i];
    // Only a name a few words before the cursor: "the CSTP dates from 20", not one at the start of a long sentence.
    if (kept.filter((t) => t.start >= mention.end).length > 3) break;
    const hit = entityAt(corpus, { kind: "name", mention, tokens: kept, passage: { text: trimmed, base }, start: mention.start, end: mention.end }, mention.end);
    if (hit) return hit.entity;
  }
  return undefined;
}

const LINKING_WORDS = new Set(
  "in of since from during until till by the on at was were is held signed began launched announced started established".split(" "),
);

function nameCompletions(note: ParsedNote, offset: number, before: string, corpus: Corpus, lazy: boolean): CompletionResult {
  if (!sentenceAt(note, offset) && !/^\s{0,3}#{1,6}\s/.test(before)) return EMPTY;
  const prefix = namePrefix(before, corpus);
  if (!prefix) return EMPTY;
  const lower = prefix.toLowerCase();
  const index = nameIndex(corpus);
  // Only the entities with a name that starts so, found in the sorted names; taken in
  // the corpus's entity order, as a scan of every entity would find them.
  const found = new Set<Entity>();
  for (let i = firstWithPrefix(index, lower); i < index.lower.length && index.lower[i].startsWith(lower); i++) found.add(index.entity[i]);
  const matches: { entity: Entity; label: string; order: number }[] = [];
  for (const entity of [...found].sort((a, b) => index.order.get(a)! - index.order.get(b)!)) {
    const label = [entity.name, ...entity.aliases].find((n) => n.toLowerCase().startsWith(lower) && n !== prefix);
    if (label) matches.push({ entity, label, order: index.order.get(entity)! });
  }
  const best = topK(matches, MAX_NAMES, (a, b) => rankKind(a.entity) - rankKind(b.entity) || b.entity.mentionCount - a.entity.mentionCount || localeOrder(a.label, b.label));
  const range = note.lines.range(offset - prefix.length, offset);
  const entries = best.map(({ entity, label }, i): CompletionEntry => {
    return {
      label,
      kind: "name",
      entityKind: entity.kind,
      detail: `${entity.kind === "name" ? "name" : entity.kind} — ${plural(entity.docCount, "source")}${label !== entity.name ? ` (${entity.name})` : ""}`,
      ...(lazy ? { resolve: { kind: "name", key: entity.key } } : { documentation: nameDocumentation(entity) }),
      insertText: label,
      range,
      sortText: String(i).padStart(5, "0"),
      filterText: label,
    };
  });
  return { entries, isIncomplete: matches.length > MAX_NAMES };
}

const rankKind = (e: Entity) => (EVENT_KINDS.has(e.kind) ? 0 : e.kind === "name" ? 2 : 1);

/** Every corpus name and alias, lower-cased and sorted, with its entity: made once per corpus version. */
interface NameIndex {
  version: number;
  lower: string[];
  entity: Entity[];
  /** Position of each entity in `corpus.entities()`. */
  order: Map<Entity, number>;
}

const nameIndexes = new WeakMap<Corpus, NameIndex>();

function nameIndex(corpus: Corpus): NameIndex {
  const cached = nameIndexes.get(corpus);
  if (cached?.version === corpus.version) return cached;
  const rows: { lower: string; entity: Entity }[] = [];
  const order = new Map<Entity, number>();
  corpus.entities().forEach((entity, i) => {
    order.set(entity, i);
    for (const n of [entity.name, ...entity.aliases]) rows.push({ lower: n.toLowerCase(), entity });
  });
  rows.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
  const index = { version: corpus.version, lower: rows.map((r) => r.lower), entity: rows.map((r) => r.entity), order };
  nameIndexes.set(corpus, index);
  return index;
}

/** The first position whose name is not before `prefix`: names starting with it follow from there. */
function firstWithPrefix(index: NameIndex, prefix: string): number {
  let lo = 0;
  let hi = index.lower.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.lower[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The capitalised words being typed: the longest run of words ending at the cursor
 * that starts some corpus name ("Coral Se" for "Coral Sentinel"), else the
 * last word alone.
 */
export function namePrefix(before: string, corpus: Corpus): string | null {
  const starts = wordStartsBefore(before, 6);
  if (starts.length === 0) return null;
  const index = nameIndex(corpus);
  for (const start of starts) {
    const candidate = before.slice(start);
    if (!/^\p{Lu}/u.test(candidate)) continue;
    const lower = candidate.toLowerCase();
    const i = firstWithPrefix(index, lower);
    if (i < index.lower.length && index.lower[i].startsWith(lower)) return candidate;
  }
  const last = before.slice(starts[starts.length - 1]);
  return /^\p{Lu}/u.test(last) ? last : null;
}

const NAME_CHAR = /[\p{L}\p{N}&'’.\-]/u;

/**
 * Where each of the last `max` words before the end starts, longest run first;
 * words are joined by single spaces ("Coral Se"). Scanned by hand so the cost is
 * the length of those words, whatever the line holds.
 */
function wordStartsBefore(text: string, max: number): number[] {
  const starts: number[] = [];
  let i = text.length;
  while (starts.length < max) {
    let j = i;
    while (j > 0 && NAME_CHAR.test(text[j - 1])) j--;
    // The word being typed may still be empty ("Coral |"); earlier words may not.
    if (j === i && starts.length > 0) break;
    starts.push(j);
    if (j < 1 || text[j - 1] !== " " || j < 2 || !NAME_CHAR.test(text[j - 2])) break;
    i = j - 1;
  }
  return starts.reverse();
}
