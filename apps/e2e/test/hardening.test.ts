// Attacks on the packed bins, replayed as processes: dcs-migrate given a FIFO nobody writes to (and
// then SIGTERM), /dev/zero, and a second run of a plan that is running; dcs-migration-mcp fed a
// message over the SDK's 10 MB buffer, a line that is not JSON and params of the wrong shape.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { bin, INSTALLED, runBin, scratch, start } from "./installed.js";
import { newProject, project, SANDBOX, SANDBOX_CREDENTIALS } from "./sandbox.js";

const ENV = { ...SANDBOX_CREDENTIALS, SOURCE_REDIS_PASSWORD: "SENTINEL-SOURCE-PW-5e1f", TARGET_REDIS_PASSWORD: "SENTINEL-TARGET-PW-9c2a" };
const ONLINE = `version: 1
online_migration:
  create: { name: hardening, vpc_id: v, subnet_id: s, security_group_id: g }
  configure:
    migration_method: incremental_migration
    resume_mode: auto
    source_instance: { id: a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a11, password: "\${SOURCE_REDIS_PASSWORD}" }
    target_instance: { id: cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd, password: "\${TARGET_REDIS_PASSWORD}" }
`;

describe.concurrent("dcs-migrate, as a process", () => {
  it("gives up a plan that is a FIFO whose writer sends nothing on SIGTERM, exit 130 (it once blocked for good)", async () => {
    const dir = scratch("fifo");
    const fifo = join(dir, "plan.yaml");
    execFileSync("mkfifo", [fifo]);
    const running = start("dcs-migrate", ["validate", fifo], ENV, dir);
    // Opening the write end returns once dcs-migrate has opened the read end: it is then waiting for
    // bytes that never come (its signal handlers were set before it opened the plan).
    const writer = await open(fifo, "w");
    try {
      running.child.kill("SIGTERM");
      const finished = await running.finished;
      expect([finished.code, finished.stderr]).toEqual([130, expect.stringContaining("interrupted")]);
    } finally {
      await writer.close();
    }
  });

  it("ends quietly when its reader goes away (validate --json | head -1): no EPIPE, no stack trace", async () => {
    const dir = scratch("pipe");
    // 3000 unknown fields: far more JSON lines than a pipe holds, so writes go on after head has gone.
    writeFileSync(join(dir, "bad.yaml"), `version: 1\nbackup_import:\n${Array.from({ length: 3000 }, (_, i) => `  field${i}: ${i}`).join("\n")}\n`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${PIPESTATUS[0]}, not a template.
    const script = 'dcs-migrate validate bad.yaml --json 2>err.txt | head -1; echo "exit ${PIPESTATUS[0]}"; cat err.txt';
    const shell = spawnSync("bash", ["-c", script], { cwd: dir, env: { PATH: `${dirname(bin("dcs-migrate"))}:${process.env.PATH ?? ""}` }, encoding: "utf8" });
    const [first, exit, ...errors] = shell.stdout.split("\n");
    expect(JSON.parse(first as string)).toMatchObject({ event: "step", kind: "plan-error" });
    // Its own exit code: the plan's problems (2), not a crash (1).
    expect(exit).toBe("exit 2");
    expect(errors.join("\n")).not.toMatch(/EPIPE|Unhandled|at .*\.js/);
  });

  it("stops at the bound of what it reads: /dev/zero as a plan is exit 2 at once", async () => {
    const run = await runBin("dcs-migrate", ["validate", "/dev/zero"], ENV, scratch("zero"));
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining("larger than 1 MiB, the bound of what dcs-migrate reads")]);
  });

  it("refuses a second run of a plan that is running, naming its process; one task is created", async () => {
    const projectId = newProject();
    const sandbox = project(projectId);
    await sandbox.setNextTransition({ outcome: "stall-sync" });
    const dir = scratch("twice");
    const file = join(dir, "cutover.yaml");
    writeFileSync(file, ONLINE);
    const env = { ...ENV, CLOUD_SDK_PROJECT_ID: projectId };
    const args = ["run", file, "--endpoint", SANDBOX.url, "--poll-interval", "20ms", "--no-progress"];
    const first = start("dcs-migrate", args, env, dir);
    await first.until(({ stderr }) => stderr.includes("created migration task"));
    const second = await runBin("dcs-migrate", args, env, dir);
    expect([second.code, second.stderr]).toEqual([2, expect.stringContaining(`is in use by dcs-migrate process ${first.child.pid}`)]);
    first.child.kill("SIGINT");
    expect((await first.finished).code).toBe(130);
    expect((await sandbox.tasks()).filter((t) => t.status !== "DELETED")).toHaveLength(1);
  });
});

describe("dcs-migration-mcp over stdio", () => {
  it("refuses a message over its bound, a line that is not JSON and params of the wrong shape, with JSON-RPC errors, and serves on", async () => {
    const server = start("dcs-migration-mcp", ["--endpoint", SANDBOX.url], { ...SANDBOX_CREDENTIALS, CLOUD_SDK_PROJECT_ID: newProject() }, INSTALLED);
    const answers = () =>
      server
        .output()
        .stdout.split("\n")
        .filter(Boolean)
        .map(
          (line) => JSON.parse(line) as { id: unknown; error?: { code: number; message: string }; result?: { tools?: unknown[]; protocolVersion?: string } },
        );
    const send = (message: string) => server.child.stdin?.write(`${message}\n`);
    try {
      await server.until(({ stderr }) => stderr.includes("on stdio"));
      // 11 MB, over the SDK's 10 MB buffer that once closed the transport without a word.
      send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { pad: "x".repeat(11 * 1024 * 1024) } }));
      send("{not json");
      send(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 2,
          method: "initialize",
          params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "t", version: "0" } },
        }),
      );
      send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
      send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "show_migration_task", arguments: "task_id=x" } }));
      send(JSON.stringify({ jsonrpc: "2.0", id: true, method: "tools/call", params: [] }));
      send(JSON.stringify({ jsonrpc: "2.0", id: 4, method: "tools/list" }));
      await server.until(() => answers().some((a) => a.id === 4));
      const [oversize, notJson, ...rest] = answers();
      expect(oversize).toMatchObject({ id: null, error: { code: -32600, message: expect.stringContaining("more than 4 MiB") } });
      expect(notJson).toMatchObject({ id: null, error: { code: -32700 } });
      expect(rest).toContainEqual(
        expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32600, message: expect.stringContaining("id is a string") }) }),
      );
      expect(rest.find((a) => a.id === 3)).toMatchObject({ error: { code: -32602, message: expect.stringContaining("params.arguments") } });
      expect(rest.find((a) => a.id === 4)?.result?.tools?.length).toBeGreaterThan(0);
      // The newest protocol version the official SDK speaks (its README says which).
      expect(rest.find((a) => a.id === 2)?.result).toMatchObject({ protocolVersion: LATEST_PROTOCOL_VERSION });
      expect(server.output().stderr).toContain("refused a message");
    } finally {
      server.child.stdin?.end();
      server.child.kill();
      await server.finished;
    }
  });
});
