// The TextMate injection grammar (syntaxes/) as VS Code's tokenizer runs it:
// vscode-textmate with the Oniguruma engine, injected into a small stand-in for
// the Markdown grammar that has the scopes the injection selector names.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

// Both are CommonJS bundles whose exports node cannot see from ESM by name.
const require = createRequire(import.meta.url);
const oniguruma = require("vscode-oniguruma") as typeof import("vscode-oniguruma");
const textmate = require("vscode-textmate") as typeof import("vscode-textmate");
const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..", "..");
const INJECTION = "briefing-notes.citations.injection";

// Enough of Markdown for the selector: fenced code, inline code and plain text.
const MARKDOWN = {
  scopeName: "text.html.markdown",
  patterns: [
    { name: "markup.fenced_code.block.markdown", begin: "^```", end: "^```" },
    { name: "markup.inline.raw.string.markdown", match: "`[^`]*`" },
  ],
};

type Token = { text: string; scopes: string[] };

describe("citation injection grammar", () => {
  let tokenize: (lines: string[]) => Token[][];
  before(async () => {
    await oniguruma.loadWASM(readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer as ArrayBuffer);
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName === MARKDOWN.scopeName) return textmate.parseRawGrammar(JSON.stringify(MARKDOWN), "markdown.json");
        if (scopeName === INJECTION) {
          const path = join(ROOT, "syntaxes", "citations.injection.tmLanguage.json");
          return textmate.parseRawGrammar(readFileSync(path, "utf8"), path);
        }
        return null;
      },
      getInjections: (scopeName: string) => (scopeName === MARKDOWN.scopeName ? [INJECTION] : undefined),
    });
    const grammar = (await registry.loadGrammar(MARKDOWN.scopeName))!;
    tokenize = (lines) => {
      let stack = textmate.INITIAL;
      return lines.map((line) => {
        const r = grammar.tokenizeLine(line, stack);
        stack = r.ruleStack;
        return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
      });
    };
  });

  const keysIn = (tokens: Token[]) => tokens.filter((t) => t.scopes.some((s) => s.startsWith("entity.name.tag.citation-key"))).map((t) => t.text);
  const inCitation = (tokens: Token[]) => tokens.filter((t) => t.scopes.includes("meta.citation.briefing-notes")).map((t) => t.text).join("");

  test("colours each key of a citation and the whole bracket", () => {
    const [line] = tokenize(["Japan enacted it in 2015 [see @borah2024, p. 4; -@sng2025] today."]);
    assert.deepEqual(keysIn(line), ["borah2024", "sng2025"]);
    assert.equal(inCitation(line), "[see @borah2024, p. 4; -@sng2025]");
    assert.ok(line.find((t) => t.text.includes("today"))!.scopes.every((s) => !s.includes("citation")));
  });

  test("leaves alone links, footnote marks, e-mail addresses and unclosed brackets", () => {
    const lines = tokenize(["A [link](https://x.test) and a mark[^1] and mail me@example.org.", "An open [@key bracket with no end", "next line [@borah2024]"]);
    assert.deepEqual(keysIn(lines[0]), []);
    assert.deepEqual(keysIn(lines[1]), [], "no closing bracket on the line: not a citation");
    assert.deepEqual(keysIn(lines[2]), ["borah2024"], "the unclosed bracket did not spill onto the next line");
  });

  test("not inside code", () => {
    const lines = tokenize(["Inline `[@borah2024]` code.", "```", "[@borah2024]", "```", "After [@sng2025]."]);
    assert.deepEqual(keysIn(lines[0]), []);
    assert.deepEqual(keysIn(lines[2]), []);
    assert.deepEqual(keysIn(lines[4]), ["sng2025"]);
  });
});
