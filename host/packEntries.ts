// What a cache pack says of each file besides its record's numbers: where it was (path,
// size, modification time), its content key, id, metadata and the lengths of its
// arrays. Stored as a table of numbers and a list of strings, not as JSON: at 10 000
// sources that JSON was 6 MB, and reading it made some 150 000 objects, most of them
// thrown away at once.

import type { DocMeta, PublicationDate } from "../core/corpus/document.js";
import type { LoadProblem } from "../core/types.js";

/** One file of a pack, as its header describes it. */
export interface EntryHead {
  key: string;
  /** Relative to the folder. */
  path: string;
  size: number;
  mtimeMs: number;
  problems: Omit<LoadProblem, "path">[];
  id: string;
  recordPath: string;
  bodyStart: number;
  meta: DocMeta;
  published?: PublicationDate;
  textBytes: number;
  /** The lengths of the record's arrays, in the pack's order. */
  lengths: ArrayLike<number>;
}

const META_KEYS = ["title", "author", "publisher", "date", "url"] as const satisfies readonly (keyof DocMeta)[];
/** Numbers per entry: the fixed ones, then the array lengths. */
const E_SIZE = 0, E_MTIME = 1, E_BODY = 2, E_TEXT = 3, E_META = 4, E_YEAR = 5, E_MONTH = 6, E_DAY = 7, E_FIXED = 8;
/** How many numbers an entry takes, with `arrayCount` array lengths. */
export const entryWidth = (arrayCount: number) => E_FIXED + arrayCount;
/** E_META when metadata and date are stored as one JSON string (anything the fields below cannot say exactly). */
const META_AS_JSON = -1;

/**
 * The metadata's keys, in order, as base-8 digits (1 + the key's place in META_KEYS);
 * null when it holds anything but those keys with string values.
 */
function metaCode(meta: DocMeta): number | null {
  let code = 0;
  let digits = 0;
  for (const [k, v] of Object.entries(meta)) {
    const at = META_KEYS.indexOf(k as (typeof META_KEYS)[number]);
    if (at < 0 || typeof v !== "string" || digits === META_KEYS.length) return null;
    code = code * 8 + at + 1;
    digits++;
  }
  return code;
}

/** Is the date exactly what the three number fields can say: a year, then perhaps a month, then perhaps a day? */
function plainDate(d: PublicationDate | undefined): boolean {
  if (d === undefined) return true;
  const keys = Object.keys(d).join(",");
  const isNumber = (n: unknown) => typeof n === "number" && !Number.isNaN(n);
  return (keys === "year" || keys === "year,month" || keys === "year,month,day") && isNumber(d.year) && (d.month === undefined || isNumber(d.month)) && (d.day === undefined || isNumber(d.day));
}

/** The entries as a table of numbers (`arrayCount` lengths each), a list of strings, and the problems of those that have any. */
export function encodeEntries(entries: readonly EntryHead[], arrayCount: number): { numbers: Float64Array; strings: string[]; problems: [number, EntryHead["problems"]][] } {
  const width = entryWidth(arrayCount);
  const numbers = new Float64Array(entries.length * width);
  const strings: string[] = [];
  const problems: [number, EntryHead["problems"]][] = [];
  entries.forEach((e, k) => {
    const at = k * width;
    numbers[at + E_SIZE] = e.size;
    numbers[at + E_MTIME] = e.mtimeMs;
    numbers[at + E_BODY] = e.bodyStart;
    numbers[at + E_TEXT] = e.textBytes;
    for (let i = 0; i < arrayCount; i++) numbers[at + E_FIXED + i] = e.lengths[i];
    strings.push(e.key, e.path, e.id, e.recordPath);
    const code = metaCode(e.meta);
    if (code === null || !plainDate(e.published)) {
      numbers[at + E_META] = META_AS_JSON;
      strings.push(JSON.stringify({ meta: e.meta, published: e.published }));
    } else {
      numbers[at + E_META] = code;
      for (const k of Object.keys(e.meta)) strings.push(e.meta[k as keyof DocMeta]!);
      numbers[at + E_YEAR] = e.published?.year ?? NaN;
      numbers[at + E_MONTH] = e.published?.month ?? NaN;
      numbers[at + E_DAY] = e.published?.day ?? NaN;
    }
    if (e.problems.length > 0) problems.push([k, e.problems]);
  });
  return { numbers, strings, problems };
}

/** The entries back from `encodeEntries`'s parts; null when they do not fit together. */
export function decodeEntries(numbers: Float64Array, strings: readonly string[], problems: readonly [number, EntryHead["problems"]][], arrayCount: number): EntryHead[] | null {
  const width = entryWidth(arrayCount);
  if (numbers.length % width !== 0) return null;
  const count = numbers.length / width;
  const out: EntryHead[] = new Array(count);
  let s = 0;
  for (let k = 0; k < count; k++) {
    const at = k * width;
    if (s + 4 > strings.length) return null;
    const [key, path, id, recordPath] = [strings[s], strings[s + 1], strings[s + 2], strings[s + 3]];
    s += 4;
    let meta: DocMeta;
    let published: PublicationDate | undefined;
    const code = numbers[at + E_META];
    const [bodyStart, textBytes] = [numbers[at + E_BODY], numbers[at + E_TEXT]];
    if (!isCount(bodyStart) || !isCount(textBytes)) return null;
    if (code !== META_AS_JSON && !(isCount(code) && code < 8 ** META_KEYS.length)) return null;
    if (code === META_AS_JSON) {
      if (s >= strings.length) return null;
      ({ meta, published } = JSON.parse(strings[s++]) as { meta: DocMeta; published?: PublicationDate });
      if (!isObject(meta) || (published !== undefined && !(isObject(published) && typeof published.year === "number"))) return null;
    } else {
      meta = {};
      // The digits, most significant first, are the keys in their order.
      const keys: number[] = [];
      for (let c = code; c > 0; c = Math.floor(c / 8)) keys.push((c % 8) - 1);
      for (let i = keys.length - 1; i >= 0; i--) {
        const name = META_KEYS[keys[i]];
        if (name === undefined || s >= strings.length) return null;
        meta[name] = strings[s++];
      }
      const year = numbers[at + E_YEAR];
      if (!Number.isNaN(year)) {
        published = { year };
        if (!Number.isNaN(numbers[at + E_MONTH])) published.month = numbers[at + E_MONTH];
        if (!Number.isNaN(numbers[at + E_DAY])) published.day = numbers[at + E_DAY];
      }
    }
    const entry: EntryHead = {
      key,
      path,
      size: numbers[at + E_SIZE],
      mtimeMs: numbers[at + E_MTIME],
      problems: NO_PROBLEMS,
      id,
      recordPath,
      bodyStart,
      meta,
      textBytes,
      lengths: numbers.subarray(at + E_FIXED, at + width),
    };
    if (published) entry.published = published;
    out[k] = entry;
  }
  if (s !== strings.length) return null;
  for (const [k, p] of problems) {
    if (!out[k] || !Array.isArray(p)) return null;
    out[k].problems = p;
  }
  return out;
}

// Most entries have none: one empty list for them all (never added to: a file's problems are copied).
const NO_PROBLEMS: EntryHead["problems"] = Object.freeze([]) as unknown as EntryHead["problems"];
const isCount = (n: number) => Number.isInteger(n) && n >= 0;
const isObject = (x: unknown): x is object => typeof x === "object" && x !== null && !Array.isArray(x);

/** Strings joined by NUL, as UTF-8; as a JSON array when one of them holds a NUL. */
export function encodeStrings(list: readonly string[]): { bytes: Buffer; asJson: boolean } {
  const asJson = list.some((s) => s.includes("\u0000"));
  return { bytes: Buffer.from(asJson ? JSON.stringify(list) : list.join("\u0000"), "utf8"), asJson };
}

/**
 * The strings `encodeStrings` gave `bytes`, each decoded on its own. Splitting the
 * decoded whole would give slices of it, which keep all of it alive for as long as
 * any one of them lives (an acronym's long form, a name), and it would be two bytes a
 * character throughout if any string needs it.
 */
export function decodeStrings(bytes: Buffer, count: number, asJson: boolean): string[] | null {
  if (count === 0) return bytes.length === 0 ? [] : null;
  if (asJson) {
    const list: unknown = JSON.parse(bytes.toString("utf8"));
    return Array.isArray(list) && list.length === count && list.every((s) => typeof s === "string") ? list : null;
  }
  const out: string[] = new Array(count);
  let at = 0;
  for (let i = 0; i < count - 1; i++) {
    const nul = bytes.indexOf(0, at);
    if (nul < 0) return null;
    out[i] = bytes.toString("utf8", at, nul);
    at = nul + 1;
  }
  if (bytes.indexOf(0, at) >= 0) return null; // more strings than the header says
  out[count - 1] = bytes.toString("utf8", at);
  return out;
}
