// `verify`: the source's keys looked up on the target, reading only. A sample (RANDOMKEY) or every
// key (SCAN, then the target's own keys looked up on the source); batches of keys digested on both
// sides at once, a bounded number of batches in flight, so memory stays flat in the keyspace's size.
// A key that differs is read again after a pause, for a few rounds, before it counts: during an
// incremental sync a key may be in flight.
import { type Outcome, ttlOutcome, valuesDiffer } from "./compare.js";
import { type ConnectOptions, connectSide, type RedisSide, text } from "./connection.js";
import { digests, type KeyDigest, sameValue } from "./digest.js";
import type { Endpoint } from "./endpoints.js";
import { type DatabaseKeys, keyspace, parseInfo, version } from "./info.js";

export interface VerifyOptions extends ConnectOptions {
  /** Keys to sample; undefined with `full`. */
  sample: number;
  full: boolean;
  rounds: number;
  /** The pause before a differing key is read again. */
  pauseMs: number;
  /** Told after every batch: keys compared so far. */
  onProgress?: (compared: number) => void;
}

export interface Difference {
  db: number;
  /** The key's name, its non-printable bytes written \xNN. */
  key: string;
  kind: Exclude<Outcome, "equal">;
}

export interface VerifyReport {
  databases: Array<{ db: number; source: number; target: number }>;
  compared: number;
  equal: number;
  missing: number;
  extra: number;
  type: number;
  value: number;
  ttl: number;
  differences: Difference[];
  /** More keys differ than are named (the names kept are bounded). */
  truncated: boolean;
  /** Databases the target cannot hold (it has only DB0): their keys count as missing, unnamed. */
  unreachableDatabases: number[];
}

/** Whether each side runs the digest script (false once it refused), and its version (EVAL_RO from 7). */
type ScriptUse = { source?: boolean; target?: boolean; sourceVersion?: string; targetVersion?: string };

const BATCH = 500;
const IN_FLIGHT = 4;
/** Names of differing keys kept for the report and the next rounds; past this, only counted. */
export const MAX_NAMED = 100_000;

/** A key's name as text: printable ASCII kept, every other byte \xNN (a name is not a value, but may be binary). */
export function keyName(key: Buffer): string {
  let out = "";
  for (const byte of key) out += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
  return out;
}

async function keyspaceOf(side: RedisSide): Promise<Map<number, DatabaseKeys>> {
  const found = new Map<number, DatabaseKeys>();
  for (const call of await side.masters()) {
    for (const [db, k] of keyspace(parseInfo(text(await call(["INFO", "keyspace"]))))) {
      const sum = found.get(db) ?? { keys: 0, expires: 0 };
      found.set(db, { keys: sum.keys + k.keys, expires: sum.expires + k.expires });
    }
  }
  return found;
}

/** A side's keys, SCAN page by page over every master. */
async function* scanKeys(side: RedisSide): AsyncGenerator<Buffer[]> {
  for (const call of await side.masters()) {
    let cursor = "0";
    do {
      const [next, keys] = (await call(["SCAN", cursor, "COUNT", "1000"])) as [Buffer, Buffer[]];
      cursor = text(next);
      if (keys.length) yield keys;
    } while (cursor !== "0");
  }
}

/** Up to `n` distinct keys chosen at random (RANDOMKEY), spread over the masters. */
async function* sampleKeys(side: RedisSide, n: number): AsyncGenerator<Buffer[]> {
  const masters = await side.masters();
  const seen = new Set<string>();
  let attempts = 0;
  while (seen.size < n && attempts < n * 3) {
    const want = Math.min(BATCH, n - seen.size);
    attempts += want;
    const keys = await Promise.all(
      Array.from({ length: want }, (_, i) => (masters[(attempts + i) % masters.length] as (a: string[]) => Promise<unknown>)(["RANDOMKEY"])),
    );
    const fresh: Buffer[] = [];
    for (const key of keys) {
      if (!Buffer.isBuffer(key)) continue;
      const id = key.toString("latin1");
      if (seen.has(id)) continue;
      seen.add(id);
      fresh.push(key);
    }
    if (fresh.length) yield fresh;
  }
}

/** Compares a batch: the digests first, then page by page only what they cannot settle. */
async function compareBatch(source: RedisSide, target: RedisSide, keys: Buffer[], scripts: ScriptUse): Promise<Array<Outcome | "gone">> {
  const digestOf = async (side: RedisSide, which: "source" | "target"): Promise<KeyDigest[]> => {
    if (scripts[which] !== false) {
      const found = await digests(side, keys, version(side === source ? scripts.sourceVersion : scripts.targetVersion)[0] >= 7);
      if (found) return found;
      scripts[which] = false;
    }
    return Promise.all(
      keys.map(async (key) => {
        const [type, ttl] = await Promise.all([side.keyed(key, ["TYPE", key]), side.keyed(key, ["PTTL", key])]);
        return { type: text(type), ttl: Number(ttl), kind: "unread" as const };
      }),
    );
  };
  const [a, b] = await Promise.all([digestOf(source, "source"), digestOf(target, "target")]);
  return Promise.all(
    keys.map(async (key, i): Promise<Outcome | "gone"> => {
      const s = a[i] as KeyDigest;
      const t = b[i] as KeyDigest;
      if (s.type === "none") return "gone";
      if (t.type === "none") return "missing";
      // The same DUMP is the same type and the same value.
      if (s.kind === "dump" && sameValue(s, t)) return ttlOutcome(s.ttl, t.ttl);
      const [sourceType, targetType] = await Promise.all([typeOf(source, key, s), typeOf(target, key, t)]);
      if (sourceType === "none") return "gone";
      if (targetType === "none") return "missing";
      if (sourceType !== targetType) return "type";
      if (!sameValue(s, t) && (await valuesDiffer(source, target, key, sourceType))) return "value";
      return ttlOutcome(s.ttl, t.ttl);
    }),
  );
}

const typeOf = async (side: RedisSide, key: Buffer, digest: KeyDigest) => digest.type || text(await side.keyed(key, ["TYPE", key]));

/** Runs `work` over what `batches` yields with at most IN_FLIGHT batches at once. */
async function pooled<T>(batches: AsyncIterable<T>, work: (batch: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const batch of batches) {
    signal?.throwIfAborted();
    const job = work(batch).finally(() => running.delete(job));
    running.add(job);
    if (running.size >= IN_FLIGHT) await Promise.race(running);
  }
  await Promise.all(running);
}

async function* inBatches(pages: AsyncIterable<Buffer[]>): AsyncGenerator<Buffer[]> {
  for await (const page of pages) for (let i = 0; i < page.length; i += BATCH) yield page.slice(i, i + BATCH);
}

/** Compares one database of the two sides (a cluster's DB0). */
async function verifyDatabase(
  source: RedisSide,
  target: RedisSide,
  db: number,
  sample: number | undefined,
  options: VerifyOptions,
  report: VerifyReport,
  pending: Map<string, { db: number; key: Buffer; kind: Exclude<Outcome, "equal"> }>,
  scripts: ScriptUse,
) {
  const note = (key: Buffer, kind: Exclude<Outcome, "equal">) => {
    report[kind]++;
    if (pending.size < MAX_NAMED) pending.set(`${db}:${key.toString("latin1")}`, { db, key, kind });
    else report.truncated = true;
  };
  const keys = sample === undefined ? scanKeys(source) : sampleKeys(source, sample);
  let present = 0;
  await pooled(
    inBatches(keys),
    async (batch) => {
      const outcomes = await compareBatch(source, target, batch, scripts);
      outcomes.forEach((outcome, i) => {
        if (outcome === "gone") return;
        report.compared++;
        if (outcome !== "missing") present++;
        if (outcome === "equal") report.equal++;
        else note(batch[i] as Buffer, outcome);
      });
      options.onProgress?.(report.compared);
    },
    options.signal,
  );
  if (!options.full) return;
  // The keys only the target has: none when it holds no more keys than those of the source it was
  // found to hold, which saves reading its whole keyspace again in the usual case.
  const held = (await Promise.all((await target.masters()).map((call) => call(["DBSIZE"])))).reduce((n: number, k) => n + Number(k), 0);
  if (held <= present) return;
  await pooled(
    inBatches(scanKeys(target)),
    async (batch) => {
      const found = await Promise.all(batch.map((key) => source.keyed(key, ["EXISTS", key])));
      found.forEach((n, i) => {
        if (Number(n) === 0) note(batch[i] as Buffer, "extra");
      });
    },
    options.signal,
  );
}

/** Reads the keys that differed again, after a pause: those that now agree were in flight. */
async function recheck(
  sides: (db: number) => Promise<{ source: RedisSide; target: RedisSide }>,
  pending: Map<string, { db: number; key: Buffer; kind: Exclude<Outcome, "equal"> }>,
  report: VerifyReport,
  scripts: ScriptUse,
) {
  const byDb = new Map<number, Array<[string, { db: number; key: Buffer; kind: Exclude<Outcome, "equal"> }]>>();
  for (const entry of pending) byDb.set(entry[1].db, [...(byDb.get(entry[1].db) ?? []), entry]);
  for (const [db, entries] of byDb) {
    const { source, target } = await sides(db);
    for (let i = 0; i < entries.length; i += BATCH) {
      const slice = entries.slice(i, i + BATCH);
      const extras = slice.filter(([, e]) => e.kind === "extra");
      const others = slice.filter(([, e]) => e.kind !== "extra");
      const outcomes = others.length
        ? await compareBatch(
            source,
            target,
            others.map(([, e]) => e.key),
            scripts,
          )
        : [];
      const stillExtra = await Promise.all(
        extras.map(async ([, e]) => Number(await source.keyed(e.key, ["EXISTS", e.key])) === 0 && Number(await target.keyed(e.key, ["EXISTS", e.key])) === 1),
      );
      const settle = (id: string, entry: { kind: Exclude<Outcome, "equal"> }, now: Outcome | "gone") => {
        if (now === entry.kind) return;
        report[entry.kind]--;
        if (now === "equal" || now === "gone") {
          pending.delete(id);
          if (now === "equal") report.equal++;
          else report.compared--;
          return;
        }
        report[now]++;
        entry.kind = now;
      };
      for (const [j, [id, entry]] of others.entries()) settle(id, entry, outcomes[j] as Outcome | "gone");
      for (const [j, [id, entry]] of extras.entries()) settle(id, entry, stillExtra[j] ? "extra" : "gone");
    }
  }
}

/** Compares source and target; reads only. */
export async function verify(sourceEndpoint: Endpoint, targetEndpoint: Endpoint, options: VerifyOptions): Promise<VerifyReport> {
  const open: RedisSide[] = [];
  const connect = async (endpoint: Endpoint, database?: number) => {
    const side = await connectSide(endpoint, {
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(database === undefined ? {} : { database }),
    });
    open.push(side);
    return side;
  };
  try {
    const source = await connect(sourceEndpoint);
    const target = await connect(targetEndpoint);
    const scripts: ScriptUse = {
      sourceVersion: parseInfo(text(await source.call(["INFO", "server"]))).get("redis_version") ?? "",
      targetVersion: parseInfo(text(await target.call(["INFO", "server"]))).get("redis_version") ?? "",
    };
    const [sourceKeys, targetKeys] = await Promise.all([keyspaceOf(source), keyspaceOf(target)]);
    const report: VerifyReport = {
      databases: [...new Set([...sourceKeys.keys(), ...targetKeys.keys()])]
        .sort((a, b) => a - b)
        .map((db) => ({ db, source: sourceKeys.get(db)?.keys ?? 0, target: targetKeys.get(db)?.keys ?? 0 })),
      compared: 0,
      equal: 0,
      missing: 0,
      extra: 0,
      type: 0,
      value: 0,
      ttl: 0,
      differences: [],
      truncated: false,
      unreachableDatabases: [],
    };
    const pinned = sourceEndpoint.database;
    const total = [...sourceKeys.values()].reduce((n, k) => n + k.keys, 0);
    const pending = new Map<string, { db: number; key: Buffer; kind: Exclude<Outcome, "equal"> }>();
    const perDb = new Map<number, { source: RedisSide; target: RedisSide }>();
    const sides = async (db: number) => {
      if (source.cluster || (pinned ?? 0) === db) return { source, target };
      let pair = perDb.get(db);
      if (!pair) {
        pair = { source: await connect(sourceEndpoint, db), target: await connect(targetEndpoint, db) };
        perDb.set(db, pair);
      }
      return pair;
    };
    const databases =
      pinned !== undefined
        ? [pinned]
        : source.cluster
          ? [0]
          : [...new Set([...sourceKeys.keys(), ...(options.full ? targetKeys.keys() : [])])].sort((a, b) => a - b);
    for (const db of databases) {
      if (db !== 0 && target.cluster) {
        report.unreachableDatabases.push(db);
        report.missing += sourceKeys.get(db)?.keys ?? 0;
        report.compared += sourceKeys.get(db)?.keys ?? 0;
        continue;
      }
      const held = sourceKeys.get(db)?.keys ?? 0;
      const share = options.full || total === 0 ? undefined : Math.ceil((options.sample * held) / total);
      const pair = await sides(db);
      await verifyDatabase(pair.source, pair.target, db, share !== undefined && share < held ? share : undefined, options, report, pending, scripts);
    }
    for (let round = 2; round <= options.rounds && pending.size; round++) {
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      options.signal?.throwIfAborted();
      await recheck(sides, pending, report, scripts);
    }
    report.differences = [...pending.values()].map(({ db, key, kind }) => ({ db, key: keyName(key), kind }));
    return report;
  } finally {
    await Promise.all(open.map((side) => side.close()));
  }
}

export const differs = (report: VerifyReport) => report.missing + report.extra + report.type + report.value + report.ttl > 0;
