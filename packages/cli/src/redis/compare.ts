// One key compared on both sides without loading a large value whole: strings by ranges, hashes,
// sets and sorted sets by SCAN pages looked up on the other side, lists and streams by ranges.
// Every type Redis has; a module's type is compared by its DUMP.
import type { Arg, RedisSide } from "./connection.js";
import { text } from "./connection.js";

const PAGE = 256;
const STRING_PAGE = 256 * 1024;

export type Outcome = "equal" | "missing" | "extra" | "type" | "value" | "ttl";

/** How far two TTLs may be apart, in ms, and still be the same: the reads of the two sides are not simultaneous. */
export const TTL_TOLERANCE_MS = 2000;

export function ttlOutcome(source: number, target: number): "equal" | "ttl" {
  if (source < 0 || target < 0) return source === target ? "equal" : "ttl";
  return Math.abs(source - target) <= TTL_TOLERANCE_MS ? "equal" : "ttl";
}

const same = (a: unknown, b: unknown): boolean => {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  return text(a) === text(b);
};

const score = (reply: unknown) => (reply === null || reply === undefined ? Number.NaN : Number(text(reply)));

type Read = (args: Arg[]) => Promise<unknown>;

/** Members the target does not hold: SMISMEMBER (Redis 6.2+), else one SISMEMBER each. */
async function membersMissing(target: Read, key: Buffer, members: Buffer[]): Promise<boolean> {
  try {
    const found = (await target(["SMISMEMBER", key, ...members])) as unknown[];
    return found.some((f) => Number(f) !== 1);
  } catch {
    const found = await Promise.all(members.map((m) => target(["SISMEMBER", key, m])));
    return found.some((f) => Number(f) !== 1);
  }
}

async function scoresDiffer(target: Read, key: Buffer, pairs: Buffer[]): Promise<boolean> {
  const members = pairs.filter((_, i) => i % 2 === 0);
  let scores: unknown[];
  try {
    scores = (await target(["ZMSCORE", key, ...members])) as unknown[];
  } catch {
    scores = await Promise.all(members.map((m) => target(["ZSCORE", key, m])));
  }
  return members.some((_, i) => score(scores[i]) !== score(pairs[i * 2 + 1]));
}

/** Walks a SCAN-like cursor (HSCAN, SSCAN, ZSCAN) over the source; `differs` judges each page. */
async function scanPages(source: Read, command: string, key: Buffer, differs: (page: Buffer[]) => Promise<boolean>): Promise<boolean> {
  let cursor = "0";
  do {
    const [next, page] = (await source([command, key, cursor, "COUNT", String(PAGE)])) as [Buffer, Buffer[]];
    cursor = text(next);
    if (page.length && (await differs(page))) return true;
  } while (cursor !== "0");
  return false;
}

/** The next stream ID after `id`: ranges are inclusive before Redis 6.2's `(`. */
function afterId(id: string): string {
  const [ms = "0", seq = "0"] = id.split("-");
  return `${ms}-${BigInt(seq) + 1n}`;
}

/** Whether the values of a key that has `type` on both sides differ. */
export async function valuesDiffer(source: RedisSide, target: RedisSide, key: Buffer, type: string): Promise<boolean> {
  const s: Read = (args) => source.keyed(key, args);
  const t: Read = (args) => target.keyed(key, args);
  const lengths = async (command: string) => {
    const [a, b] = await Promise.all([s([command, key]), t([command, key])]);
    return { differ: Number(a) !== Number(b), length: Number(a) };
  };
  switch (type) {
    case "string": {
      const { differ, length } = await lengths("STRLEN");
      if (differ) return true;
      for (let at = 0; at < length; at += STRING_PAGE) {
        const range = ["GETRANGE", key, String(at), String(Math.min(at + STRING_PAGE, length) - 1)];
        const [a, b] = await Promise.all([s(range), t(range)]);
        if (!same(a, b)) return true;
      }
      return false;
    }
    case "list": {
      const { differ, length } = await lengths("LLEN");
      if (differ) return true;
      for (let at = 0; at < length; at += PAGE) {
        const range = ["LRANGE", key, String(at), String(at + PAGE - 1)];
        const [a, b] = await Promise.all([s(range), t(range)]);
        if (!same(a, b)) return true;
      }
      return false;
    }
    case "hash": {
      if ((await lengths("HLEN")).differ) return true;
      return scanPages(s, "HSCAN", key, async (page) => {
        const fields = page.filter((_, i) => i % 2 === 0);
        const values = (await t(["HMGET", key, ...fields])) as unknown[];
        return fields.some((_, i) => !same(values[i], page[i * 2 + 1]));
      });
    }
    case "set": {
      if ((await lengths("SCARD")).differ) return true;
      return scanPages(s, "SSCAN", key, (page) => membersMissing(t, key, page));
    }
    case "zset": {
      if ((await lengths("ZCARD")).differ) return true;
      return scanPages(s, "ZSCAN", key, (page) => scoresDiffer(t, key, page));
    }
    case "stream": {
      const { differ } = await lengths("XLEN");
      if (differ) return true;
      let start = "-";
      for (;;) {
        const range = ["XRANGE", key, start, "+", "COUNT", String(PAGE)];
        const [a, b] = (await Promise.all([s(range), t(range)])) as [unknown[], unknown[]];
        if (!same(a, b)) return true;
        if (a.length < PAGE) return false;
        start = afterId(text((a.at(-1) as unknown[])[0]));
      }
    }
    default: {
      const [a, b] = await Promise.all([s(["DUMP", key]), t(["DUMP", key])]);
      return !same(a, b);
    }
  }
}
