// Core results to LSP types. The core's Position and Range already have LSP's
// shape (0-based lines, UTF-16 columns), so this is mostly naming.

import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type MarkupContent,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Location,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { URI } from "vscode-uri";
import type { CodeActionEntry } from "../core/features/codeActions.js";
import type { CompletionEntry } from "../core/features/completion.js";
import { clip } from "../core/features/markdown.js";
import type { CorpusSymbol } from "../core/features/workspaceSymbols.js";
import type { Finding, Severity, SourcePassage } from "../core/types.js";
import type { EntityKind } from "../core/text/words.js";

export const DIAGNOSTIC_SOURCE = "briefing-notes";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A source path as a URI; sources that are not files on disk have none. */
export function uriOfPath(path: string): string | null {
  if (!path || path.startsWith("embedded:")) return null;
  return URI.file(path).toString();
}

export function toLocation(passage: SourcePassage): Location | null {
  const uri = uriOfPath(passage.path);
  return uri ? { uri, range: passage.range } : null;
}

// A keystroke publishes every finding of the note again, and the incremental checker
// hands back the same evidence array for a sentence that did not change: its related
// information (a URI and a clipped quotation per passage) is made once per array, not
// once per keystroke. Held weakly: it goes when the checker drops the sentence.
const relatedByEvidence = new WeakMap<readonly SourcePassage[], DiagnosticRelatedInformation[]>();

function relatedInformation(evidence: readonly SourcePassage[]): DiagnosticRelatedInformation[] {
  let related = relatedByEvidence.get(evidence);
  if (!related) {
    related = [];
    for (const passage of evidence) {
      const location = toLocation(passage);
      if (location) related.push({ location, message: `${passage.docId}: ${clip(passage.text, 200)}` });
    }
    relatedByEvidence.set(evidence, related);
  }
  return related;
}

// The incremental checker also hands back the same Finding objects for sentences
// that neither changed nor moved in lines and columns: their diagnostics are made once.
const diagnosticByFinding = new WeakMap<Finding, Diagnostic>();

export function toDiagnostic(finding: Finding): Diagnostic {
  let diagnostic = diagnosticByFinding.get(finding);
  if (!diagnostic) {
    diagnostic = newDiagnostic(finding);
    diagnosticByFinding.set(finding, diagnostic);
  }
  return diagnostic;
}

function newDiagnostic(finding: Finding): Diagnostic {
  const related = relatedInformation(finding.evidence);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
  };
}

export function toCodeAction(entry: CodeActionEntry, uri: string, version: number | null, useDocumentChanges: boolean): CodeAction {
  const edits: TextEdit[] = entry.edits.map((e) => ({ range: e.range, newText: e.newText }));
  // With a version, an editor refuses to apply a fix computed for text that has since changed.
  const edit: WorkspaceEdit = useDocumentChanges ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
  return { title: entry.title, kind: CodeActionKind.QuickFix, diagnostics: [toDiagnostic(entry.finding)], isPreferred: entry.preferred, edit };
}

const ENTITY_COMPLETION_KIND: Record<EntityKind, CompletionItemKind> = {
  agreement: CompletionItemKind.Struct,
  exercise: CompletionItemKind.Event,
  dialogue: CompletionItemKind.Event,
  partnership: CompletionItemKind.Module,
  initiative: CompletionItemKind.Module,
  programme: CompletionItemKind.Module,
  platform: CompletionItemKind.Unit,
  organisation: CompletionItemKind.Class,
  person: CompletionItemKind.Constant,
  place: CompletionItemKind.Field,
  name: CompletionItemKind.Text,
};

export function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

export function toCompletionItem(entry: CompletionEntry): CompletionItem {
  const kind = entry.kind === "source" ? CompletionItemKind.Reference : entry.kind === "year" ? CompletionItemKind.Value : ENTITY_COMPLETION_KIND[entry.entityKind ?? "name"];
  return {
    label: entry.label,
    kind,
    detail: entry.detail,
    ...(entry.documentation !== undefined ? { documentation: markdown(entry.documentation) } : {}),
    ...(entry.resolve ? { data: entry.resolve } : {}),
    textEdit: { range: entry.range, newText: entry.insertText },
    insertTextFormat: InsertTextFormat.PlainText,
    sortText: entry.sortText,
    filterText: entry.filterText,
    ...(entry.preselect ? { preselect: true } : {}),
  };
}

const ENTITY_SYMBOL_KIND: Record<EntityKind | "source", SymbolKind> = {
  source: SymbolKind.File,
  agreement: SymbolKind.Struct,
  exercise: SymbolKind.Event,
  dialogue: SymbolKind.Event,
  partnership: SymbolKind.Module,
  initiative: SymbolKind.Module,
  programme: SymbolKind.Module,
  platform: SymbolKind.Object,
  organisation: SymbolKind.Class,
  person: SymbolKind.Constant,
  place: SymbolKind.Field,
  name: SymbolKind.String,
};

export function toSymbol(symbol: CorpusSymbol): SymbolInformation | null {
  const location = toLocation(symbol.location);
  return location ? { name: symbol.name, kind: ENTITY_SYMBOL_KIND[symbol.kind], location, containerName: symbol.container } : null;
}
