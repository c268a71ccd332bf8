// The loop every waiter shares: read, decide, sleep with jitter, until done, failed or out of time.
import type { JobInfo, MigrationTask } from "../generated/schema.js";
import { sleep } from "../retry.js";

/** A wait that ended without what was awaited: it failed, ended otherwise, stood still, or ran out of time. */
export class DcsWaitError extends Error {
  override readonly name = "DcsWaitError";
  constructor(
    readonly kind: "failed" | "ended" | "stalled" | "timeout",
    message: string,
    /** The task as last read (task waits). */
    readonly task?: MigrationTask,
    /** The job as last read (waitForJob). */
    readonly job?: JobInfo,
  ) {
    super(message);
  }
}

export interface PollOptions {
  /** Aborts the wait at once, between polls or during one. */
  signal?: AbortSignal;
  /** Between two polls, with ±20% jitter so that many waiters do not poll in step. */
  intervalMs?: number;
  /** Give up after this long (DcsWaitError kind "timeout"). */
  timeoutMs?: number;
}

export interface Timing {
  intervalMs: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** The options' timing, checked: a wrong value names the option and what it takes. */
export function timing(caller: string, options: PollOptions, defaults: { intervalMs: number; timeoutMs: number }): Timing {
  const pick = (name: "intervalMs" | "timeoutMs") => {
    const value = options[name] ?? defaults[name];
    if (typeof value !== "number" || !(value > 0))
      throw new TypeError(`${caller}: \`${name}\` must be a positive number of milliseconds, got ${String(value)}`);
    return value;
  };
  return { intervalMs: pick("intervalMs"), timeoutMs: pick("timeoutMs"), signal: options.signal };
}

/**
 * Reads until `decide` says done (returns true), or throws what `decide` throws; after `timeoutMs`,
 * throws `onTimeout(last read)`.
 */
export async function pollUntil<T>(time: Timing, read: () => Promise<T>, decide: (value: T) => boolean, onTimeout: (last: T) => Error): Promise<T> {
  const deadline = Date.now() + time.timeoutMs;
  for (;;) {
    time.signal?.throwIfAborted();
    const value = await read();
    if (decide(value)) return value;
    const left = deadline - Date.now();
    if (left <= 0) throw onTimeout(value);
    await sleep(Math.min(time.intervalMs * (0.8 + Math.random() * 0.4), left), time.signal);
  }
}

export const minutes = (n: number) => n * 60_000;
