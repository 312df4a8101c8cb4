import type { FindingCode, SourcePassage } from "../types.js";

/** A finding with offsets into the note; `checkNote` turns offsets into positions. */
export interface RawFinding {
  code: FindingCode;
  start: number;
  end: number;
  message: string;
  evidence: SourcePassage[];
  fixes: { title: string; edits: { start: number; end: number; newText: string }[]; preferred?: boolean }[];
}
