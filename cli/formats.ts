import { relative } from "node:path";
import type { Finding } from "../core/types.js";

export interface FileFindings {
  file: string;
  findings: Finding[];
}

/** `file:line:col  code  message`, like other linters: editors and terminals make it a link. */
export function formatText(results: FileFindings[], cwd = process.cwd()): string {
  const lines: string[] = [];
  for (const { file, findings } of results) {
    for (const f of findings) {
      lines.push(`${relative(cwd, file) || file}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity.padEnd(7)}  ${f.code}  ${f.message}`);
      const e = f.evidence[0];
      if (e) lines.push(`    source: ${e.docId} (${relative(cwd, e.path) || e.path}:${e.range.start.line + 1})`);
    }
  }
  const total = results.reduce((n, r) => n + r.findings.length, 0);
  lines.push(total === 0 ? `No findings in ${results.length} note${results.length === 1 ? "" : "s"}.` : `${total} finding${total === 1 ? "" : "s"} in ${results.filter((r) => r.findings.length).length} of ${results.length} note${results.length === 1 ? "" : "s"}.`);
  return lines.join("\n") + "\n";
}

/** One object per finding; `line` and `column` are 1-based (what ../shared/eval expects). */
export function formatJson(results: FileFindings[]): string {
  const rows = results.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      code: f.code,
      severity: f.severity,
      message: f.message,
      evidence: f.evidence.map((e) => ({ source: e.docId, path: e.path, line: e.range.start.line + 1, column: e.range.start.character + 1, text: e.text })),
      fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ line: e.range.start.line + 1, column: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1, newText: e.newText })) })),
    })),
  );
  return JSON.stringify(rows, null, 2) + "\n";
}

const RULES: Record<string, string> = {
  "unsourced-claim": "A sentence states a checkable fact and cites no source.",
  "date-conflict": "A date attached to a known event differs from what every source says.",
  "citation-mismatch": "The cited source does not hold the sentence's names, numbers or dates.",
  "unknown-source": "A citation key names no document of the corpus.",
  "unknown-name": "A name is in no source, and is close to one that is.",
};

/** SARIF 2.1.0, for code-scanning dashboards. */
export function formatSarif(results: FileFindings[], version: string): string {
  const level = (s: string) => (s === "error" ? "error" : s === "warning" ? "warning" : "note");
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "briefing-check", version, informationUri: "https://example.invalid/briefing-notes", rules: Object.entries(RULES).map(([id, text]) => ({ id, shortDescription: { text } })) } },
        results: results.flatMap(({ file, findings }) =>
          findings.map((f) => ({
            ruleId: f.code,
            level: level(f.severity),
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: toUri(file) }, region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 } } }],
            relatedLocations: f.evidence.map((e, id) => ({ id, message: { text: e.text }, physicalLocation: { artifactLocation: { uri: toUri(e.path) }, region: { startLine: e.range.start.line + 1, startColumn: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1 } } })),
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

function toUri(path: string): string {
  return path.startsWith("/") ? `file://${encodeURI(path)}` : encodeURI(path.replace(/\\/g, "/"));
}
