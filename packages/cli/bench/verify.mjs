#!/usr/bin/env node
// `npm run bench` (packages/cli): `verify --full` over 200 000 keys of mixed types between two local
// Redis servers, as a ratio to a bare SCAN of the same keys with the same client in the same run
// (target: 4x at most). Each server is a redis-server of its own on a free port, in a folder of its
// own, stopped at the end.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@redis/client";
import { parseEndpoint } from "../dist/redis/endpoints.js";
import { verify } from "../dist/redis/verify.js";

const KEYS = Number(process.env.BENCH_KEYS ?? 200_000);
const ROUNDS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function redis() {
  const dir = mkdtempSync(join(tmpdir(), "dcs-bench-redis-"));
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--repl-diskless-sync-delay", "0"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  /** @type {Promise<void>} */
  const ready = new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
  });
  await ready;
  const client = createClient({ socket: { host: "127.0.0.1", port, reconnectStrategy: false } });
  await client.connect();
  return {
    port,
    client,
    async stop() {
      client.destroy();
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const source = await redis();
const target = await redis();
try {
  for (let start = 0; start < KEYS; start += 1000) {
    const sends = [];
    for (let i = start; i < Math.min(KEYS, start + 1000); i++) {
      const key = `bench:${i}`;
      const kind = i % 6;
      if (kind === 0) sends.push(source.client.sendCommand(["SET", key, `value-${i}`]));
      else if (kind === 1) sends.push(source.client.sendCommand(["HSET", key, "a", String(i), "b", "x"]));
      else if (kind === 2) sends.push(source.client.sendCommand(["RPUSH", key, "1", String(i)]));
      else if (kind === 3) sends.push(source.client.sendCommand(["SADD", key, "m", String(i)]));
      else if (kind === 4) sends.push(source.client.sendCommand(["ZADD", key, "1", "a", String(i), "b"]));
      else sends.push(source.client.sendCommand(["XADD", key, "1-1", "f", String(i)]));
      if (i % 10 === 0) sends.push(source.client.sendCommand(["PEXPIRE", key, "3600000"]));
    }
    await Promise.all(sends);
  }
  await target.client.sendCommand(["REPLICAOF", "127.0.0.1", String(source.port)]);
  for (;;) {
    const info = String(await target.client.sendCommand(["INFO", "replication"]));
    const master = String(await source.client.sendCommand(["INFO", "replication"]));
    if (/master_link_status:up/.test(info) && /slave_repl_offset:(\d+)/.exec(info)?.[1] === /master_repl_offset:(\d+)/.exec(master)?.[1]) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await target.client.sendCommand(["REPLICAOF", "NO", "ONE"]);

  const endpoint = (role, port) => parseEndpoint(role, `redis://127.0.0.1:${port}`, undefined, "bench");
  const scans = [];
  const verifies = [];
  const cpus = [];
  const cpu = async (client) => {
    const info = String(await client.sendCommand(["INFO", "cpu"]));
    return Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1]);
  };
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    let seen = 0;
    let cursor = "0";
    do {
      const [next, keys] = /** @type {[string, string[]]} */ (await source.client.sendCommand(["SCAN", cursor, "COUNT", "1000"]));
      cursor = String(next);
      seen += keys.length;
    } while (cursor !== "0");
    scans.push(performance.now() - started);
    if (seen < KEYS) throw new Error(`SCAN saw ${seen} keys of ${KEYS}`);

    const [sourceBefore, targetBefore, ownBefore] = [await cpu(source.client), await cpu(target.client), process.cpuUsage()];
    started = performance.now();
    const report = await verify(endpoint("source", source.port), endpoint("target", target.port), {
      sample: 0,
      full: true,
      rounds: 1,
      pauseMs: 0,
      timeoutMs: 5000,
    });
    verifies.push(performance.now() - started);
    const own = process.cpuUsage(ownBefore);
    cpus.push([(await cpu(source.client)) - sourceBefore, (await cpu(target.client)) - targetBefore, (own.user + own.system) / 1e6]);
    if (report.equal !== KEYS) throw new Error(`verify found ${report.equal} keys equal of ${KEYS}: ${JSON.stringify(report).slice(0, 300)}`);
  }
  const scan = median(scans);
  const full = median(verifies);
  const [s, t, v] = cpus[verifies.indexOf(full)];
  console.log(
    `verify --full, ${KEYS.toLocaleString("en-US")} keys of mixed types: ${(full / scan).toFixed(2)}x a bare SCAN of them (${(full / 1000).toFixed(2)} s against ${(scan / 1000).toFixed(2)} s; target 4x)\n` +
      `  CPU seconds during verify: source ${s.toFixed(2)}, target ${t.toFixed(2)}, verify itself ${v.toFixed(2)} (${((s + t + v) / (full / 1000)).toFixed(2)} cores busy)`,
  );
} finally {
  await source.stop();
  await target.stop();
}
