// check and verify with a Redis Cluster: every master scanned, each key read where its slot lives,
// and a cluster target's single database.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCluster } from "@redis/client";
import { afterAll, describe, expect, it } from "vitest";
import { redisPlan } from "./redis-data.js";
import { startCluster, startRedis } from "./redis-servers.js";
import { cli } from "./run-cli.js";

const PW = "clusterQZX7marker";
const ENV = { SOURCE_REDIS_PASSWORD: PW, TARGET_REDIS_PASSWORD: PW };

const plans = mkdtempSync(join(tmpdir(), "dcs-cluster-"));
afterAll(() => rmSync(plans, { recursive: true, force: true }));
let planCount = 0;
function planFile(text: string): string {
  const file = join(plans, `plan-${++planCount}.yaml`);
  writeFileSync(file, text);
  return file;
}

const events = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("a Redis Cluster", () => {
  it("as the source: check reads every master; verify compares every key against a standalone target and finds a planted difference", async ({
    onTestFinished,
  }) => {
    const cluster = await startCluster(PW);
    onTestFinished(() => cluster.stop());
    const target = await startRedis({ password: PW });
    onTestFinished(() => target.stop());
    const writer = createCluster({
      rootNodes: [{ socket: { host: "127.0.0.1", port: cluster.nodes[0]?.port as number } }],
      defaults: { password: PW },
    });
    await writer.connect();
    onTestFinished(() => writer.close());
    // The same writes on both sides: the keys spread over the three masters' slots.
    for (let i = 0; i < 300; i++) {
      const key = `c:${i}`;
      // A binary value too: replies must be compared as bytes, whatever node they come from.
      const write = i % 2 ? ["HSET", key, "f", String(i)] : ["SET", key, Buffer.from([0xff, 0xfe, i % 256])];
      await writer.sendCommand(key, false, write);
      await target.client.sendCommand(write);
    }
    const perMaster = await Promise.all(cluster.nodes.map(async (n) => Number(await n.client.sendCommand(["DBSIZE"]))));
    expect(perMaster.every((n) => n > 0)).toBe(true);
    const file = planFile(redisPlan(cluster.url, target.url));

    const check = await cli(["check", file, "--json"], ENV);
    const source = events(check.stdout).find((e) => e.event === "server" && e.role === "source");
    expect(source).toMatchObject({ mode: "cluster", databases: [{ db: 0, keys: 300, expires: 0 }] });

    const equal = await cli(["verify", file, "--full", "--json"], ENV);
    expect(equal.code, equal.stderr).toBe(0);
    expect(events(equal.stdout).at(-1)).toMatchObject({ event: "done", compared: 300, equal: 300 });

    await target.client.sendCommand(["HSET", "c:7", "f", "changed"]);
    // Two invalid UTF-8 strings of the same length: equal as text, different as bytes.
    await writer.sendCommand("c:8", false, ["SET", "c:8", Buffer.from([0xff, 0xfd, 8])]);
    const differs = await cli(["verify", file, "--full", "--rounds", "1", "--json"], ENV);
    expect(differs.code).toBe(7);
    expect(
      events(differs.stdout)
        .filter((e) => e.event === "difference")
        .map((e) => `${e.key} ${e.kind}`)
        .sort(),
    ).toEqual(["c:7 value", "c:8 value"]);
    expect(check.stdout + equal.stdout + differs.stdout + differs.stderr).not.toMatch(/QZX7marker/);
  });

  it("as the target: a source with keys outside DB0 fails the databases check (cluster mode)", async ({ onTestFinished }) => {
    const cluster = await startCluster(PW);
    onTestFinished(() => cluster.stop());
    const source = await startRedis({ password: PW });
    onTestFinished(() => source.stop());
    await (await source.db(5)).sendCommand(["SET", "elsewhere", "1"]);
    const run = await cli(["check", planFile(redisPlan(source.url, cluster.url)), "--json"], ENV);
    expect(run.code).toBe(7);
    expect(events(run.stdout).find((e) => e.id === "databases")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/DB 5.*only DB0 \(cluster mode\)/),
    });
  });
});
