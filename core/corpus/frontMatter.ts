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
  const simple = simpleYaml(yamlText);
  if (simple) return { data: simple, bodyStart, problems: [] };
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

// Nearly every source's front matter is a few `key: value` lines of plain or quoted
// strings. Those are read here directly, giving exactly what the YAML parser gives;
// anything else (a number, a list, a comment, an escape, a repeated key …) returns
// null and goes to the parser. The YAML parser is most of the cost of reading a source.
const LINE = /^([A-Za-z][A-Za-z0-9_]*): (.+)$/;
const DOUBLE_QUOTED = /^"[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*"$/;
const SINGLE_QUOTED = /^'[^'\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*'$/;
const PLAIN = /^[A-Za-z0-9][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*$/;
const PLAIN_DATE = /^\d{4}-\d{1,2}(?:-\d{1,2})?$/;
const NOT_STRINGS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]);

export function simpleYaml(yamlText: string): Record<string, unknown> | null {
  const data: Record<string, unknown> = {};
  for (const line of yamlText.split("\n")) {
    if (line === "") continue;
    const m = LINE.exec(line);
    if (!m || Object.prototype.hasOwnProperty.call(data, m[1]) || m[1] === "__proto__") return null;
    const value = m[2];
    const first = value.charCodeAt(0);
    if (first === 34 /* " */ || first === 39 /* ' */) {
      if (!(first === 34 ? DOUBLE_QUOTED : SINGLE_QUOTED).test(value)) return null;
      data[m[1]] = value.slice(1, -1);
      continue;
    }
    if (!PLAIN.test(value) || value.includes(": ") || value.includes(" #") || value.endsWith(":") || value.endsWith(" ")) return null;
    if (first <= 57 /* a digit */ && !PLAIN_DATE.test(value)) return null;
    if (NOT_STRINGS.has(value)) return null;
    data[m[1]] = value;
  }
  return data;
}
