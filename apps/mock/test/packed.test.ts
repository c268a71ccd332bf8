// The packages as users get them: `npm pack` of @dcs-migration/openapi, client and mock, installed
// in a fresh project outside the workspace, a consumer compiled under strict settings; then, on
// every tested Node (this one, and the pinned binaries of scripts/tested-node.json): the sandbox
// started from the bin, a migration run against it with the client's helpers, the sandbox started
// from code, and no process left once they stop.
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/index.js";

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const tsc = require.resolve("typescript/bin/tsc");
const project = mkdtempSync(join(tmpdir(), "dcs-packed-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));
const run = (cmd: string, args: string[], cwd = project) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const nodes: Array<[string, string]> = [
  [process.versions.node, process.execPath],
  ...run(process.execPath, [join(repo, "scripts/tested-node.mjs")], repo)
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
process.stdout.write(JSON.stringify({ job: job.status, status, gone: DcsApiError.from(gone).isTaskNotFound }));
`;
const fromCode = `
import { startSandbox } from "@dcs-migration/mock";

declare const process: { stdout: { write(s: string): void } };
const sandbox = await startSandbox({ speed: "manual" });
const answer = await fetch(\`\${sandbox.url}/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration-tasks\`, { headers: { "X-Auth-Token": "any" } });
await sandbox.stop();
process.stdout.write(JSON.stringify({ status: answer.status, port: Number(new URL(sandbox.url).port) }));
`;

beforeAll(async () => {
  // The three packs at once: each npm start-up takes a second or two.
  await Promise.all(
    ["openapi", "packages/client", "apps/mock"].map((dir) =>
      execFileAsync("npm", ["pack", "--pack-destination", project, "--silent"], { cwd: join(repo, dir) }),
    ),
  );
  const tarballs = readdirSync(project).filter((f) => f.endsWith(".tgz"));
  expect(tarballs.sort()).toEqual([
    expect.stringMatching(/^dcs-migration-client-/),
    expect.stringMatching(/^dcs-migration-mock-/),
    expect.stringMatching(/^dcs-migration-openapi-/),
  ]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    lib: ["ES2022", "DOM"],
    types: [],
    skipLibCheck: false,
  };
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts", "from-code.ts"] }));
  writeFileSync(join(project, "consumer.ts"), consumer);
  writeFileSync(join(project, "from-code.ts"), fromCode);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs.map((t) => `./${t}`)]);
  run(process.execPath, [tsc, "-p", "."]);
}, 180_000);

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
    const port = await freePort();
    const sandbox = spawn(node, [join(project, "node_modules/.bin/dcs-migration-mock"), "--sandbox", "--speed", "3000", "--port", String(port)], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let printed = "";
    sandbox.stderr.on("data", (chunk) => (printed += chunk));
    const exited = new Promise<number | null>((resolve) => sandbox.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      sandbox.stdout.on("data", (chunk) => {
        printed += chunk;
        if (printed.includes(`http://127.0.0.1:${port}`)) resolve();
      });
      exited.then(() => reject(new Error(`the sandbox exited: ${printed}`)));
    });
    expect(printed).toMatch(/DCS migration sandbox \(speed 3000\): http:\/\/127\.0\.0\.1:\d+\n {2}control API: http:\/\/127\.0\.0\.1:\d+\/__sandbox/);
    const output = JSON.parse(run(node, ["consumer.js", `http://127.0.0.1:${port}`]));
    expect(output).toEqual({ job: "SUCCESS", status: "SUCCESS", gone: true });
    sandbox.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(await listening(port)).toBe(false);
  });
});

// From code, the same module as the bin: once, on this machine's Node, is enough.
it("startSandbox from code serves, and stop() leaves nothing listening", { timeout: 60_000 }, async () => {
  const output = JSON.parse(run(process.execPath, ["from-code.js"]));
  expect(output.status).toBe(200);
  expect(await listening(output.port)).toBe(false);
});
