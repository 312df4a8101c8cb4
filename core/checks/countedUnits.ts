import type { SourceDocument } from "../corpus/extract.js";
import type { Token } from "../text/tokens.js";
import { COUNT_WORDS } from "../text/words.js";

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
    const unit = tokens[k + 1];
    // Only a plain lower-case noun straight after it: "five years", not "five Velorian ships" or "2.5 million".
    if (!unit || !/^[a-z]{3,}$/.test(unit.text) || NOT_UNITS.has(unit.norm) || unit.start - count.end !== 1) continue;
    const seen = docs.flatMap((d) => countsBefore(d.searchText, unit.norm));
    if (seen.length > 0 && !seen.includes(value)) out.push(count);
  }
  return out;
}

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
