import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { checkSync } from "recheck";
import { DATE_PATTERNS } from "../../core/text/dates.js";
import { ROOT } from "../helpers/fixtures.js";

// Patterns recheck calls polynomial that are only ever run on short, bounded input.
// Each says why; anything else must be safe.
const BOUNDED: Record<string, string> = {
  "/(\\p{L}+)$/u": "run on the 12 characters before a line break",
  "/([\\p{L}.]+)$/u": "run on the 12 characters before a full stop",
  "/((?:\\p{Lu}[\\p{L}\\p{N}’'\\-]*\\s)+)$/u": "run on the text of one sentence before an edition year",
  "/[aeiouy]+$/i": "bench generator: run on invented words it made itself",
  "/^-+|-+$/g": "bench generator: run on ids it made itself",
};

// Files whose patterns are built at run time export them for this check.
const RUNTIME_PATTERNS: Record<string, readonly RegExp[]> = { "core/text/dates.ts": DATE_PATTERNS };

function projectFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "core", "host", "cli", "server", "client", "bin", "bench", "scripts"], { cwd: ROOT, encoding: "utf8" });
  return out.split("\n").filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !f.endsWith(".d.ts"));
}

function literalPatterns(file: string): { pattern: string; flags: string; line: number }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { pattern: string; flags: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const t = node.getText();
      const slash = t.lastIndexOf("/");
      out.push({ pattern: t.slice(1, slash), flags: t.slice(slash + 1), line });
    } else if (ts.isNewExpression(node) && node.expression.getText() === "RegExp") {
      const arg = node.arguments?.[0];
      if (arg && ts.isStringLiteral(arg)) out.push({ pattern: arg.text, flags: "", line });
      else assert.ok(RUNTIME_PATTERNS[file], `${file}:${line} builds a RegExp at run time; export it and list it in RUNTIME_PATTERNS`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test("every regular expression in the project is free of catastrophic backtracking (recheck)", { timeout: 300_000 }, () => {
  const problems: string[] = [];
  let checked = 0;
  const check = (where: string, pattern: string, flags: string) => {
    checked++;
    const result = checkSync(pattern, flags.replace(/[gy]/g, ""), { timeout: 10_000 });
    const shown = `/${pattern}/${flags}`;
    if (result.status === "safe" || (result.status === "vulnerable" && result.complexity?.type === "polynomial" && BOUNDED[shown])) return;
    problems.push(`${where} ${shown}: ${result.status}${result.status === "vulnerable" ? ` (${result.complexity?.type}, attack ${JSON.stringify(result.attack?.pattern)})` : ""}`);
  };
  for (const file of projectFiles()) for (const { pattern, flags, line } of literalPatterns(file)) check(`${file}:${line}`, pattern, flags);
  for (const [file, patterns] of Object.entries(RUNTIME_PATTERNS)) for (const re of patterns) check(file, re.source, re.flags);
  assert.ok(checked > 50, `only ${checked} patterns found`);
  assert.deepEqual(problems, []);
});
