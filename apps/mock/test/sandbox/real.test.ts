// Migrations for real (sandbox/real.ts) between instances backed by spawned redis-servers, driven
// through the API as a user drives the service: a full migration copies every key of every type
// (with its TTL) by replication and ends SUCCESS with the target detached; an incremental one
// reaches INCRMIGEATING, carries a write made afterwards, reports the servers' own key counts and
// offset, and a stop detaches the target, which keeps its data; an IP switch detaches the target and
// swaps the two addresses (dropping what was open through them), and a rollback swaps them back.
// Waits are the client's waiters on the sandbox's manual clock, stepped by each request: nothing
// here waits on a fixed delay.
// A target whose CONFIG is renamed away fails the copy, and so does a source that refuses the
// password, in words that never quote it; a name no instance has reaches nothing.
import { createDcsClient, MIGRATION_STATUS, waitForJob, waitForMigrationTask } from "@dcs-migration/client";
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/index.js";
import { startInstances } from "../../src/sandbox/instances.js";
import { createRealMigrations } from "../../src/sandbox/real.js";
import { redisServer, stopAll, type TestServer } from "../redis-servers.js";
import { minutes, ONLINE } from "./harness.js";

/** A test's own pair of instances and its own project, in the one sandbox: IDs made from its number. */
const pairOf = (n: number) => {
  const hex = (k: number, width: number) => k.toString(16).padStart(width, "0");
  return { source: `b1c2d3e4-0000-4000-8000-${hex(2 * n, 12)}`, target: `b1c2d3e4-0000-4000-8000-${hex(2 * n + 1, 12)}`, project: hex(n, 32) };
};
const PAIRS = { full: pairOf(1), incremental: pairOf(2), switched: pairOf(3) };
const PASSWORD = "SENTINEL-SOURCE-PW-5e2a";
const WRONG = "SENTINEL-WRONG-PW-77d0";
const TARGET_PASSWORD = "SENTINEL-TARGET-PW-3c1f";
// A target whose CONFIG is renamed away, and a source that requires a password.
const HARDENED = pairOf(4);
const LOCKED = pairOf(5);
// Sources that go away during the full copy (one without resume, one with resume_mode auto): their
// full sync waits a minute before it starts, so that the copy is still under way when they go.
const GONE = pairOf(6);
const RESUMED = pairOf(7);
// A source whose SYNC and PSYNC are renamed away; a target whose memory is smaller than the source's
// data; an incremental sync whose source goes away and comes back.
const REFUSING = pairOf(8);
const SMALL = pairOf(9);
const LOST = pairOf(10);
// A switch whose target has lost its link; a reversed and a doubled copy; a target with a password;
// a source reached as an ACL user.
const UNLINKED = pairOf(11);
const BUSY = pairOf(12);
const GUARDED = pairOf(13);
const ACL = pairOf(14);
let sandbox: RunningSandbox;
// Servers of the test's own, given to the sandbox by URL: a target whose CONFIG is renamed away (as
// hardened servers have it: its refusal quotes the command), and a source that requires a password.
const running = new Map<number, TestServer>();
const ports: Record<string, number> = {};
async function server(...args: string[]) {
  const started = await redisServer(args);
  running.set(started.port, started);
  return started.port;
}
/** Starts a server again on `port`, where one was stopped. */
async function serverOn(port: number) {
  running.set(port, await redisServer([], port));
}
/** Stops the test's server on `port`, and waits until it has gone. */
const stopServer = (port: number) => running.get(port)?.stop();
beforeAll(async () => {
  const hardened = await server("--rename-command", "CONFIG", "");
  const locked = await server("--requirepass", PASSWORD);
  ports.gone = await server("--repl-diskless-sync-delay", "60");
  ports.resumed = await server("--repl-diskless-sync-delay", "60");
  const refusing = await server("--rename-command", "SYNC", "", "--rename-command", "PSYNC", "");
  const small = await server("--maxmemory", "1mb");
  ports.lost = await server();
  ports.unlinked = await server();
  const guarded = await server("--requirepass", TARGET_PASSWORD);
  const acl = await server("--user", "migr", "on", `>${PASSWORD}`, "~*", "&*", "+@all", "--user", "default", "off");
  const instances: Record<string, string> = {
    [UNLINKED.source]: `redis://127.0.0.1:${ports.unlinked}`,
    [UNLINKED.target]: "spawn",
    [BUSY.source]: "spawn",
    [BUSY.target]: "spawn",
    [GUARDED.source]: "spawn",
    [GUARDED.target]: `redis://:${TARGET_PASSWORD}@127.0.0.1:${guarded}`,
    [ACL.source]: `redis://migr:${PASSWORD}@127.0.0.1:${acl}`,
    [ACL.target]: "spawn",
    [REFUSING.source]: `redis://127.0.0.1:${refusing}`,
    [REFUSING.target]: "spawn",
    [SMALL.source]: "spawn",
    [SMALL.target]: `redis://127.0.0.1:${small}`,
    [LOST.source]: `redis://127.0.0.1:${ports.lost}`,
    [LOST.target]: "spawn",
    [HARDENED.source]: "spawn",
    [HARDENED.target]: `redis://127.0.0.1:${hardened}`,
    [LOCKED.source]: `redis://:${PASSWORD}@127.0.0.1:${locked}`,
    [LOCKED.target]: "spawn",
    [GONE.source]: `redis://127.0.0.1:${ports.gone}`,
    [GONE.target]: "spawn",
    [RESUMED.source]: `redis://127.0.0.1:${ports.resumed}`,
    [RESUMED.target]: "spawn",
  };
  for (const pair of Object.values(PAIRS)) Object.assign(instances, { [pair.source]: "spawn", [pair.target]: "spawn" });
  sandbox = await startSandbox({ speed: "manual", stepMs: minutes(1), instances });
}, 60_000);
afterAll(async () => {
  await sandbox?.stop();
  await stopAll();
});

const redis = async (where: string) => {
  const client = createClient({ url: where.startsWith("redis://") ? where : `redis://${where}` });
  await client.connect();
  return client;
};

/** Keys of every type a migration carries, some with a TTL. */
async function load(address: string, count: number) {
  const r = await redis(address);
  const batch = r.multi();
  for (let i = 0; i < count; i++) {
    switch (i % 5) {
      case 0:
        batch.set(`s:${i}`, `value-${i}`);
        break;
      case 1:
        batch.hSet(`h:${i}`, { a: String(i), b: "x" });
        break;
      case 2:
        batch.rPush(`l:${i}`, ["1", "2", String(i)]);
        break;
      case 3:
        batch.sAdd(`z:${i}`, ["m", String(i)]);
        break;
      default:
        batch.zAdd(`o:${i}`, [{ score: i, value: "m" }]);
    }
    if (i % 7 === 0) batch.expire(i % 5 === 0 ? `s:${i}` : `h:${i}`, 3600);
  }
  await batch.exec();
  await r.close();
}

/**
 * Every key of a server with its type, its value in a canonical order and whether it expires:
 * two servers hold the same data when these are equal (DUMP is not canonical: a set's encoding
 * may order it otherwise after a copy).
 */
async function contents(url: string) {
  const r = await redis(url);
  const keys: string[] = [];
  for await (const found of r.scanIterator({ COUNT: 1000 })) keys.push(...found);
  keys.sort();
  const value = async (key: string) => {
    const type = await r.type(key);
    const expires = (await r.ttl(key)) > 0;
    const read: Record<string, () => Promise<unknown>> = {
      string: () => r.get(key),
      hash: async () => Object.entries(await r.hGetAll(key)).sort(),
      list: () => r.lRange(key, 0, -1),
      set: async () => (await r.sMembers(key)).sort(),
      zset: () => r.zRangeWithScores(key, 0, -1),
    };
    return JSON.stringify([key, type, expires, await (read[type] as () => Promise<unknown>)()]);
  };
  const all = await Promise.all(keys.map(value));
  await r.close();
  return all;
}

const role = async (url: string) => {
  const r = await redis(url);
  const info = await r.info("replication");
  await r.close();
  return /role:(\w+)/.exec(info)?.[1];
};

async function migrationOf(
  pair: ReturnType<typeof pairOf>,
  method: "full_amount_migration" | "incremental_migration",
  password?: string,
  resume: "auto" | "manual" = "auto",
  targetPassword?: string,
) {
  const client = createDcsClient({
    endpoint: sandbox.url,
    projectId: pair.project,
    credentials: { accessKeyId: "HPUAEXAMPLEAK0000001", secretAccessKey: "real-test-sk" },
  });
  const created = await client.POST("/v2/{project_id}/migration/instance", { body: { ...ONLINE, name: `real-${method}` } });
  const taskId = String(created.data?.instance_id);
  await waitForJob(client, String(created.data?.job_id), { intervalMs: 10 });
  const configured = await client.POST("/v2/{project_id}/migration/{task_id}/task", {
    params: { path: { task_id: taskId } },
    body: {
      migration_method: method,
      resume_mode: resume,
      source_instance: { id: pair.source, ...(password ? { password } : {}) },
      target_instance: { id: pair.target, ...(targetPassword ? { password: targetPassword } : {}) },
    },
  });
  expect(configured.response.status).toBe(200);
  return { client, taskId };
}

describe("a migration between backed instances", () => {
  it("copies every key by replication, ends SUCCESS, and leaves the target on its own", async () => {
    const source = sandbox.instances[PAIRS.full.source] as { address: string; redisUrl: string };
    const target = sandbox.instances[PAIRS.full.target] as { address: string; redisUrl: string };
    await load(source.address, 2000);
    const { client, taskId } = await migrationOf(PAIRS.full, "full_amount_migration");
    const done = await waitForMigrationTask(client, taskId, { until: MIGRATION_STATUS.SUCCESS, intervalMs: 10 });
    expect(done.status).toBe(MIGRATION_STATUS.SUCCESS);
    const copied = await contents(target.redisUrl);
    expect(copied).toHaveLength(2000);
    expect(copied).toEqual(await contents(source.redisUrl));
    expect(await role(target.redisUrl)).toBe("master");
    const logs = await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: taskId } } });
    expect(JSON.stringify(logs.data)).toContain("Full migration finished.");
  }, 60_000);

  it("syncs incrementally with the servers' own counts and offset; a stop detaches the target, which keeps its data", async () => {
    const source = sandbox.instances[PAIRS.incremental.source] as { address: string; redisUrl: string };
    const target = sandbox.instances[PAIRS.incremental.target] as { address: string; redisUrl: string };
    await load(source.address, 1000);
    const { client, taskId } = await migrationOf(PAIRS.incremental, "incremental_migration");
    await waitForMigrationTask(client, taskId, { until: MIGRATION_STATUS.INCRMIGEATING, intervalMs: 10 });
    // A write after the full copy arrives by the sync; the stats then read what the servers hold.
    const writer = await redis(source.address);
    await writer.set("after-the-copy", "arrived");
    await waitForMigrationTask(client, taskId, {
      until: (_task, stats) => stats?.target_dbsize === 1001 && stats.offset === 0,
      intervalMs: 10,
    });
    const stats = (await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", { params: { path: { task_id: taskId } } })).data;
    // The offset was 0 when the waiter ended; the source's own pings may move it since.
    expect(stats).toMatchObject({ source_dbsize: 1001, target_dbsize: 1001, full_migration_progress: 100 });
    expect(await role(target.redisUrl)).toBe("slave");
    await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: taskId } } });
    await waitForMigrationTask(client, taskId, { until: MIGRATION_STATUS.TERMINATED, intervalMs: 10 });
    expect(await role(target.redisUrl)).toBe("master");
    // Detached: a later write to the source stays there; the target keeps what it had.
    await writer.set("after-the-stop", "stays");
    const t = await redis(target.redisUrl);
    expect([await t.get("after-the-copy"), await t.exists("after-the-stop"), await t.dbSize()]).toEqual(["arrived", 0, 1001]);
    await t.close();
    await writer.close();
  }, 60_000);

  it("switches IPs by address: the target detached, each address reaching the other's server, what was open dropped; a rollback swaps back", async () => {
    const source = sandbox.instances[PAIRS.switched.source] as { address: string; redisUrl: string };
    const target = sandbox.instances[PAIRS.switched.target] as { address: string; redisUrl: string };
    await load(source.address, 500);
    const { client, taskId } = await migrationOf(PAIRS.switched, "incremental_migration");
    await waitForMigrationTask(client, taskId, {
      until: (task, stats) => task.status === MIGRATION_STATUS.INCRMIGEATING && stats?.offset === 0,
      intervalMs: 10,
    });
    const app = await redis(source.address);
    const dropped = new Promise((resolve) => app.once("error", resolve));
    const exchanged = await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
      params: { path: { task_id: taskId } },
      body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false },
    });
    expect(exchanged.response.ok).toBe(true);
    await dropped;
    await app.destroy();
    expect(await role(target.redisUrl)).toBe("master");
    // The sync has stopped with the switch, and the stats say so.
    const stats = await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", { params: { path: { task_id: taskId } } });
    expect(stats.data).toMatchObject({ is_migrating: false, target_ops: 0 });
    // Each server now marked on its own: the source's address reaches the target's server.
    const [s, t] = await Promise.all([redis(source.redisUrl), redis(target.redisUrl)]);
    await Promise.all([s.set("server", "old source"), t.set("server", "old target")]);
    const throughSource = await redis(source.address);
    const throughTarget = await redis(target.address);
    expect([await throughSource.get("server"), await throughTarget.get("server")]).toEqual(["old target", "old source"]);
    await Promise.all([throughSource.destroy(), throughTarget.destroy()]);
    await client.POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", { params: { path: { task_id: taskId } } });
    const back = await redis(source.address);
    expect(await back.get("server")).toBe("old source");
    await Promise.all([back.close(), s.close(), t.close()]);
  }, 60_000);

  it("fails a copy the target refuses, saying so without quoting the source's password", async () => {
    const { client, taskId } = await migrationOf(HARDENED, "full_amount_migration", PASSWORD);
    const failed = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } } });
    expect(failed.data?.status).toBe(MIGRATION_STATUS.MIGRATION_FAILED);
    const logs = await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: taskId } } });
    expect(JSON.stringify(logs.data)).toContain("Failed to start the migration on the target Redis");
    expect(JSON.stringify([failed.data, logs.data])).not.toContain(PASSWORD);
  });

  it("reaches only the servers it was given: a name a request gives that no instance has finds nothing", async () => {
    const instances = await startInstances({});
    try {
      const real = createRealMigrations(instances);
      for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
        const body = { migration_method: "full_amount_migration", resume_mode: "auto", source_instance: { id: name }, target_instance: { id: name } } as const;
        expect(real.sidesOf(body)).toBeUndefined();
      }
    } finally {
      await instances.stop();
    }
  });

  it("fails a copy whose source refuses the password, in the service's words; with the right one it copies", async () => {
    const wrong = await migrationOf(LOCKED, "full_amount_migration", WRONG);
    const failed = await wrong.client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: wrong.taskId } } });
    const logs = await wrong.client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: wrong.taskId } } });
    expect(failed.data?.status).toBe(MIGRATION_STATUS.MIGRATION_FAILED);
    expect(JSON.stringify(logs.data)).toContain("Failed to authenticate to the source Redis");
    expect(JSON.stringify([failed.data, logs.data])).not.toMatch(new RegExp(`${WRONG}|${PASSWORD}`));
    const source = await redis(`redis://:${PASSWORD}@${sandbox.instances[LOCKED.source]?.address}`);
    await source.set("locked", "copied");
    await source.close();
    const right = await migrationOf(LOCKED, "full_amount_migration", PASSWORD);
    await waitForMigrationTask(right.client, right.taskId, { until: MIGRATION_STATUS.SUCCESS, intervalMs: 10 });
    const target = await redis(sandbox.instances[LOCKED.target]?.redisUrl as string);
    expect(await target.get("locked")).toBe("copied");
    // Detached, the target keeps no password of the source's: its masterauth is as it was found.
    expect(await target.configGet("masterauth")).toEqual({ masterauth: "" });
    await target.close();
  });

  it("fails a full copy whose source goes away (MIGRATION_FAILED); with resume_mode auto waits for it, and resumes when it is back", async () => {
    const gone = await migrationOf(GONE, "full_amount_migration", undefined, "manual");
    const resumed = await migrationOf(RESUMED, "full_amount_migration", undefined, "auto");
    const status = async ({ client, taskId }: typeof gone) =>
      (await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } } })).data?.status;
    expect([await status(gone), await status(resumed)]).toEqual([MIGRATION_STATUS.FULLMIGRATING, MIGRATION_STATUS.FULLMIGRATING]);
    await Promise.all([stopServer(ports.gone as number), stopServer(ports.resumed as number)]);
    expect(await status(gone)).toBe(MIGRATION_STATUS.MIGRATION_FAILED);
    const logs = await gone.client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: gone.taskId } } });
    expect(JSON.stringify(logs.data)).toContain("The source Redis closed the connection");
    // resume_mode auto: still copying while the source is away, and done once it is back.
    expect(await status(resumed)).toBe(MIGRATION_STATUS.FULLMIGRATING);
    await serverOn(ports.resumed as number);
    await waitForMigrationTask(resumed.client, resumed.taskId, { until: MIGRATION_STATUS.SUCCESS, intervalMs: 50 });
  }, 60_000);

  it("fails a copy whose source refuses SYNC and PSYNC, and one whose target is too small for the data, in the service's words", async () => {
    await load(sandbox.instances[SMALL.source]?.address as string, 20_000);
    const refused = await migrationOf(REFUSING, "full_amount_migration");
    const small = await migrationOf(SMALL, "full_amount_migration");
    for (const [{ client, taskId }, words] of [
      [refused, "does not support SYNC or PSYNC"],
      [small, "memory is smaller than the source's data"],
    ] as const) {
      const task = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } } });
      const logs = await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: taskId } } });
      expect(task.data?.status).toBe(MIGRATION_STATUS.MIGRATION_FAILED);
      expect(JSON.stringify(logs.data)).toContain(words);
    }
    // Nothing was copied: neither target became a replica.
    expect([await role(sandbox.instances[REFUSING.target]?.redisUrl as string), await role(sandbox.instances[SMALL.target]?.redisUrl as string)]).toEqual([
      "master",
      "master",
    ]);
  }, 60_000);

  it("keeps an incremental sync whose source goes away INCRMIGEATING, says so in its log, and carries on when the source is back", async () => {
    await load(sandbox.instances[LOST.source]?.address as string, 300);
    const { client, taskId } = await migrationOf(LOST, "incremental_migration");
    await waitForMigrationTask(client, taskId, {
      until: (task, stats) => task.status === MIGRATION_STATUS.INCRMIGEATING && stats?.offset === 0,
      intervalMs: 10,
    });
    await stopServer(ports.lost as number);
    const away = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } } });
    expect(away.data?.status).toBe(MIGRATION_STATUS.INCRMIGEATING);
    const logs = async () =>
      JSON.stringify((await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: taskId } } })).data);
    expect(await logs()).toContain("The connection to the source Redis was lost");
    // Back (empty: it kept nothing), with a key: the replica resyncs, and the sync carries it.
    await serverOn(ports.lost as number);
    const back = await redis(sandbox.instances[LOST.source]?.address as string);
    await back.set("after-the-return", "arrived");
    await back.close();
    await waitForMigrationTask(client, taskId, { until: (_task, stats) => stats?.target_dbsize === 1 && stats.offset === 0, intervalMs: 50 });
    expect(await logs()).toContain("Reconnected to the source Redis");
    const target = await redis(sandbox.instances[LOST.target]?.redisUrl as string);
    expect(await target.get("after-the-return")).toBe("arrived");
    await target.close();
  }, 60_000);

  it("refuses an IP switch whose target has lost its link (EXCHANGE_FAILED, saying why): the addresses stay, nothing acknowledged is lost", async () => {
    const source = sandbox.instances[UNLINKED.source] as { address: string; redisUrl: string };
    await load(source.address, 200);
    const { client, taskId } = await migrationOf(UNLINKED, "incremental_migration");
    await waitForMigrationTask(client, taskId, {
      until: (task, stats) => task.status === MIGRATION_STATUS.INCRMIGEATING && stats?.offset === 0,
      intervalMs: 10,
    });
    // The link breaks (the source's password changes under it); the application's writes go on.
    const app = await redis(source.address);
    // The switch's hold drops what is open through the addresses, even when the switch is refused.
    app.on("error", () => {});
    await app.sendCommand(["CONFIG", "SET", "requirepass", WRONG]);
    await app.sendCommand(["CLIENT", "KILL", "TYPE", "replica"]);
    await app.set("acknowledged-before-the-switch", "kept");
    const path = { params: { path: { task_id: taskId } } };
    await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
      ...path,
      body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false },
    });
    const task = (await client.GET("/v2/{project_id}/migration-task/{task_id}", path)).data;
    expect([task?.status, task?.task_status]).toEqual([MIGRATION_STATUS.INCRMIGEATING, "EXCHANGE_FAILED"]);
    expect(JSON.stringify((await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", path)).data)).toContain("IP switch refused");
    // The source's address still reaches the source, which has the write.
    const through = await redis(`redis://:${WRONG}@${source.address}`);
    expect(await through.get("acknowledged-before-the-switch")).toBe("kept");
    await through.sendCommand(["CONFIG", "SET", "requirepass", ""]);
    await Promise.all([through.close(), app.destroy()]);
  }, 60_000);

  it("fails a copy from a server to itself, and one whose servers another copy is using; the first copy goes on", async () => {
    const { client, taskId } = await migrationOf(BUSY, "incremental_migration");
    await waitForMigrationTask(client, taskId, { until: MIGRATION_STATUS.INCRMIGEATING, intervalMs: 10 });
    const reversed = await migrationOf({ ...BUSY, source: BUSY.target, target: BUSY.source }, "incremental_migration");
    const doubled = await migrationOf(BUSY, "full_amount_migration");
    const itself = await migrationOf({ ...BUSY, target: BUSY.source }, "full_amount_migration");
    for (const [{ taskId: id }, words] of [
      [reversed, "already part of another migration"],
      [doubled, "already part of another migration"],
      [itself, "the same Redis"],
    ] as const) {
      const path = { params: { path: { task_id: id } } };
      expect((await client.GET("/v2/{project_id}/migration-task/{task_id}", path)).data?.status).toBe(MIGRATION_STATUS.MIGRATION_FAILED);
      expect(JSON.stringify((await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", path)).data)).toContain(words);
    }
    expect([await role(sandbox.instances[BUSY.source]?.redisUrl as string), await role(sandbox.instances[BUSY.target]?.redisUrl as string)]).toEqual([
      "master",
      "slave",
    ]);
    await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: taskId } } });
    await waitForMigrationTask(client, taskId, { until: MIGRATION_STATUS.TERMINATED, intervalMs: 10 });
  }, 60_000);

  it("checks the target password as the service logs in to the target, reaches a source as the ACL user its URL names, and says when only one side is backed", async () => {
    const wrong = await migrationOf(GUARDED, "full_amount_migration", undefined, "auto", WRONG);
    const path = (id: string) => ({ params: { path: { task_id: id } } });
    expect((await wrong.client.GET("/v2/{project_id}/migration-task/{task_id}", path(wrong.taskId))).data?.status).toBe(MIGRATION_STATUS.MIGRATION_FAILED);
    const logs = JSON.stringify((await wrong.client.GET("/v2/{project_id}/migration-task/{task_id}/logs", path(wrong.taskId))).data);
    expect(logs).toContain("Failed to authenticate to the target Redis");
    expect(logs).not.toMatch(new RegExp(`${WRONG}|${TARGET_PASSWORD}`));
    const right = await migrationOf(GUARDED, "full_amount_migration", undefined, "auto", TARGET_PASSWORD);
    await waitForMigrationTask(right.client, right.taskId, { until: MIGRATION_STATUS.SUCCESS, intervalMs: 10 });
    const aclSource = await redis(`redis://migr:${PASSWORD}@${sandbox.instances[ACL.source]?.address}`);
    await aclSource.set("as-migr", "copied");
    await aclSource.close();
    const acl = await migrationOf(ACL, "full_amount_migration", PASSWORD);
    await waitForMigrationTask(acl.client, acl.taskId, { until: MIGRATION_STATUS.SUCCESS, intervalMs: 10 });
    const target = await redis(sandbox.instances[ACL.target]?.redisUrl as string);
    expect(await target.get("as-migr")).toBe("copied");
    expect(await target.configGet("master*")).toMatchObject({ masterauth: "", masteruser: "" });
    await target.close();
    // A source nobody declared (mistyped?) and a backed target: emulated, and the log says so.
    const half = await migrationOf({ ...ACL, source: pairOf(99).source }, "full_amount_migration");
    const halfLogs = JSON.stringify((await half.client.GET("/v2/{project_id}/migration-task/{task_id}/logs", path(half.taskId))).data);
    expect(halfLogs).toContain("backs only the target of this migration");
  }, 60_000);
});
