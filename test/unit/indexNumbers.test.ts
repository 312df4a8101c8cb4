// KeyedLists and Tally stand in for Maps in the corpus index: entity order and the
// tie-breaks of kind votes and spellings depend on the order a Map would give.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyedLists } from "../../core/corpus/keyedLists.js";
import { Tally } from "../../core/corpus/tally.js";
import { PostingLists } from "../../core/corpus/postingLists.js";

function listsInOrder(lists: KeyedLists): [number, number[]][] {
  const out: [number, number[]][] = [];
  lists.forEach((key, list) => out.push([key, Array.from(list.view())]));
  return out;
}

test("KeyedLists: visited in the order a Map<number, list> gives, through removals and returns", () => {
  const lists = new KeyedLists();
  const map = new Map<number, number[]>();
  const add = (key: number, v: number) => {
    lists.getOrMake(key).push(v);
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push(v);
  };
  const removeRange = (key: number, from: number, to: number) => {
    lists.removeRange(key, from, to);
    const kept = (map.get(key) ?? []).filter((v) => v < from || v >= to);
    if (kept.length === 0) map.delete(key);
    else if (map.has(key)) map.set(key, kept);
  };
  // Enough keys going and coming back to make the order list compact itself.
  for (let round = 0; round < 5; round++) {
    for (let key = 200; key >= 0; key -= 3) add(key, round * 1000 + key);
    for (let key = 0; key <= 200; key += 2) removeRange(key, round * 1000, round * 1000 + 1000);
    assert.deepEqual(listsInOrder(lists), [...map.entries()]);
  }
  assert.equal(lists.get(100000), undefined);
});

test("Tally: counts, first-seen order, the top count (ties to the first seen) and clearing", () => {
  const tally = new Tally(10);
  for (const k of [3, 7, 3, 7, 1]) tally.add(k);
  assert.equal(tally.size, 3);
  assert.deepEqual([tally.keyAt(0), tally.keyAt(1), tally.keyAt(2)], [3, 7, 1]);
  assert.equal(tally.count(7), 2);
  assert.equal(tally.top(), 3); // 3 and 7 tie: 3 was seen first, as a stable sort of a Map's entries gives
  tally.clear();
  assert.equal(tally.size, 0);
  assert.equal(tally.count(3), 0);
  tally.add(1);
  assert.equal(tally.top(), 1);
});

test("PostingLists: lists made in bulk over a block, grown into lists of their own and cut, read as a Map<number, number[]> would", () => {
  const lists = new PostingLists();
  const map = new Map<number, number[]>();
  const check = () => {
    for (let key = 0; key < 60; key++) {
      const want = map.get(key) ?? [];
      assert.deepEqual(Array.from(lists.view(key)), want, `key ${key}`);
      assert.equal(lists.n(key), want.length);
      assert.equal(lists.has(key), want.length > 0);
    }
  };
  let next = 0;
  // Adds `count` numbers to each key, as the corpus does: new keys placed in one block, old ones grown.
  const bulk = (keys: number[], count: number) => {
    const fresh = keys.filter((k) => !lists.has(k));
    const { block, buffer } = lists.newBlock(fresh.length * count);
    const at = new Map<number, number>();
    fresh.forEach((k, i) => {
      lists.place(k, block, i * count, count);
      at.set(k, i * count);
    });
    for (const k of keys) if (!at.has(k)) lists.reserveOwn(k, lists.n(k) + count);
    for (let c = 0; c < count; c++) {
      for (const k of keys) {
        const v = next++;
        const p = at.get(k);
        if (p === undefined) lists.ownList(k).pushUnchecked(v);
        else {
          buffer[p] = v;
          at.set(k, p + 1);
        }
        map.set(k, [...(map.get(k) ?? []), v]);
      }
    }
  };
  const removeRange = (key: number, from: number, to: number) => {
    lists.removeRange(key, from, to);
    const kept = (map.get(key) ?? []).filter((v) => v < from || v >= to);
    if (kept.length) map.set(key, kept);
    else map.delete(key);
  };
  bulk([5, 1, 9, 30], 3);
  check();
  bulk([1, 2, 30, 44], 2); // 1 and 30 move out of their block
  check();
  removeRange(9, 0, 1000); // a block list emptied
  removeRange(5, 0, 3); // a block list cut
  removeRange(1, 0, 13); // an own list cut
  removeRange(2, 0, 1000); // a block list emptied
  check();
  bulk([9, 5, 2], 4); // emptied keys come back in a new block; 5 grows
  check();
  removeRange(30, 0, 1000); // an own list emptied
  bulk([30], 1);
  check();
  assert.equal(lists.view(59).length, 0);
});
