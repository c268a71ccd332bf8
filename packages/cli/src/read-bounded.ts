// Reading what a user points dcs-migrate at (a plan, `--body @file`, `--body -`): never more than a
// bound, and never in a way that holds the process past Ctrl-C or SIGTERM. A plain readFileSync of
// /dev/zero grows until memory runs out, and one of a FIFO nobody writes to blocks the event loop,
// so neither signal is ever handled: here the bytes come asynchronously, counted, and the read
// gives way to the command's abort signal. A FIFO is read through the event loop, not the thread
// pool: a pool thread blocked in read() would hold even process.exit() until a writer came.
import { constants, createReadStream, openSync, statSync } from "node:fs";
import { Socket } from "node:net";
import type { Readable } from "node:stream";
import { usage } from "./exit.js";

/** 1 MiB: a plan or a request body is a few kilobytes; nothing the service takes comes near. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * The bytes of `source` (a path, or a stream such as stdin), at most `limit`: past it, a usage
 * error naming `what` and the bound, at once. Rejects with the signal's reason when it aborts.
 */
export function readBounded(source: string | Readable, what: string, signal: AbortSignal, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  const stream = typeof source === "string" ? openPath(source) : source;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: unknown, value?: Buffer) => {
      signal.removeEventListener("abort", onAbort);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      // A file's stream is ours to close; stdin is the process's and is only let go.
      if (typeof source === "string") stream.destroy();
      else stream.pause();
      if (error) reject(error);
      else resolve(value as Buffer);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limit) {
        finish(
          usage(
            `${what} is larger than ${limit / 1024 / 1024} MiB, the bound of what dcs-migrate reads`,
            "Is it the right file? A plan or a body is a few kilobytes.",
          ),
        );
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => finish(undefined, Buffer.concat(chunks, size));
    const onError = (error: Error) => finish(error);
    const onAbort = () => finish(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("error", onError);
    stream.resume();
  });
}

/** A file's stream; a FIFO's opened without blocking, so that it waits for a writer in epoll, not in a thread. */
function openPath(path: string): Readable {
  if (!statSync(path).isFIFO()) return createReadStream(path);
  return new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
}

/**
 * `bytes` as UTF-8 text, or a usage error at the first byte that is not UTF-8 (its offset, line and
 * column): decoding would quietly put U+FFFD in its place, and a plan would pass for valid.
 */
export function decodeUtf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const before = bytes.subarray(0, offset);
    const lineStart = before.lastIndexOf(0x0a) + 1;
    const line = before.filter((b) => b === 0x0a).length + 1;
    const column = before.subarray(lineStart).toString("utf8").length + 1;
    throw usage(
      `${what}:${line}:${column}: byte ${offset} (0x${(bytes[offset] ?? 0).toString(16).padStart(2, "0")}) is not UTF-8`,
      "Save the file as UTF-8 (iconv -f LATIN1 -t UTF-8, or your editor's encoding menu).",
    );
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] as number;
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return i;
}
