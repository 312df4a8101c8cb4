// Records read from a cache pack that leave their bulkiest parts in the pack file:
// the document's text and its word lists, about half of what a pack holds, are read
// back from the file when a view asks for them (a few microseconds each), instead of
// being held in memory for every document of the corpus. A warm start reads neither:
// the corpus's word counts come with its stored index (see indexSnapshot.ts).
//
// The file stays open while any record read from it lives, and is closed once none
// does. A pack is only ever replaced whole (written aside and renamed over, see
// sourceCache.ts), never rewritten in place, so the open file keeps the bytes the
// records were read with even when a newer pack takes its name.

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { DocMeta, PublicationDate } from "../core/corpus/document.js";
import type { DocRecord } from "../core/corpus/record.js";

// An open pack no record refers to any more is closed.
const closeUnused = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** A pack file, open for reading the parts its records leave in it. */
export class PackFile {
  private readonly fd: number;
  /** The last stretch read ahead, for the next record's word lists: indexing reads them in file order. */
  private window: { at: number; bytes: Buffer } | undefined;
  /** Where the last read of numbers ended, and how many reads in a row started where the one before ended. */
  private lastEnd = -1;
  private inOrder = 0;

  /** Opens `path`, which must still be the file `read` describes (a pack replaced meanwhile is not the one read). */
  constructor(path: string, read: { dev: number; ino: number }) {
    this.fd = openSync(path, "r");
    const st = fstatSync(this.fd);
    if (st.dev !== read.dev || st.ino !== read.ino) {
      closeSync(this.fd);
      throw new Error("the pack was replaced while it was read");
    }
    closeUnused.register(this, this.fd);
  }

  /** `length` bytes from `position`, into memory of their own. */
  bytes(position: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    const done = this.readInto(out, position);
    return done === length ? out : out.subarray(0, done); // cut short behind our back: what is there
  }

  /** `count` numbers from `position`: one read per WINDOW_BYTES when records ask in file order. */
  ints(position: number, count: number): Int32Array {
    const length = count * 4;
    this.inOrder = position === this.lastEnd ? this.inOrder + 1 : 0;
    this.lastEnd = position + length;
    let w = this.window;
    const inWindow = w !== undefined && position >= w.at && position + length <= w.at + w.bytes.length;
    // A view asking for one record's two lists reads just those; a scan of record after
    // record in file order (three reads in a row, each where the last ended) reads ahead.
    if (inWindow || (this.inOrder >= 2 && length <= WINDOW_BYTES / 4)) {
      if (!w || !inWindow) {
        // One buffer, read into again and again: new memory costs more than the read.
        const bytes = w?.bytes.length === WINDOW_BYTES ? w.bytes : Buffer.allocUnsafeSlow(WINDOW_BYTES);
        const n = this.readInto(bytes, position);
        w = this.window = { at: position, bytes: bytes.subarray(0, n) };
      }
      if (position + length <= w.at + w.bytes.length) {
        const out = new Int32Array(count);
        new Uint8Array(out.buffer).set(w.bytes.subarray(position - w.at, position - w.at + length));
        return out;
      }
    }
    const out = new Int32Array(count);
    this.readInto(new Uint8Array(out.buffer), position);
    return out;
  }

  // As many bytes from `position` as fit or the file has.
  private readInto(into: Uint8Array, position: number): number {
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }
}

const WINDOW_BYTES = 1 << 20;

/** Where a record's parts lie in its pack file (byte offsets). */
export interface OnDisk {
  file: PackFile;
  textAt: number;
  textBytes: number;
  wordsAt: number;
  wordCount: number;
  lowercaseAt: number;
  lowercaseCount: number;
}

/** A record whose text and word lists are read from its pack file when asked for. */
// The OnDisk fields are its own (not an object it points to): 10 000 fewer objects.
export class PackedRecord implements DocRecord {
  /** Translations of its string numbers, applied in turn to the word lists as they are read (see `translateWords`). */
  private maps: Int32Array[] | undefined;
  private readonly file: PackFile;
  private readonly textAt: number;
  readonly textByteLength: number;
  private readonly wordsAt: number;
  private readonly wordCount: number;
  private readonly lowercaseAt: number;
  private readonly lowercaseCount: number;
  /** How many strings the pack's table has: its word lists are checked against it as they are read. */
  private readonly packStrings: number;

  constructor(
    public id: string,
    public path: string,
    public bodyStart: number,
    public meta: DocMeta,
    public published: PublicationDate | undefined,
    public strings: readonly string[],
    public sentences: Int32Array,
    public keys: Int32Array,
    public names: Int32Array,
    public dates: Int32Array,
    public acronyms: Int32Array,
    public extra: Int32Array,
    disk: OnDisk,
  ) {
    this.file = disk.file;
    this.textAt = disk.textAt;
    this.textByteLength = disk.textBytes;
    this.wordsAt = disk.wordsAt;
    this.wordCount = disk.wordCount;
    this.lowercaseAt = disk.lowercaseAt;
    this.lowercaseCount = disk.lowercaseCount;
    this.packStrings = strings.length;
  }

  get text(): string {
    return this.textBytes().toString("utf8");
  }

  /** The text as stored: UTF-8. */
  textBytes(): Buffer {
    return this.file.bytes(this.textAt, this.textByteLength);
  }

  get words(): Int32Array {
    return this.translated(this.file.ints(this.wordsAt, this.wordCount));
  }

  get lowercase(): Int32Array {
    return this.translated(this.file.ints(this.lowercaseAt, this.lowercaseCount));
  }

  translateWords(map: Int32Array): void {
    // A new list, not a push: a copy of this record (another path, see loadCorpus.ts) shares the old one.
    this.maps = [...(this.maps ?? []), map];
  }

  private translated(read: Int32Array): Int32Array {
    // Read long after the pack was checked: a number outside its table (a damaged
    // file) is dropped, so that it can never index past the corpus's tables. Word
    // lists only say which words the sources use.
    const a = read.every((n) => n >= 0 && n < this.packStrings) ? read : read.filter((n) => n >= 0 && n < this.packStrings);
    if (!this.maps) return a;
    const out = new Int32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      let n = a[i];
      for (const map of this.maps) n = map[n];
      out[i] = n;
    }
    return out;
  }
}
