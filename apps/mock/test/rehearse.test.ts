// dcs-migration-rehearse (dist/rehearse/cli.js) run as a process: its wrong flags and environment
// name themselves, and a URL's password is never quoted. A whole rehearsal, as installed from the
// package and as the README prints it, is apps/e2e's snippets test.
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
