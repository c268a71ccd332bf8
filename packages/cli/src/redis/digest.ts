// One round trip per side for a batch of keys: a read-only script returns each key's type, its PTTL
// and a SHA-1 of its value written out in a canonical order (fields and members sorted), so equal keys
// cost two calls and no value crosses the network. A value too large for one script call is only
// named "large" and compared page by page (compare.ts); a server that refuses scripts gets the same
// page-by-page comparison for every key.
import type { Arg, RedisSide } from "./connection.js";
import { text } from "./connection.js";

/** Values larger than this are compared in pages, never read whole by a script. */
export const SCRIPT_LIMIT = { elements: 512, bytes: 256 * 1024 } as const;

// Each item is written as its length and its bytes, so no two values write the same text.
const SCRIPT = `
local E, B = ${SCRIPT_LIMIT.elements}, ${SCRIPT_LIMIT.bytes}
local function put(parts, s) parts[#parts + 1] = #s .. ':' .. s end
local function byfirst(a, b) return a[1] < b[1] end
local out = {}
for _, key in ipairs(KEYS) do
  local t = redis.call('TYPE', key)['ok']
  local ttl = redis.call('PTTL', key)
  local parts, d = {}, nil
  if t == 'string' then
    if redis.call('STRLEN', key) <= B then put(parts, redis.call('GET', key)) else d = 'large' end
  elseif t == 'hash' then
    if redis.call('HLEN', key) <= E then
      local a, pairs = redis.call('HGETALL', key), {}
      for i = 1, #a, 2 do pairs[#pairs + 1] = {a[i], a[i + 1]} end
      table.sort(pairs, byfirst)
      for _, p in ipairs(pairs) do put(parts, p[1]); put(parts, p[2]) end
    else d = 'large' end
  elseif t == 'list' then
    if redis.call('LLEN', key) <= E then for _, v in ipairs(redis.call('LRANGE', key, 0, -1)) do put(parts, v) end else d = 'large' end
  elseif t == 'set' then
    if redis.call('SCARD', key) <= E then
      local m = redis.call('SMEMBERS', key)
      table.sort(m)
      for _, v in ipairs(m) do put(parts, v) end
    else d = 'large' end
  elseif t == 'zset' then
    if redis.call('ZCARD', key) <= E then for _, v in ipairs(redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')) do put(parts, v) end else d = 'large' end
  elseif t == 'stream' then
    if redis.call('XLEN', key) <= E then
      for _, entry in ipairs(redis.call('XRANGE', key, '-', '+')) do
        put(parts, entry[1])
        for _, v in ipairs(entry[2]) do put(parts, v) end
      end
    else d = 'large' end
  elseif t ~= 'none' then d = 'other' end
  if d == nil then d = redis.sha1hex(table.concat(parts, ',')) end
  out[#out + 1] = t
  out[#out + 1] = ttl
  out[#out + 1] = d
end
return out
`;

export interface KeyDigest {
  /** `none` when the key does not exist. */
  type: string;
  /** PTTL: -1 persistent, -2 absent. */
  ttl: number;
  /** A hash of the value, or `large` / `other` when it must be compared otherwise. */
  digest: string;
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
    for (let i = 0; i + 2 < reply.length; i += 3) found.push({ type: text(reply[i]), ttl: Number(reply[i + 1]), digest: text(reply[i + 2]) });
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
