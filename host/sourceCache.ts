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
import { A_FIELDS, D_FIELDS, D_TEXT, EXTRACTOR_VERSION, maxStringNumber, N_FIELDS, N_KEY, N_TEXT, S_FIELDS, S_TEXT, type DocRecord } from "../core/corpus/record.js";
import type { LoadProblem } from "../core/types.js";
import { PackedRecord, PackFile, type OnDisk } from "./packFile.js";

const MAGIC = 0x4b504e42; // "BNPK"
const FORMAT = 3;
/** Magic, format, extractor version, then the byte sizes of the header and strings and the counts of kept and word-list numbers. */
const PREFIX_BYTES = 32;
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

interface HeaderEntry {
  key: string;
  path: string;
  size: number;
  mtimeMs: number;
  problems: Omit<LoadProblem, "path">[];
  id: string;
  recordPath: string;
  bodyStart: number;
  meta: DocRecord["meta"];
  published?: DocRecord["published"];
  textBytes: number;
  lengths: number[];
}

interface Header {
  folder: string;
  extractor: string;
  writtenAt: number;
  stringCount: number;
  stringBytes: number;
  stringsAsJson: boolean;
  /** How many numbers the records keep in memory (RESIDENT_ARRAYS), then how many their word lists hold (WORD_ARRAYS). */
  residentInts: number;
  wordInts: number;
  entries: HeaderEntry[];
}

/**
 * A pack holds, after its header and strings, three regions: the numbers the corpus
 * keeps in memory (these arrays of every record in turn), the word lists, and the
 * texts. Only the first is read into memory to stay; the word lists are read once
 * while loading (the corpus counts them) and the texts not at all: records read both
 * from the file when asked for (see packFile.ts).
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

async function readAt(fh: FileHandle, position: number, length: number, into = Buffer.alloc(length)): Promise<Buffer> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(into, done, length - done, position + done);
    if (bytesRead === 0) throw new Error("the pack ends early");
    done += bytesRead;
  }
  return into;
}

const NO_NUMBERS = new Int32Array(0);

// The header and strings are read and parsed on their own; the numbers the corpus
// keeps into a buffer of their own, so nothing else stays in memory. The word lists
// are read into a buffer let go once the corpus has counted them; the texts stay in
// the file, which the records keep open. The prefix gives the size of every region,
// so all are read at once and the numbers arrive while the header is parsed.
async function parsePack(fh: FileHandle, file: string, realFolder: string): Promise<Pack | null> {
  const stat = await fh.stat();
  const size = stat.size;
  if (size < PREFIX_BYTES || !LITTLE_ENDIAN) return null;
  const prefix = await readAt(fh, 0, PREFIX_BYTES);
  if (prefix.readUInt32LE(0) !== MAGIC || prefix.readUInt32LE(4) !== FORMAT || prefix.readUInt32LE(8) !== EXTRACTOR_VERSION) return null;
  const headerBytes = prefix.readUInt32LE(12);
  const stringByteCount = prefix.readUInt32LE(16);
  const residentInts = prefix.readUInt32LE(20);
  const wordInts = prefix.readUInt32LE(24);
  const stringsAt = PREFIX_BYTES + headerBytes;
  const residentAt = (stringsAt + stringByteCount + 3) & ~3;
  const wordsAt = residentAt + residentInts * 4;
  const textsAt = wordsAt + wordInts * 4;
  if (textsAt > size) return null;
  // Buffers of their own start at offset 0 of their memory: aligned for Int32Array.
  const reads = [
    readAt(fh, PREFIX_BYTES, headerBytes),
    readAt(fh, stringsAt, stringByteCount),
    readAt(fh, residentAt, residentInts * 4, Buffer.allocUnsafeSlow(residentInts * 4)),
    readAt(fh, wordsAt, wordInts * 4, Buffer.allocUnsafeSlow(wordInts * 4)),
  ] as const;
  try {
    const header = JSON.parse((await reads[0]).toString("utf8")) as Header;
    if (header.folder !== realFolder || header.extractor !== extractorFingerprint()) return null;
    if (header.stringBytes !== stringByteCount || header.residentInts !== residentInts || header.wordInts !== wordInts) return null;
    const stringBytes = await reads[1];
    const strings: string[] = header.stringCount === 0 ? [] : header.stringsAsJson ? JSON.parse(stringBytes.toString("utf8")) : splitStrings(stringBytes);
    if (strings.length !== header.stringCount) return null;
    let textBytes = 0;
    for (const h of header.entries) textBytes += h.textBytes;
    if (textsAt + textBytes !== size) return null;
    const residentData = await reads[2];
    const resident = new Int32Array(residentData.buffer, residentData.byteOffset, residentInts);
    const wordData = await reads[3];
    const words = new Int32Array(wordData.buffer, wordData.byteOffset, wordInts);
    for (let i = 0; i < words.length; i++) if (words[i] < 0 || words[i] >= strings.length) return null;
    return recordsOf(header, strings, resident, words, new PackFile(file, stat), wordsAt, textsAt);
  } finally {
    // The file is closed after this returns: no read may still be under way.
    await Promise.allSettled(reads);
  }
}

function recordsOf(header: Header, strings: string[], resident: Int32Array, words: Int32Array, packFile: PackFile, wordsAt: number, textsAt: number): Pack | null {
  let residentNext = 0;
  let wordNext = 0;
  let textNext = textsAt;
  const entries: PackEntry[] = [];
  for (const h of header.entries) {
    if (h.lengths.length !== ARRAY_ORDER.length) return null;
    const arrays: Int32Array[] = [];
    for (let i = 0; i < RESIDENT_ARRAYS.length; i++) {
      const n = h.lengths[i];
      if (residentNext + n > resident.length) return null;
      // Most records have no `extra`, many no acronym: one empty array for them all, not 10 000.
      arrays.push(n === 0 ? NO_NUMBERS : resident.subarray(residentNext, residentNext + n));
      residentNext += n;
    }
    const [sentences, keys, names, dates, acronyms, extra] = arrays;
    if (maxStringNumber({ sentences, keys, names, dates, acronyms, extra, words: NO_NUMBERS, lowercase: NO_NUMBERS } as DocRecord) >= strings.length) return null;
    const wordCount = h.lengths[RESIDENT_ARRAYS.length];
    const lowercaseCount = h.lengths[RESIDENT_ARRAYS.length + 1];
    if (wordNext + wordCount + lowercaseCount > words.length) return null;
    const disk: OnDisk = {
      file: packFile,
      textAt: textNext,
      textBytes: h.textBytes,
      wordsAt: wordsAt + wordNext * 4,
      wordCount,
      lowercaseAt: wordsAt + (wordNext + wordCount) * 4,
      lowercaseCount,
      loadedWords: words.subarray(wordNext, wordNext + wordCount),
      loadedLowercase: words.subarray(wordNext + wordCount, wordNext + wordCount + lowercaseCount),
    };
    wordNext += wordCount + lowercaseCount;
    textNext += h.textBytes;
    const record = new PackedRecord(h.id, h.recordPath, h.bodyStart, h.meta, h.published, strings, sentences, keys, names, dates, acronyms, extra, disk);
    entries.push({ key: h.key, path: h.path, size: h.size, mtimeMs: h.mtimeMs, problems: h.problems, record });
  }
  if (residentNext !== resident.length || wordNext !== words.length) return null;
  return { writtenAt: header.writtenAt, entries };
}

/**
 * The NUL-separated strings of a pack, each decoded on its own. Splitting the decoded
 * whole gives slices of it, which keep all 2 MB of it alive for as long as any one
 * of them lives (an acronym's long form, a name); and it is two bytes a character
 * throughout if any string needs it. Costs a few ms more at 10 000 sources.
 */
function splitStrings(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; ; ) {
    const nul = bytes.indexOf(0, at);
    out.push(bytes.toString("utf8", at, nul < 0 ? bytes.length : nul));
    if (nul < 0) return out;
    at = nul + 1;
  }
}

/**
 * Writes a folder's pack: every entry's record, with one string table for them all.
 * Written to a temporary file and renamed, so a reader never sees half a pack.
 */
export async function writePack(file: string, realFolder: string, entries: PackEntry[], writtenAt = Date.now()): Promise<void> {
  const strings = new PackStrings();
  let residentInts = 0;
  let wordInts = 0;
  const headerEntries: HeaderEntry[] = [];
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
    headerEntries.push({ key: e.key, path: e.path, size: e.size, mtimeMs: e.mtimeMs, problems: e.problems, id: r.id, recordPath: r.path, bodyStart: r.bodyStart, meta: r.meta, published: r.published, textBytes, lengths });
  }
  // String numbers become the pack's (numbered in the order first used); other numbers are copied.
  const resident = new Int32Array(residentInts);
  const words = new Int32Array(wordInts);
  let residentNext = 0;
  let wordNext = 0;
  let since = 0;
  for (let k = 0; k < entries.length; k++) {
    const r = entries[k].record;
    // In slices: the pack is written while the server answers, after a cold load.
    if ((since += r.keys.length) > SLICE_NUMBERS) {
      since = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const map = strings.mapOf(r.strings);
    for (const name of RESIDENT_ARRAYS) {
      const a = r[name];
      resident.set(a, residentNext);
      translateStrings(name, resident.subarray(residentNext, residentNext + a.length), map);
      residentNext += a.length;
    }
    for (const a of wordLists[k]) {
      words.set(a, wordNext);
      translateStrings("words", words.subarray(wordNext, wordNext + a.length), map);
      wordNext += a.length;
    }
  }
  wordLists.length = 0;
  const list = strings.list;
  const asJson = list.some((s) => s.includes("\u0000"));
  const stringBuf = Buffer.from(asJson ? JSON.stringify(list) : list.join("\u0000"), "utf8");
  const header: Header = { folder: realFolder, extractor: extractorFingerprint(), writtenAt, stringCount: list.length, stringBytes: stringBuf.length, stringsAsJson: asJson, residentInts, wordInts, entries: headerEntries };
  const headerBuf = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(FORMAT, 4);
  prefix.writeUInt32LE(EXTRACTOR_VERSION, 8);
  prefix.writeUInt32LE(headerBuf.length, 12);
  prefix.writeUInt32LE(stringBuf.length, 16);
  prefix.writeUInt32LE(residentInts, 20);
  prefix.writeUInt32LE(wordInts, 24);
  const before = PREFIX_BYTES + headerBuf.length + stringBuf.length;
  const pad = Buffer.alloc(((before + 3) & ~3) - before);
  await mkdir(join(file, ".."), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  // Texts are fetched as they are written (a pack's from its file): never all in memory at once.
  function* pieces(): Generator<Uint8Array> {
    yield* [prefix, headerBuf, stringBuf, pad, new Uint8Array(resident.buffer), new Uint8Array(words.buffer)];
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

// Translates, in place, the string numbers among a record array's numbers.
function translateStrings(name: (typeof ARRAY_ORDER)[number], out: Int32Array, t: (n: number) => number): void {
  switch (name) {
    case "keys":
    case "words":
    case "lowercase":
      for (let i = 0; i < out.length; i++) out[i] = t(out[i]);
      break;
    case "sentences":
      for (let i = S_TEXT; i < out.length; i += S_FIELDS) out[i] = t(out[i]);
      break;
    case "names":
      for (let i = 0; i < out.length; i += N_FIELDS) {
        out[i + N_KEY] = t(out[i + N_KEY]);
        out[i + N_TEXT] = t(out[i + N_TEXT]);
      }
      break;
    case "dates":
      for (let i = D_TEXT; i < out.length; i += D_FIELDS) out[i] = t(out[i]);
      break;
    case "acronyms":
      for (let i = 0; i < out.length; i += A_FIELDS) {
        out[i] = t(out[i]);
        out[i + 1] = t(out[i + 1]);
      }
      break;
    case "extra":
      for (let i = 0; i < out.length; i += out[i] + 1) for (let k = 1; k <= out[i]; k++) out[i + k] = t(out[i + k]);
      break;
  }
}
