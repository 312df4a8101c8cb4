import type { SourceDocument } from "../corpus/extract.js";
import type { Token } from "../text/tokens.js";
import { COUNT_WORDS } from "../text/words.js";
import { searchForm } from "../text/search.js";

/**
 * "A$64.5 million over five years" where the cited source says "over four years": the
 * count is in the source ("five ships") but not for what the sentence counts. A count
 * is held to the noun right after it when the cited sources count that noun with
 * other numbers and never with this one; a noun they never count is left alone.
 */
export function countsForOtherUnits(tokens: Token[], counts: Token[], docs: SourceDocument[]): Token[] {
  const out: Token[] = [];
  for (const count of counts) {
    const value = valueOf(count.norm);
    if (value === undefined) continue;
    const k = tokens.indexOf(count);
    const unit = unitAfter(tokens, k);
    if (!unit) continue;
    const seen = docs.flatMap((d) => countsBefore(d.searchText, unit));
    if (seen.length > 0 && !seen.includes(value)) out.push(count);
  }
  return out;
}

/**
 * What the count at `k` counts, in search form: a plain lower-case noun straight after
 * it ("five years", not "five Velorian ships" or "2.5 million"), or a model code with the
 * word after it ("twelve XR-7 patrol boats" counts "xr 7 patrol", not every XR-7).
 */
function unitAfter(tokens: Token[], k: number): string | null {
  const next = tokens[k + 1];
  if (!next || next.start - tokens[k].end !== 1) return null;
  if (/^[a-z]{3,}$/.test(next.text)) return NOT_UNITS.has(next.norm) ? null : next.norm;
  const after = tokens[k + 2];
  if (!MODEL_CODE.test(next.text) || !after || after.start - next.end !== 1 || !/^[a-z]{3,}$/.test(after.text) || NOT_UNITS.has(after.norm)) return null;
  return searchForm(`${next.text} ${after.text}`).trim();
}

// Letters and figures joined by a hyphen: "XR-7", "K9".
const MODEL_CODE = /^[A-Z]{1,4}-?\d{1,4}[A-Z]?$/;

// Words after a number that are not what it counts: multipliers, fractions, connectives.
const NOT_UNITS = new Set(["million", "billion", "trillion", "thousand", "hundred", "lakh", "crore", "per", "percent", "and", "or", "to", "of", "more", "times", "out"]);

function valueOf(norm: string): number | undefined {
  if (COUNT_WORDS[norm] !== undefined) return COUNT_WORDS[norm];
  return /^\d{1,4}$/.test(norm) ? Number(norm) : undefined;
}

/** The numbers written right before `unit` (or its singular/plural) in a text in search form. */
function countsBefore(searchText: string, unit: string): number[] {
  const out: number[] = [];
  const forms = new Set([unit, unit.endsWith("s") ? unit.slice(0, -1) : `${unit}s`]);
  for (const form of forms) {
    const needle = ` ${form} `;
    for (let at = searchText.indexOf(needle); at >= 0; at = searchText.indexOf(needle, at + 1)) {
      const before = searchText.lastIndexOf(" ", at - 1);
      const value = valueOf(searchText.slice(before + 1, at));
      if (value !== undefined) out.push(value);
    }
  }
  return out;
}
