// Shapes of request parameters, checked before a handler reads them. A request an
// editor could never send (no document, a position of strings, a null range) gets the
// protocol's InvalidParams error naming what is wrong, instead of a TypeError deep in
// a handler that is logged as a server fault and answered with an empty result.

import { ErrorCodes, ResponseError } from "vscode-languageserver/node";
import type { CompletionResolveData } from "../core/features/completion.js";
import type { Position, Range } from "../core/types.js";

function invalid(message: string): never {
  throw new ResponseError(ErrorCodes.InvalidParams, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPosition(value: unknown): value is Position {
  return isRecord(value) && isCount(value.line) && isCount(value.character);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** The `textDocument.uri` of a request's params. */
export function documentUri(params: unknown): string {
  if (!isRecord(params) || !isRecord(params.textDocument) || typeof params.textDocument.uri !== "string") invalid("textDocument.uri must be a string");
  return params.textDocument.uri;
}

/** The `position` of a request's params. */
export function positionOf(params: unknown): Position {
  const position = isRecord(params) ? params.position : undefined;
  if (!isPosition(position)) invalid("position must be { line, character } with whole numbers from 0");
  return position;
}

/** The `range` of a request's params. */
export function rangeOf(params: unknown): Range {
  const range = isRecord(params) ? params.range : undefined;
  if (!isRecord(range) || !isPosition(range.start) || !isPosition(range.end)) invalid("range must be { start, end } positions with whole numbers from 0");
  return { start: range.start, end: range.end };
}

/**
 * What a completion item to resolve carries in `data` (as this server sent it); null
 * for an item without it. Any other shape is an item this server never made.
 */
export function resolveDataOf(params: unknown): CompletionResolveData | null {
  if (!isRecord(params)) invalid("a completion item must be an object");
  const data = params.data;
  if (data === undefined || data === null) return null;
  if (isRecord(data) && data.kind === "name" && typeof data.key === "string") return { kind: "name", key: data.key };
  if (isRecord(data) && data.kind === "source" && typeof data.docId === "string") {
    const p = data.passage;
    if (p === undefined) return { kind: "source", docId: data.docId };
    if (isRecord(p) && typeof p.docId === "string" && isCount(p.sentence)) return { kind: "source", docId: data.docId, passage: { docId: p.docId, sentence: p.sentence } };
  }
  invalid("data is not a completion item of this server's");
}

/** The workspace symbol `query` (params themselves are required); a missing one is the empty query. */
export function queryOf(params: unknown): string {
  if (!isRecord(params)) invalid("params must be { query }");
  const query = params.query;
  if (query === undefined || query === null) return "";
  if (typeof query !== "string") invalid("query must be a string");
  return query;
}
