import type { Corpus } from "../corpus/corpus.js";
import type { SourcePassage } from "../types.js";
import type { NameMention } from "../text/names.js";
import { contentTerm, tokenize, type Token } from "../text/tokens.js";
import type { Claim } from "./claim.js";
import { passageOf, quote } from "./support.js";

/**
 * A person given an office the sources never give them: "Foreign Minister Gen Sorimura"
 * where every source calls him Defence Minister, "Ansel Brevik, Chief of the Norvanian
 * Navy" for the commander of one of its fleets. The office is read from the words just
 * before the name ("Norvanian Foreign Minister …") or from an apposition after it
 * (", head of the Velorian Border Force,"); the sources' words for the person are read
 * around every mention, in every document, so that another source's wording of the same
 * office ("Minister of Foreign Affairs") still agrees. A person the sources never give an
 * office is not judged.
 */
export interface RoleMismatch {
  name: NameMention;
  /** The note's words for the office, as written. */
  role: string;
  evidence: SourcePassage;
}

// Words that head an office or rank: "Defence Minister", "chief of …", "Rear Admiral".
// Not "general": it is also a first name ("Gen") and part of other titles.
const ROLE_HEADS = new Set([
  "minister", "president", "premier", "ambassador", "secretary", "chief", "head", "commander", "director",
  "chairman", "chairperson", "chair", "governor", "spokesman", "spokesperson", "spokeswoman", "admiral",
  "envoy", "chancellor", "mayor", "leader",
]);
// Words that name the same office or portfolio in other words.
const SAME_AS: Record<string, string> = {
  head: "chief", leader: "chief", chairman: "chair", chairperson: "chair", spokesman: "spokesperson",
  spokeswoman: "spokesperson", defense: "defence",
};
// Kinds of thing that hold no office.
const NOT_PEOPLE = new Set(["agreement", "exercise", "dialogue", "partnership", "initiative", "programme", "place", "platform", "organisation"]);
// Adjectives of nationality say whose office it is, which the check leaves alone.
const DEMONYM = /(?:ese|ian|ean|an|ish|ine)$/;
const MAX_TITLE_BEFORE = 5;
const MAX_APPOSITION = 8;
// How far around a source's mention its words for the person are read.
const SOURCE_BEFORE = 7;
const SOURCE_AFTER = 12;

const same = (norm: string) => SAME_AS[norm] ?? norm;
// Abbreviated offices a source may use: "PM Arvid Tolsen".
const ABBREVIATED: Record<string, string[]> = { pm: ["prime", "minister"], fm: ["foreign", "minister"], adm: ["admiral"], amb: ["ambassador"] };
const isCapitalised = (t: Token) => /^\p{Lu}/u.test(t.text);

export function findRoleMismatch(claim: Claim, corpus: Corpus): RoleMismatch | null {
  for (const name of claim.names) {
    const entity = corpus.entity(name.key);
    if (!entity || NOT_PEOPLE.has(entity.kind)) continue;
    const roles = noteRoles(claim, name);
    if (roles.length === 0) continue;
    const sources = sourceWords(corpus, name);
    if (!sources) continue;
    const wrong = roles.find((role) => !role.core.every((w) => sources.words.has(w)));
    if (wrong) return { name, role: wrong.text, evidence: sources.evidence };
  }
  return null;
}

export function roleMessage(m: RoleMismatch): string {
  return `No source calls ${m.name.text.replace(/['’]s$/, "")} "${m.role}"; the sources say: "${quote(m.evidence.text)}"`;
}

interface NoteRole {
  text: string;
  /** The words that decide the office: its head, the word before it, the body it is "of". */
  core: string[];
}

/** The offices the note gives the person: a title before the name ("Rear Admiral …") and an apposition after it. */
function noteRoles(claim: Claim, name: NameMention): NoteRole[] {
  const { tokens } = claim;
  const prose = claim.sentence.prose;
  const base = claim.sentence.start;
  const first = tokens.findIndex((t) => t.start >= name.start);
  const last = tokens.findIndex((t) => t.start >= name.end);
  if (first < 0) return [];
  const roles: NoteRole[] = [];
  const gap = (a: Token, b: Token) => prose.slice(a.end - base, b.start - base);
  // "Norvanian Foreign Minister Gen Sorimura": title words run up to the name.
  const before: Token[] = [];
  for (let j = first - 1; j >= 0 && before.length < MAX_TITLE_BEFORE; j--) {
    const t = tokens[j];
    if (gap(t, tokens[j + 1]).trim() !== "" || !(isCapitalised(t) || ROLE_HEADS.has(t.norm)) || /\d/.test(t.text)) break;
    before.unshift(t);
  }
  const fromBefore = coreOf(before, false);
  // Shown up to its head: "Norvanian Foreign Minister", not "… Minister Gen".
  const head = before.map((t) => ROLE_HEADS.has(t.norm)).lastIndexOf(true);
  if (fromBefore) roles.push({ text: before.slice(0, head + 1).map((t) => t.text).join(" "), core: fromBefore });
  // "Hanne Lisvik, Veloria's Foreign Minister, signed …": an apposition after it.
  const next = last < 0 ? -1 : last;
  if (next < 1 || gap(tokens[next - 1], tokens[next]).trim() !== ",") return roles;
  const apposition: Token[] = [];
  for (let j = next; j < tokens.length && apposition.length < MAX_APPOSITION; j++) {
    if (j > next && /[,;:()[\].]/.test(gap(tokens[j - 1], tokens[j]))) break;
    apposition.push(tokens[j]);
  }
  const fromAfter = coreOf(apposition, true);
  if (fromAfter) roles.push({ text: apposition.map((t) => t.text).join(" "), core: fromAfter });
  return roles;
}

/** The head of the office, the capitalised word just before it, and (after "of") the body's own words. */
function coreOf(run: Token[], readBody: boolean): string[] | null {
  const h = run.findIndex((t) => ROLE_HEADS.has(t.norm));
  if (h < 0) return null;
  // "Velander, Defence Minister Ilse Marwood and …": a title followed by a name is another person's.
  const after = run[h + 1];
  if (readBody && after && isCapitalised(after)) return null;
  const core = [same(run[h].norm)];
  const prior = run[h - 1];
  if (prior && isCapitalised(prior) && !DEMONYM.test(prior.norm) && !/['’]s$/.test(prior.text) && !ROLE_HEADS.has(prior.norm)) core.push(same(prior.norm));
  if (readBody && run[h + 1]?.norm === "of") {
    for (const t of run.slice(h + 2)) if (isCapitalised(t) && !DEMONYM.test(t.norm)) core.push(same(t.norm));
  }
  return core;
}

/**
 * The sources' words around every mention of the person, if any of them names an office.
 * Mentions are found by each word of the name, not by the entity alone: a source that
 * calls "Arven Tolsanto" plain "Arven" when giving his new office must be read too.
 */
function sourceWords(corpus: Corpus, name: NameMention): { words: Set<string>; evidence: SourcePassage } | null {
  const words = new Set<string>();
  let evidence: SourcePassage | undefined;
  const parts = new Set(name.words.map((w) => w.toLowerCase().replace(/['’]s$/, "")).filter((w) => w.length > 2 && !ROLE_HEADS.has(w)));
  for (const part of parts) {
    const term = contentTerm(part);
    if (!term) continue;
    const ids = corpus.sentenceIds(term);
    for (let i = 0; i < ids.length && i < MAX_SOURCE_SENTENCES; i++) {
      const sentence = corpus.sentence(ids[i]);
      const tokens = tokenize(sentence.text, 0);
      tokens.forEach((t, k) => {
        if (t.norm !== part) return;
        const window = sourceWindow(sentence.text, tokens, k);
        for (const w of window) for (const x of ABBREVIATED[w.norm] ?? [w.norm]) words.add(same(x));
        if (!evidence && window.some((w) => ROLE_HEADS.has(w.norm) || ABBREVIATED[w.norm])) evidence = passageOf(sentence);
      });
    }
  }
  return evidence ? { words, evidence } : null;
}

/**
 * The words a source gives the person whose name has its k-th token: the title run before
 * it (across the one comma of "Minister of Foreign Affairs, Piet Hallorann") and an
 * apposition after it, each up to the next punctuation, so that a neighbour's office
 * ("met his counterpart, Minister of Foreign Affairs, …") is not read as this person's.
 */
function sourceWindow(text: string, tokens: Token[], k: number): Token[] {
  const gap = (a: number) => text.slice(tokens[a].end, tokens[a + 1].start);
  // Brackets do not stop it: "Overseas Affairs minister(OAM) Dr R Velander".
  const stops = /[,;:[\].!?"“”]/;
  let from = k;
  // The name's own words: "Piet" before "Hallorann".
  while (from > 0 && gap(from - 1).trim() === "" && /^\p{Lu}/u.test(tokens[from - 1].text) && !ROLE_HEADS.has(tokens[from - 1].norm)) from--;
  for (let crossed = false; from > 0 && k - from < SOURCE_BEFORE; from--) {
    const g = gap(from - 1);
    if (stops.test(g)) {
      if (crossed || g.trim() !== ",") break;
      crossed = true;
    }
  }
  let to = k + 1;
  while (to < tokens.length && gap(to - 1).trim() === "" && /^\p{Lu}/u.test(tokens[to].text)) to++;
  if (to < tokens.length && gap(to - 1).trim() === ",") {
    to++;
    while (to < tokens.length && to - k < SOURCE_AFTER && !stops.test(gap(to - 1))) to++;
  }
  return tokens.slice(from, to);
}

// A name in more sentences than this is read in its first ones only: the check must stay cheap.
const MAX_SOURCE_SENTENCES = 200;
