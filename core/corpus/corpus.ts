import { kindFromWords, nameKey, type NameMention } from "../text/names.js";
import { isAcronymLike } from "../text/tokens.js";
import { MONTHS, type EntityKind } from "../text/words.js";
import type { SourceDocument, SourceSentence } from "./extract.js";

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
  mentions: EntityMention[];
  docIds: string[];
}

/**
 * The index of every source document: sentences by term, names, acronyms and the
 * vocabulary. Documents are added and removed one at a time, so editing a source
 * costs that document, not the corpus.
 */
export class Corpus {
  readonly docs = new Map<string, SourceDocument>();
  private readonly postings = new Map<string, SourceSentence[]>();
  private readonly mentionsByKey = new Map<string, EntityMention[]>();
  /** acronym key → long-form key → how many definitions, and the long form as written. */
  private readonly acronymDefs = new Map<string, Map<string, { count: number; display: string }>>();
  private readonly wordDocCount = new Map<string, number>();
  private readonly lowercaseDocCount = new Map<string, number>();
  private sentenceTotal = 0;
  private entityCache: { version: number; byKey: Map<string, Entity>; list: Entity[] } | null = null;
  /** Changes whenever a document is added or removed: caches compare it. */
  version = 0;

  get size(): number {
    return this.docs.size;
  }

  get sentenceCount(): number {
    return this.sentenceTotal;
  }

  add(doc: SourceDocument): void {
    if (this.docs.has(doc.id)) this.remove(doc.id);
    this.docs.set(doc.id, doc);
    for (const s of doc.sentences) {
      this.sentenceTotal++;
      for (const key of postingKeys(s)) push(this.postings, key, s);
      if (s.furniture) continue;
      for (const m of s.names) push(this.mentionsByKey, m.key, { sentence: s, mention: m });
    }
    for (const a of doc.acronyms) {
      const defs = this.acronymDefs.get(nameKey(a.acronym)) ?? new Map<string, { count: number; display: string }>();
      const long = nameKey(a.long);
      defs.set(long, { count: (defs.get(long)?.count ?? 0) + 1, display: defs.get(long)?.display ?? a.long });
      this.acronymDefs.set(nameKey(a.acronym), defs);
    }
    for (const w of doc.words) increment(this.wordDocCount, w, 1);
    for (const w of doc.lowercaseWords) increment(this.lowercaseDocCount, w, 1);
    this.version++;
  }

  remove(id: string): boolean {
    const doc = this.docs.get(id);
    if (!doc) return false;
    this.docs.delete(id);
    const gone = new Set(doc.sentences);
    for (const s of doc.sentences) {
      this.sentenceTotal--;
      for (const key of postingKeys(s)) prune(this.postings, key, (x) => !gone.has(x));
      for (const m of s.names) prune(this.mentionsByKey, m.key, (x) => x.sentence !== s);
    }
    for (const a of doc.acronyms) {
      const defs = this.acronymDefs.get(nameKey(a.acronym));
      const long = nameKey(a.long);
      if (!defs) continue;
      const def = defs.get(long);
      if (def && def.count > 1) def.count--;
      else defs.delete(long);
      if (defs.size === 0) this.acronymDefs.delete(nameKey(a.acronym));
    }
    for (const w of doc.words) increment(this.wordDocCount, w, -1);
    for (const w of doc.lowercaseWords) increment(this.lowercaseDocCount, w, -1);
    this.version++;
    return true;
  }

  /** Sentences containing a content term (see `termsOf`), a name key (`n:`) or a year (`y:`). */
  sentencesWith(key: string): readonly SourceSentence[] {
    return this.postings.get(key) ?? [];
  }

  /** How informative a term is: rare terms weigh more. */
  idf(key: string): number {
    const df = this.postings.get(key)?.length ?? 0;
    return Math.log(1 + (this.sentenceTotal + 1) / (df + 0.5));
  }

  /** Share of sentences that contain the term. */
  spread(key: string): number {
    return this.sentenceTotal ? (this.postings.get(key)?.length ?? 0) / this.sentenceTotal : 0;
  }

  knowsWord(norm: string): boolean {
    return this.wordDocCount.has(norm);
  }

  /** Is the word written in lower case in some source (a common noun or verb)? */
  seenLowercase(norm: string): boolean {
    return this.lowercaseDocCount.has(norm);
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

  // One capitalised word may be any word at a sentence start ("Reinterpreting") or a
  // common noun in a heading ("Technology"): a name is seen mid-sentence and never in
  // lower case, or has several words, or is an acronym.
  private isWorthAName(key: string, mentions: EntityMention[]): boolean {
    if (key.length < 2 || MONTHS[key] !== undefined) return false;
    const m = mentions[0].mention;
    const midSentence = mentions.some((x) => !x.mention.sentenceInitial);
    if (m.words.length > 1) return true;
    if (isAcronymLike(m.text)) return true;
    return midSentence && key.length >= 3 && !this.seenLowercase(key);
  }

  private entityIndex(): { byKey: Map<string, Entity>; list: Entity[] } {
    if (this.entityCache?.version === this.version) return this.entityCache;
    const byKey = new Map<string, Entity>();
    const list: Entity[] = [];
    const canonical = (key: string) => this.expandAcronym(key) ?? key;
    const acronymsByLong = new Map<string, string[]>();
    for (const acr of this.acronymDefs.keys()) {
      const long = this.expandAcronym(acr);
      if (long) push(acronymsByLong, long, acr);
    }
    const groups = new Map<string, EntityMention[]>();
    for (const [key, mentions] of this.mentionsByKey) {
      if (mentions.length === 0) continue;
      const c = canonical(key);
      const g = groups.get(c) ?? [];
      g.push(...mentions);
      groups.set(c, g);
    }
    for (const [key, mentions] of groups) {
      if (!this.isWorthAName(key, mentions)) continue;
      const acronyms = acronymsByLong.get(key) ?? [];
      const aliases = acronyms.map((acr) => this.mentionsByKey.get(acr)?.[0]?.mention.text ?? acr.toUpperCase());
      const own = mentions.filter((m) => m.mention.key === key);
      // An entity named mostly by its acronym is still shown by its long form, as a source defines it.
      const longForm = acronyms.map((acr) => this.acronymDefs.get(acr)?.get(key)?.display).find((d) => d !== undefined);
      const name = own.length ? displayName(own) : (longForm ?? displayName(mentions));
      const entity: Entity = { key, name, kind: voteKind(mentions, longForm), aliases: aliases.filter((a) => a !== name), mentions, docIds: [...new Set(mentions.map((m) => m.sentence.doc.id))] };
      list.push(entity);
      byKey.set(key, entity);
      for (const acr of acronyms) byKey.set(acr, entity);
    }
    list.sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name));
    this.entityCache = { version: this.version, byKey, list };
    return this.entityCache;
  }
}

function increment(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

export function postingKeys(s: SourceSentence): string[] {
  const keys = [...s.terms];
  for (const n of s.names) keys.push(`n:${n.key}`);
  for (const d of s.dates) keys.push(`y:${d.year}`);
  return [...new Set(keys)];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function prune<K, V>(map: Map<K, V[]>, key: K, keep: (v: V) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter(keep);
  if (kept.length) map.set(key, kept);
  else map.delete(key);
}

function displayName(mentions: EntityMention[]): string {
  const counts = new Map<string, number>();
  for (const { mention } of mentions) {
    const text = mention.text.replace(/[’']s$/, "");
    // Prefer "Malabar" to "MALABAR" when both are written.
    const weight = text === text.toUpperCase() && /\p{Ll}/u.test(mentions.map((x) => x.mention.text).join("")) ? 0.5 : 1;
    counts.set(text, (counts.get(text) ?? 0) + weight);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0][0];
}

// What a name's own words say ("… Agreement", a title) decides; a guess from the
// words around it needs a good share of the mentions behind it.
function voteKind(mentions: EntityMention[], longForm?: string): EntityKind {
  const own = new Map<EntityKind, number>();
  const context = new Map<EntityKind, number>();
  const longKind = longForm ? kindFromWords(longForm.toLowerCase().split(/\s+/)) : undefined;
  if (longKind) own.set(longKind, 1);
  for (const { mention } of mentions) {
    if (mention.kind) own.set(mention.kind, (own.get(mention.kind) ?? 0) + 1);
    else if (mention.contextKind) context.set(mention.contextKind, (context.get(mention.contextKind) ?? 0) + 1);
  }
  const top = (m: Map<EntityKind, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0];
  const byWords = top(own);
  if (byWords) return byWords[0];
  const byContext = top(context);
  return byContext && byContext[1] >= Math.max(1, mentions.length * 0.3) ? byContext[0] : "name";
}
