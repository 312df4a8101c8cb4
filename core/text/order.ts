// `localeCompare`'s order from one collator made once: `a.localeCompare(b)` makes a
// collator per call, which dominates sorting thousands of names or source keys.
const collator = new Intl.Collator();

/** Compares two strings as `a.localeCompare(b)` does. */
export const localeOrder: (a: string, b: string) => number = collator.compare;
