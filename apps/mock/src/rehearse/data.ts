// The rehearsal's data: keys of every common type, a tenth of them expiring in an hour, loaded in
// pipelined batches so that a hundred thousand take a second or two.
import { createClient } from "@redis/client";

/** A connection to a server, as the rehearsal makes them (its type is what the functions below take). */
export async function connect(url: string, password?: string) {
  const client = createClient({ url, ...(password ? { password } : {}) });
  await client.connect();
  return client;
}
type Redis = Awaited<ReturnType<typeof connect>>;

/** The keys the rehearsal loads: `rehearsal:data:<i>`. */
export const DATA_PREFIX = "rehearsal:data:";
const BATCH = 1000;

export async function loadData(client: Redis, count: number, signal?: AbortSignal): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    signal?.throwIfAborted();
    const batch = client.multi();
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const key = `${DATA_PREFIX}${i}`;
      switch (i % 5) {
        case 0:
          batch.set(key, `value-${i}`);
          break;
        case 1:
          batch.hSet(key, { field: String(i), other: "x" });
          break;
        case 2:
          batch.rPush(key, ["1", "2", String(i)]);
          break;
        case 3:
          batch.sAdd(key, ["a", String(i)]);
          break;
        default:
          batch.zAdd(key, [{ score: i, value: "m" }]);
      }
      if (i % 10 === 0) batch.expire(key, 3600);
    }
    await batch.execAsPipeline();
  }
}

/** How many of the rehearsal's data keys a server holds. */
export async function countData(client: Redis): Promise<number> {
  let n = 0;
  for await (const keys of client.scanIterator({ MATCH: `${DATA_PREFIX}*`, COUNT: 1000 })) n += keys.length;
  return n;
}
