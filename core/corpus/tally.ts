// Counts of small numbers (string numbers, kind codes), in an array reused from one
// count to the next: what a Map<number, number> gives, including the order in which
// the numbers were first counted, without a hash per count.

export class Tally {
  private readonly counts: Int32Array;
  /** The numbers counted, in the order first seen. */
  private readonly seen: Int32Array;
  size = 0;

  /** Counts numbers in [0, range). */
  constructor(range: number) {
    this.counts = new Int32Array(range);
    this.seen = new Int32Array(range);
  }

  add(key: number): void {
    if (this.counts[key]++ === 0) this.seen[this.size++] = key;
  }

  count(key: number): number {
    return this.counts[key];
  }

  /** The i-th number first counted. */
  keyAt(i: number): number {
    return this.seen[i];
  }

  /** The most counted number; of several, the first seen (a stable sort's first). Only when `size > 0`. */
  top(): number {
    let best = this.seen[0];
    for (let i = 1; i < this.size; i++) if (this.counts[this.seen[i]] > this.counts[best]) best = this.seen[i];
    return best;
  }

  /** Forgets every count, in time proportional to the numbers counted. */
  clear(): void {
    for (let i = 0; i < this.size; i++) this.counts[this.seen[i]] = 0;
    this.size = 0;
  }
}
