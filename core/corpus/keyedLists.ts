// Lists of numbers by key (a string number), visited in the order their keys were
// first given a list: what a Map<number, IntList> gives, held in an array indexed by
// the key. Indexing the corpus touches a list for each of half a million name
// mentions; an array slot costs a load where a Map costs a hash and a probe.

import { IntArray, IntList } from "./numbers.js";

export interface KeyedListsData {
  keys: Int32Array;
  lengths: Int32Array;
  values: Int32Array;
}

export class KeyedLists {
  private readonly lists: (IntList | undefined)[] = [];
  /** Keys in the order their lists were made; a key whose list went and came back is there twice. */
  private readonly order = new IntList(0);
  /** Key → 1 + its current position in `order` (0: none). */
  private readonly rank = new IntArray();
  private live = 0;

  get(key: number): IntList | undefined {
    return this.lists[key];
  }

  /** The key's list, made (empty, and last in the order) if it has none. */
  getOrMake(key: number): IntList {
    let list = this.lists[key];
    if (list) return list;
    // Grown densely (never by a jump past the end) so the array stays a fast one.
    while (this.lists.length <= key) this.lists.push(undefined);
    this.lists[key] = list = new IntList(0);
    this.order.push(key);
    this.rank.set(key, this.order.n);
    this.live++;
    return list;
  }

  /** Keeps the numbers of the key's list outside [from, to); an emptied list goes, as a Map entry deleted. */
  removeRange(key: number, from: number, to: number): void {
    const list = this.lists[key];
    if (!list) return;
    list.removeRange(from, to);
    if (list.n > 0) return;
    this.lists[key] = undefined;
    this.rank.set(key, 0);
    this.live--;
    if (this.order.n > 64 && this.order.n > 2 * this.live) this.compact();
  }

  /** Calls `fn` for each key with a list, in the order the lists were made. */
  forEach(fn: (key: number, list: IntList) => void): void {
    const order = this.order.a;
    for (let p = 0, n = this.order.n; p < n; p++) {
      const key = order[p];
      if (this.rank.get(key) !== p + 1) continue; // its list went since
      fn(key, this.lists[key]!);
    }
  }

  /** The lists in order, as plain arrays to be stored: keys, their lengths, and their numbers one after the other. */
  exportLists(): KeyedListsData {
    const keys: number[] = [];
    const lengths: number[] = [];
    let total = 0;
    this.forEach((key, list) => {
      keys.push(key);
      lengths.push(list.n);
      total += list.n;
    });
    const values = new Int32Array(total);
    let at = 0;
    for (const key of keys) {
      const list = this.lists[key]!;
      values.set(list.a.subarray(0, list.n), at);
      at += list.n;
    }
    return { keys: Int32Array.from(keys), lengths: Int32Array.from(lengths), values };
  }

  /** Takes lists exported by `exportLists` (into an empty KeyedLists); each is a view of `values` until it grows. */
  importLists({ keys, lengths, values }: KeyedListsData): void {
    let at = 0;
    for (let i = 0; i < keys.length; i++) {
      const list = this.getOrMake(keys[i]);
      list.a = values.subarray(at, at + lengths[i]);
      list.n = lengths[i];
      at += lengths[i];
    }
  }

  // Drops the positions of lists that went, keeping the order of the others.
  private compact(): void {
    const order = this.order.a;
    let k = 0;
    for (let p = 0; p < this.order.n; p++) {
      const key = order[p];
      if (this.rank.get(key) !== p + 1) continue;
      order[k++] = key;
      this.rank.set(key, k);
    }
    this.order.n = k;
  }
}
