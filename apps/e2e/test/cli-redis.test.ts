// dcs-migrate's check, verify and run's Redis gates, as installed from its tarball and run as a
// process: against real redis-server processes (spawned for each test) and the shared sandbox.
// The sandbox emulates the control plane and moves no data: a test that needs the target to hold
// the source's data makes it so by replication, as the migration would have.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadMixed, redisPlan } from "../../../packages/cli/test/redis-data.js";
import { copyByReplication, startRedis, type TestRedis } from "../../../packages/cli/test/redis-servers.js";
import { runBin, scratch } from "./installed.js";
import { newProject, project, SANDBOX, SANDBOX_CREDENTIALS } from "./sandbox.js";

const PASSWORDS = { SOURCE_REDIS_PASSWORD: "SENTINEL-SRC-REDIS-41c7", TARGET_REDIS_PASSWORD: "SENTINEL-TGT-REDIS-93ab" };
const fast = ["--poll-interval", "10ms"];

type Finished = (fn: () => Promise<void>) => void;

/** A source and a target for one test, stopped when it finishes (the tests run side by side). */
async function servers(onTestFinished: Finished, sourceArgs: string[] = []): Promise<{ source: TestRedis; target: TestRedis }> {
  const source = await startRedis({ password: PASSWORDS.SOURCE_REDIS_PASSWORD, args: sourceArgs });
  onTestFinished(() => source.stop());
  const target = await startRedis({ password: PASSWORDS.TARGET_REDIS_PASSWORD });
  onTestFinished(() => target.stop());
  return { source, target };
}

function fresh(text: string) {
  const dir = scratch("redis");
  const file = join(dir, "cutover.yaml");
  writeFileSync(file, text);
  const projectId = newProject();
  const env = { CLOUD_SDK_PROJECT_ID: projectId, ...SANDBOX_CREDENTIALS, ...PASSWORDS };
  return {
    dir,
    file,
    state: join(dir, "cutover.state.json"),
    sandbox: project(projectId),
    dcsMigrate: (args: string[], extra: Record<string, string> = {}) =>
      runBin("dcs-migrate", [...args, "--endpoint", SANDBOX.url, ...fast], { ...env, ...extra }, dir),
  };
}

const noSecret = (...texts: string[]) => {
  for (const text of texts) for (const secret of [...Object.values(PASSWORDS), SANDBOX_CREDENTIALS.CLOUD_SDK_SK]) expect(text).not.toContain(secret);
};

const SWITCH = `  switch_ip:
    exchanged_ip: ["192.168.0.153"]
    is_exchange_domain: false
`;
/** The plan with switch_ip, which belongs in online_migration, before its redis: section. */
const withSwitch = (plan: string) => plan.replace("redis:\n", `${SWITCH}redis:\n`);

describe.concurrent("dcs-migrate check and verify, packed", () => {
  it("check passes good servers (exit 0) and fails a source without PSYNC (exit 7); verify finds equal (0), then a difference (7)", async ({
    onTestFinished,
  }) => {
    const { source, target } = await servers(onTestFinished);
    await loadMixed(source.client, 300);
    await copyByReplication(source, target);
    const { file, dcsMigrate } = fresh(redisPlan(source.url, target.url));
    const good = await dcsMigrate(["check", file]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^ok\s+source\.sync\s+SYNC and PSYNC answer under their own names$/m);
    expect(good.stdout).toMatch(/^warn\s+target\.empty/m);
    const equal = await dcsMigrate(["verify", file, "--full"]);
    expect(equal.code, equal.stderr).toBe(0);
    expect(equal.stderr).toMatch(/verify: equal \(300 compared: 300 equal, 0 missing on target/);
    await target.client.sendCommand(["DEL", "k:7"]);
    const differs = await dcsMigrate(["verify", file, "--full", "--rounds", "1", "--json"]);
    expect(differs.code).toBe(7);
    const events = differs.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.event === "difference")).toEqual([{ event: "difference", db: 0, key: "k:7", kind: "missing" }]);
    noSecret(good.stdout, good.stderr, equal.stdout, equal.stderr, differs.stdout, differs.stderr);

    const renamed = await servers(onTestFinished, ["--rename-command", "PSYNC", ""]);
    const bad = fresh(redisPlan(renamed.source.url, renamed.target.url));
    const refused = await bad.dcsMigrate(["check", bad.file]);
    expect(refused.code).toBe(7);
    expect(refused.stdout).toMatch(/^fail\s+source\.sync\s+PSYNC is disabled or renamed$/m);
  });

  it("reaches a source over TLS (rediss://) that Node trusts, and fails one it does not", async ({ onTestFinished }) => {
    // A self-signed certificate for 127.0.0.1, made for this test.
    const dir = scratch("tls");
    const [cert, key] = [join(dir, "cert.pem"), join(dir, "key.pem")];
    await promisify(execFile)("openssl", [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ]);
    const source = await startRedis({ password: PASSWORDS.SOURCE_REDIS_PASSWORD, tls: { cert, key } });
    onTestFinished(() => source.stop());
    const target = await startRedis({ password: PASSWORDS.TARGET_REDIS_PASSWORD });
    onTestFinished(() => target.stop());
    await loadMixed(source.client, 50);
    await copyByReplication(source, target);
    const { file, dcsMigrate } = fresh(redisPlan(source.tlsUrl as string, target.url));
    const trusted = await dcsMigrate(["verify", file, "--full"], { NODE_EXTRA_CA_CERTS: cert });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stderr).toMatch(/comparing rediss:\/\/127\.0\.0\.1:\d+ with redis:\/\/127\.0\.0\.1:\d+[\s\S]*verify: equal \(50 compared/);
    const untrusted = await dcsMigrate(["check", file]);
    expect(untrusted.code).toBe(7);
    expect(untrusted.stdout).toMatch(/^fail\s+source\.reachable\s+the source rediss:\/\/127\.0\.0\.1:\d+: TLS failed \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/m);
    noSecret(trusted.stdout, trusted.stderr, untrusted.stdout, untrusted.stderr);
  });
});

describe.concurrent("dcs-migrate run with a redis: section, packed", () => {
  it("stops before creating anything when a check fails (exit 7, no task)", async ({ onTestFinished }) => {
    const { source, target } = await servers(onTestFinished, ["--rename-command", "SYNC", ""]);
    const { file, state, sandbox, dcsMigrate } = fresh(redisPlan(source.url, target.url));
    const run = await dcsMigrate(["run", file, "--yes"]);
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(/1 Redis check failed: source\.sync: nothing was created/);
    expect(await sandbox.tasks()).toEqual([]);
    expect(() => readFileSync(state)).toThrow();
    noSecret(run.stdout, run.stderr);
  });

  it("checks, runs a full migration, verifies the data, and is done; --skip-check is kept in the state", async ({ onTestFinished }) => {
    const { source, target } = await servers(onTestFinished);
    await loadMixed(source.client, 200);
    await copyByReplication(source, target);
    const { file, state, dcsMigrate } = fresh(redisPlan(source.url, target.url));
    const run = await dcsMigrate(["run", file, "--yes"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /checking the source and target Redis[\s\S]*check: \d+ ok, \d+ warn, 0 fail[\s\S]*full copy finished[\s\S]*verified: 200 compared: 200 equal[\s\S]*plan done/,
    );
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ step: "done", reached: { verified: expect.any(String) } });
    const again = await dcsMigrate(["run", file, "--yes", "--restart", "--skip-check"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/checking the source/);
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ step: "done", skipped: ["check"] });
    noSecret(run.stdout, run.stderr, again.stdout, again.stderr, readFileSync(state, "utf8"));
  });

  it("stops an incremental migration before the IP switch when the data differs (exit 7, nothing switched); --skip-verify goes on", async ({
    onTestFinished,
  }) => {
    const { source, target } = await servers(onTestFinished);
    await loadMixed(source.client, 120);
    await copyByReplication(source, target);
    await target.client.sendCommand(["HSET", "k:1", "b", "changed"]);
    const { file, state, sandbox, dcsMigrate } = fresh(withSwitch(redisPlan(source.url, target.url, "incremental_migration")));
    const run = await dcsMigrate(["run", file, "--yes"]);
    expect(run.code, run.stderr).toBe(7);
    expect(run.stderr).toMatch(/has caught up[\s\S]*the data differs before the IP switch: nothing was switched/);
    expect(run.stdout).toContain("value    DB0 k:1");
    expect(run.stderr).not.toMatch(/IP switch started/);
    const [task] = await sandbox.tasks();
    expect(task?.task_status ?? null).toBeNull();
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ step: "in-sync" });
    const skipped = await dcsMigrate(["run", file, "--yes", "--skip-verify"]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toMatch(/IPs switched/);
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ step: "done", skipped: ["verify"] });
    noSecret(run.stdout, run.stderr, skipped.stdout, skipped.stderr);
  });
});
