import { usage } from "./exit.js";

// One API budget for a whole run: every request of every migration of a fleet waits for its turn,
// at most `perSecond` a second, so forty migrations polling at once never exceed the project's
// throttling (the client still honours a 429's Retry-After). Turns are handed out in order.
export function pacedFetch(perSecond: number, signal: AbortSignal, inner: typeof fetch = fetch): typeof fetch {
  const gap = 1000 / perSecond;
  let next = 0;
  // One listener on the run's signal for every turn waited for: a fleet has hundreds waiting at
  // once (one listener each drew Node's MaxListeners warning), and a run of hours makes millions.
  const waiting = new Set<{ timer: NodeJS.Timeout; reject: (reason: unknown) => void }>();
  signal.addEventListener(
    "abort",
    () => {
      for (const turn of waiting) {
        clearTimeout(turn.timer);
        turn.reject(signal.reason);
      }
      waiting.clear();
    },
    { once: true },
  );
  return async (input, init) => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) {
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const turn = {
          timer: setTimeout(() => {
            waiting.delete(turn);
            resolve();
          }, at - now),
          reject,
        };
        waiting.add(turn);
      });
    }
    return inner(input, init);
  };
}

/** `--max-rps R`: requests a second, 0.1 to 1000. */
export function maxRps(text: string | undefined, fallback: number | undefined): number | undefined {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n < 0.1 || n > 1000) throw usage(`--max-rps takes requests a second, from 0.1 to 1000; got ${JSON.stringify(text)}`);
  return n;
}
