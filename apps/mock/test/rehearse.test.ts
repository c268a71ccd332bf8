// dcs-migration-rehearse (dist/rehearse/cli.js, as installed) run as a process: a sandbox of its
// own with two spawned redis-servers, a migration for real, a writer on the source's address
// through the copy, the sync and the switch. Every key arrives and no acknowledged write is lost;
// its wrong flags and environment name themselves. The README's run is apps/e2e's snippets test.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/rehearse/cli.js", import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe("dcs-migration-rehearse", () => {
  it("moves every key, measures the cutover gap, and loses no acknowledged write", async () => {
    const { code, stdout, stderr } = await run(["--keys", "5000", "--write-rate", "400", "--hold", "1", "--json"]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.keys).toMatchObject({ loaded: 5000, copied: 5000, sourceKeys: 5000 });
    expect(result.writes.lost).toBe(0);
    // Written before the switch (carried by the sync) and after it (to the new instance).
    expect(result.writes.beforeSwitch).toBeGreaterThan(0);
    expect(result.writes.acknowledged).toBeGreaterThan(result.writes.beforeSwitch);
    expect(result.copy.fullSyncMs).toBeGreaterThan(0);
    // The switch dropped the writer's connection, and it reconnected (to the target's server). A
    // write fails only if one was sent in the gap, so the gap is whatever was measured, even 0.
    expect(result.cutover.reconnects).toBeGreaterThan(0);
    expect(result.cutover.gapMs).toBeGreaterThanOrEqual(0);
  }, 90_000);

  it("names a wrong flag and what it takes, and refuses one of the two servers' URLs without the other (exit 2)", async () => {
    const keys = await run(["--keys", "1.5"]);
    expect([keys.code, keys.stderr.trim()]).toEqual([2, 'dcs-migration-rehearse: --keys takes a whole number from 0 to 10000000; got "1.5"']);
    const rate = await run(["--write-rate", "0"]);
    expect([rate.code, rate.stderr.trim()]).toEqual([2, 'dcs-migration-rehearse: --write-rate takes a whole number from 1 to 10000; got "0"']);
    const half = await run([], { REHEARSAL_SOURCE_URL: "redis://:SENTINEL-PW-1@127.0.0.1:1" });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("REHEARSAL_SOURCE_URL and REHEARSAL_TARGET_URL go together");
    const bad = await run([], { REHEARSAL_SOURCE_URL: "SENTINEL-PW-1@nowhere", REHEARSAL_TARGET_URL: "redis://127.0.0.1:1" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain("SENTINEL-PW-1");
  });
});
