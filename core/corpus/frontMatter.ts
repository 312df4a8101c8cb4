import { parseDocument } from "yaml";

export interface FrontMatter {
  data: Record<string, unknown>;
  /** Offset in the file where the body starts. */
  bodyStart: number;
  problems: { line?: number; message: string }[];
}

const FENCE = /^\uFEFF?---[ \t]*\r?\n/;

/** Splits YAML front matter from a Markdown document. A document without it has an empty `data`. */
export function readFrontMatter(text: string): FrontMatter {
  const open = FENCE.exec(text);
  if (!open) return { data: {}, bodyStart: 0, problems: [] };
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  close.lastIndex = 0;
  const rest = text.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) {
    return { data: {}, bodyStart: 0, problems: [{ line: 1, message: "front matter opened with '---' is never closed" }] };
  }
  const yamlText = rest.slice(0, m.index);
  let bodyStart = open[0].length + m.index + m[0].length;
  if (text[bodyStart] === "\r") bodyStart++;
  if (text[bodyStart] === "\n") bodyStart++;
  const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  const problems = doc.errors.map((e) => ({
    line: e.linePos ? e.linePos[0].line + 1 : undefined, // +1: the opening fence is line 1
    message: `broken front matter: ${e.message.split("\n")[0]}`,
  }));
  if (problems.length) return { data: {}, bodyStart, problems };
  const data = doc.toJS();
  if (data === null || data === undefined) return { data: {}, bodyStart, problems: [] };
  if (typeof data !== "object" || Array.isArray(data)) {
    return { data: {}, bodyStart, problems: [{ line: 2, message: "front matter must be a mapping of keys to values" }] };
  }
  return { data: data as Record<string, unknown>, bodyStart, problems: [] };
}
