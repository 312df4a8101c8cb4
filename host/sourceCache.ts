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
import { A_FIELDS, D_FIELDS, D_TEXT, EXTRACTOR_VERSION, maxStringNumber, N_FIELDS, N_KEY, N_TEXT, RECORD_ARRAYS, S_FIELDS, S_TEXT, type DocRecord } from "../core/corpus/record.js";
import type { LoadProblem } from "../core/types.js";

const MAGIC = 0x4b504e42; // "BNPK"
const FORMAT = 1;
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
  intCount: number;
  entries: HeaderEntry[];
}

// The bytes of texts read from a pack, so that writing the pack again need not re-encode them.
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
    return await parsePack(fh, realFolder);
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

// The header and strings are read and parsed on their own; the numbers and texts,
// which the corpus keeps, into a buffer of their own, so nothing else stays in memory.
async function parsePack(fh: FileHandle, realFolder: string): Promise<Pack | null> {
  const size = (await fh.stat()).size;
  if (size < 16 || !LITTLE_ENDIAN) return null;
  const prefix = await readAt(fh, 0, 16);
  if (prefix.readUInt32LE(0) !== MAGIC || prefix.readUInt32LE(4) !== FORMAT || prefix.readUInt32LE(8) !== EXTRACTOR_VERSION) return null;
  const headerBytes = prefix.readUInt32LE(12);
  if (16 + headerBytes > size) return null;
  const header = JSON.parse((await readAt(fh, 16, headerBytes)).toString("utf8")) as Header;
  if (header.folder !== realFolder || header.extractor !== extractorFingerprint()) return null;
  let at = 16 + headerBytes;
  if (at + header.stringBytes > size) return null;
  const stringText = (await readAt(fh, at, header.stringBytes)).toString("utf8");
  const strings: string[] = header.stringCount === 0 ? [] : header.stringsAsJson ? JSON.parse(stringText) : stringText.split("\u0000");
  if (strings.length !== header.stringCount) return null;
  at = (at + header.stringBytes + 3) & ~3;
  const intBytes = header.intCount * 4;
  if (at + intBytes > size) return null;
  // A buffer of its own starts at offset 0 of its memory: aligned for Int32Array.
  const data = await readAt(fh, at, size - at, Buffer.allocUnsafeSlow(size - at));
  const buf = data;
  const ints = new Int32Array(data.buffer, data.byteOffset, header.intCount);
  at = intBytes;
  let intAt = 0;
  const entries: PackEntry[] = [];
  for (const h of header.entries) {
    const arrays: Int32Array[] = [];
    for (const n of h.lengths) {
      if (intAt + n > ints.length) return null;
      arrays.push(ints.subarray(intAt, intAt + n));
      intAt += n;
    }
    if (arrays.length !== RECORD_ARRAYS.length || at + h.textBytes > buf.length) return null;
    const bytes = buf.subarray(at, at + h.textBytes);
    at += h.textBytes;
    const record = {
      id: h.id,
      path: h.recordPath,
      bodyStart: h.bodyStart,
      meta: h.meta,
      published: h.published,
      strings,
    } as Partial<DocRecord> as DocRecord;
    RECORD_ARRAYS.forEach((name, i) => ((record as unknown as Record<string, Int32Array>)[name] = arrays[i]));
    // Decoded when a view asks for it; the corpus keeps only the bytes.
    Object.defineProperty(record, "text", { enumerable: true, configurable: true, get: () => bytes.toString("utf8") });
    textBytesOf.set(record, bytes);
    if (maxStringNumber(record) >= strings.length) return null;
    entries.push({ key: h.key, path: h.path, size: h.size, mtimeMs: h.mtimeMs, problems: h.problems, record });
  }
  return { writtenAt: header.writtenAt, entries };
}

/**
 * Writes a folder's pack: every entry's record, with one string table for them all.
 * Written to a temporary file and renamed, so a reader never sees half a pack.
 */
export async function writePack(file: string, realFolder: string, entries: PackEntry[], writtenAt = Date.now()): Promise<void> {
  const strings = new PackStrings();
  let intCount = 0;
  const headerEntries: HeaderEntry[] = [];
  const texts: Uint8Array[] = [];
  for (const e of entries) {
    const r = e.record;
    const lengths = RECORD_ARRAYS.map((name) => r[name].length);
    intCount += lengths.reduce((a, b) => a + b, 0);
    const text = textBytesOf.get(r) ?? Buffer.from(r.text, "utf8");
    texts.push(text);
    headerEntries.push({ key: e.key, path: e.path, size: e.size, mtimeMs: e.mtimeMs, problems: e.problems, id: r.id, recordPath: r.path, bodyStart: r.bodyStart, meta: r.meta, published: r.published, textBytes: text.byteLength, lengths });
  }
  // String numbers become the pack's (numbered in the order first used); other numbers are copied.
  const ints = new Int32Array(intCount);
  let at = 0;
  let since = 0;
  for (const e of entries) {
    // In slices: the pack is written while the server answers, after a cold load.
    if ((since += e.record.keys.length) > SLICE_NUMBERS) {
      since = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const r = e.record;
    const map = strings.mapOf(r.strings);
    for (const name of RECORD_ARRAYS) {
      const a = r[name];
      ints.set(a, at);
      translateStrings(name, ints.subarray(at, at + a.length), map);
      at += a.length;
    }
  }
  const list = strings.list;
  const asJson = list.some((s) => s.includes("\u0000"));
  const stringBuf = Buffer.from(asJson ? JSON.stringify(list) : list.join("\u0000"), "utf8");
  const header: Header = { folder: realFolder, extractor: extractorFingerprint(), writtenAt, stringCount: list.length, stringBytes: stringBuf.length, stringsAsJson: asJson, intCount, entries: headerEntries };
  const headerBuf = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(16);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(FORMAT, 4);
  prefix.writeUInt32LE(EXTRACTOR_VERSION, 8);
  prefix.writeUInt32LE(headerBuf.length, 12);
  const before = 16 + headerBuf.length + stringBuf.length;
  const pad = Buffer.alloc(((before + 3) & ~3) - before);
  await mkdir(join(file, ".."), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // Written piece by piece: one buffer of the whole pack would be a second copy of every text.
    await writeAll(tmp, [prefix, headerBuf, stringBuf, pad, new Uint8Array(ints.buffer), ...texts]);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await pruneStale(dirname(file));
}

// About 10 ms of translating string numbers.
const SLICE_NUMBERS = 200_000;

async function writeAll(file: string, buffers: Uint8Array[]): Promise<void> {
  const fh = await open(file, "w");
  try {
    for (let i = 0; i < buffers.length; i += 1024) {
      const some = buffers.slice(i, i + 1024);
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
    if ((name.endsWith(".pack") && age > STALE_PACK_MS) || (name.endsWith(".tmp") && age > 3600_000)) await unlink(file).catch(() => undefined);
  }
}

// Translates, in place, the string numbers among a record array's numbers.
function translateStrings(name: (typeof RECORD_ARRAYS)[number], out: Int32Array, t: (n: number) => number): void {
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
