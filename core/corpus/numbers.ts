// Growable typed arrays of numbers: what the corpus index is made of (a number per
// sentence, name or string), far smaller and faster to walk than arrays of objects.

/** A growable list of numbers. */
export class IntList {
  a: Int32Array;
  n = 0;
  constructor(capacity = 4) {
    this.a = new Int32Array(capacity);
  }
  /** A list over `a`, empty, with room for `a.length` numbers. */
  static over(a: Int32Array): IntList {
    const list = new IntList(0);
    list.a = a;
    return list;
  }
  push(v: number): void {
    if (this.n === this.a.length) this.reserve(Math.max(4, this.a.length * 2));
    this.a[this.n++] = v;
  }
  /** After `reserve`: no room check. */
  pushUnchecked(v: number): void {
    this.a[this.n++] = v;
  }
  /** Makes room for `capacity` numbers. */
  reserve(capacity: number): void {
    if (capacity <= this.a.length) return;
    const b = new Int32Array(capacity);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.n);
  }
  /** Keeps the numbers outside [from, to). */
  removeRange(from: number, to: number): void {
    let k = 0;
    for (let i = 0; i < this.n; i++) {
      const v = this.a[i];
      if (v < from || v >= to) this.a[k++] = v;
    }
    this.n = k;
  }
}

/** Numbers by position, growing as needed (0 where never set). */
export class IntArray {
  a: Int32Array<ArrayBufferLike> = new Int32Array(1024);
  get(i: number): number {
    return i < this.a.length ? this.a[i] : 0;
  }
  set(i: number, v: number): void {
    if (i >= this.a.length) {
      const b = new Int32Array(Math.max(i + 1, this.a.length * 2));
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }
  /** Makes room for positions below `n`. */
  ensure(n: number): void {
    if (n > this.a.length) {
      const b = new Int32Array(Math.max(n, this.a.length * 2));
      b.set(this.a);
      this.a = b;
    }
  }
  /** Adds `by` at each of `positions`. */
  addAt(positions: Int32Array, by: number): void {
    let max = -1;
    for (let i = 0; i < positions.length; i++) if (positions[i] > max) max = positions[i];
    this.ensure(max + 1);
    const a = this.a;
    for (let i = 0; i < positions.length; i++) a[positions[i]] += by;
  }
  /** Sets positions [from, to) to `v`. */
  fill(from: number, to: number, v: number): void {
    this.ensure(to);
    this.a.fill(v, from, to);
  }
}
