// What `check` reads of one side, read-only: INFO, CONFIG GET (where allowed), whether SYNC and PSYNC
// exist under their names, and what the connected user may run (ACL DRYRUN). A question the server
// will not answer is kept as the reason it gave, never as a guess.
import { type Call, type RedisSide, text } from "./connection.js";
import { type DatabaseKeys, keyspace, number, parseInfo } from "./info.js";

/** A fact, or why it could not be had. */
export type Known<T> = { value: T } | { unknown: string };

export interface SideFacts {
  version: string;
  mode: "standalone" | "cluster";
  /** Keys per database (a cluster's summed over its masters). */
  keyspace: Map<number, DatabaseKeys>;
  usedMemory: number;
  /** 0 when unlimited. */
  maxmemory: number;
  singleDatabase: Known<boolean>;
  config: Known<Map<string, string>>;
  /** Whether each replication command answers under its own name. */
  commands: Record<"SYNC" | "PSYNC", Known<boolean>>;
  /** The commands of `needs` that the user may not run. */
  denied: Known<string[]>;
  /** Bytes a second the server received over `sampleMs` (what its writers send, and a little more). */
  inputRate?: number;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0] as string;

async function infoOf(calls: Call[]): Promise<{ first: Map<string, string>; keys: Map<number, DatabaseKeys> }> {
  const infos = await Promise.all(calls.map(async (c) => parseInfo(text(await c(["INFO"])))));
  const keys = new Map<number, DatabaseKeys>();
  for (const info of infos) {
    for (const [db, k] of keyspace(info)) {
      const sum = keys.get(db) ?? { keys: 0, expires: 0 };
      keys.set(db, { keys: sum.keys + k.keys, expires: sum.expires + k.expires });
    }
  }
  return { first: infos[0] ?? new Map(), keys };
}

/** Whether `name` exists: a call with the wrong number of arguments is refused before it could run. */
async function exists(call: Call, args: string[]): Promise<Known<boolean>> {
  try {
    await call(args);
    return { unknown: `${args[0]} answered a call it should have refused` };
  } catch (error) {
    const message = reason(error);
    if (/wrong number of arguments/i.test(message)) return { value: true };
    if (/unknown command/i.test(message)) return { value: false };
    return { unknown: message };
  }
}

async function singleDatabase(side: RedisSide, config: Known<Map<string, string>>): Promise<Known<boolean>> {
  if (side.cluster) return { value: true };
  const databases = "value" in config ? config.value.get("databases") : undefined;
  if (databases !== undefined) return { value: Number(databases) <= 1 };
  // Without CONFIG: a server with one database refuses SELECT 1 as out of range.
  try {
    await side.call(["SELECT", "1"]);
    await side.call(["SELECT", String(side.endpoint.database ?? 0)]);
    return { value: false };
  } catch (error) {
    const message = reason(error);
    if (/out of range|not allowed in cluster mode/i.test(message)) return { value: true };
    return { unknown: message };
  }
}

async function deniedOf(call: Call, needs: string[][]): Promise<Known<string[]>> {
  let user: string;
  try {
    user = text(await call(["ACL", "WHOAMI"]));
  } catch (error) {
    return { unknown: `ACL WHOAMI was refused (${reason(error)}); before Redis 6 every client may run every command` };
  }
  const denied: string[] = [];
  for (const command of needs) {
    try {
      const answer = text(await call(["ACL", "DRYRUN", user, ...command]));
      if (answer !== "OK") denied.push(command[0] as string);
    } catch (error) {
      return { unknown: `ACL DRYRUN was refused (${reason(error)}): an administrator can run ACL DRYRUN ${user} ${command.join(" ")}` };
    }
  }
  return { value: denied };
}

/** Reads a side's facts. `needs`: the commands (with arguments) the migration runs as this user. */
export async function probe(side: RedisSide, needs: string[][], sampleMs = 0): Promise<SideFacts> {
  const masters = await side.masters();
  const { first, keys } = await infoOf(side.cluster ? masters : [side.call]);
  let config: Known<Map<string, string>>;
  try {
    const reply = (await side.call(["CONFIG", "GET", "*"])) as unknown;
    const pairs = Array.isArray(reply) ? reply.map(text) : Object.entries(reply as object).flatMap(([k, v]) => [k, text(v)]);
    const map = new Map<string, string>();
    for (let i = 0; i + 1 < pairs.length; i += 2) map.set(pairs[i] as string, pairs[i + 1] as string);
    config = { value: map };
  } catch (error) {
    config = { unknown: `CONFIG GET was refused (${reason(error)})` };
  }
  let inputRate: number | undefined;
  if (sampleMs > 0) {
    const before = number(first, "total_net_input_bytes") ?? 0;
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const after = number(parseInfo(text(await side.call(["INFO", "stats"]))), "total_net_input_bytes") ?? before;
    inputRate = ((after - before) * 1000) / (performance.now() - started);
  }
  return {
    version: first.get("redis_version") ?? "",
    mode: side.cluster ? "cluster" : "standalone",
    keyspace: keys,
    usedMemory: number(first, "used_memory") ?? 0,
    maxmemory: number(first, "maxmemory") ?? 0,
    singleDatabase: await singleDatabase(side, config),
    config,
    commands: { SYNC: await exists(side.call, ["SYNC", "x"]), PSYNC: await exists(side.call, ["PSYNC"]) },
    denied: await deniedOf(side.call, needs),
    ...(inputRate === undefined ? {} : { inputRate }),
  };
}
