// Where one clause of a sentence ends and the next begins: "… in 2017, and Marenholt hosted
// the second …" is two statements joined. Only joins that start a new statement count;
// a plain comma often sits inside one ("the second Tidewater Dialogue, held in Marenholt on 14 March").
const CLAUSE_JOIN = /;\s+|,\s+(?:and|but|while|whereas|yet)\s+/giu;

/** The clause of `text` around offset `at`, as offsets into `text`. */
export function clauseAround(text: string, at: number): { start: number; end: number } {
  let start = 0;
  let end = text.length;
  CLAUSE_JOIN.lastIndex = 0;
  for (let m = CLAUSE_JOIN.exec(text); m; m = CLAUSE_JOIN.exec(text)) {
    if (m.index + m[0].length <= at) start = m.index + m[0].length;
    else if (m.index >= at) {
      end = m.index;
      break;
    }
  }
  return { start, end };
}
