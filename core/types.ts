// Plain data shared by every part of the core. Positions are 0-based lines and
// UTF-16 columns (what LSP and VS Code use); offsets index the document string.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type FindingCode =
  | "unsourced-claim"
  | "date-conflict"
  | "citation-mismatch"
  | "unknown-source"
  | "unknown-name";

export const FINDING_CODES: readonly FindingCode[] = [
  "unsourced-claim",
  "date-conflict",
  "citation-mismatch",
  "unknown-source",
  "unknown-name",
];

export type Severity = "error" | "warning" | "information" | "hint";

/** A span of a source document that a finding, hover or definition rests on. */
export interface SourcePassage {
  docId: string;
  /** Where the document lives: a file path, or `embedded:ID` for the default corpus. */
  path: string;
  range: Range;
  text: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix the editor may offer; applying it is always the user's choice. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor should prefer when several are offered. */
  preferred?: boolean;
}

export interface Finding {
  code: FindingCode;
  message: string;
  range: Range;
  severity: Severity;
  /** The source passages the finding rests on, best first. */
  evidence: SourcePassage[];
  fixes: Fix[];
}

/** A problem met while loading a source document; the rest of the corpus still loads. */
export interface LoadProblem {
  path: string;
  /** "error": the document was not loaded; "warning": it was loaded, with something left out. */
  severity: "error" | "warning";
  /** 1-based line, where the problem has one. */
  line?: number;
  message: string;
}
