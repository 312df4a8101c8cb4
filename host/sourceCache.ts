// The extraction cache: what was read from each source file, so that a later start
// reads nothing it has read before. One pack file per corpus folder, under a cache
// folder of its own (never inside a corpus). Each entry is keyed by the hash of the
// file's bytes (with its file name, which gives the id, and the extractor version):
// a file is taken from the pack when its size and modification time are those the
// pack recorded, or, when they are not, when its bytes hash to a key the pack has.
// A pack that is damaged, from another version or unreadable is ignored: the cache
// can make loading faster, never different.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, open, readdir, rename, stat, unlink, utimes, writeFile, type FileHandle } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXTRACTOR_VERSION, fitsLayout, mapStringNumbersIn, stringNumbersFit, type DocRecord } from "../core/corpus/record.js";
import type { LoadProblem } from "../core/types.js";
import { decodeEntries, decodeStrings, encodeEntries, encodeStrings, entryWidth, type EntryHead } from "./packEntries.js";
import { PackedRecord, PackFile } from "./packFile.js";

const MAGIC = 0x4b504e42; // "BNPK"
const FORMAT = 4;
/**
 * Magic, format, extractor version; the byte sizes of the JSON header, the entries'
 * strings and the records' strings; how many entries; how many numbers the records
 * keep and how many their word lists hold.
 */
const PREFIX_BYTES = 48;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** `$XDG_CACHE_HOME/briefing-notes`, else `~/.cache/briefing-notes`. */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith("/") ? xdg : join(homedir(), ".cache"), "briefing-notes");
}

/** The cache key of a source file: its bytes, its file name and the extractor (version and code). */
export function contentKey(path: string, bytes: Uint8Array): string {
  return createHash("sha1").update(`briefing-notes extractor ${extractorFingerprint()}\0${basename(path)}\0`).update(bytes).digest("hex");
}

let fingerprint: string | undefined;

/**
 * What the cache depends on besides the bytes of a source: the extraction code
 * itself. Any change to the code that reads documents (core/text, core/corpus, the
 * YAML and stemming packages) gives another fingerprint, so a cache written by
 * other code is never used, with no version number to remember to bump.
 */
export function extractorFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash("sha1").update(`v${EXTRACTOR_VERSION}\0`);
  const here = dirname(fileURLToPath(import.meta.url));
  const coreDirs = [join(here, "..", "core", "text"), join(here, "..", "core", "corpus")];
  // Built with tsc: the core's own files; in a bundle: the bundle's scripts.
  const dirs = coreDirs.every((d) => existsSync(d)) ? coreDirs : [join(here, "..")];
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => /\.(js|cjs|mjs)$/.test(n)).sort();
    } catch {
      // an unreadable folder only makes the fingerprint less specific
    }
    for (const name of names) hash.update(name).update(readFileSync(join(dir, name)));
  }
  const require = createRequire(import.meta.url);
  for (const pkg of ["yaml", "stemmer"]) {
    try {
      hash.update(`${pkg}@${JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version}`);
    } catch {
      // bundled: its code is in the bundle hashed above
    }
  }
  return (fingerprint = hash.digest("hex").slice(0, 16));
}

/** The pack file of a corpus folder (by its real path). */
export function packPath(cacheDir: string, realFolder: string): string {
  const id = createHash("sha1").update(realFolder).digest("hex").slice(0, 20);
  return join(cacheDir, `v${EXTRACTOR_VERSION}`, `${id}.pack`);
}

export interface PackEntry {
  key: string;
  /** Relative to the folder. */
  path: string;
  size: number;
  mtimeMs: number;
  /** The file's loading problems, without their path. */
  problems: Omit<LoadProblem, "path">[];
  record: DocRecord;
}

export interface Pack {
  /** When the pack was written: a file modified about then may have changed unseen. */
  writtenAt: number;
  entries: PackEntry[];
}

/** The JSON part of a pack's header: the rest is numbers and strings (see packEntries.ts). */
interface Header {
  folder: string;
  extractor: string;
  writtenAt: number;
  stringCount: number;
  stringsAsJson: boolean;
  entryStringCount: number;
  entryStringsAsJson: boolean;
  /** The loading problems of the entries that have any, by entry number. */
  problems: [number, PackEntry["problems"]][];
}

/**
 * A pack holds, after its header, strings and entry numbers, three regions: the
 * numbers the corpus keeps in memory (each of these arrays of every record in turn:
 * all the records' sentences, then all their keys …, so that one pass per array checks
 * a whole pack), the word lists (each record's two in turn), and the texts. Only the
 * first is read while loading: records read the others from the file when asked for
 * (see packFile.ts). On the virtual machines measured, memory touched for the first
 * time cost more than reading into it (about 3 ms a MB), so a warm start reads only
 * what it keeps.
 */
const RESIDENT_ARRAYS = ["sentences", "keys", "names", "dates", "acronyms", "extra"] as const;
const WORD_ARRAYS = ["words", "lowercase"] as const;
/** A header entry's `lengths`: the record's arrays in this order. */
const ARRAY_ORDER = [...RESIDENT_ARRAYS, ...WORD_ARRAYS] as const;

// The bytes of texts extracted in this process, so that writing a pack need not re-encode them.
const textBytesOf = new WeakMap<DocRecord, Uint8Array>();

/**
 * Keeps a record's text as UTF-8 bytes, decoded when a view reads it: about half the
 * memory of the string for most sources, and what a pack stores anyway.
 */
export function keepTextAsBytes(record: DocRecord, utf8?: Buffer): DocRecord {
  if (textBytesOf.has(record)) return record;
  const bytes = utf8 ?? Buffer.from(record.text, "utf8");
  Object.defineProperty(record, "text", { enumerable: true, configurable: true, get: () => bytes.toString("utf8") });
  textBytesOf.set(record, bytes);
  return record;
}

/** A record's text as UTF-8, as a pack stores it. */
function utf8Of(r: DocRecord): Uint8Array {
  return r instanceof PackedRecord ? r.textBytes() : (textBytesOf.get(r) ?? Buffer.from(r.text, "utf8"));
}

/** Reads a folder's pack; null when there is none or it cannot be trusted. */
export async function readPack(file: string, realFolder: string): Promise<Pack | null> {
  let fh: FileHandle;
  try {
    fh = await open(file, "r");
  } catch {
    return null;
  }
  try {
    // A pack in use is kept fresh: unused ones are pruned after a month.
    const now = new Date();
    void utimes(file, now, now).catch(() => undefined);
    return await parsePack(fh, file, realFolder);
  } catch {
    return null; // damaged: ignore it, it will be written again
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** `length` bytes from `position` (into `into`), in as few reads as the system allows. */
export async function readAt(fh: FileHandle, position: number, length: number, into = Buffer.alloc(length)): Promise<Buffer> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(into, done, length - done, position + done);
    if (bytesRead === 0) throw new Error("the pack ends early");
    done += bytesRead;
  }
  return into;
}

const NO_NUMBERS = new Int32Array(0);

// The header, strings and entry numbers are read and decoded on their own; the
// numbers the corpus keeps into a buffer of their own, so nothing else stays in
// memory. The word lists and texts stay in the file, which the records keep open.
// The prefix gives the size of every region, so both reads start at once and the
// numbers arrive while the header is decoded.
async function parsePack(fh: FileHandle, file: string, realFolder: string): Promise<Pack | null> {
  const stat = await fh.stat();
  const size = stat.size;
  if (size < PREFIX_BYTES || !LITTLE_ENDIAN) return null;
  const prefix = await readAt(fh, 0, PREFIX_BYTES);
  if (prefix.readUInt32LE(0) !== MAGIC || prefix.readUInt32LE(4) !== FORMAT || prefix.readUInt32LE(8) !== EXTRACTOR_VERSION) return null;
  const [jsonBytes, entryStringBytes, stringBytes, entryCount, residentInts, wordInts] = [12, 16, 20, 24, 28, 32].map((at) => prefix.readUInt32LE(at));
  const entryNumbers = entryCount * entryWidth(ARRAY_ORDER.length);
  const entryStringsAt = PREFIX_BYTES + jsonBytes;
  const stringsAt = entryStringsAt + entryStringBytes;
  const entriesAt = (stringsAt + stringBytes + 7) & ~7;
  const residentAt = entriesAt + entryNumbers * 8;
  const wordsAt = residentAt + residentInts * 4;
  const textsAt = wordsAt + wordInts * 4;
  if (textsAt > size) return null;
  // Buffers of their own start at offset 0 of their memory: aligned for typed arrays.
  const reads = [
    readAt(fh, PREFIX_BYTES, residentAt - PREFIX_BYTES, Buffer.allocUnsafeSlow(residentAt - PREFIX_BYTES)),
    readAt(fh, residentAt, residentInts * 4, Buffer.allocUnsafeSlow(residentInts * 4)),
  ] as const;
  try {
    const head = await reads[0];
    const region = (at: number, bytes: number) => head.subarray(at - PREFIX_BYTES, at - PREFIX_BYTES + bytes);
    const header = JSON.parse(region(PREFIX_BYTES, jsonBytes).toString("utf8")) as Header;
    if (header.folder !== realFolder || header.extractor !== extractorFingerprint() || !Array.isArray(header.problems)) return null;
    const strings = decodeStrings(region(stringsAt, stringBytes), header.stringCount, header.stringsAsJson);
    const entryStrings = decodeStrings(region(entryStringsAt, entryStringBytes), header.entryStringCount, header.entryStringsAsJson);
    if (!strings || !entryStrings) return null;
    const numbers = new Float64Array(head.buffer, head.byteOffset + entriesAt - PREFIX_BYTES, entryNumbers);
    const entries = decodeEntries(numbers, entryStrings, header.problems, ARRAY_ORDER.length);
    if (!entries || entries.length !== entryCount) return null;
    let textBytes = 0;
    for (const h of entries) textBytes += h.textBytes;
    if (textsAt + textBytes !== size) return null;
    const residentData = await reads[1];
    const resident = new Int32Array(residentData.buffer, residentData.byteOffset, residentInts);
    return recordsOf(header.writtenAt, entries, strings, resident, wordInts, new PackFile(file, stat), wordsAt, textsAt);
  } finally {
    // The file is closed after this returns: no read may still be under way.
    await Promise.allSettled(reads);
  }
}

function recordsOf(writtenAt: number, heads: EntryHead[], strings: string[], resident: Int32Array, wordInts: number, packFile: PackFile, wordsAt: number, textsAt: number): Pack | null {
  // Where each resident array of each record starts: the arrays of one name, of every record in turn, come one after the other.
  const starts = RESIDENT_ARRAYS.map(() => new Float64Array(heads.length + 1));
  let residentNext = 0;
  for (let a = 0; a < RESIDENT_ARRAYS.length; a++) {
    const start = starts[a];
    start[0] = residentNext;
    for (let k = 0; k < heads.length; k++) {
      const n = heads[k].lengths[a];
      if (!Number.isInteger(n) || n < 0 || residentNext + n > resident.length) return null;
      residentNext += n;
      start[k + 1] = residentNext;
    }
    // One pass per array over every record: string numbers past the table fail.
    const all = resident.subarray(start[0], residentNext);
    if (!stringNumbersFit(RESIDENT_ARRAYS[a], all, strings.length)) return null;
  }
  if (residentNext !== resident.length) return null;
  let wordNext = 0;
  let textNext = textsAt;
  const entries: PackEntry[] = new Array(heads.length);
  const arrays: Int32Array[] = new Array(RESIDENT_ARRAYS.length);
  for (let k = 0; k < heads.length; k++) {
    const h = heads[k];
    for (let a = 0; a < RESIDENT_ARRAYS.length; a++) {
      const from = starts[a][k];
      const to = starts[a][k + 1];
      // Most records have no `extra`, many no acronym: one empty array for them all, not 10 000.
      const array = from === to ? NO_NUMBERS : resident.subarray(from, to);
      if (!fitsLayout(RESIDENT_ARRAYS[a], array)) return null;
      arrays[a] = array;
    }
    const [sentences, keys, names, dates, acronyms, extra] = arrays;
    const wordCount = h.lengths[RESIDENT_ARRAYS.length];
    const lowercaseCount = h.lengths[RESIDENT_ARRAYS.length + 1];
    if (!Number.isInteger(wordCount) || !Number.isInteger(lowercaseCount) || wordCount < 0 || lowercaseCount < 0 || wordNext + wordCount + lowercaseCount > wordInts) return null;
    const record = new PackedRecord(h.id, h.recordPath, h.bodyStart, h.meta, h.published, strings, sentences, keys, names, dates, acronyms, extra, {
      file: packFile,
      textAt: textNext,
      textBytes: h.textBytes,
      wordsAt: wordsAt + wordNext * 4,
      wordCount,
      lowercaseAt: wordsAt + (wordNext + wordCount) * 4,
      lowercaseCount,
    });
    wordNext += wordCount + lowercaseCount;
    textNext += h.textBytes;
    entries[k] = { key: h.key, path: h.path, size: h.size, mtimeMs: h.mtimeMs, problems: h.problems, record };
  }
  if (wordNext !== wordInts) return null;
  return { writtenAt, entries };
}

/**
 * Writes a folder's pack: every entry's record, with one string table for them all.
 * Written to a temporary file and renamed, so a reader never sees half a pack.
 */
export async function writePack(file: string, realFolder: string, entries: PackEntry[], writtenAt = Date.now()): Promise<void> {
  const strings = new PackStrings();
  let residentInts = 0;
  let wordInts = 0;
  const heads: EntryHead[] = [];
  // The word lists of a record read from a pack are read from its file: once each.
  const wordLists: Int32Array[][] = [];
  for (const e of entries) {
    const r = e.record;
    const words = WORD_ARRAYS.map((name) => r[name]);
    wordLists.push(words);
    const lengths = [...RESIDENT_ARRAYS.map((name) => r[name].length), ...words.map((w) => w.length)];
    for (let i = 0; i < lengths.length; i++) {
      if (i < RESIDENT_ARRAYS.length) residentInts += lengths[i];
      else wordInts += lengths[i];
    }
    const textBytes = r instanceof PackedRecord ? r.textByteLength : (textBytesOf.get(r)?.byteLength ?? Buffer.byteLength(r.text, "utf8"));
    heads.push({ key: e.key, path: e.path, size: e.size, mtimeMs: e.mtimeMs, problems: e.problems, id: r.id, recordPath: r.path, bodyStart: r.bodyStart, meta: r.meta, published: r.published, textBytes, lengths });
  }
  // String numbers become the pack's (numbered in the order first used); other numbers are copied.
  const maps = entries.map((e) => strings.mapOf(e.record.strings));
  const resident = new Int32Array(residentInts);
  const words = new Int32Array(wordInts);
  let residentNext = 0;
  let wordNext = 0;
  let since = 0;
  // In slices: the pack is written while the server answers, after a cold load.
  const due = (numbers: number) => (since += numbers) >= SLICE_NUMBERS && ((since = 0), true);
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  for (const name of RESIDENT_ARRAYS) {
    for (let k = 0; k < entries.length; k++) {
      const a = entries[k].record[name];
      if (due(a.length)) await nextTurn();
      resident.set(a, residentNext);
      mapStringNumbersIn(name, resident.subarray(residentNext, residentNext + a.length), maps[k]);
      residentNext += a.length;
    }
  }
  for (let k = 0; k < entries.length; k++) {
    for (const a of wordLists[k]) {
      if (due(a.length)) await nextTurn();
      words.set(a, wordNext);
      mapStringNumbersIn("words", words.subarray(wordNext, wordNext + a.length), maps[k]);
      wordNext += a.length;
    }
  }
  wordLists.length = 0;
  const list = strings.list;
  const recordStrings = encodeStrings(list);
  const { numbers, strings: entryStringList, problems } = encodeEntries(heads, ARRAY_ORDER.length);
  const entryStrings = encodeStrings(entryStringList);
  const header: Header = {
    folder: realFolder,
    extractor: extractorFingerprint(),
    writtenAt,
    stringCount: list.length,
    stringsAsJson: recordStrings.asJson,
    entryStringCount: entryStringList.length,
    entryStringsAsJson: entryStrings.asJson,
    problems,
  };
  const headerBuf = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(FORMAT, 4);
  prefix.writeUInt32LE(EXTRACTOR_VERSION, 8);
  [headerBuf.length, entryStrings.bytes.length, recordStrings.bytes.length, entries.length, residentInts, wordInts].forEach((n, i) => prefix.writeUInt32LE(n, 12 + 4 * i));
  const before = PREFIX_BYTES + headerBuf.length + entryStrings.bytes.length + recordStrings.bytes.length;
  const pad = Buffer.alloc(((before + 7) & ~7) - before);
  await mkdir(join(file, ".."), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  // Texts are fetched as they are written (a pack's from its file): never all in memory at once.
  function* pieces(): Generator<Uint8Array> {
    yield* [prefix, headerBuf, entryStrings.bytes, recordStrings.bytes, pad, new Uint8Array(numbers.buffer), new Uint8Array(resident.buffer), new Uint8Array(words.buffer)];
    for (const e of entries) yield utf8Of(e.record);
  }
  try {
    await writeAll(tmp, pieces());
    await replace(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await pruneStale(dirname(file));
}

/**
 * Renames `tmp` to `file`. Where an open file cannot be renamed over (Windows: this
 * process's records may hold the old pack open), the old pack is moved aside first;
 * it goes once closed (pruneStale removes leftover temporary files).
 */
async function replace(tmp: string, file: string): Promise<void> {
  try {
    await rename(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "EACCES" && code !== "EBUSY") throw e;
    const aside = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.old.tmp`;
    await rename(file, aside);
    await rename(tmp, file);
    await unlink(aside).catch(() => undefined);
  }
}

// About 10 ms of translating string numbers.
const SLICE_NUMBERS = 200_000;

async function writeAll(file: string, buffers: Iterable<Uint8Array>): Promise<void> {
  const fh = await open(file, "w");
  try {
    const it = buffers[Symbol.iterator]();
    for (;;) {
      const some: Uint8Array[] = [];
      while (some.length < 1024) {
        const r = it.next();
        if (r.done) break;
        some.push(r.value);
      }
      if (some.length === 0) break;
      const length = some.reduce((n, b) => n + b.byteLength, 0);
      let written = 0;
      while (written < length) {
        // A short write leaves the rest, from where it stopped.
        const rest = written === 0 ? some : remainder(some, written);
        written += (await fh.writev(rest)).bytesWritten;
      }
    }
  } finally {
    await fh.close();
  }
}

function remainder(buffers: Uint8Array[], skip: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const b of buffers) {
    if (skip >= b.byteLength) skip -= b.byteLength;
    else {
      out.push(skip > 0 ? b.subarray(skip) : b);
      skip = 0;
    }
  }
  return out;
}

/**
 * The pack's string table: the strings its records use, each once. Records refer to
 * strings by their number in a table of their own (most share the corpus's): each
 * table gets a translation to the pack's numbers, filled as its numbers are met.
 */
class PackStrings {
  readonly list: string[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly maps = new Map<readonly string[], { from: readonly string[]; map: Int32Array }>();

  mapOf(from: readonly string[]): (n: number) => number {
    let m = this.maps.get(from);
    if (!m || m.map.length < from.length) {
      const map = new Int32Array(from.length).fill(-1);
      if (m) map.set(m.map);
      this.maps.set(from, (m = { from, map }));
    }
    const { map } = m;
    return (n: number) => {
      if (n < 0) return n; // no string
      let k = map[n];
      if (k < 0) {
        const s = from[n];
        k = this.numbers.get(s) ?? -1;
        if (k < 0) {
          k = this.list.length;
          this.list.push(s);
          this.numbers.set(s, k);
        }
        map[n] = k;
      }
      return k;
    };
  }
}

const STALE_PACK_MS = 30 * 24 * 3600_000;

// Packs of folders not loaded for a month (and temporary files left by a crash) go.
async function pruneStale(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = join(dir, name);
    const age = now - ((await stat(file).catch(() => null))?.mtimeMs ?? now);
    if (((name.endsWith(".pack") || name.endsWith(".index")) && age > STALE_PACK_MS) || (name.endsWith(".tmp") && age > 3600_000)) await unlink(file).catch(() => undefined);
  }
}
