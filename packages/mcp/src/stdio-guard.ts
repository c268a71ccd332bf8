// What stands between stdin and the SDK's stdio transport. The transport buffers up to 10 MB and,
// past it, closes itself without a word: the server went on running deaf, every pending call
// unanswered. A line that is not JSON it drops silently; params of the wrong shape come back as a
// raw dump of the SDK's schema errors. Here each line is read with a bound, and what the transport
// would swallow is answered as JSON-RPC says (-32700, -32600, -32602), logged on stderr, and the
// server goes on serving.
import { PassThrough, type Readable } from "node:stream";

/** 4 MiB: a tool call is a few kilobytes; the SDK's own buffer ends the transport at 10 MB. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

type Id = string | number | null;
const reply = (id: Id, code: number, message: string) => `${JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } })}\n`;

/** The refusal of a message the transport would drop or dump, or undefined to pass it on. */
function check(line: string): { id: Id; code: number; message: string } | undefined {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch (error) {
    return { id: null, code: -32700, message: `Parse error: the message is not JSON (${(error as Error).message})` };
  }
  if (!message || typeof message !== "object" || Array.isArray(message)) {
    return { id: null, code: -32600, message: "Invalid Request: a message is a JSON-RPC 2.0 object" };
  }
  const { id, method, params } = message as { id?: unknown; method?: unknown; params?: unknown };
  if (id !== undefined && id !== null && typeof id !== "string" && typeof id !== "number") {
    return { id: null, code: -32600, message: "Invalid Request: id is a string or a number" };
  }
  const known: Id = typeof id === "string" || typeof id === "number" ? id : null;
  if ((message as { jsonrpc?: unknown }).jsonrpc !== "2.0") return { id: known, code: -32600, message: 'Invalid Request: "jsonrpc" must be "2.0"' };
  if (method === "tools/call" && known !== null) {
    const p = params as { name?: unknown; arguments?: unknown } | undefined;
    if (!p || typeof p !== "object" || Array.isArray(p)) return { id: known, code: -32602, message: "Invalid params: params is an object { name, arguments }" };
    if (typeof p.name !== "string") return { id: known, code: -32602, message: "Invalid params: params.name is the tool's name, a string" };
    if (p.arguments !== undefined && (typeof p.arguments !== "object" || p.arguments === null || Array.isArray(p.arguments))) {
      return { id: known, code: -32602, message: "Invalid params: params.arguments is an object of the tool's arguments" };
    }
  }
  return undefined;
}

/**
 * A stream of stdin's complete, checked lines for the SDK's transport. Refusals are written to
 * `out` (stdout, between whole messages) and said on `log` (stderr).
 */
export function guardStdin(input: Readable, out: NodeJS.WritableStream, log: (message: string) => void, limit = MAX_MESSAGE_BYTES): Readable {
  const checked = new PassThrough();
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  const refuse = (id: Id, code: number, message: string) => {
    log(`dcs-migration-mcp: refused a message: ${message}`);
    out.write(reply(id, code, message));
  };
  input.on("data", (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      start = end + 1;
      if (skipping) {
        skipping = false;
        continue;
      }
      if (size + piece.length > limit) {
        parts = [];
        size = 0;
        refuse(null, -32600, `Invalid Request: a message of more than ${limit / 1024 / 1024} MiB, the server's bound`);
        continue;
      }
      const line = Buffer.concat([...parts, piece])
        .toString("utf8")
        .replace(/\r$/, "");
      parts = [];
      size = 0;
      if (line.trim() === "") continue;
      const refusal = check(line);
      if (refusal) refuse(refusal.id, refusal.code, refusal.message);
      else checked.write(`${line}\n`);
    }
    if (skipping || start === chunk.length) return;
    const rest = chunk.subarray(start);
    if (size + rest.length > limit) {
      // Past the bound before its end: the rest of this line is read and dropped, never held.
      parts = [];
      size = 0;
      skipping = true;
      refuse(null, -32600, `Invalid Request: a message of more than ${limit / 1024 / 1024} MiB, the server's bound`);
      return;
    }
    parts.push(rest);
    size += rest.length;
  });
  input.on("end", () => checked.end());
  input.on("error", (error) => checked.destroy(error));
  return checked;
}
