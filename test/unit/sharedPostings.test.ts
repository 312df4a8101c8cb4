// addWhereShared walks the shorter of two sorted lists and searches ahead in the
// longer one: it must add exactly where a plain merge of the two lists would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addWhereShared } from "../../core/features/evidence.js";
import { seededRandom as random } from "../helpers/random.js";


/** A sorted list of distinct numbers below `range`, each kept with chance `p`. */
function sortedList(rnd: () => number, range: number, p: number): Int32Array {
  const out: number[] = [];
  for (let n = 0; n < range; n++) if (rnd() < p) out.push(n);
  return Int32Array.from(out);
}

test("addWhereShared: the same sums as a plain merge, for lists of any relative length", () => {
  const rnd = random(5);
  for (let k = 0; k < 400; k++) {
    const range = 1 + Math.floor(rnd() * 3000);
    const ids = sortedList(rnd, range, rnd() ** 3);
    const postings = sortedList(rnd, range, rnd() ** 3);
    const expected = new Float64Array(ids.length);
    const inPostings = new Set(postings);
    ids.forEach((id, i) => {
      if (inPostings.has(id)) expected[i] += 1.5;
    });
    const got = new Float64Array(ids.length);
    addWhereShared(ids, postings, 1.5, got);
    assert.deepEqual(got, expected, `ids ${ids.length}, postings ${postings.length}`);
  }
});
