// Character-class tests on one UTF-16 unit, answered from a table. The scanners of
// the extraction path ask "is this a letter / a space / a capital?" of almost every
// character of every source; running a regular expression on a one-character string
// for each costs far more than the question.

/**
 * A test of one UTF-16 unit against `re`, which must match a single character and
 * have no `g` or `y` flag: `test(c)` gives exactly `re.test(String.fromCharCode(c))`,
 * worked out once per unit and then read from a table. A lone surrogate unit is
 * tested as such, as the expression would see it.
 */
export function unitTest(re: RegExp): (c: number) => boolean {
  // Per unit: 0 not yet known, 1 matches, 2 does not.
  const known = new Uint8Array(65536);
  return (c: number) => {
    let k = known[c];
    if (k === 0) {
      k = re.test(String.fromCharCode(c)) ? 1 : 2;
      known[c] = k;
    }
    return k === 1;
  };
}

/** A high or low surrogate: half of a character outside the Basic Multilingual Plane. */
export const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

/** `\p{L}`, one unit. */
export const isLetterUnit = unitTest(/^\p{L}$/u);
/** `\p{Lu}`, one unit. */
export const isUpperUnit = unitTest(/^\p{Lu}$/u);
/** `\s`, one unit. */
export const isSpaceUnit = unitTest(/^\s$/);
