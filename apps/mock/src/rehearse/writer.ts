// The rehearsal's application: writes to an instance's address at a steady rate, as a service of
// the team's would, and keeps a ledger of every write the server acknowledged. Its connection is
// dropped by the IP switch; it reconnects at once (to whatever the address reaches now) and a write
// sent while it is down fails instead of waiting in a queue, so the gap is measured, not hidden.
import { createClient } from "@redis/client";

/** The keys the writer writes: `rehearsal:write:<n>` holding `<n>`. */
export const WRITE_PREFIX = "rehearsal:write:";

export interface WriterLedger {
  /** Every write the server acknowledged, by number, with when (performance.now()). */
  acked: Array<{ n: number; at: number }>;
  /** Writes that failed (the connection was down or dropped). */
  failed: number;
  /** How often the connection was dropped and made again. */
  reconnects: number;
  /** The longest time without an acknowledged write while writes were failing, in ms. */
  longestGapMs: number;
  /** When it began writing (performance.now()). */
  startedAt: number;
}

/** Writes through `url` (an instance's address, with the credentials the application uses). */
export function startWriter(url: string, perSecond: number) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: () => 1, connectTimeout: 2000 },
  });
  // A dropped connection is what the switch does: counted below, not an error of the rehearsal.
  client.on("error", () => {});
  const ledger: WriterLedger = { acked: [], failed: 0, reconnects: 0, longestGapMs: 0, startedAt: performance.now() };
  client.on("reconnecting", () => ledger.reconnects++);
  let stopped = false;
  const interval = 1000 / perSecond;
  const loop = (async () => {
    await client.connect();
    let lastAck = performance.now();
    let failing = false;
    for (let n = 1; !stopped; n++) {
      const started = performance.now();
      try {
        await client.set(`${WRITE_PREFIX}${n}`, String(n));
        const now = performance.now();
        ledger.acked.push({ n, at: now });
        if (failing) ledger.longestGapMs = Math.max(ledger.longestGapMs, now - lastAck);
        failing = false;
        lastAck = now;
      } catch {
        ledger.failed++;
        failing = true;
      }
      const rest = interval - (performance.now() - started);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  })();
  // Handled here: a writer that never connected fails nothing but its own writes.
  loop.catch(() => {});
  return {
    ledger,
    /** Stops writing and closes the connection; the ledger is final. */
    async stop(): Promise<WriterLedger> {
      stopped = true;
      // Still trying to connect (a server that refuses it): given up, or the loop would wait on it.
      if (!client.isReady) client.destroy();
      await loop.catch(() => {});
      if (client.isOpen) await client.close().catch(() => client.destroy());
      return ledger;
    },
  };
}
