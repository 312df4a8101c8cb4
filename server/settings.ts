// The `briefingNotes` settings section, read defensively: whatever an editor
// sends (nothing, a string where a list belongs, an unknown severity), the server
// ends up with usable settings and a note of what it ignored.

import { DEFAULT_SEVERITY, type SeveritySetting } from "../core/checks/checkNote.js";
import { FINDING_CODES, type FindingCode } from "../core/types.js";

export interface Settings {
  corpus: {
    /** Folders of source documents; relative paths are resolved against the workspace. */
    paths: string[];
    includeDefault: boolean;
  };
  notes: {
    /** Globs (relative to the workspace folder) of the Markdown files that are notes. */
    include: string[];
  };
  severity: Record<FindingCode, SeveritySetting>;
  debounceMs: number;
  /** How the server trades memory for speed (see memory.ts). */
  memory: MemoryMode;
  cache: {
    /** Keep what was read from each source, so a restart reads only what changed. */
    enabled: boolean;
    /** The cache folder; empty: `$XDG_CACHE_HOME/briefing-notes` (else `~/.cache/briefing-notes`). */
    path: string;
  };
}

export type MemoryMode = "compact" | "fast";
const MEMORY_MODES = new Set<string>(["compact", "fast"]);

export const DEFAULT_NOTE_GLOBS = ["**/*.md", "**/*.markdown"];
export const DEFAULT_DEBOUNCE_MS = 300;
const SEVERITIES = new Set(["error", "warning", "information", "hint", "off"]);

export function defaultSettings(): Settings {
  return {
    corpus: { paths: [], includeDefault: true },
    notes: { include: [...DEFAULT_NOTE_GLOBS] },
    severity: { ...DEFAULT_SEVERITY },
    debounceMs: DEFAULT_DEBOUNCE_MS,
    memory: "compact",
    cache: { enabled: true, path: "" },
  };
}

export function readSettings(raw: unknown): { settings: Settings; ignored: string[] } {
  const settings = defaultSettings();
  const ignored: string[] = [];
  const root = isObject(raw) ? raw : {};
  const corpus = isObject(root.corpus) ? root.corpus : {};
  const paths = stringList(corpus.paths ?? root["corpus.paths"]);
  if (paths === null) ignored.push("briefingNotes.corpus.paths must be a list of folder paths");
  else settings.corpus.paths = paths;
  const includeDefault = corpus.includeDefault ?? root["corpus.includeDefault"];
  if (typeof includeDefault === "boolean") settings.corpus.includeDefault = includeDefault;
  else if (includeDefault !== undefined && includeDefault !== null) ignored.push("briefingNotes.corpus.includeDefault must be true or false");

  const notes = isObject(root.notes) ? root.notes : {};
  const include = stringList(notes.include ?? root["notes.include"]);
  if (include === null) ignored.push("briefingNotes.notes.include must be a glob or a list of globs");
  else if (include.length) settings.notes.include = include;

  const severity = isObject(root.severity) ? root.severity : {};
  for (const code of FINDING_CODES) {
    const value = severity[code] ?? root[`severity.${code}`];
    if (value === undefined || value === null) continue;
    const v = String(value).toLowerCase();
    // "info" and "warn" are what people type; accept them.
    const normal = v === "info" ? "information" : v === "warn" ? "warning" : v;
    if (SEVERITIES.has(normal)) settings.severity[code] = normal as SeveritySetting;
    else ignored.push(`briefingNotes.severity.${code}: "${value}" is not error, warning, information, hint or off`);
  }

  const debounce = root.debounceMs;
  if (typeof debounce === "number" && Number.isFinite(debounce)) settings.debounceMs = Math.max(0, Math.min(5000, Math.round(debounce)));
  else if (debounce !== undefined && debounce !== null) ignored.push("briefingNotes.debounceMs must be a number of milliseconds");
  const memory = root.memory;
  if (typeof memory === "string" && MEMORY_MODES.has(memory)) settings.memory = memory as MemoryMode;
  else if (memory !== undefined && memory !== null) ignored.push(`briefingNotes.memory: "${String(memory)}" is not compact or fast`);
  const cache = isObject(root.cache) ? root.cache : {};
  const cacheEnabled = cache.enabled ?? root["cache.enabled"];
  if (typeof cacheEnabled === "boolean") settings.cache.enabled = cacheEnabled;
  else if (cacheEnabled !== undefined && cacheEnabled !== null) ignored.push("briefingNotes.cache.enabled must be true or false");
  const cachePath = cache.path ?? root["cache.path"];
  if (typeof cachePath === "string") settings.cache.path = cachePath.trim();
  else if (cachePath !== undefined && cachePath !== null) ignored.push("briefingNotes.cache.path must be a folder path");
  return { settings, ignored };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A list of non-empty strings; a single string counts as a list of one; null when malformed. */
function stringList(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return v.trim() ? [v.trim()] : [];
  if (!Array.isArray(v)) return null;
  if (!v.every((x) => typeof x === "string")) return null;
  return v.map((x: string) => x.trim()).filter(Boolean);
}
