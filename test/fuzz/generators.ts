// Random but reproducible input for the fuzzer: a small PRNG, and generators for
// notes (realistic prose from the corpus, Markdown edge cases, binary junk, lone
// surrogates, 5 MB lines, 100 000-line notes), edits and positions.
//
// Helper module, not a test: it has no side effects when the test runner loads it.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** mulberry32: a 32-bit state, fast and well mixed; the same seed gives the same run. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** In [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.float() * n);
  }
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let r = this.float() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1][0];
  }
}

/** What notes are made of: the corpus's keys, sentences and capitalised names. */
export interface Material {
  keys: string[];
  sentences: string[];
  names: string[];
}

export function loadMaterial(corpusDir: string): Material {
  const keys: string[] = [];
  const sentences: string[] = [];
  const names = new Set<string>();
  for (const file of readdirSync(corpusDir).filter((f) => /\.(md|txt)$/.test(f)).sort()) {
    const text = readFileSync(join(corpusDir, file), "utf8");
    const id = /^id:\s*"?([^"\n]+)"?\s*$/m.exec(text)?.[1] ?? file.replace(/\.\w+$/, "");
    keys.push(id.trim());
    const body = text.replace(/^---\n[\s\S]*?\n---\n/, "");
    for (const s of body.split(/(?<=[.!?])\s+/)) {
      const t = s.replace(/\s+/g, " ").trim();
      if (t.length > 20 && t.length < 400) sentences.push(t);
    }
    for (const m of body.matchAll(/\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b/g)) names.add(m[0]);
  }
  return { keys, sentences: sentences.length ? sentences : ["India and Japan held talks in 2019."], names: [...names] };
}

const WORDS = ["the", "and", "India", "Japan", "exercise", "dialogue", "signed", "held", "in", "2+2", "agreement", "2019", "2024", "Tokyo", "Delhi", "of", "we", "assess", "should", "likely"];

/** Note-building blocks: each returns one or more lines. */
export class NoteMaker {
  constructor(
    private readonly rng: Rng,
    private readonly m: Material,
  ) {}

  citation(): string {
    const r = this.rng;
    const key = () => (r.chance(0.8) ? r.pick(this.m.keys) : r.chance(0.5) ? mutate(r, r.pick(this.m.keys)) : r.pick(["", "@", "x", "-", "9", "a.b", "ключ", "😀"]));
    switch (r.int(6)) {
      case 0:
        return `[@${key()}]`;
      case 1:
        return `[@${key()}, p. ${r.int(300)}]`;
      case 2:
        return `[see @${key()}; @${key()}]`;
      case 3:
        return `@${key()}`;
      case 4:
        return r.pick(["[@", "[@]", "[@@]", "[ @", "[-@x]", "[@a;", "[@a; @", "[[@a]]", "[@a][@b]", "[^1]"]);
      default:
        return `[@${key()}]`;
    }
  }

  sentence(): string {
    const r = this.rng;
    let s = r.pick(this.m.sentences);
    if (r.chance(0.3)) s = s.replace(/\b(19|20)\d\d\b/, () => String(r.between(1990, 2035)));
    if (r.chance(0.15) && this.m.names.length) s = s.replace(/\b[A-Z][a-z]+ [A-Z][a-z]+\b/, mutate(r, r.pick(this.m.names)));
    if (r.chance(0.6)) s = s.replace(/[.!?]?$/, ` ${this.citation()}.`);
    if (r.chance(0.05)) s += "[^" + r.int(5) + "]";
    return s;
  }

  /** One line of a plausible note. */
  line(): string {
    const r = this.rng;
    switch (r.weighted({ prose: 10, blank: 4, heading: 1, list: 3, table: 1, quote: 1, footnote: 1, code: 1, judgement: 1, short: 3 })) {
      case "prose":
        return this.sentence();
      case "blank":
        return "";
      case "heading":
        return `${"#".repeat(r.between(1, 6))} ${r.pick(this.m.names) ?? "Heading"}`;
      case "list":
        return `${" ".repeat(r.int(3) * 2)}${r.pick(["-", "*", "1.", "+"])} ${this.sentence()}`;
      case "table":
        return `| ${r.pick(this.m.names) ?? "x"} | ${r.between(1990, 2030)} | ${this.citation()} |`;
      case "quote":
        return `> ${this.sentence()}`;
      case "footnote":
        return `[^${r.int(5)}]: ${r.chance(0.5) ? this.citation() : "https://example.org/a"}`;
      case "code":
        return r.pick(["```", "~~~", "    indented code 2019 [@x]", "`inline 2019`"]);
      case "judgement":
        return r.pick(["We assess that ties will likely deepen.", "India should sign the accord by 2030.", "Will Japan join?"]);
      default:
        return Array.from({ length: r.between(1, 4) }, () => r.pick(WORDS)).join(" ");
    }
  }

  note(lines: number): string {
    const out: string[] = [];
    if (this.rng.chance(0.3)) out.push("---", `title: ${this.rng.pick(this.m.names) ?? "t"}`, "---", "");
    while (out.length < lines) out.push(this.line());
    return out.slice(0, lines).join(this.rng.chance(0.1) ? "\r\n" : "\n");
  }

  /** Markdown that parsers and checkers find awkward. */
  edgeCase(): string {
    const r = this.rng;
    const n = r.between(2, 60);
    const cases: (() => string)[] = [
      () => "```\n" + this.note(5) + (r.chance(0.5) ? "\n```" : ""),
      () => Array.from({ length: n }, (_, i) => `${"  ".repeat(i)}- item ${i} ${this.citation()}`).join("\n"),
      () => ">".repeat(n) + " " + this.sentence(),
      () => "[".repeat(n * 50) + "@" + "]".repeat(n * 25),
      () => "[@".repeat(n * 40),
      () => "*_".repeat(n * 30) + this.sentence() + "_*".repeat(n * 7),
      () => "| a | b |\n|---|\n" + Array.from({ length: n }, () => `| ${this.sentence()} |`).join("\n"),
      () => "---\n" + "title: [unclosed\n".repeat(r.int(3)) + (r.chance(0.5) ? "---\n" : "") + this.sentence(),
      () => "---\n---\n---\n",
      () => "\uFEFF" + this.sentence(),
      () => "<!-- " + this.sentence() + (r.chance(0.5) ? " -->" : ""),
      () => "[x]: https://example.org\n[x] " + this.sentence(),
      () => "Setext heading " + this.citation() + "\n" + "=".repeat(n),
      () => this.sentence().replace(/ /g, "\u00A0"),
      () => this.sentence().replace(/ /g, "\t"),
      () => "\r".repeat(n) + this.sentence() + "\r",
      () => "\u202E" + this.sentence() + "\u200B\u200D\u2028\u2029",
      () => "😀".repeat(n) + this.citation() + "e\u0301".repeat(n),
      () => "[^" + "x".repeat(n) + "]: [^" + "x".repeat(n) + "]\n" + "[^" + "x".repeat(n) + "]",
      () => "1. ".repeat(n) + this.sentence(),
      () => "    ".repeat(n) + this.sentence(),
      () => this.sentence() + " " + "A".repeat(9_999),
      () => Array.from({ length: n }, () => r.pick(this.m.names) ?? "X").join(" "),
      () => Array.from({ length: n * 3 }, () => String(r.between(1000, 2999))).join(" "),
      () => "<div>\n" + this.sentence() + "\n</div>",
      () => "$$\n" + this.sentence() + "\n$$",
      () => "",
      () => "\n".repeat(n),
    ];
    return r.pick(cases)();
  }
}

/** A misspelling: a letter dropped, doubled, swapped or changed. */
export function mutate(rng: Rng, s: string): string {
  if (s.length < 2) return s + "x";
  const i = rng.int(s.length - 1);
  switch (rng.int(4)) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1);
    case 1:
      return s.slice(0, i) + s[i] + s.slice(i);
    case 2:
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    default:
      return s.slice(0, i) + String.fromCharCode(97 + rng.int(26)) + s.slice(i + 1);
  }
}

/** Code units of every kind: NUL and control characters, lone and reversed surrogates, noncharacters. */
export function junk(rng: Rng, length: number): string {
  const units: number[] = [];
  for (let i = 0; i < length; i++) {
    switch (rng.int(8)) {
      case 0:
        units.push(rng.int(32));
        break;
      case 1:
        units.push(0xd800 + rng.int(0x800)); // a surrogate, most likely unpaired
        break;
      case 2:
        units.push(rng.pick([0xfffe, 0xffff, 0xfffd, 0xfeff, 0x2028, 0x2029, 0x85, 0x7f]));
        break;
      case 3:
        units.push(rng.int(0x10000));
        break;
      default:
        units.push(32 + rng.int(95));
    }
  }
  let out = "";
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

/** Text with surrogate halves in the wrong places: alone, reversed, split by an edit. */
export function surrogates(rng: Rng, base: string): string {
  const bits = ["\uD800", "\uDC00", "\uDBFF\uD800", "\uDFFF\uDBFF", "😀".slice(0, 1), "😀".slice(1), "😀"];
  let out = base;
  for (let k = rng.between(1, 6); k > 0; k--) {
    const at = rng.int(out.length + 1);
    out = out.slice(0, at) + rng.pick(bits) + out.slice(at);
  }
  return out;
}

/** A single line of about `bytes` characters: prose, brackets, citations or one word. */
export function hugeLine(rng: Rng, chars: number, m: Material): string {
  const unit = rng.pick(["[", "[@", "[@a; @b ", "India and Japan held talks in 2019 [@borah2024]. ", "x", "*", "`", "|", "]", "1999 ", `${m.keys[0]} `]);
  return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
}

/** A note of `lines` lines, built fast: a pool of generated lines repeated with variation. */
export function manyLines(rng: Rng, maker: NoteMaker, lines: number): string {
  const pool = Array.from({ length: 400 }, () => maker.line());
  const out = new Array<string>(lines);
  for (let i = 0; i < lines; i++) out[i] = rng.chance(0.02) ? maker.line() : pool[rng.int(pool.length)];
  return out.join("\n");
}
