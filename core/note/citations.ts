// Pandoc citations: "[@key]", "[@key, p. 4]", "[see @a; @b]". Scanned by hand, in
// one pass, because a regular expression over unbalanced brackets can backtrack
// badly on hostile input.

export interface CitationKey {
  key: string;
  /** Offsets of the key itself (without "@"). */
  start: number;
  end: number;
}

export interface Citation {
  /** Offsets of the whole bracket, "[" to "]". */
  start: number;
  end: number;
  keys: CitationKey[];
}

const KEY_START = /[\p{L}\p{N}_]/u;
const KEY_CHAR = /[\p{L}\p{N}_:.#$%&\-+?<>~/]/u;

export function findCitations(text: string, offset = 0): Citation[] {
  const out: Citation[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("[", i);
    if (open < 0) break;
    let close = -1;
    for (let j = open + 1; j < text.length && j < open + 2000; j++) {
      const c = text[j];
      if (c === "]") {
        close = j;
        break;
      }
      if (c === "[" || (c === "\n" && text[j + 1] === "\n")) break;
    }
    if (close < 0) {
      i = open + 1;
      continue;
    }
    const keys = keysIn(text, open + 1, close, offset);
    if (keys.length) out.push({ start: offset + open, end: offset + close + 1, keys });
    i = close + 1;
  }
  return out;
}

function keysIn(text: string, from: number, to: number, offset: number): CitationKey[] {
  const keys: CitationKey[] = [];
  for (let j = from; j < to; j++) {
    if (text[j] !== "@") continue;
    const before = j === from ? " " : text[j - 1];
    if (!/[\s;\[-]/.test(before)) continue; // an e-mail address, not a citation
    let k = j + 1;
    const braced = text[k] === "{";
    if (braced) k++;
    const start = k;
    if (!KEY_START.test(text[k] ?? "")) continue;
    if (braced) {
      while (k < to && text[k] !== "}") k++;
    } else {
      while (k < to && KEY_CHAR.test(text[k])) k++;
      while (k > start && /[:.#$%&\-+?<>~/]/.test(text[k - 1])) k--; // trailing punctuation is not part of a key
    }
    if (k > start) keys.push({ key: text.slice(start, k), start: offset + start, end: offset + k });
    j = k;
  }
  return keys;
}
