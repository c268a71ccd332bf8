export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** First backoff, doubled at every retry, with jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Longest single wait. Default 8 s. */
  maxDelayMs?: number;
  /** No retry starts once this much time has passed since the first attempt. Default 30 s. */
  maxElapsedMs?: number;
  /** Methods that may be retried. Default GET, HEAD, OPTIONS: a POST is retried only if you add it. */
  methods?: string[];
  /** Statuses that are retried. Default 429, 500, 502, 503, 504. */
  statuses?: number[];
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxElapsedMs: 30_000,
  methods: ["GET", "HEAD", "OPTIONS"],
  statuses: [429, 500, 502, 503, 504],
};

export function retryPolicy(option: RetryOptions | false | undefined): RetryPolicy {
  if (option === false) return { ...DEFAULT_RETRY, attempts: 1 };
  const policy = { ...DEFAULT_RETRY, ...option };
  policy.methods = policy.methods.map((m) => m.toUpperCase());
  for (const key of ["attempts", "baseDelayMs", "maxDelayMs", "maxElapsedMs"] as const) {
    const value = policy[key];
    if (!Number.isFinite(value) || value < (key === "attempts" ? 1 : 0)) {
      throw new TypeError(`createDcsClient: \`retry.${key}\` must be a number ${key === "attempts" ? ">= 1" : ">= 0"}, got ${String(value)}`);
    }
  }
  return policy;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so a wait never collapses to 0. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return cap / 2 + random() * (cap / 2);
}

/** `Retry-After` as milliseconds (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
