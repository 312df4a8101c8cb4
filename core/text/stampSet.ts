// A set of small non-negative numbers (sentence numbers) that is emptied in constant
// time: each use stamps the numbers it adds, and a new use takes a new stamp. Kept
// between searches, it replaces a Set of thousands of numbers made for each one.

export class StampSet {
  private stamps = new Int32Array(0);
  private stamp = 0;

  /** Empties the set. */
  clear(): void {
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  has(n: number): boolean {
    return n < this.stamps.length && this.stamps[n] === this.stamp;
  }

  add(n: number): void {
    if (n >= this.stamps.length) {
      const grown = new Int32Array(Math.max(n + 1, this.stamps.length * 2));
      grown.set(this.stamps);
      this.stamps = grown;
    }
    this.stamps[n] = this.stamp;
  }
}
