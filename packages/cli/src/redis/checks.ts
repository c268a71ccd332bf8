// The service's documented constraints on the two servers, each judged from what they said: ok, warn,
// fail, or unknown (a question a server would not answer never fails a run). Each result names the
// constraint, where it is documented, and the fix.
import { bytes, compareVersions, version } from "./info.js";
import type { Known, SideFacts } from "./probe.js";

export type CheckStatus = "ok" | "warn" | "fail" | "unknown";

export interface CheckResult {
  id: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** The constraint, and where it is documented. */
  constraint: string;
  fix?: string;
}

/** A side that answered, or why it did not. */
export type Reached = { facts: SideFacts } | { error: { kind: string; message: string } };

const GUIDE = "DCS user guide, Online Migration Between Instances";

/** The commands a migration runs on the source as a replica, and writes on the target. */
export const SOURCE_NEEDS = [["PSYNC", "?", "-1"], ["SYNC"], ["REPLCONF", "listening-port", "6379"], ["INFO"], ["PING"]];
export const TARGET_NEEDS = [
  ["SET", "k", "v"],
  ["HSET", "k", "f", "v"],
  ["RPUSH", "k", "v"],
  ["SADD", "k", "v"],
  ["ZADD", "k", "1", "v"],
  ["XADD", "k", "*", "f", "v"],
  ["PEXPIREAT", "k", "1"],
  ["DEL", "k"],
  ["INFO"],
];

const ADVISED_REPL_TIMEOUT_S = 300;
const OUTPUT_BUFFER_SHARE = 0.2;
const MEMORY_MARGIN = 0.1;
/** How many seconds of writes the backlog should hold for a replica to resume without a full copy. */
const BACKLOG_SECONDS = 180;

const unknownOf = <T>(known: Known<T>): string | undefined => ("unknown" in known ? known.unknown : undefined);

/** Every check, in the order they are shown. `incremental`: the plan syncs after the copy. */
export function judge(source: Reached | undefined, target: Reached | undefined, incremental: boolean): CheckResult[] {
  const results: CheckResult[] = [];
  const add = (id: string, status: CheckStatus, detail: string, constraint: string, fix?: string) =>
    results.push({ id, status, detail, constraint, ...(fix && status !== "ok" ? { fix } : {}) });

  for (const [role, side] of [
    ["source", source],
    ["target", target],
  ] as const) {
    if (!side) continue;
    if ("error" in side) {
      add(
        `${role}.reachable`,
        "fail",
        side.error.message,
        `the migration connects to the ${role} (${GUIDE}: reachable over a private network, with its password)`,
        side.error.kind === "auth"
          ? `check the ${role}'s password (configure.${role}_instance.password, or the redis.${role} URL) and user`
          : `check redis.${role} (host, port, rediss:// for TLS), that this machine reaches it, and that the server runs`,
      );
      continue;
    }
    add(`${role}.reachable`, "ok", `connected and authenticated: Redis ${side.facts.version}, ${side.facts.mode}`, `the migration connects to the ${role}`);
    const denied = side.facts.denied;
    const needs = (role === "source" ? SOURCE_NEEDS : TARGET_NEEDS).map((c) => c[0]).join(", ");
    if ("unknown" in denied) add(`${role}.permissions`, "unknown", denied.unknown, `the migration runs ${needs} on the ${role}`);
    else if (denied.value.length)
      add(
        `${role}.permissions`,
        "fail",
        `the user may not run ${denied.value.join(", ")}`,
        `the migration runs ${needs} on the ${role}`,
        `grant them: ACL SETUSER <user> ${denied.value.map((c) => `+${c.toLowerCase()}`).join(" ")}`,
      );
    else add(`${role}.permissions`, "ok", `the user may run ${needs}`, `the migration runs ${needs} on the ${role}`);
  }

  const s = source && "facts" in source ? source.facts : undefined;
  const t = target && "facts" in target ? target.facts : undefined;

  if (s) {
    const v = version(s.version);
    add(
      "source.version",
      v[0] >= 3 ? "ok" : "fail",
      `Redis ${s.version}`,
      `${GUIDE}: the source must be Redis 3.0 or later`,
      "upgrade the source to Redis 3.0 or later, or migrate from a backup (backup_import)",
    );
    const missing = (["SYNC", "PSYNC"] as const).filter((c) => {
      const known = s.commands[c];
      return "value" in known && !known.value;
    });
    const unknown = (["SYNC", "PSYNC"] as const).map((c) => unknownOf(s.commands[c])).filter(Boolean);
    add(
      "source.sync",
      missing.length ? "fail" : unknown.length ? "unknown" : "ok",
      missing.length
        ? `${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} disabled or renamed`
        : unknown.length
          ? unknown.join("; ")
          : "SYNC and PSYNC answer under their own names",
      `${GUIDE}: the source must allow SYNC and PSYNC; disabled or renamed, the migration fails`,
      "remove the rename-command lines for SYNC and PSYNC from the source's configuration and restart it",
    );
  }
  if (s && t) {
    const sv = version(s.version);
    const tv = version(t.version);
    add(
      "target.version",
      compareVersions(tv, sv) >= 0 ? "ok" : "warn",
      `source Redis ${s.version}, target Redis ${t.version}`,
      `${GUIDE}: migrating a later Redis into an earlier one may fail`,
      "use a target of the source's version or later",
    );
    const elsewhere = [...s.keyspace].filter(([db, k]) => db !== 0 && k.keys > 0).map(([db]) => db);
    const single = t.singleDatabase;
    if (!elsewhere.length) add("databases", "ok", "the source holds keys in DB0 only", `${GUIDE}: a Redis Cluster target has only DB0`);
    else if ("unknown" in single)
      add(
        "databases",
        "unknown",
        `the source holds keys in DB ${elsewhere.join(", ")}; the target's databases: ${single.unknown}`,
        `${GUIDE}: a Redis Cluster target has only DB0`,
      );
    else
      add(
        "databases",
        single.value ? "fail" : "ok",
        `the source holds keys in DB ${elsewhere.join(", ")}; the target has ${single.value ? `only DB0 (${t.mode === "cluster" ? "cluster mode" : "databases 1"})` : "several databases"}`,
        `${GUIDE}: a Redis Cluster target has only DB0; keys in other databases make the migration fail`,
        "move the source's keys into DB0 first (the guide points to Rump), or use a target with several databases",
      );
  }
  if (t) {
    const held = [...t.keyspace.values()].reduce((n, k) => n + k.keys, 0);
    add(
      "target.empty",
      held ? "warn" : "ok",
      held ? `the target holds ${held} key${held === 1 ? "" : "s"}` : "the target holds no key",
      `${GUIDE}: clear the target first, to reserve its memory and compare the data afterwards`,
      "clear the target (FLUSHALL) if its keys are not needed: they would be mixed with the migrated data and spoil verify",
    );
  }
  if (s && t) {
    const need = s.usedMemory;
    if (!t.maxmemory) add("memory", "ok", `the target has no maxmemory; the source uses ${bytes(need)}`, "the target must hold the source's data");
    else
      add(
        "memory",
        t.maxmemory < need ? "fail" : t.maxmemory < need * (1 + MEMORY_MARGIN) ? "warn" : "ok",
        `the source uses ${bytes(need)}; the target's maxmemory is ${bytes(t.maxmemory)}`,
        `the target must hold the source's data (a ${MEMORY_MARGIN * 100}% margin is advised)`,
        "use a larger target, or free memory on the source first",
      );
  }
  if (s) {
    const config = s.config;
    if ("unknown" in config) {
      add("source.repl-timeout", "unknown", config.unknown, `${GUIDE}: set the source's repl-timeout to ${ADVISED_REPL_TIMEOUT_S} s`);
      add("source.output-buffer", "unknown", config.unknown, `${GUIDE}: set the source's replica output buffer to 20% of its maxmemory`);
      if (incremental) add("source.backlog", "unknown", config.unknown, "the replication backlog should hold a few minutes of writes");
    } else {
      const timeout = Number(config.value.get("repl-timeout") ?? Number.NaN);
      add(
        "source.repl-timeout",
        timeout >= ADVISED_REPL_TIMEOUT_S ? "ok" : "warn",
        `repl-timeout is ${timeout} s`,
        `${GUIDE}: set the source's repl-timeout to ${ADVISED_REPL_TIMEOUT_S} s`,
        `CONFIG SET repl-timeout ${ADVISED_REPL_TIMEOUT_S} on the source (and in its configuration file)`,
      );
      const limit = replicaHardLimit(config.value.get("client-output-buffer-limit") ?? "");
      const memory = s.maxmemory;
      const advised = Math.round(memory * OUTPUT_BUFFER_SHARE);
      add(
        "source.output-buffer",
        limit === 0 || memory === 0 || limit >= advised ? "ok" : "warn",
        `the replica output buffer's hard limit is ${limit === 0 ? "unlimited" : bytes(limit)}${memory ? `; maxmemory is ${bytes(memory)}` : "; no maxmemory is set"}`,
        `${GUIDE}: set the source's replica client-output-buffer-limit to 20% of its maxmemory`,
        `CONFIG SET client-output-buffer-limit "replica ${advised} ${advised} 60" on the source`,
      );
      if (incremental) {
        const backlog = Number(config.value.get("repl-backlog-size") ?? 0);
        const rate = s.inputRate ?? 0;
        const seconds = rate > 0 ? backlog / rate : Number.POSITIVE_INFINITY;
        add(
          "source.backlog",
          seconds >= BACKLOG_SECONDS ? "ok" : "warn",
          `repl-backlog-size is ${bytes(backlog)}; the source receives about ${bytes(Math.round(rate))}/s, so it holds ${Number.isFinite(seconds) ? `${Math.round(seconds)} s` : "hours"} of writes`,
          `an incremental sync resumes after a break only while the backlog still holds the writes made meanwhile (${BACKLOG_SECONDS} s advised)`,
          `CONFIG SET repl-backlog-size ${Math.ceil(rate * BACKLOG_SECONDS)} on the source`,
        );
      }
    }
  }
  return results;
}

/** `client-output-buffer-limit`'s hard limit for replicas ("slave" before Redis 5), in bytes. */
export function replicaHardLimit(value: string): number {
  const words = value.split(/\s+/);
  for (let i = 0; i + 3 < words.length; i += 4) {
    if (words[i] === "replica" || words[i] === "slave") return Number(words[i + 1]);
  }
  return 0;
}
