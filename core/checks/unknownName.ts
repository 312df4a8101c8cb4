import { distance } from "fastest-levenshtein";
import type { Corpus, Entity } from "../corpus/corpus.js";
import { contentTerm, type Token } from "../text/tokens.js";
import { NAME_CONNECTORS, SENTENCE_OPENERS } from "../text/words.js";
import type { Claim } from "./claim.js";
import { passageOf } from "./support.js";
import type { RawFinding } from "./rawFinding.js";

interface NameForm {
  text: string;
  lower: string;
  entity: Entity;
}

// Names bucketed by first letter and length, so a misspelling is compared with a
// few dozen names, not the whole corpus. Rebuilt only when the corpus changes.
const indexes = new WeakMap<Corpus, { version: number; buckets: Map<string, NameForm[]> }>();

function nameIndex(corpus: Corpus): Map<string, NameForm[]> {
  const cached = indexes.get(corpus);
  if (cached?.version === corpus.version) return cached.buckets;
  const buckets = new Map<string, NameForm[]>();
  for (const entity of corpus.entities()) {
    for (const text of new Set([entity.name, ...entity.aliases])) {
      const lower = text.toLowerCase();
      const key = `${lower[0]}:${lower.length}`;
      const list = buckets.get(key) ?? [];
      list.push({ text, lower, entity });
      buckets.set(key, list);
    }
  }
  indexes.set(corpus, { version: corpus.version, buckets });
  return buckets;
}

// The same names by their words' stems ("defence industri cooper memorandum"), built
// only when a note first has a name of several words with an unknown word in it.
const stemIndexes = new WeakMap<Corpus, { version: number; buckets: Map<string, NameForm[]> }>();

function stemmedNameIndex(corpus: Corpus): Map<string, NameForm[]> {
  const cached = stemIndexes.get(corpus);
  if (cached?.version === corpus.version) return cached.buckets;
  const buckets = new Map<string, NameForm[]>();
  for (const list of nameIndex(corpus).values()) {
    for (const form of list) {
      if (!form.lower.includes(" ")) continue;
      const lower = stemmedWords(form.lower.split(" "));
      const key = `${lower[0]}:${lower.length}`;
      const bucket = buckets.get(key) ?? [];
      bucket.push({ text: form.text, lower, entity: form.entity });
      buckets.set(key, bucket);
    }
  }
  stemIndexes.set(corpus, { version: corpus.version, buckets });
  return buckets;
}

// contentTerm keeps its stems: names repeat the same few words.
const stemmedWords = (words: string[]) => words.map((w) => (/^[a-z]{4,}$/.test(w) ? (contentTerm(w) ?? w) : w)).join(" ");

/** How many edits a misspelling of a name this long may have. */
function allowedEdits(length: number): number {
  if (length >= 10) return 2;
  if (length >= 6) return 1;
  return 0;
}

/**
 * A capitalised name that no source contains, a small edit away from one that a
 * source does: "Coral Sentinle" for "Coral Sentinel". A name the sources never
 * mention and resemble nothing is left alone: it may be right, and other checks
 * speak for the claim.
 */
export function checkUnknownNames(claim: Claim, corpus: Corpus): RawFinding[] {
  const out: RawFinding[] = [];
  const buckets = nameIndex(corpus);
  for (const name of claim.names) {
    const words = widen(claim.tokens, claim.tokens.filter((t) => t.start >= name.start && t.end <= name.end));
    const unknown = words.filter((t) => !corpus.knowsWord(t.norm));
    if (unknown.length === 0) continue;
    // "Defence Industrial Cooperation Memorandom": another form of one word and a slip in
    // another are too many edits letter by letter, but one edit between the stems.
    const hit = bestMatch(words, unknown, buckets) ?? (words.length > 1 ? bestMatch(words, unknown, stemmedNameIndex(corpus), true) : null);
    if (!hit) continue;
    const { form, start, end, surface } = hit;
    const mention = form.entity.firstMention();
    out.push({
      code: "unknown-name",
      start,
      end,
      message: `"${surface}" is not in any source. Did you mean "${form.text}" (${describe(form.entity)})?`,
      evidence: mention ? [passageOf(mention.sentence)] : [],
      fixes: [{ title: `Correct to "${form.text}"`, edits: [{ start, end, newText: form.text }], preferred: true }],
    });
  }
  return out;
}

// "Comprehensive Security and Trade Partnershp" reads as two names, split at "and", until the
// misspelt keyword is corrected: look across connectors to capitalised neighbours.
function widen(tokens: Token[], words: Token[]): Token[] {
  if (words.length === 0) return words;
  let first = tokens.indexOf(words[0]);
  let last = tokens.indexOf(words[words.length - 1]);
  const capital = (t: Token | undefined) => !!t && /^\p{Lu}/u.test(t.text);
  const adjacent = (a: Token, b: Token) => b.start - a.end === 1;
  while (first >= 2 && NAME_CONNECTORS.has(tokens[first - 1].norm) && capital(tokens[first - 2]) && adjacent(tokens[first - 1], tokens[first]) && adjacent(tokens[first - 2], tokens[first - 1])) first -= 2;
  while (last + 2 < tokens.length && NAME_CONNECTORS.has(tokens[last + 1].norm) && capital(tokens[last + 2]) && adjacent(tokens[last], tokens[last + 1]) && adjacent(tokens[last + 1], tokens[last + 2])) last += 2;
  while (first >= 1 && capital(tokens[first - 1]) && adjacent(tokens[first - 1], tokens[first]) && !SENTENCE_OPENERS.has(tokens[first - 1].norm)) first--;
  return tokens.slice(first, last + 1);
}

function bestMatch(words: Token[], unknown: Token[], buckets: Map<string, NameForm[]>, stemmed = false): { form: NameForm; start: number; end: number; surface: string } | null {
  let best: { form: NameForm; start: number; end: number; surface: string; d: number } | null = null;
  // Every run of consecutive words that includes an unknown one: the misspelt name
  // may sit inside a longer capitalised run ("Velorian Navy's KORVAL").
  for (let i = 0; i < words.length; i++) {
    for (let j = i; j < words.length && j < i + 10; j++) {
      if (!unknown.some((u) => u.start >= words[i].start && u.end <= words[j].end)) continue;
      const run = words.slice(i, j + 1);
      if (stemmed && run.length < 2) continue;
      const lower = stemmed ? stemmedWords(run.map((w) => w.norm)) : run.map((w) => w.norm).join(" ");
      const surface = joinWords(run);
      // "Coral Sentinle's": the possessive is not part of the name to replace.
      const end = /['’]s$/.test(words[j].text) ? words[j].end - 2 : words[j].end;
      const max = allowedEdits(lower.length);
      if (max === 0) continue;
      for (let len = lower.length - max; len <= lower.length + max; len++) {
        for (const form of buckets.get(`${lower[0]}:${len}`) ?? []) {
          if ((form.lower.startsWith(lower) || lower.startsWith(form.lower)) && !isDoubledEnd(lower, form.lower)) continue; // "Korea"/"Korean": another word, not a typo
          const d = distance(lower, form.lower);
          if (d === 0 || d > max) continue;
          if (!best || d < best.d || (d === best.d && form.entity.mentionCount > best.form.entity.mentionCount)) {
            best = { form, start: words[i].start, end, surface, d };
          }
        }
      }
    }
  }
  return best;
}

/** "O'Connel" for "O'Connell": one name ends in the other's last letter doubled, a typing slip rather than another word. */
function isDoubledEnd(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.length === short.length + 1 && /\p{L}/u.test(short.at(-1) ?? "") && long.at(-1) === short.at(-1);
}

function joinWords(words: Token[]): string {
  return words.map((w) => w.text.replace(/['’]s$/, "")).join(" ");
}

export function describe(entity: Entity): string {
  const docs = entity.docCount;
  return `${entity.kind === "name" ? "named" : entity.kind} in ${docs} source${docs === 1 ? "" : "s"}`;
}
