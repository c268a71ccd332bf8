// Interleaved rounds and medians: every contender of a row runs in turn, round after round, so that
// the machine's noise falls on all of them alike. Compare ratios within one run, never µs across runs.
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Median µs per operation of each contender, `ops` operations a round, `rounds` rounds, after a
 * warm-up; with `concurrency` > 1, that many operations are in flight at once.
 */
export async function measure(contenders, { ops, rounds = 5, concurrency = 1 }) {
  const run = async (fn, n) => {
    if (concurrency === 1) {
      for (let i = 0; i < n; i++) await fn();
      return;
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < n) await fn();
      }),
    );
  };
  const times = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (const fn of Object.values(contenders)) await run(fn, Math.min(ops, 500));
  const entries = Object.entries(contenders);
  for (let round = 0; round < rounds; round++) {
    // Each round starts with the next contender: whoever runs after a garbage-heavy one inherits its
    // collections, and that must not always be the same contender.
    for (const [name, fn] of [...entries.slice(round % entries.length), ...entries.slice(0, round % entries.length)]) {
      const start = performance.now();
      await run(fn, ops);
      times[name].push(((performance.now() - start) * 1000) / ops);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, samples]) => [name, median(samples)]));
}
