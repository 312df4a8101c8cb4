// The corpus index, stored: what indexing every record of a corpus gave (postings,
// name mentions, dates, the entities, the word counts; see Corpus.exportIndex), so that a start that
// loads the very same records takes it from one file instead of indexing them again
// (about half of a warm start at 10 000 sources). It is keyed by a signature of the
// records in load order (each file's path, id and content key) and of the code that
// indexes them (its string numbers are translated to the corpus's): anything else loaded
// gives another signature and the index is built as usual, then stored anew. Like
// the packs, a snapshot can make loading faster, never different.

import { createHash } from "node:crypto";
import { mkdir, open, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Corpus, CorpusIndexState } from "../core/corpus/corpus.js";
import { EXTRACTOR_VERSION, type DocRecord } from "../core/corpus/record.js";
import { extractorFingerprint, readAt } from "./sourceCache.js";

const MAGIC = 0x58494e42; // "BNIX"
const FORMAT = 2;
const PREFIX_BYTES = 16;
/** Where the numbers start, after the prefix and a header of `headerBytes`: aligned for an Int32Array. */
const dataOffset = (headerBytes: number) => (PREFIX_BYTES + headerBytes + 3) & ~3;

// The content key (see sourceCache.ts contentKey) of each record read from a file.
const contentKeys = new WeakMap<DocRecord, string>();

/** Notes the content key of a record as it is loaded: only records with one can be part of a stored index. */
export function rememberContentKey(record: DocRecord, key: string): void {
  contentKeys.set(record, key);
}

/** The snapshot file of a list of corpus folders (by their real paths, in order). */
export function snapshotPath(cacheDir: string, realFolders: string[]): string {
  const id = createHash("sha1").update(realFolders.join("\0")).digest("hex").slice(0, 20);
  return join(cacheDir, `v${EXTRACTOR_VERSION}`, `${id}.index`);
}

/** What the corpus's index depends on; null when a record's content key is unknown. */
export function corpusSignature(corpus: Corpus): string | null {
  const hash = createHash("sha1").update(`briefing-notes index ${FORMAT} ${extractorFingerprint()}\n`);
  for (const record of corpus.records()) {
    const key = contentKeys.get(record);
    if (!key) return null;
    hash.update(`${record.id}\0${record.path}\0${key}\n`);
  }
  return hash.digest("hex");
}

// The numbers of a state, in the order they are stored.
const ARRAYS = [
  ["postings.where", (s) => s.postings.where],
  ["postings.start", (s) => s.postings.start],
  ["postings.count", (s) => s.postings.count],
  ["postings.block", (s) => s.postings.block],
  ["mentions.keys", (s) => s.mentions.keys],
  ["mentions.lengths", (s) => s.mentions.lengths],
  ["mentions.values", (s) => s.mentions.values],
  ["firstDateRow", (s) => s.firstDateRow],
  ["furniture", (s) => s.furniture],
  ["dateRows", (s) => s.dateRows],
  ["entityIds.values", (s) => s.entityIds.values],
  ["entityIds.lengths", (s) => s.entityIds.lengths],
  ["entitySentences.values", (s) => s.entitySentences.values],
  ["entitySentences.lengths", (s) => s.entitySentences.lengths],
  ["wordDocCount", (s) => s.wordDocCount],
  ["lowercaseDocCount", (s) => s.lowercaseDocCount],
] as const satisfies readonly (readonly [string, (s: CorpusIndexState) => Int32Array])[];

interface Header {
  signature: string;
  strings: readonly string[];
  lengths: number[];
  entities: CorpusIndexState["entities"];
  otherKeys: CorpusIndexState["otherKeys"];
}

/** A stored index as read: its header (JSON), and its numbers in memory of their own, which the corpus keeps. */
export interface IndexBytes {
  header: Buffer;
  ints: Int32Array;
}

/**
 * Starts reading the stored index of these folders (by their real paths, in order) so
 * that the read overlaps loading their sources; give the result to `restoreIndex`.
 * Read on libuv's threads while this one reads the packs: read in the usual slices,
 * each would wait its turn on this thread. The header is read apart from the numbers,
 * so that it is not kept with them (3 MB of JSON at 10 000 sources).
 */
export async function prefetchIndex(cacheDir: string, realFolders: string[]): Promise<IndexBytes | null> {
  try {
    const fh = await open(snapshotPath(cacheDir, realFolders), "r");
    try {
      const { size } = await fh.stat();
      if (size < PREFIX_BYTES) return null;
      const prefix = await readAt(fh, 0, PREFIX_BYTES);
      if (prefix.readUInt32LE(0) !== MAGIC || prefix.readUInt32LE(4) !== FORMAT) return null;
      const headerBytes = prefix.readUInt32LE(8);
      const intCount = prefix.readUInt32LE(12);
      const dataAt = dataOffset(headerBytes);
      if (dataAt + intCount * 4 !== size) return null;
      // The numbers into memory of their own, at offset 0: aligned for the Int32Array over them.
      const reads = [readAt(fh, PREFIX_BYTES, headerBytes, Buffer.allocUnsafe(headerBytes)), readAt(fh, dataAt, intCount * 4, Buffer.allocUnsafeSlow(intCount * 4))];
      // Both settled before the file is closed below: no read may still be under way then.
      const [header, data] = await Promise.allSettled(reads);
      if (header.status === "rejected" || data.status === "rejected") return null;
      return { header: header.value, ints: new Int32Array(data.value.buffer, data.value.byteOffset, intCount) };
    } finally {
      await fh.close();
    }
  } catch {
    return null; // none yet, or unreadable: the index is built and stored
  }
}

/** The stored index read as `bytes`; null when it is damaged or was stored for other records. */
export function parseIndexSnapshot(bytes: IndexBytes, signature: string): CorpusIndexState | null {
  try {
    const header = JSON.parse(bytes.header.toString("utf8")) as Header;
    const { ints } = bytes;
    if (header.signature !== signature || !Array.isArray(header.lengths) || header.lengths.length !== ARRAYS.length || header.lengths.reduce((a, b) => a + b, 0) !== ints.length) return null;
    const arrays: Int32Array[] = [];
    let at = 0;
    for (const n of header.lengths) {
      arrays.push(ints.subarray(at, at + n));
      at += n;
    }
    const [where, start, count, block, mentionKeys, mentionLengths, mentionValues, firstDateRow, furniture, dateRows, idValues, idLengths, sentenceValues, sentenceLengths, wordDocCount, lowercaseDocCount] = arrays;
    if (!Array.isArray(header.strings)) return null;
    return {
      strings: header.strings,
      postings: { where, start, count, block },
      mentions: { keys: mentionKeys, lengths: mentionLengths, values: mentionValues },
      firstDateRow,
      furniture,
      dateRows,
      entities: header.entities,
      entityIds: { values: idValues, lengths: idLengths },
      entitySentences: { values: sentenceValues, lengths: sentenceLengths },
      otherKeys: header.otherKeys,
      wordDocCount,
      lowercaseDocCount,
    };
  } catch {
    return null; // damaged: it will be written again
  }
}

/** Stores the index under `signature`; written aside and renamed, so a reader never sees half of one. */
export async function writeIndexSnapshot(file: string, signature: string, state: CorpusIndexState): Promise<void> {
  const arrays = ARRAYS.map(([, of]) => of(state));
  const header: Header = { signature, strings: state.strings, lengths: arrays.map((a) => a.length), entities: state.entities, otherKeys: state.otherKeys };
  const headerBuf = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(FORMAT, 4);
  prefix.writeUInt32LE(headerBuf.length, 8);
  prefix.writeUInt32LE(header.lengths.reduce((a, b) => a + b, 0), 12);
  const pad = Buffer.alloc(dataOffset(headerBuf.length) - PREFIX_BYTES - headerBuf.length);
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(tmp, [prefix, headerBuf, pad, ...arrays.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength))]);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Gives the freshly loaded `corpus` its stored index when there is one for exactly
 * these records. Otherwise the index is stored once built: after the caller's turn
 * (which builds the entities it holds), off the user's path; `stored` settles then.
 * Never throws or rejects, as a cache cannot stop loading.
 */
export async function restoreIndex(corpus: Corpus, cacheDir: string, realFolders: string[], prefetched?: Promise<IndexBytes | null>): Promise<{ restored: boolean; stored: Promise<void> }> {
  const done = Promise.resolve();
  try {
    const signature = corpusSignature(corpus);
    if (!signature || corpus.size === 0) return { restored: false, stored: done };
    const file = snapshotPath(cacheDir, realFolders);
    const bytes = await (prefetched ?? prefetchIndex(cacheDir, realFolders));
    const state = bytes && parseIndexSnapshot(bytes, signature);
    if (state && corpus.importIndex(state)) return { restored: true, stored: done };
    const store = async () => {
      const current = corpus.exportIndex();
      if (current && corpusSignature(corpus) === signature) await writeIndexSnapshot(file, signature, current);
    };
    return { restored: false, stored: new Promise<void>((next) => setImmediate(next)).then(store).catch(() => undefined) };
  } catch {
    return { restored: false, stored: done };
  }
}
