/**
 * The stage of an agreement's life a date is given for: signed, ratified, in force.
 * "Signed in 2003 and in force since 2005" gives one treaty two dates, and a note that
 * writes "signed in 2005" has taken the wrong one.
 */
export type Stage = "signed" | "ratified" | "in force";

const STAGE_WORDS: [Stage, RegExp][] = [
  ["signed", /\b(?:signed|signing|signs?|inked)\b/i],
  ["ratified", /\bratif(?:ied|ication|ies|y)\b/i],
  ["in force", /\b(?:in(?:to)? force|(?:took|take|takes|came|come|comes) (?:into )?effect)\b/i],
];
// How far from the date its stage word may be: "was signed on 2 October 2003".
const BEFORE = 60;
const AFTER = 40;

/**
 * The stages a date at [start, end) of `text` is given for: the stage words between the
 * date before it (if any) and it, or else those after it up to the next date or full stop
 * ("2003: the treaty is signed"). Empty when it says none.
 */
export function stagesOf(text: string, start: number, end: number, otherDates: { start: number; end: number }[]): Set<Stage> {
  const previous = Math.max(0, start - BEFORE, ...otherDates.filter((d) => d.end <= start).map((d) => d.end));
  const before = stagesIn(text.slice(previous, start));
  if (before.size) return before;
  const next = Math.min(text.length, end + AFTER, ...otherDates.filter((d) => d.start >= end).map((d) => d.start));
  const after = text.slice(end, next);
  const stop = after.search(/[.;]/);
  return stagesIn(stop >= 0 ? after.slice(0, stop) : after);
}

function stagesIn(window: string): Set<Stage> {
  return new Set(STAGE_WORDS.filter(([, re]) => re.test(window)).map(([stage]) => stage));
}
