// The sandbox as users get it, from the packed packages installed in a fresh project (see
// packed-setup.ts): a consumer compiled under strict settings by TypeScript 5.9, our declaration
// files checked too (TypeScript 7 emits them; the README snippets compile with 7); then, on the
// other tested Nodes (the pinned binaries of scripts/tested-node.json), the sandbox started from the
// bin, a migration run against it with the client's helpers, and no process left once Ctrl-C
// stops it. On this
// machine's Node the bin runs as the sandbox every file shares (its exit at Ctrl-C is checked when
// the run ends); startSandbox from code runs in the README snippets.
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { STRICT_USER_COMPILER_OPTIONS } from "./installed.js";
import { REPO } from "./packed-setup.js";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const project = join(inject("packed"), "mock-bin");
const runAsync = promisify(execFile);
const run = (cmd: string, args: string[], cwd = project) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const nodes: Array<[string, string]> = [
  ...run(process.execPath, [join(REPO, "scripts/tested-node.mjs")], REPO)
    .trim()
    .split("\n")
    .map((line) => /^node (\S+): (.+)$/.exec(line)!.slice(1) as [string, string]),
];

const consumer = `
import { createDcsClient, DcsApiError, deleteMigrationTasks, unwrap, waitForJob, waitForMigrationTask, type MigrationStatus } from "@dcs-migration/client";

declare const process: { argv: string[]; stdout: { write(s: string): void } };
const client = createDcsClient({ endpoint: process.argv[2]!, projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", credentials: { token: "any" }, retry: false });
const created = unwrap(await client.POST("/v2/{project_id}/migration/instance", { body: { name: "packed", vpc_id: "v", subnet_id: "s", security_group_id: "g" } }));
const job = await waitForJob(client, created.job_id!, { intervalMs: 10 });
unwrap(await client.POST("/v2/{project_id}/migration/{task_id}/task", {
  params: { path: { task_id: created.instance_id! } },
  body: { migration_method: "full_amount_migration", resume_mode: "auto", source_instance: { addrs: "10.0.0.1:6379" }, target_instance: { id: "t" } },
}));
const done = await waitForMigrationTask(client, created.instance_id!, { intervalMs: 10, until: "SUCCESS" });
const status: MigrationStatus | (string & {}) | null | undefined = done.status;
await deleteMigrationTasks(client, [created.instance_id!], { intervalMs: 10 });
const gone = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: created.instance_id! } } });
// A deleted task reads DELETED for a while, then is not found.
process.stdout.write(JSON.stringify({ job: job.status, status, gone: gone.data?.status === "DELETED" || DcsApiError.from(gone).isTaskNotFound }));
`;

beforeAll(() => {
  mkdirSync(project, { recursive: true });
  // Every declaration file checked but TypeScript's own (lib.dom.d.ts alone was a fifth of the compile).
  const compilerOptions = { ...STRICT_USER_COMPILER_OPTIONS, types: [], skipLibCheck: false, skipDefaultLibCheck: true };
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "mock-bin", private: true, type: "module" }));
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
  writeFileSync(join(project, "consumer.ts"), consumer);
  run(process.execPath, [tsc, "-p", "."]);
}, 120_000);

/** Whether anything still listens on the port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });

describe.concurrent.each(nodes)("on Node %s", (_version, node) => {
  it("the sandbox from the bin serves until Ctrl-C, and the client runs a migration against it", { timeout: 60_000 }, async () => {
    const sandbox = spawn(
      node,
      [join(project, "../node_modules/.bin/dcs-migration-mock"), "--sandbox", "--speed", "manual", "--step", "30000", "--port", "0"],
      {
        cwd: project,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let printed = "";
    sandbox.stderr.on("data", (chunk) => (printed += chunk));
    const exited = new Promise<number | null>((resolve) => sandbox.once("exit", resolve));
    const port = await new Promise<number>((resolve, reject) => {
      sandbox.stdout.on("data", (chunk) => {
        printed += chunk;
        const found = /control API: http:\/\/127\.0\.0\.1:(\d+)\/__sandbox\n/.exec(printed)?.[1];
        if (found) resolve(Number(found));
      });
      exited.then(() => reject(new Error(`the sandbox exited: ${printed}`)));
    });
    expect(printed).toContain(`DCS migration sandbox (speed manual): http://127.0.0.1:${port}\n  control API: http://127.0.0.1:${port}/__sandbox\n`);
    // Not execFileSync: the other Node's test runs beside this one in the same worker.
    const { stdout } = await runAsync(node, ["consumer.js", `http://127.0.0.1:${port}`], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ job: "SUCCESS", status: "SUCCESS", gone: true });
    sandbox.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(await listening(port)).toBe(false);
  });
});

it(`on this machine's Node (${process.versions.node}), the shared sandbox from the bin printed one URL for the API and its control API, and that it checks signatures`, () => {
  const { url, banner } = inject("sandbox");
  expect(banner).toBe(
    `DCS migration sandbox (speed manual): ${url}\n  control API: ${url}/__sandbox\n  every answer is validated by Prism against the document\n  signatures are checked against the AK/SK of CLOUD_SDK_AK and CLOUD_SDK_SK\n`,
  );
});
