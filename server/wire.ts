// How messages leave the server over a stream (stdio, a socket). The library turns
// each message into one JSON string and then into UTF-8 bytes. A keystroke in a long
// note publishes every diagnostic of the note again (about 130 KB for 200 findings):
// serialising and encoding that took as long as checking the sentence, and a string
// that size is allocated straight into the old generation, bringing full collections
// closer. Diagnostics are cached per finding (see convert.ts) and never changed once
// made, so each one's bytes are made once here and a publish joins them.

import { Buffer } from "node:buffer";
import type { ContentTypeEncoder, Message, MessageWriterOptions } from "vscode-languageserver/node";

const PUBLISH_DIAGNOSTICS = "textDocument/publishDiagnostics";

/** The UTF-8 JSON of each diagnostic object, made the first time it is sent. */
const bytesOfDiagnostic = new WeakMap<object, Buffer>();

function diagnosticBytes(diagnostic: object): Buffer {
  let bytes = bytesOfDiagnostic.get(diagnostic);
  if (!bytes) {
    bytes = Buffer.from(JSON.stringify(diagnostic), "utf8");
    bytesOfDiagnostic.set(diagnostic, bytes);
  }
  return bytes;
}

interface PublishParams {
  uri: string;
  version?: number | null;
  diagnostics: object[];
}

/** A publishDiagnostics notification with nothing else in it (anything else takes the general path). */
function publishParams(message: Message): PublishParams | null {
  const m = message as { jsonrpc?: unknown; method?: unknown; params?: unknown; id?: unknown };
  if (m.method !== PUBLISH_DIAGNOSTICS || m.id !== undefined || Object.keys(m).length !== 3) return null;
  const p = m.params as Partial<PublishParams> | undefined;
  if (!p || typeof p.uri !== "string" || !Array.isArray(p.diagnostics)) return null;
  for (const key of Object.keys(p)) if (key !== "uri" && key !== "version" && key !== "diagnostics") return null;
  for (const d of p.diagnostics) if (typeof d !== "object" || d === null) return null;
  return p as PublishParams;
}

const COMMA = Buffer.from(",");
const TAIL = Buffer.from("]}}");

/** The bytes of a message: what `JSON.stringify` gives, in UTF-8, with diagnostics' bytes reused. */
export function encodeMessage(message: Message): Buffer {
  const publish = publishParams(message);
  if (!publish) return Buffer.from(JSON.stringify(message), "utf8");
  const version = publish.version === undefined ? "" : `"version":${JSON.stringify(publish.version)},`;
  const parts: Buffer[] = [Buffer.from(`{"jsonrpc":${JSON.stringify((message as { jsonrpc: string }).jsonrpc)},"method":"${PUBLISH_DIAGNOSTICS}","params":{"uri":${JSON.stringify(publish.uri)},${version}"diagnostics":[`, "utf8")];
  publish.diagnostics.forEach((d, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(diagnosticBytes(d));
  });
  parts.push(TAIL);
  return Buffer.concat(parts);
}

const encoder: ContentTypeEncoder = {
  name: "application/json",
  encode: (message) => {
    try {
      return Promise.resolve(encodeMessage(message as Message));
    } catch (e) {
      return Promise.reject(e);
    }
  },
};

/** Options for a stream's message writer that encode with `encodeMessage`. */
export const WRITER_OPTIONS: MessageWriterOptions = { charset: "utf-8", contentTypeEncoder: encoder };
