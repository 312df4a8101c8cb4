// The corpus's postings: for each index key (a string number), the numbers of the
// sentences that have it, in order. Loading 10 000 documents makes 40 000 lists at
// once; an object per list (a list object, its typed array, often its buffer) took
// 5 MB of heap, kept and walked by every full garbage collection. Here a list made in
// bulk is only three numbers (which block, where in it, how long) over one shared
// block of numbers; a list that grows later (a source added or edited) moves to a
// growable list of its own.

import { IntArray, IntList } from "./numbers.js";

const EMPTY = new Int32Array(0);
/** `where` of a key: 0 no list, OWN its own list, b + 1 a list in block b. */
const OWN = -1;

/** Every list in one block: `where` is 1 (in the block) or 0 (no list) per key. */
export interface PostingBlock {
  where: Int32Array;
  start: Int32Array;
  count: Int32Array;
  block: Int32Array;
}

export class PostingLists {
  private readonly where = new IntArray();
  private readonly start = new IntArray();
  private readonly count = new IntArray();
  private readonly blocks: Int32Array[] = [];
  private readonly own = new Map<number, IntList>();

  has(key: number): boolean {
    return this.where.get(key) !== 0;
  }

  /** How many numbers the key's list has. */
  n(key: number): number {
    const w = this.where.get(key);
    return w === 0 ? 0 : w === OWN ? this.own.get(key)!.n : this.count.get(key);
  }

  /** The key's list (empty if none): a view, valid until the list changes. */
  view(key: number): Int32Array {
    const w = this.where.get(key);
    if (w === 0) return EMPTY;
    if (w === OWN) return this.own.get(key)!.view();
    const at = this.start.get(key);
    return this.blocks[w - 1].subarray(at, at + this.count.get(key));
  }

  /** A new block of `size` numbers for lists made in bulk (see `place`); its index. */
  newBlock(size: number): { block: number; buffer: Int32Array } {
    const buffer = new Int32Array(size);
    this.blocks.push(buffer);
    return { block: this.blocks.length - 1, buffer };
  }

  /** Makes the key (which has no list) a list of `length` numbers at `at` in `block`: the caller fills them in. */
  place(key: number, block: number, at: number, length: number): void {
    this.where.set(key, block + 1);
    this.start.set(key, at);
    this.count.set(key, length);
  }

  /** The key's list as a list of its own, with room for `capacity` numbers: made, or moved out of its block. */
  reserveOwn(key: number, capacity: number): IntList {
    const w = this.where.get(key);
    let list = w === OWN ? this.own.get(key)! : undefined;
    if (!list) {
      list = new IntList(Math.max(4, capacity));
      if (w !== 0) {
        const at = this.start.get(key);
        const n = this.count.get(key);
        list.a.set(this.blocks[w - 1].subarray(at, at + n));
        list.n = n;
      }
      this.own.set(key, list);
      this.where.set(key, OWN);
    }
    list.reserve(capacity);
    return list;
  }

  /** The key's own list (after `reserveOwn`). */
  ownList(key: number): IntList {
    return this.own.get(key)!;
  }

  /**
   * The lists as plain arrays, to be stored: only when they are all in one block, as
   * indexing a whole corpus at once leaves them (null otherwise).
   */
  exportBlock(): PostingBlock | null {
    if (this.own.size > 0 || this.blocks.length > 1) return null;
    return { where: this.where.a, start: this.start.a, count: this.count.a, block: this.blocks[0] ?? new Int32Array(0) };
  }

  /** Takes lists exported by `exportBlock` (into lists that have none). */
  importBlock({ where, start, count, block }: PostingBlock): void {
    this.where.a = where;
    this.start.a = start;
    this.count.a = count;
    this.blocks.length = 0;
    this.blocks.push(block);
    this.own.clear();
  }

  /** Keeps the numbers of the key's list outside [from, to); an emptied list goes. */
  removeRange(key: number, from: number, to: number): void {
    const w = this.where.get(key);
    if (w === 0) return;
    let left: number;
    if (w === OWN) {
      const list = this.own.get(key)!;
      list.removeRange(from, to);
      left = list.n;
      if (left === 0) this.own.delete(key);
    } else {
      const a = this.blocks[w - 1];
      const at = this.start.get(key);
      const end = at + this.count.get(key);
      let k = at;
      for (let i = at; i < end; i++) {
        const v = a[i];
        if (v < from || v >= to) a[k++] = v;
      }
      left = k - at;
      this.count.set(key, left);
    }
    if (left === 0) this.where.set(key, 0);
  }
}
