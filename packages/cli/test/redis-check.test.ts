// `dcs-migrate check` against real redis-server processes: every check made real in each outcome.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { redisPlan } from "./redis-data.js";
import { startRedis, type TestRedis } from "./redis-servers.js";
import { cli } from "./run-cli.js";

// A marker every encoding keeps, so a leak is found in whatever form it takes.
const SOURCE_PW = "srcQZX7marker";
const TARGET_PW = "tgtQZX7marker";
const ENV = { SOURCE_REDIS_PASSWORD: SOURCE_PW, TARGET_REDIS_PASSWORD: TARGET_PW };

const started: TestRedis[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function pair(sourceArgs: string[] = [], targetArgs: string[] = []) {
  const source = await startRedis({ password: SOURCE_PW, args: sourceArgs });
  started.push(source);
  const target = await startRedis({ password: TARGET_PW, args: targetArgs });
  started.push(target);
  return { source, target };
}

const plans = mkdtempSync(join(tmpdir(), "dcs-check-"));
afterAll(() => rmSync(plans, { recursive: true, force: true }));
let planCount = 0;
function planFile(text: string): string {
  const file = join(plans, `plan-${++planCount}.yaml`);
  writeFileSync(file, text);
  return file;
}

type Check = { id: string; status: string; detail: string; constraint: string; fix?: string };

async function check(file: string, env: Record<string, string> = ENV) {
  const run = await cli(["check", file, "--json"], env);
  const events = run.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const checks = new Map(events.filter((e) => e.event === "check").map((e) => [e.id as string, e as unknown as Check]));
  expect(run.stdout + run.stderr).not.toMatch(/QZX7marker/);
  return { ...run, events, checks };
}

describe("dcs-migrate check", () => {
  it("passes two good servers: every check ok, a summary of each side, exit 0", async () => {
    const { source, target } = await pair();
    await source.client.sendCommand(["SET", "a", "1"]);
    await source.client.sendCommand(["SET", "b", "2", "PX", "600000"]);
    const { code, checks, events } = await check(planFile(redisPlan(source.url, target.url)));
    expect(code).toBe(0);
    for (const id of [
      "source.reachable",
      "target.reachable",
      "source.permissions",
      "target.permissions",
      "source.version",
      "target.version",
      "source.sync",
      "databases",
      "target.empty",
      "memory",
    ]) {
      expect(checks.get(id)?.status, id).toBe("ok");
    }
    // Debian's defaults: repl-timeout 60 s is under the advised 300 s.
    expect(checks.get("source.repl-timeout")?.status).toBe("warn");
    expect(checks.get("source.repl-timeout")?.fix).toMatch(/CONFIG SET repl-timeout 300/);
    const sourceSide = events.find((e) => e.event === "server" && e.role === "source") as {
      databases: Array<{ db: number; keys: number; expires: number }>;
      version: string;
    };
    expect(sourceSide.databases).toEqual([{ db: 0, keys: 2, expires: 1 }]);
    expect(sourceSide.version).toMatch(/^\d+\.\d+/);
    expect(events.at(-1)).toMatchObject({ event: "done", fail: 0 });
  });

  it("fails a source whose PSYNC is renamed away, naming the constraint and the fix (exit 7)", async () => {
    const { source, target } = await pair(["--rename-command", "PSYNC", ""]);
    const { code, checks, events } = await check(planFile(redisPlan(source.url, target.url)));
    expect(code).toBe(7);
    expect(checks.get("source.sync")).toMatchObject({ status: "fail", detail: "PSYNC is disabled or renamed" });
    expect(checks.get("source.sync")?.constraint).toMatch(/must allow SYNC and PSYNC/);
    expect(checks.get("source.sync")?.fix).toMatch(/rename-command/);
    expect(events.at(-1)).toMatchObject({ event: "error", exit_code: 7, message: expect.stringMatching(/source\.sync/) });
  });

  it("fails keys outside DB0 against a target with one database, and passes them against one with sixteen", async () => {
    const { source, target } = await pair([], ["--databases", "1"]);
    await (await source.db(3)).sendCommand(["SET", "in-db3", "x"]);
    const single = await check(planFile(redisPlan(source.url, target.url)));
    expect(single.code).toBe(7);
    expect(single.checks.get("databases")).toMatchObject({ status: "fail", detail: expect.stringMatching(/DB 3.*only DB0 \(databases 1\)/) });
    const many = await startRedis({ password: TARGET_PW });
    started.push(many);
    const several = await check(planFile(redisPlan(source.url, many.url)));
    expect(several.checks.get("databases")?.status).toBe("ok");
  });

  it("fails a target whose maxmemory is below the source's data, and warns within the margin", async () => {
    const { source, target } = await pair([], ["--maxmemory", "1mb"]);
    // Many small writes, not one large one: a large write's query buffer is counted until the server frees it.
    for (let i = 0; i < 20_000; i += 1000) {
      await Promise.all(Array.from({ length: 1000 }, (_, j) => source.client.sendCommand(["SET", `key:${i + j}`, "x".repeat(200)])));
    }
    const small = await check(planFile(redisPlan(source.url, target.url)));
    expect(small.code).toBe(7);
    expect(small.checks.get("memory")).toMatchObject({ status: "fail", detail: expect.stringMatching(/maxmemory is 1\.0 MiB/) });
    const used = Number(/used_memory:(\d+)/.exec(String(await source.client.sendCommand(["INFO", "memory"])))?.[1]);
    await target.client.sendCommand(["CONFIG", "SET", "maxmemory", String(Math.round(used * 1.05))]);
    const close = await check(planFile(redisPlan(source.url, target.url)));
    expect(close.checks.get("memory")?.status).toBe("warn");
  });

  it("warns of a target that holds keys", async () => {
    const { source, target } = await pair();
    await target.client.sendCommand(["SET", "left-over", "1"]);
    const { code, checks } = await check(planFile(redisPlan(source.url, target.url)));
    expect(code).toBe(0);
    expect(checks.get("target.empty")).toMatchObject({ status: "warn", detail: "the target holds 1 key" });
  });

  it("fails a wrong password and a closed port as unreachable, without printing the password", async () => {
    const { source, target } = await pair();
    const port = target.port;
    await target.stop();
    const { code, checks } = await check(planFile(redisPlan(source.url, `redis://127.0.0.1:${port}`)), { ...ENV, SOURCE_REDIS_PASSWORD: "wrongQZX7marker" });
    expect(code).toBe(7);
    expect(checks.get("source.reachable")).toMatchObject({ status: "fail", detail: expect.stringMatching(/refused the credentials/) });
    expect(checks.get("source.reachable")?.fix).toMatch(/password/);
    expect(checks.get("target.reachable")).toMatchObject({ status: "fail", detail: expect.stringMatching(/cannot be reached \(ECONNREFUSED\)/) });
  });

  it("fails an ACL user without PSYNC, and says unknown where the server will not answer (CONFIG renamed)", async () => {
    const { source, target } = await pair(["--rename-command", "CONFIG", ""]);
    await source.client.sendCommand(["ACL", "SETUSER", "migrator", "on", ">userQZX7marker", "~*", "+@all", "-psync"]);
    const plan = redisPlan(`redis://migrator:userQZX7marker@127.0.0.1:${source.port}`, target.url);
    const { code, checks } = await check(planFile(plan));
    expect(code).toBe(7);
    expect(checks.get("source.permissions")).toMatchObject({ status: "fail", detail: "the user may not run PSYNC", fix: expect.stringMatching(/\+psync/) });
    expect(checks.get("source.repl-timeout")).toMatchObject({ status: "unknown", detail: expect.stringMatching(/CONFIG GET was refused/) });
    expect(checks.get("databases")?.status).toBe("ok");
  });

  it("warns of a replication backlog that holds less than a few minutes of the source's writes (incremental)", async () => {
    const { source, target } = await pair(["--repl-backlog-size", "16kb"]);
    // A steady writer for as long as the check watches the source's input.
    let writing = true;
    const writer = (async () => {
      while (writing) await source.client.sendCommand(["SET", `w:${Math.random()}`, "x".repeat(512)]);
    })();
    try {
      const { checks } = await check(planFile(redisPlan(source.url, target.url, "incremental_migration")));
      expect(checks.get("source.backlog")).toMatchObject({ status: "warn", fix: expect.stringMatching(/repl-backlog-size/) });
    } finally {
      writing = false;
      await writer;
    }
    const quiet = await pair();
    const { checks } = await check(planFile(redisPlan(quiet.source.url, quiet.target.url, "incremental_migration")));
    expect(checks.get("source.backlog")?.status).toBe("ok");
  });

  it("warns of a target older than its source", async () => {
    // The real versions cannot differ here (one package): the rule is pinned on the facts it reads.
    const { judge } = await import("../src/redis/checks.js");
    const facts = (version: string) => ({
      version,
      mode: "standalone" as const,
      keyspace: new Map(),
      usedMemory: 1,
      maxmemory: 0,
      singleDatabase: { value: false },
      config: { unknown: "refused" },
      commands: { SYNC: { value: true }, PSYNC: { value: true } },
      denied: { value: [] },
    });
    const results = judge({ facts: facts("7.0.15") }, { facts: facts("6.2.14") }, false);
    expect(results.find((r) => r.id === "target.version")).toMatchObject({ status: "warn", detail: "source Redis 7.0.15, target Redis 6.2.14" });
    expect(judge({ facts: facts("2.8.24") }, undefined, false).find((r) => r.id === "source.version")?.status).toBe("fail");
  });
});
