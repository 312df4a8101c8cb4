// `localeCompare`'s order from one collator made once: `a.localeCompare(b)` makes a
// collator per call, which dominates sorting thousands of names or source keys.
const collator = new Intl.Collator();

/** Compares two strings as `a.localeCompare(b)` does. */
export const localeOrder: (a: string, b: string) => number = collator.compare;

/** The first `k` of `items` in the order `compare` gives (as a stable sort would), without sorting them all. */
export function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  return topKIndices(items.length, k, (i, j) => compare(items[i], items[j])).map((i) => items[i]);
}

/**
 * The first `k` of the numbers 0 … count-1 in the order `compare` gives (as a stable
 * sort would): for candidates kept in parallel arrays rather than as objects.
 */
export function topKIndices(count: number, k: number, compare: (i: number, j: number) => number): number[] {
  const best: number[] = [];
  for (let item = 0; item < count; item++) {
    if (best.length === k && compare(item, best[k - 1]) >= 0) continue;
    // After every item that is not worse: ties keep their order, as in a stable sort.
    // (Shifted by hand: `splice` returns a new array for every insertion.)
    let i = best.length;
    best.push(item);
    while (i > 0 && compare(item, best[i - 1]) < 0) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = item;
    if (best.length > k) best.pop();
  }
  return best;
}
