// Quick fixes: every finding already carries its fixes; this picks those an
// editor asks for at a range.

import type { Finding, Range, TextEdit } from "../types.js";

export interface CodeActionEntry {
  title: string;
  edits: TextEdit[];
  preferred: boolean;
  /** The finding the fix answers, so the editor can link the two. */
  finding: Finding;
}

export function codeActionsFor(findings: readonly Finding[], range: Range): CodeActionEntry[] {
  const out: CodeActionEntry[] = [];
  for (const finding of findings) {
    if (!overlaps(finding.range, range)) continue;
    for (const fix of finding.fixes) {
      if (fix.edits.length === 0) continue;
      out.push({ title: fix.title, edits: fix.edits, preferred: !!fix.preferred, finding });
    }
  }
  return out;
}

const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** Ranges that touch count: a cursor at the end of a misspelt name still gets its fix. */
export function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
