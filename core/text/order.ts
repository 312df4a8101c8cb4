// `localeCompare`'s order from one collator made once: `a.localeCompare(b)` makes a
// collator per call, which dominates sorting thousands of names or source keys.
const collator = new Intl.Collator();

/** Compares two strings as `a.localeCompare(b)` does. */
export const localeOrder: (a: string, b: string) => number = collator.compare;

/** The first `k` of `items` in the order `compare` gives (as a stable sort would), without sorting them all. */
export function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1]) >= 0) continue;
    // After every item that is not worse: ties keep their order, as in a stable sort.
    let i = best.length;
    while (i > 0 && compare(item, best[i - 1]) < 0) i--;
    best.splice(i, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}
