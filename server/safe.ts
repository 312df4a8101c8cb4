// Every request and notification handler runs through here: an exception in one
// (a bug, a position past the end of an edited line, a file that vanished) is
// logged and answered with an empty result, and the server keeps running. A
// ResponseError is the handler's deliberate answer (InvalidParams for a malformed
// request) and goes back to the client as the protocol error it is.

import { ResponseError } from "vscode-languageserver/node";

export type Logger = (message: string) => void;

export function safely<P extends unknown[], R>(name: string, fallback: R, log: Logger, handler: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };
}
