import type { Corpus } from "../corpus/corpus.js";
import { parseNote, type NoteSentence, type ParsedNote } from "../note/parseNote.js";
import type { Finding, FindingCode, Severity } from "../types.js";
import { readClaim } from "./claim.js";
import { checkCitationMismatch } from "./citationMismatch.js";
import { checkDateConflicts } from "./dateConflict.js";
import type { RawFinding } from "./rawFinding.js";
import { checkUnknownNames } from "./unknownName.js";
import { checkUnknownSources } from "./unknownSource.js";
import { checkUnsourcedClaim } from "./unsourcedClaim.js";

export type SeveritySetting = Severity | "off";

export interface CheckOptions {
  severity?: Partial<Record<FindingCode, SeveritySetting>>;
}

export const DEFAULT_SEVERITY: Record<FindingCode, Severity> = {
  "unsourced-claim": "warning",
  "date-conflict": "warning",
  "citation-mismatch": "warning",
  "unknown-source": "error",
  "unknown-name": "warning",
};

// No analyst writes a sentence this long: it is pasted data, and reading it as a
// claim would cost time the editor needs. Its citation keys are still checked.
const MAX_SENTENCE_CHARS = 3000;

/** Every finding for one sentence of a note, with offsets into the note. */
export function checkNoteSentence(note: ParsedNote, sentence: NoteSentence, corpus: Corpus): RawFinding[] {
  const out: RawFinding[] = [];
  out.push(...checkUnknownSources(sentence.citations, corpus));
  if (sentence.end - sentence.start > MAX_SENTENCE_CHARS) return out;
  const claim = readClaim(note, sentence, corpus);
  const names = checkUnknownNames(claim, corpus);
  out.push(...names);
  // A misspelt name is one problem, not also an unsourced or mis-cited claim.
  if (!claim.judgement) {
    const dates = checkDateConflicts(claim, corpus);
    out.push(...dates);
    const conflicted = new Set(dates.map((d) => d.start));
    if (names.length === 0) {
      out.push(...checkUnsourcedClaim(claim, corpus));
      out.push(...checkCitationMismatch(claim, corpus, conflicted));
    }
  }
  return out;
}

/** Checks a note against the corpus: the one analysis behind the CLI and the server. */
export function checkNote(noteOrText: ParsedNote | string, corpus: Corpus, options: CheckOptions = {}): Finding[] {
  const note = typeof noteOrText === "string" ? parseNote(noteOrText) : noteOrText;
  const raw: RawFinding[] = [];
  for (const sentence of note.sentences) raw.push(...checkNoteSentence(note, sentence, corpus));
  return toFindings(note, raw, options);
}

export function toFindings(note: ParsedNote, raw: RawFinding[], options: CheckOptions = {}): Finding[] {
  return toFindingsMoved(note, [{ raw, by: 0 }], options);
}

/**
 * `toFindings` of groups of raw findings, each moved by `by`: the incremental checker
 * keeps a sentence's findings relative to its start, and this spares it a moved copy
 * of each on every keystroke.
 */
export function toFindingsMoved(note: ParsedNote, groups: { raw: RawFinding[]; by: number }[], options: CheckOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const { raw, by } of groups) placeFindings(note, raw, by, options, out);
  return sortFindings(out);
}

/** The raw findings moved by `by`, with positions and severities, appended to `out`; those whose severity is "off" are left out. */
export function placeFindings(note: ParsedNote, raw: readonly RawFinding[], by: number, options: CheckOptions, out: Finding[]): Finding[] {
  for (const r of raw) {
    const setting = options.severity?.[r.code] ?? DEFAULT_SEVERITY[r.code];
    if (setting === "off") continue;
    out.push({
      code: r.code,
      message: r.message,
      range: note.lines.range(r.start + by, r.end + by),
      severity: setting,
      evidence: r.evidence,
      fixes: r.fixes.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits.map((e) => ({ range: note.lines.range(e.start + by, e.end + by), newText: e.newText })) })),
    });
  }
  return out;
}

/** Findings in the order of their start in the note (a stable sort: equal starts keep their order). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
