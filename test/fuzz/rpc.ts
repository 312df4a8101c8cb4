// A deliberately small JSON-RPC client for the fuzzer: it frames messages itself
// (Content-Length + body) so that it can also send what no library would (raw
// invalid UTF-8, lone surrogates), it times every request, and it checks that each
// answer is well formed JSON-RPC: the same id, and either a result or an error
// with an integer code and a string message.
//
// Helper module, not a test: it has no side effects when the test runner loads it.

import { spawn, type ChildProcess } from "node:child_process";

export interface Answer {
  id: number;
  method: string;
  ms: number;
  /** "result", "error" (a proper JSON-RPC error) or "malformed" (anything else). */
  kind: "result" | "error" | "malformed";
  code?: number;
  detail?: string;
}

interface Pending {
  method: string;
  sent: number;
  resolve: (a: Answer) => void;
}

export interface RpcOptions {
  command: string[];
  cwd: string;
  /** What the client answers to workspace/configuration for the "briefingNotes" section. */
  settings?: Record<string, unknown>;
}

export class RpcClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  readonly notifications: { method: string; params: unknown; at: number }[] = [];
  private readonly listeners = new Set<() => void>();
  stderr = "";
  exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  /** Protocol violations by the server (unparsable frames, answers to unknown ids). */
  readonly violations: string[] = [];
  /** What the client answers to workspace/configuration; the fuzzer changes it. */
  settings: Record<string, unknown>;

  constructor(options: RpcOptions) {
    this.settings = options.settings ?? {};
    const [cmd, ...args] = options.command;
    this.child = spawn(cmd, args, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout!.on("data", (d: Buffer) => this.receive(d));
    this.child.stderr!.on("data", (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-20_000);
    });
    // Writing to a server that died is reported as a crash, not thrown from the stream.
    this.child.stdin!.on("error", () => undefined);
    this.child.on("exit", (code, signal) => {
      this.exited = { code, signal };
      for (const [id, p] of this.pending) p.resolve({ id, method: p.method, ms: Date.now() - p.sent, kind: "malformed", detail: `server exited (${code ?? signal}) before answering` });
      this.pending.clear();
      this.changed();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends a request; resolves with the answer, however long it takes (the caller times it). */
  request(method: string, params: unknown): { id: number; answer: Promise<Answer> } {
    const id = this.nextId++;
    const answer = new Promise<Answer>((resolve) => this.pending.set(id, { method, sent: Date.now(), resolve }));
    this.send({ jsonrpc: "2.0", id, method, params });
    return { id, answer };
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  /** A frame whose body is given as bytes, for content no JSON serialiser would produce. */
  sendRaw(body: Buffer): void {
    if (this.exited) return;
    this.child.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii"), body]));
  }

  private send(message: unknown): void {
    this.sendRaw(Buffer.from(JSON.stringify(message), "utf8"));
  }

  /** Resolves when `probe` holds, re-checked as messages arrive; rejects after `ms`. */
  until<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v === undefined) return;
        done();
        resolve(v);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString("ascii");
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) {
        this.violations.push(`frame without Content-Length: ${JSON.stringify(header.slice(0, 200))}`);
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(body);
      } catch {
        this.violations.push(`unparsable frame: ${body.slice(0, 200)}`);
        continue;
      }
      this.dispatch(message);
    }
  }

  private dispatch(message: Record<string, unknown>): void {
    if (typeof message.method === "string" && "id" in message) {
      this.send({ jsonrpc: "2.0", id: message.id, result: this.answerServer(message.method, message.params) });
    } else if (typeof message.method === "string") {
      this.notifications.push({ method: message.method, params: message.params, at: Date.now() });
      if (this.notifications.length > 5000) this.notifications.splice(0, 2500);
    } else if (typeof message.id === "number" && this.pending.has(message.id)) {
      const p = this.pending.get(message.id)!;
      this.pending.delete(message.id);
      p.resolve(classify(message, p));
    } else {
      this.violations.push(`answer to an unknown request: ${JSON.stringify(message).slice(0, 200)}`);
    }
    this.changed();
  }

  // What an editor answers when the server asks it something.
  private answerServer(method: string, params: unknown): unknown {
    if (method === "workspace/configuration") {
      const items = (params as { items?: { section?: string }[] })?.items ?? [];
      return items.map((i) => (i.section === "briefingNotes" ? this.settings : null));
    }
    return null;
  }

  get outstanding(): number {
    return this.pending.size;
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const { answer } = this.request("shutdown", null);
      await Promise.race([answer, sleep(3000)]);
      this.notify("exit", null);
      await Promise.race([new Promise((r) => this.child.once("exit", r)), sleep(2000)]);
    }
    if (!this.exited) this.child.kill("SIGKILL");
  }
}

function classify(message: Record<string, unknown>, p: Pending): Answer {
  const base = { id: message.id as number, method: p.method, ms: Date.now() - p.sent };
  if (message.jsonrpc !== "2.0") return { ...base, kind: "malformed", detail: `jsonrpc is ${JSON.stringify(message.jsonrpc)}` };
  const hasResult = "result" in message;
  const hasError = "error" in message;
  if (hasResult === hasError) return { ...base, kind: "malformed", detail: "needs exactly one of result and error" };
  if (hasResult) return { ...base, kind: "result" };
  const e = message.error as { code?: unknown; message?: unknown } | null;
  if (!e || !Number.isInteger(e.code) || typeof e.message !== "string") return { ...base, kind: "malformed", detail: `bad error object ${JSON.stringify(e)}` };
  return { ...base, kind: "error", code: e.code as number, detail: e.message };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
