#!/usr/bin/env node
// Turns labelled note sources (`*.md.src`, each label written at its line's end as
// ⟦E:code|O:code⟧: E = expected, O = optional) into the notes and the labels.json
// that ../shared/eval/score.mjs and test/unit/labelled.test.ts read.
//
//   node scripts/labels-from-src.mjs SRC_DIR OUT_DIR [--corpus REL_DIR]... [--no-default-corpus]
//
// Writing the labels beside the sentence keeps them honest to read and review; the
// line numbers in labels.json are derived, never typed.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [srcDir, outDir, ...rest] = process.argv.slice(2);
if (!srcDir || !outDir) { console.error("usage: labels-from-src.mjs SRC_DIR OUT_DIR [--corpus REL_DIR]... [--no-default-corpus]"); process.exit(2); }
const corpus = [];
let defaultCorpus = true;
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === "--corpus") corpus.push(rest[++i]);
  else if (rest[i] === "--no-default-corpus") defaultCorpus = false;
}
const notes = [];
for (const name of readdirSync(srcDir).filter((n) => n.endsWith(".md.src")).sort()) {
  const path = name.slice(0, -".src".length);
  const expect = {};
  const optional = {};
  const lines = readFileSync(join(srcDir, name), "utf8").split("\n").map((line, i) => {
    // The label is the last ⟦…⟧ on the line, with nothing but spaces after it.
    const open = line.lastIndexOf("⟦");
    const close = line.lastIndexOf("⟧");
    if (open < 0 || close < open || line.slice(close + 1).trim()) return line;
    for (const part of line.slice(open + 1, close).split("|")) {
      const [kind, code] = part.split(":");
      const into = kind === "E" ? expect : kind === "O" ? optional : null;
      if (!into || !code) throw new Error(`${name}:${i + 1}: bad label ${part}`);
      (into[i + 1] ??= []).push(code);
    }
    return line.slice(0, open).trimEnd();
  });
  writeFileSync(join(outDir, path), lines.join("\n"));
  notes.push({ path, corpus, defaultCorpus, expect, optional });
}
writeFileSync(join(outDir, "labels.json"), JSON.stringify({ notes }, null, 1) + "\n");
console.log(`${notes.length} notes, ${notes.reduce((n, x) => n + Object.keys(x.expect).length, 0)} lines expected to carry findings`);
