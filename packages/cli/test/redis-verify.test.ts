// `dcs-migrate verify` against real redis-server processes: equal servers at every type, each kind
// of difference planted and named (never its value), a live replica under a steady write load with
// no false difference, and a user who may not run scripts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadMixed, redisPlan } from "./redis-data.js";
import { copyByReplication, startRedis, type TestRedis } from "./redis-servers.js";
import { cli } from "./run-cli.js";

const SOURCE_PW = "srcQZX7marker";
const TARGET_PW = "tgtQZX7marker";
const ENV = { SOURCE_REDIS_PASSWORD: SOURCE_PW, TARGET_REDIS_PASSWORD: TARGET_PW };
// Every planted value carries this: no output may show a value.
const VALUE = "valQZX8secret";

const started: TestRedis[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function server(password: string, args: string[] = []) {
  const s = await startRedis({ password, args });
  started.push(s);
  return s;
}

const plans = mkdtempSync(join(tmpdir(), "dcs-verify-"));
afterAll(() => rmSync(plans, { recursive: true, force: true }));
let planCount = 0;
function planFile(text: string): string {
  const file = join(plans, `plan-${++planCount}.yaml`);
  writeFileSync(file, text);
  return file;
}

type Difference = { db: number; key: string; kind: string };

async function verify(file: string, ...flags: string[]) {
  const run = await cli(["verify", file, "--json", ...flags], ENV);
  const events = run.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(run.stdout + run.stderr).not.toMatch(/QZX7marker|QZX8secret/);
  return {
    ...run,
    events,
    differences: events.filter((e) => e.event === "difference") as unknown as Difference[],
    last: events.at(-1) as Record<string, unknown>,
  };
}

/** Two servers holding the same data of every type, in DB0 and DB2, copied by replication. */
async function equalPair(keys: number) {
  const source = await server(SOURCE_PW);
  const target = await server(TARGET_PW);
  await loadMixed(source.client, keys, `k`);
  await loadMixed(await source.db(2), 30, "other");
  // Large values: compared in pages, never read whole by the script.
  await source.client.sendCommand(["SET", "big-string", VALUE.repeat(40_000)]);
  await source.client.sendCommand(["HSET", "big-hash", ...Array.from({ length: 2000 }, (_, i) => [`f${i}`, `${VALUE}${i}`]).flat()]);
  await source.client.sendCommand(["RPUSH", "big-list", ...Array.from({ length: 1500 }, (_, i) => `${VALUE}${i}`)]);
  await source.client.sendCommand(["SADD", "big-set", ...Array.from({ length: 1500 }, (_, i) => `${VALUE}${i}`)]);
  await source.client.sendCommand(["ZADD", "big-zset", ...Array.from({ length: 1500 }, (_, i) => [String(i / 3), `${VALUE}${i}`]).flat()]);
  for (let i = 1; i <= 700; i++) await source.client.sendCommand(["XADD", "big-stream", `${i}-0`, "f", `${VALUE}${i}`]);
  await source.client.sendCommand(["SET", Buffer.from([0x62, 0x69, 0x6e, 0x00, 0xff]), VALUE]);
  await copyByReplication(source, target);
  return { source, target, total: keys + 30 + 7 };
}

describe("dcs-migrate verify", () => {
  it("finds two servers made equal by replication equal, at every type and in every database (--full)", async () => {
    const { source, target, total } = await equalPair(600);
    const { code, last, events, differences } = await verify(planFile(redisPlan(source.url, target.url)), "--full");
    expect(differences).toEqual([]);
    expect(code).toBe(0);
    expect(last).toMatchObject({ event: "done", differs: false, compared: total, equal: total, missing: 0, extra: 0 });
    expect(events.filter((e) => e.event === "database")).toEqual([
      { event: "database", db: 0, source: 607, target: 607 },
      { event: "database", db: 2, source: 30, target: 30 },
    ]);
  });

  it("finds and names each kind of difference, at every type, large values too, and never prints a value (exit 7)", async () => {
    const { source, target } = await equalPair(60);
    const t = target.client;
    await t.sendCommand(["DEL", `k:0`]); // missing
    await t.sendCommand(["SET", `k:6`, `${VALUE}changed`]); // string value
    await t.sendCommand(["HSET", `k:1`, "b", VALUE]); // hash value
    await t.sendCommand(["LSET", `k:2`, "0", VALUE]); // list value
    await t.sendCommand(["SREM", `k:3`, "m1"]); // set value
    await t.sendCommand(["ZADD", `k:4`, "9", "a"]); // sorted set score
    await t.sendCommand(["XADD", `k:5`, "3-1", "h", VALUE]); // stream value
    await t.sendCommand(["PEXPIRE", `k:7`, "60000"]); // TTL: persistent on the source
    await t.sendCommand(["DEL", `k:8`]);
    await t.sendCommand(["SADD", `k:8`, VALUE]); // type
    await t.sendCommand(["SET", `extra-key`, VALUE]); // extra
    await t.sendCommand(["SETRANGE", "big-string", String(40_000 * VALUE.length - 1), "!"]); // a large string's last byte
    await t.sendCommand(["HSET", "big-hash", "f1999", "changed"]);
    await t.sendCommand(["LSET", "big-list", "1499", "changed"]);
    await t.sendCommand(["ZADD", "big-zset", "1000", `${VALUE}1499`]);
    await t.sendCommand(["XDEL", "big-stream", "700-0"]);
    await t.sendCommand(["XADD", "big-stream", "701-0", "f", "changed"]);
    await (await target.db(2)).sendCommand(["DEL", "other:1"]);
    const { code, differences, last } = await verify(planFile(redisPlan(source.url, target.url)), "--full", "--rounds", "1");
    expect(code).toBe(7);
    const named = Object.fromEntries(differences.map((d) => [`${d.db}:${d.key}`, d.kind]));
    expect(named).toEqual({
      "0:k:0": "missing",
      "0:k:6": "value",
      "0:k:1": "value",
      "0:k:2": "value",
      "0:k:3": "value",
      "0:k:4": "value",
      "0:k:5": "value",
      "0:k:7": "ttl",
      "0:k:8": "type",
      "0:extra-key": "extra",
      "0:big-string": "value",
      "0:big-hash": "value",
      "0:big-list": "value",
      "0:big-zset": "value",
      "0:big-stream": "value",
      "2:other:1": "missing",
    });
    expect(last).toMatchObject({ event: "error", exit_code: 7 });
  });

  it("shows the key names of differences, never values, in text; a binary name is escaped", async () => {
    const { source, target } = await equalPair(12);
    await target.client.sendCommand(["SET", Buffer.from([0x62, 0x69, 0x6e, 0x00, 0xff]), "changed"]);
    const run = await cli(["verify", planFile(redisPlan(source.url, target.url)), "--rounds", "1"], ENV);
    expect(run.code).toBe(7);
    expect(run.stdout).toContain("value    DB0 bin\\x00\\xff");
    expect(run.stderr).toMatch(/the data differs: \d+ compared: .* 1 value differs/);
    expect(run.stdout + run.stderr).not.toMatch(/QZX7marker|QZX8secret|changed/);
  });

  it("compares a sample of the keys with --sample N", async () => {
    const { source, target } = await equalPair(900);
    const { code, last } = await verify(planFile(redisPlan(source.url, target.url)), "--sample", "50");
    expect(code).toBe(0);
    expect(Number(last.compared)).toBeGreaterThanOrEqual(45);
    expect(Number(last.compared)).toBeLessThanOrEqual(60);
  });

  it("compares without scripts for a user who may not run them, finding the same differences", async () => {
    const { source, target } = await equalPair(60);
    for (const s of [source, target])
      await s.client.sendCommand(["ACL", "SETUSER", "reader", "on", ">readerQZX7marker", "~*", "+@read", "+info", "+select", "-@scripting"]);
    await target.client.sendCommand(["HSET", `k:1`, "b", VALUE]);
    await target.client.sendCommand(["HSET", "big-hash", "f3", "changed"]);
    const plan = redisPlan(`redis://reader:readerQZX7marker@127.0.0.1:${source.port}`, `redis://reader:readerQZX7marker@127.0.0.1:${target.port}`);
    const { code, differences } = await verify(planFile(plan), "--full", "--rounds", "1");
    expect(code).toBe(7);
    expect(differences.map((d) => `${d.key} ${d.kind}`).sort()).toEqual(["big-hash value", `k:1 value`]);
  });

  it("gives no false difference on a live replica while the source takes a steady write load", async () => {
    const source = await server(SOURCE_PW);
    const target = await server(TARGET_PW);
    await loadMixed(source.client, 3000, "live");
    await copyByReplication(source, target, false);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        // Each key written once: in flight at most until the replica has it, never again after.
        await Promise.all(Array.from({ length: 20 }, () => source.client.sendCommand(["SET", `new:${written++}`, "v", "PX", "600000"])));
      }
    })();
    try {
      const { code, differences, last } = await verify(planFile(redisPlan(source.url, target.url)), "--full");
      expect(differences).toEqual([]);
      expect(code).toBe(0);
      expect(Number(last.compared)).toBeGreaterThanOrEqual(3000);
    } finally {
      writing = false;
      await writer;
    }
    expect(written).toBeGreaterThan(0);
  });

  it("digests a batch in one script call: a compact value by its DUMP, others by their items, a large one named large", async () => {
    const { source, target } = await equalPair(12);
    const { connectSide } = await import("../src/redis/connection.js");
    const { parseEndpoint } = await import("../src/redis/endpoints.js");
    const { digests, sameValue } = await import("../src/redis/digest.js");
    const keys = ["k:0", "k:1", "k:2", "k:3", "k:4", "k:5", "big-hash", "nothing"].map((k) => Buffer.from(k));
    const open = async (s: TestRedis, password: string) => connectSide(parseEndpoint("source", s.url, password, "plan.yaml"), { timeoutMs: 5000 });
    const a = await open(source, SOURCE_PW);
    const b = await open(target, TARGET_PW);
    try {
      const [da = [], db = []] = await Promise.all([digests(a, keys, true), digests(b, keys, true)]);
      // Redis 7.0 keeps small strings, hashes and sorted sets compact (embstr, listpack); lists,
      // sets of strings and streams are not, whatever their size.
      expect(da.map((d) => d.kind)).toEqual(["dump", "dump", "items", "items", "dump", "items", "large", "none"]);
      expect(da.map((d) => d.type)).toEqual(["", "", "list", "set", "", "stream", "hash", "none"]);
      expect(da.slice(0, 6).map((d, i) => sameValue(d, db[i] as (typeof db)[number]))).toEqual([true, true, true, true, true, true]);
      await target.client.sendCommand(["HSET", "k:1", "c", "4"]);
      await target.client.sendCommand(["SADD", "k:3", "m-new"]);
      const changed = (await digests(b, keys, true)) ?? [];
      expect([
        sameValue(da[1] as (typeof da)[number], changed[1] as (typeof da)[number]),
        sameValue(da[3] as (typeof da)[number], changed[3] as (typeof da)[number]),
      ]).toEqual([false, false]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("refuses --sample with --full, and a plan that does not say where the target is", async () => {
    const both = await cli(["verify", "plan.yaml", "--sample", "5", "--full"], ENV);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--sample and --full exclude each other/);
    const file = planFile(redisPlan("redis://127.0.0.1:1", "redis://127.0.0.1:2").replace(/\s+target: "redis:\/\/127\.0\.0\.1:2"\n/, "\n"));
    const missing = await cli(["verify", file], ENV);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/verify needs to reach the target, and the plan does not say where/);
  });

  it("after the IP switch (--after-switch), looks for the old instance's keys in the new one, each reached with its own password", async () => {
    const source = await server(SOURCE_PW);
    const target = await server(TARGET_PW);
    await loadMixed(source.client, 200);
    await copyByReplication(source, target);
    // The switch: the source's address now reaches the target's server (the new instance), and the
    // target's address the source's (the old one); the application writes to the new one since.
    const file = planFile(redisPlan(target.url, source.url));
    await target.client.sendCommand(["SET", "written-since", VALUE]);
    const equal = await verify(file, "--full", "--after-switch");
    expect(equal.code, equal.stderr).toBe(0);
    expect(equal.last).toMatchObject({ event: "done", compared: 200, equal: 200, missing: 0, extra: 0, written_since_switch: 1 });
    expect(equal.differences).toEqual([]);
    // Without the flag, the addresses' passwords are the wrong ones: nothing is compared.
    expect((await verify(file, "--full")).code).toBe(7);
    // A key the new instance lost is a difference.
    await target.client.sendCommand(["DEL", "k:3"]);
    const lost = await verify(file, "--full", "--after-switch", "--rounds", "1");
    expect(lost.code).toBe(7);
    expect(lost.differences).toEqual([{ event: "difference", db: 0, key: "k:3", kind: "missing" }]);
    // Nothing switched: the "old instance" (an empty target here) holds no key, and that is said, not passed;
    // with the two passwords apart, the target's address refuses the source's, and the hint says why.
    const unswitched = await cli(["verify", planFile(redisPlan(source.url, (await server(SOURCE_PW)).url)), "--after-switch"], {
      ...ENV,
      TARGET_REDIS_PASSWORD: SOURCE_PW,
    });
    expect([unswitched.code, unswitched.stderr]).toEqual([7, expect.stringContaining("the old instance (at the target's address) holds no key")]);
    expect(unswitched.stderr).toContain("Were the IPs switched?");
    const refused = await cli(["verify", planFile(redisPlan(source.url, (await server(TARGET_PW)).url)), "--after-switch"], ENV);
    expect([refused.code, refused.stderr]).toEqual([7, expect.stringContaining("after a rollback, verify without --after-switch")]);
  });
});
