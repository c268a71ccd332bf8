// One round trip per side for a batch of keys: a read-only script returns each key's PTTL and what
// settles its value: a compact value's DUMP (C code, a few dozen bytes, the same on both sides after
// replication), or any other value up to the limit as its items, put in a canonical order here
// (fields and members sorted: the script does as little as it can, since it holds the server while
// it runs). A value over the limit is only
// named "large" and compared page by page (compare.ts), never read whole; a value encoded differently
// on the two sides is compared that way too rather than called different; and a server that refuses
// scripts gets the page-by-page comparison for every key.
import type { Arg, RedisSide } from "./connection.js";

/** Values larger than this are compared in pages, never read whole by a script. */
export const SCRIPT_LIMIT = { elements: 512, bytes: 256 * 1024 } as const;

// A compact value (a listpack, an intset, a short string) is digested from its DUMP, less the RDB
// version and checksum that end it: C code, and the same bytes on both sides after replication.
// Any other value up to the limit is written out in a canonical order (fields and members sorted),
// each item as its length and its bytes. The two kinds of digest never equal each other, so a value
// encoded differently on the two sides is compared page by page rather than called different.
const SCRIPT = `
local E, B = ${SCRIPT_LIMIT.elements}, ${SCRIPT_LIMIT.bytes}
local COMPACT = { listpack = true, ziplist = true, intset = true, embstr = true, int = true }
local out = {}
for _, key in ipairs(KEYS) do
  local ttl = redis.call('PTTL', key)
  local enc = ttl ~= -2 and redis.call('OBJECT', 'ENCODING', key)
  local d
  if not enc then
    d = 'n'
  elseif COMPACT[enc] then
    d = 'd' .. redis.call('DUMP', key)
  else
    local t = redis.call('TYPE', key)['ok']
    if t == 'string' then
      if redis.call('STRLEN', key) <= B then d = {t, redis.call('GET', key)} end
    elseif t == 'hash' then
      if redis.call('HLEN', key) <= E then d = redis.call('HGETALL', key); table.insert(d, 1, t) end
    elseif t == 'list' then
      if redis.call('LLEN', key) <= E then d = redis.call('LRANGE', key, 0, -1); table.insert(d, 1, t) end
    elseif t == 'set' then
      if redis.call('SCARD', key) <= E then d = redis.call('SMEMBERS', key); table.insert(d, 1, t) end
    elseif t == 'zset' then
      if redis.call('ZCARD', key) <= E then d = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES'); table.insert(d, 1, t) end
    elseif t == 'stream' then
      if redis.call('XLEN', key) <= E then
        d = {t}
        for _, entry in ipairs(redis.call('XRANGE', key, '-', '+')) do
          d[#d + 1] = entry[1]
          d[#d + 1] = #entry[2] .. ''
          for _, v in ipairs(entry[2]) do d[#d + 1] = v end
        end
      end
    else d = 'o' .. t end
    if d == nil then d = 'l' .. t end
  end
  out[#out + 1] = ttl
  out[#out + 1] = d
end
return out
`;

export interface KeyDigest {
  /** The key's type; `none` when it does not exist, empty when its DUMP made asking needless. */
  type: string;
  /** PTTL: -1 persistent, -2 absent. */
  ttl: number;
  /**
   * `dump`: the value's DUMP without the RDB version and checksum that end it (the same bytes are the
   * same type and value); `items`: the value written out in a canonical order; `large` and `other`
   * (a module's type): to be compared otherwise; `unread`: no script ran.
   */
  kind: "none" | "dump" | "items" | "large" | "other" | "unread";
  value?: Buffer;
}

/** Whether two digests prove the values equal. */
export const sameValue = (a: KeyDigest, b: KeyDigest): boolean =>
  (a.kind === "dump" || a.kind === "items") && a.kind === b.kind && a.type === b.type && Boolean(a.value && b.value?.equals(a.value));

/** Items as one Buffer, each as its length and its bytes, so no two lists of items write the same bytes. */
function joined(items: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const item of items) parts.push(Buffer.from(`${item.length}:`), item);
  return Buffer.concat(parts);
}

/** A value's items in a canonical order: a set's members and a hash's fields sorted, the rest as read. */
function canonical(type: string, items: Buffer[]): Buffer {
  if (type === "set") return joined([...items].sort(Buffer.compare));
  if (type === "hash") {
    const pairs: Array<[Buffer, Buffer]> = [];
    for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i] as Buffer, items[i + 1] as Buffer]);
    pairs.sort((x, y) => Buffer.compare(x[0], y[0]));
    return joined(pairs.flat());
  }
  return joined(items);
}

const asBuffer = (v: unknown) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v)));

function parse(ttl: unknown, reply: unknown): KeyDigest {
  if (Array.isArray(reply)) {
    const [type, ...items] = reply.map(asBuffer);
    const name = String(type);
    return { type: name, ttl: Number(ttl), kind: "items", value: canonical(name, items) };
  }
  const d = asBuffer(reply);
  const tag = String.fromCharCode(d[0] ?? 0x6e);
  if (tag === "n") return { type: "none", ttl: Number(ttl), kind: "none" };
  // A DUMP ends with its RDB version (2 bytes) and a CRC64 (8): equal values of two versions differ there.
  if (tag === "d") return { type: "", ttl: Number(ttl), kind: "dump", value: d.subarray(1, Math.max(1, d.length - 10)) };
  return { type: d.subarray(1).toString(), ttl: Number(ttl), kind: tag === "l" ? "large" : "other" };
}

/**
 * The digests of `keys` on one side, or undefined when the server refuses the script (then the
 * caller compares without it). A Redis Cluster gets one key per call: a script's keys share a slot.
 */
export async function digests(side: RedisSide, keys: Buffer[], readOnlyScripts: boolean): Promise<KeyDigest[] | undefined> {
  const command = readOnlyScripts ? "EVAL_RO" : "EVAL";
  const run = async (batch: Buffer[]) => {
    const args: Arg[] = [command, SCRIPT, String(batch.length), ...batch];
    const reply = (await side.keyed(batch[0] as Buffer, args)) as unknown[];
    const found: KeyDigest[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) found.push(parse(reply[i], reply[i + 1]));
    return found;
  };
  try {
    if (!side.cluster) return await run(keys);
    return (await Promise.all(keys.map((k) => run([k])))).flat();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/NOPERM|unknown command|NOSCRIPT|scripts? (are|is) (disabled|not allowed)|not allowed/i.test(message)) return undefined;
    throw error;
  }
}
