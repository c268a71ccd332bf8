// The shell blocks of the READMEs that run, exactly as printed, with bash in the project the packed
// packages are installed in (packed-setup.ts): the CLI's before-and-after example against two
// spawned Redis servers, its fleet example and the CI job scripts against a sandbox, and the mock's
// rehearsal on real data. Other shell blocks install packages or start servers in a second
// terminal: the CLI's and the mock's end-to-end tests run what they say.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadMixed } from "../../../packages/cli/test/redis-data.js";
import { copyByReplication, startRedis } from "../../../packages/cli/test/redis-servers.js";
import { INSTALLED } from "./installed.js";
import { newProject } from "./sandbox.js";
import { ENV, snippets } from "./snippets.js";

const run = promisify(execFile);
// A folder of its own for every script, in the installed project.
const ROOT = join(INSTALLED, "readme-scripts");

describe("the CLI README's before-and-after example", () => {
  it("runs as printed against two spawned Redis servers, the target holding the source's data", async ({ onTestFinished }) => {
    const blocks = snippets.filter((s) => s.readme === "packages/cli/README.md");
    const plan = blocks.find((s) => s.lang === "yaml" && /^redis:/m.test(s.text));
    const script = blocks.find((s) => s.lang === "bash" && s.text.startsWith("# Before and after"));
    expect(plan && script).toBeTruthy();
    const source = await startRedis({ password: ENV.SOURCE_REDIS_PASSWORD });
    onTestFinished(() => source.stop());
    const target = await startRedis({ password: ENV.TARGET_REDIS_PASSWORD });
    onTestFinished(() => target.stop());
    await loadMixed(source.client, 500);
    // What the migration does: the target made a copy of the source.
    await copyByReplication(source, target);
    const dir = join(ROOT, "before-after");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "before-after.yaml"), plan?.text ?? "");
    const env = { ...ENV, SOURCE_REDIS_ADDRESS: `127.0.0.1:${source.port}`, TARGET_REDIS_ADDRESS: `127.0.0.1:${target.port}` };
    const result = await run("bash", ["-e", "-c", script?.text ?? ""], { cwd: dir, env, timeout: 60_000 }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect((result as { code?: number }).code ?? 0, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^ok\s+source\.sync/m);
    expect(result.stderr).toMatch(/check: \d+ ok, \d+ warn, 0 fail/);
    expect(result.stderr).toMatch(/verify: equal \(500 compared: 500 equal/);
    expect(result.stdout + result.stderr).not.toMatch(/source-secret|target-secret/);
  });
});

describe("the CLI README's fleet example", () => {
  it("runs as printed against the sandbox: every row done, the summary written", async ({ onTestFinished }) => {
    const blocks = snippets.filter((s) => s.readme === "packages/cli/README.md");
    const csv = blocks.find((s) => s.lang === "csv");
    const template = blocks.find((s) => s.lang === "yaml" && /name: "\$\{name\}"/.test(s.text));
    const script = blocks.find((s) => s.lang === "bash" && s.text.startsWith("# A fleet"));
    expect(csv && template && script).toBeTruthy();
    const dir = join(ROOT, "fleet");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "fleet.csv"), csv?.text ?? "");
    writeFileSync(join(dir, "template.yaml"), template?.text ?? "");
    // A sandbox of its own on a manual clock that moves an hour at each request: the command as
    // printed keeps its production poll interval (10 s), and every wait is over by its first read.
    const { startSandbox } = (await import(
      pathToFileURL(join(INSTALLED, "node_modules/@dcs-migration/mock/dist/index.js")).href
    )) as typeof import("@dcs-migration/mock");
    const sandbox = await startSandbox({ speed: "manual", stepMs: 3_600_000 });
    onTestFinished(() => sandbox.stop());
    const env = { ...ENV, CLOUD_SDK_ENDPOINT: sandbox.url, CLOUD_SDK_PROJECT_ID: newProject() };
    const result = await run("bash", ["-e", "-c", script?.text ?? ""], { cwd: dir, env, timeout: 90_000 }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect((result as { code?: number }).code ?? 0, `${result.stdout}\n${result.stderr}`).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(summary.migrations.map((m: { name: string; result: string }) => `${m.name} ${m.result}`)).toEqual(["sessions done", "carts done", "rates done"]);
    expect(result.stderr).toContain("3 migrations: 3 to start, 0 to resume, 0 already done");
    // status: each row's state (done) beside its task's status, as a table after the run's.
    const statusTable = result.stdout.slice(result.stdout.search(/^NAME\s+TASK ID\s+STEP/m));
    for (const m of summary.migrations as Array<{ name: string; task_id: string }>) {
      expect(statusTable).toMatch(new RegExp(`^${m.name}\\s+${m.task_id}\\s+done\\s+SUCCESS`, "m"));
    }
  }, 120_000);
});

/**
 * Runs a block with bash in a folder of its own that sees the installed project's node_modules, as a
 * CI job's checkout does; resolves at its own exit, not its pipes' closing (a server it left running
 * would hold them open), and says whether anything of its process group was left running.
 */
async function script(name: string, text: string, files: Record<string, string> = {}) {
  const dir = join(ROOT, name);
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(INSTALLED, "node_modules"), join(dir, "node_modules"), "dir");
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  const child = spawn("bash", ["-e", "-c", text], { cwd: dir, env: { PATH: ENV.PATH, HOME: ENV.HOME }, detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  let leftRunning = true;
  try {
    process.kill(-(child.pid as number), "SIGKILL");
  } catch {
    leftRunning = false;
  }
  return { code, signal, stdout, stderr, leftRunning };
}

// Side by side: each waits on its polls and its servers far more than it computes.
describe.concurrent("the mock README's rehearsal", () => {
  const blocks = snippets.filter((s) => s.readme === "apps/mock/README.md");
  it("one command: every key copied, no acknowledged write lost, the figures printed", async () => {
    const block = blocks.find((s) => s.lang === "bash" && s.text.startsWith("# Rehearse a cutover on real data"));
    const result = await script("rehearse", block?.text ?? "exit 1");
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^keys copied {7}100,000 of 100,000 loaded/m);
    expect(result.stdout).toMatch(/^cutover gap {7}\d[\d,]* ms without an acknowledged write/m);
    // Writes acknowledged before the switch (carried by the sync) and after it (by the new instance), none lost.
    const writes = /^writes lost {7}(\d+) of ([\d,]+) acknowledged \(([\d,]+) before the switch; [\d,]+ a second\)$/m.exec(result.stdout);
    const [lost, acknowledged, before] = (writes?.slice(1) ?? []).map((n) => Number(n.replace(/,/g, "")));
    expect(lost).toBe(0);
    expect(before).toBeGreaterThan(0);
    expect(acknowledged).toBeGreaterThan(before as number);
    expect(result.stdout).toMatch(/^rehearsal: no data lost$/m);
    expect(result.leftRunning).toBe(false);
  }, 120_000);

  it("the runbook: the packed sandbox's spawned instances, dcs-migrate run with switch_ip, verify --full after the switch, no write lost", async () => {
    const plan = blocks.find((s) => s.lang === "yaml" && /switch_ip:/.test(s.text));
    const block = blocks.find((s) => s.lang === "bash" && s.text.startsWith("# Rehearse the runbook"));
    const result = await script("rehearse-runbook", block?.text ?? "exit 1", { "rehearsal.yaml": plan?.text ?? "" });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, output).toBe(0);
    expect(result.stderr).toMatch(/^IPs switched \(EXCHANGE_SUCCESS\)$/m);
    // Every one of the 100 000 keys, and the application's writes made before the switch, found in the new instance.
    const verified = /verify: equal \((\d+) compared: (\d+) equal, 0 missing on target/.exec(result.stderr);
    expect(Number(verified?.[1])).toBeGreaterThan(100_000);
    expect(verified?.[2]).toBe(verified?.[1]);
    expect(result.stdout).toMatch(/^writes acknowledged: [1-9]\d*, lost: 0$/m);
    expect(result.leftRunning).toBe(false);
  }, 120_000);
});

describe("the CI job scripts", () => {
  const scripts = snippets.filter((s) => s.lang === "sh" && s.text.startsWith("# A CI job's script"));
  it.each(scripts.map((s) => [`${s.readme}, block ${s.index}`, s] as const))(
    "%s runs as printed, its commands once the sandbox answers",
    async (_name, s) => {
      const result = await script(`ci-${s.index}`, s.text);
      expect([result.code, result.signal], `${result.stdout}\n${result.stderr}`).toEqual([0, null]);
      expect(result.stdout).toContain("no migration task in this project");
      // The script stops what it started: nothing of its process group is left.
      expect(result.leftRunning).toBe(false);
    },
    120_000,
  );

  it("are there", () => expect(scripts.length).toBeGreaterThan(0));
});
