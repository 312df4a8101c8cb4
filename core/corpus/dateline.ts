import { findDates } from "../text/dates.js";
import type { PublicationDate } from "./document.js";

// A source without a date in its front matter (plain text always) often carries one in
// its first lines: a wire dateline ("PORT CALDER, 12 March 2023 —"), a page's
// "Updated 3 June 2024" or "Published: March 4, 2024", or a line that is only a date.
const LABELLED = /^(?:published|updated|last updated|posted|dated?|issued)(?: on)?:?\s+/i;
const WIRE_CITY = /^[A-Z][A-Z.'’ -]{1,40},\s+/;
const LINES_READ = 8;
const MAX_LINE = 200;
const MAX_CLOSING_LINE = 120;

/** "Velorian Ledger, 18 June 2024", "Transcript of the hearing, 12 March 2025": a short line ending in a full date after a comma. */
function closingDate(line: string): PublicationDate | undefined {
  if (line.length > MAX_CLOSING_LINE) return undefined;
  // Trailing dots and spaces cut by hand: the regex for it backtracks on long runs of spaces.
  let end = line.length;
  while (end > 0 && (line[end - 1] === "." || line[end - 1].trim() === "")) end--;
  const text = line.slice(0, end);
  const dates = findDates(text);
  const last = dates[dates.length - 1];
  if (!last || last.end !== text.length || last.day === undefined || last.month === undefined || last.inferredYear) return undefined;
  if (!text.slice(0, last.start).trimEnd().endsWith(",")) return undefined;
  return { year: last.year, month: last.month, day: last.day };
}

/** The publication date a document's opening lines give, at day or month precision; undefined if none. */
export function datelineOf(body: string): PublicationDate | undefined {
  let read = 0;
  for (const raw of body.split(/\r?\n/, 200)) {
    const line = raw.trim();
    if (!line) continue;
    if (++read > LINES_READ) break;
    if (line.length > MAX_LINE) continue;
    const closing = closingDate(line);
    if (closing) return closing;
    const afterLabel = line.replace(LABELLED, "");
    const afterCity = afterLabel === line ? line.replace(WIRE_CITY, "") : afterLabel;
    const [date] = findDates(afterCity);
    // The date must open what is left of the line, with its month: "2019" alone in a
    // headline ("Ten years since 2019") dates nothing.
    if (!date || date.start !== 0 || date.month === undefined || date.inferredYear) continue;
    const tail = afterCity.slice(date.end).trim();
    const labelled = afterLabel !== line; // "Updated 3 June 2024, 10:32": anything may follow
    const wire = !labelled && afterCity !== line; // "PORT CALDER, 12 March 2023 — The …"
    if (!labelled && !(wire && /^(?:[—–-]|$)/.test(tail)) && tail !== "") continue;
    const published: PublicationDate = { year: date.year, month: date.month };
    if (date.day !== undefined) published.day = date.day;
    return published;
  }
  return undefined;
}
