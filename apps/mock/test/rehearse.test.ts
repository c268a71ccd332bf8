// dcs-migration-rehearse (dist/rehearse/cli.js) run as a process: on servers of the test's own
// (given by URL, with a password), a whole rehearsal, and one interrupted, which leaves the target
// detached with no password of the source's; its wrong flags and environment name themselves, and
// a URL's password is never quoted. The README's rehearsal (spawned servers, as installed from the
// package) is apps/e2e's readme-scripts test.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createClient } from "@redis/client";
import { describe, expect, it } from "vitest";
import { redactor } from "../src/rehearse/redact.js";
import { redisServer } from "./redis-servers.js";

const PASSWORD = "SENTINEL-REHEARSAL-PW-9e1d";

/** A redis-server of the test's own, with a password, stopped when the test finishes. */
async function server(onTestFinished: (fn: () => Promise<void>) => void) {
  const started = await redisServer(["--requirepass", PASSWORD]);
  onTestFinished(() => started.stop());
  return `redis://:${PASSWORD}@127.0.0.1:${started.port}`;
}

async function replication(url: string) {
  const client = createClient({ url });
  await client.connect();
  const role = /role:(\w+)/.exec(await client.info("replication"))?.[1];
  const { masterauth } = await client.configGet("masterauth");
  await client.close();
  return { role, masterauth };
}

const BIN = fileURLToPath(new URL("../dist/rehearse/cli.js", import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe("dcs-migration-rehearse", () => {
  it("rehearses on servers given by URL, with their password: every key and write arrives, the target left on its own", async ({ onTestFinished }) => {
    const [source, target] = await Promise.all([server(onTestFinished), server(onTestFinished)]);
    const { code, stdout, stderr } = await run(["--keys", "2000", "--hold", "1", "--json"], { REHEARSAL_SOURCE_URL: source, REHEARSAL_TARGET_URL: target });
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.problems).toEqual([]);
    expect(result.keys).toMatchObject({ loaded: 2000, copied: 2000 });
    expect(result.writes.lost).toBe(0);
    expect(result.writes.beforeSwitch).toBeGreaterThan(0);
    expect(result.writes.acknowledged).toBeGreaterThan(result.writes.beforeSwitch);
    expect(result.cutover.reconnects).toBeGreaterThan(0);
    expect(await replication(target)).toEqual({ role: "master", masterauth: "" });
    expect(stdout + stderr).not.toContain(PASSWORD);
  }, 60_000);

  it("interrupted (SIGINT) during the sync: exit 130, the target detached, no password of the source's left in it", async ({ onTestFinished }) => {
    const [source, target] = await Promise.all([server(onTestFinished), server(onTestFinished)]);
    const child = spawn(process.execPath, [BIN, "--keys", "500", "--hold", "60"], {
      env: { ...process.env, REHEARSAL_SOURCE_URL: source, REHEARSAL_TARGET_URL: target },
    });
    let err = "";
    const exited = once(child, "exit");
    await new Promise<void>((resolve) =>
      child.stderr.on("data", (chunk) => {
        err += chunk;
        if (/caught up/.test(err)) resolve();
      }),
    );
    expect(await replication(target)).toEqual({ role: "slave", masterauth: PASSWORD });
    child.kill("SIGINT");
    expect((await exited)[0]).toBe(130);
    expect(await replication(target)).toEqual({ role: "master", masterauth: "" });
    expect(err).not.toContain(PASSWORD);
  }, 60_000);

  it("names a wrong flag and what it takes, and refuses one of the two servers' URLs without the other (exit 2)", async () => {
    const keys = await run(["--keys", "1.5"]);
    expect([keys.code, keys.stderr.trim()]).toEqual([2, 'dcs-migration-rehearse: --keys takes a whole number from 0 to 10000000; got "1.5"']);
    const rate = await run(["--write-rate", "0"]);
    expect([rate.code, rate.stderr.trim()]).toEqual([2, 'dcs-migration-rehearse: --write-rate takes a whole number from 1 to 10000; got "0"']);
    const half = await run([], { REHEARSAL_SOURCE_URL: "redis://:SENTINEL-PW-1@127.0.0.1:1" });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("REHEARSAL_SOURCE_URL and REHEARSAL_TARGET_URL go together");
    const bad = await run([], { REHEARSAL_SOURCE_URL: "SENTINEL-PW-1@nowhere", REHEARSAL_TARGET_URL: "redis://127.0.0.1:1" });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("REHEARSAL_SOURCE_URL is redis://[user:password@]host:port")]);
    expect(bad.stderr).not.toContain("SENTINEL-PW-1");
    const port = await run([], { REHEARSAL_SOURCE_URL: "redis://127.0.0.1:2", REHEARSAL_TARGET_URL: "redis://:SENTINEL-PW-1@127.0.0.1:99999" });
    expect([port.code, port.stderr]).toEqual([2, expect.stringContaining("REHEARSAL_TARGET_URL is redis://")]);
    expect(port.stderr).not.toContain("SENTINEL-PW-1");
    const same = await run([], { REHEARSAL_SOURCE_URL: "redis://:a@127.0.0.1:2", REHEARSAL_TARGET_URL: "redis://:b@127.0.0.1:2" });
    expect([same.code, same.stderr]).toEqual([2, expect.stringContaining("name the same server")]);
  });

  it("never prints a given URL's password in an error it did not write, in any form the message carries it", () => {
    const password = 'p@ss:w"rd/1';
    const redact = redactor([`redis://user:${encodeURIComponent(password)}@127.0.0.1:6379`, undefined, "redis://127.0.0.1:6380"]);
    const message = `connect to redis://user:${encodeURIComponent(password)}@127.0.0.1:6379 failed; AUTH ${password}; ${JSON.stringify({ password })}`;
    const out = redact(message);
    for (const form of [password, encodeURIComponent(password), JSON.stringify(password).slice(1, -1)]) expect(out).not.toContain(form);
    expect(out).toBe('connect to redis://user:***@127.0.0.1:6379 failed; AUTH ***; {"password":"***"}');
  });
});
