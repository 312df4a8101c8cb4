// The extension manifest (package.json) and the server agree: every setting the
// server reads is declared with the server's default, every command the client
// registers is contributed, and the files it names exist.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_SEVERITY } from "../../core/checks/checkNote.js";
import { FINDING_CODES } from "../../core/types.js";
import { DEFAULT_DEBOUNCE_MS, DEFAULT_NOTE_GLOBS, defaultSettings, readSettings } from "../../server/settings.js";
import { ROOT } from "./harness.js";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const properties = pkg.contributes.configuration.properties as Record<string, { default: unknown; enum?: string[] }>;

test("each finding code has a severity setting with the checker's default", () => {
  for (const code of FINDING_CODES) {
    const p = properties[`briefingNotes.severity.${code}`];
    assert.ok(p, code);
    assert.equal(p.default, DEFAULT_SEVERITY[code]);
    assert.deepEqual(p.enum, ["error", "warning", "information", "hint", "off"]);
  }
});

test("corpus, notes and debounce settings carry the server's defaults", () => {
  assert.deepEqual(properties["briefingNotes.corpus.paths"].default, []);
  assert.equal(properties["briefingNotes.corpus.includeDefault"].default, true);
  assert.deepEqual(properties["briefingNotes.notes.include"].default, DEFAULT_NOTE_GLOBS);
  assert.equal(properties["briefingNotes.debounceMs"].default, DEFAULT_DEBOUNCE_MS);
  assert.equal(properties["briefingNotes.memory"].default, defaultSettings().memory);
  assert.deepEqual(properties["briefingNotes.memory"].enum, ["compact", "fast"]);
});

test("the memory setting: compact or fast, anything else ignored with a note", () => {
  assert.equal(readSettings({ memory: "fast" }).settings.memory, "fast");
  const odd = readSettings({ memory: "huge" });
  assert.equal(odd.settings.memory, "compact");
  assert.match(odd.ignored.join("\n"), /briefingNotes\.memory: "huge" is not compact or fast/);
});

test("the settings section VS Code would send is read as declared", () => {
  // VS Code nests dotted keys: briefingNotes.severity.unknown-name → { severity: { "unknown-name": … } }.
  const section: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(properties)) {
    const parts = key.split(".").slice(1);
    let node = section;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = p.default;
  }
  const { settings, ignored } = readSettings(section);
  assert.deepEqual(ignored, []);
  assert.deepEqual(settings.severity, DEFAULT_SEVERITY);
});

test("commands, grammar and entry point exist", () => {
  const client = readFileSync(join(ROOT, "client", "extension.ts"), "utf8");
  for (const { command } of pkg.contributes.commands) assert.ok(client.includes(`"${command}"`), `${command} is registered by the client`);
  for (const g of pkg.contributes.grammars) assert.ok(existsSync(join(ROOT, g.path)), g.path);
  assert.equal(pkg.main, "./dist/client.cjs");
  assert.match(readFileSync(join(ROOT, "esbuild.config.mjs"), "utf8"), /outfile: "dist\/client\.cjs"/);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, "limited");
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes("briefingNotes.corpus.paths"));
  assert.deepEqual(pkg.activationEvents, ["onLanguage:markdown"]);
});
