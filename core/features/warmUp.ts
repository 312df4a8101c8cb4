// The first hover or completion after a start costs many times the next ones: the
// engine compiles their code on first use, and the first look at a corpus fills
// lookup caches. Running each kind once on a small note written from the corpus
// itself, while the server is idle after loading, moves that cost off the user's first
// request. Nothing it computes is kept but what any request would have kept.

import type { Corpus } from "../corpus/corpus.js";
import { parseNote } from "../note/parseNote.js";
import type { Position } from "../types.js";
import { completionsAt } from "./completion.js";
import { hoverAt } from "./hover.js";

export function warmUp(corpus: Corpus): void {
  const entity = corpus.entities()[0];
  const key = corpus.docs.keys().next().value;
  if (!entity || key === undefined) return;
  const name = entity.name;
  const lines = [`${name} was held in 2020 [@${key}].`, `The ${name.slice(0, 3)}`, `More on this [@`, `${name} in 20`];
  const note = parseNote(lines.join("\n"));
  const at = (line: number, character: number): Position => ({ line, character });
  hoverAt(note, at(0, 1), corpus);
  hoverAt(note, at(0, name.length + 15), corpus);
  hoverAt(note, at(0, name.length + 22), corpus);
  for (const lazyDocumentation of [true, false]) {
    completionsAt(note, at(1, lines[1].length), corpus, { invoked: true, lazyDocumentation });
    completionsAt(note, at(2, lines[2].length), corpus, { lazyDocumentation });
    completionsAt(note, at(3, lines[3].length), corpus, { invoked: true, lazyDocumentation });
  }
}
