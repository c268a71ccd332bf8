// The fleet's API budget (pace.ts): requests leave in the order they were made, at most R a second,
// whatever the number of callers; Ctrl-C ends a wait for a turn. Only lower bounds on time are
// asserted: a loaded machine can make turns later, never sooner.
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { maxRps, pacedFetch } from "../src/pace.js";

describe("pacedFetch", () => {
  it("lets at most R requests a second through, in the order they were made", async () => {
    const seen: Array<{ url: string; at: number }> = [];
    const inner = (async (input: RequestInfo | URL) => {
      seen.push({ url: String(input), at: performance.now() });
      return new Response("{}");
    }) as typeof fetch;
    const paced = pacedFetch(20, new AbortController().signal, inner);
    const started = performance.now();
    // Five callers at once, as five migrations of a fleet polling together.
    await Promise.all([1, 2, 3, 4, 5].map((n) => paced(`http://127.0.0.1/${n}`)));
    expect(seen.map((s) => s.url)).toEqual([1, 2, 3, 4, 5].map((n) => `http://127.0.0.1/${n}`));
    // 20 a second: the n-th request no sooner than n x 50 ms after the first was made (less 2 ms of
    // timer rounding). A loaded machine may make one late, never one early.
    for (const [n, request] of seen.entries()) expect(request.at - started).toBeGreaterThanOrEqual(n * 50 - 2);
  });

  it("ends a wait for a turn when the run is interrupted", async () => {
    const controller = new AbortController();
    const inner = (async () => new Response("{}")) as typeof fetch;
    const paced = pacedFetch(0.1, controller.signal, inner);
    await paced("http://127.0.0.1/first");
    const second = paced("http://127.0.0.1/second");
    controller.abort(new Error("interrupted"));
    await expect(second).rejects.toThrow("interrupted");
  });

  it("keeps one listener on the run's signal however many wait for a turn (a fleet has hundreds)", async () => {
    const signal = new AbortController().signal;
    const paced = pacedFetch(1000, signal, (async () => new Response("{}")) as typeof fetch);
    const requests = Array.from({ length: 50 }, (_, n) => paced(`http://127.0.0.1/${n}`));
    expect(getEventListeners(signal, "abort")).toHaveLength(1);
    await Promise.all(requests);
    expect(getEventListeners(signal, "abort")).toHaveLength(1);
  });

  it("takes --max-rps from 0.1 to 1000, and names the flag otherwise", () => {
    expect(maxRps(undefined, 10)).toBe(10);
    expect(maxRps("2.5", 10)).toBe(2.5);
    expect(() => maxRps("0", 10)).toThrow(/--max-rps takes requests a second, from 0.1 to 1000; got "0"/);
    expect(() => maxRps("fast", undefined)).toThrow(/--max-rps/);
  });
});
