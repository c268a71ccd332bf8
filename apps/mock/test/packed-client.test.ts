// The client as users get it: the `npm pack` tarball installed in a fresh project outside the
// workspace, a strict consumer compiled against it, then run against the Prism mock.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, inject, it } from "vitest";

const require = createRequire(import.meta.url);
const clientDir = fileURLToPath(new URL("../../../packages/client/", import.meta.url));
const tsc = require.resolve("typescript/bin/tsc");
const project = mkdtempSync(join(tmpdir(), "dcs-client-consumer-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const consumer = `
import { createDcsClient, DcsApiError, type MigrationTask, type MigrationStatus, waitForJob, listAllMigrationTasks } from "@dcs-migration/client";

declare const process: { argv: string[]; stdout: { write(s: string): void } };
const client = createDcsClient({ endpoint: process.argv[2]!, projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", credentials: { token: "any" }, retry: false });
const shown = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: "a276c1ffa0a54c2597fc824b917db317" } } });
const task: MigrationTask | undefined = shown.data;
const known: MigrationStatus = "TERMINATED";
const stopped = await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: "t1" } }, headers: { Prefer: "code=400" } });
const error = stopped.error ? DcsApiError.from(stopped, "POST") : undefined;
const job = await waitForJob(client, "ff8080818822bbf70188235afc24141a", { intervalMs: 1 });
let listed = 0;
for await (const _ of listAllMigrationTasks(client)) listed++;
process.stdout.write(JSON.stringify({ status: task?.status, known, stopStatus: stopped.response.status, code: error?.code, notFound: error?.isTaskNotFound, job: job.status, listed }));
`;

it("installs from the tarball, compiles under strict settings and talks to the Prism mock", { timeout: 120_000 }, () => {
  const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  run("npm", ["pack", "--pack-destination", project, "--silent"], clientDir);
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"));
  expect(tarball).toMatch(/^dcs-migration-client-\d+\.\d+\.\d+\.tgz$/);

  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        lib: ["ES2022", "DOM"],
        types: [],
        skipLibCheck: false,
      },
      files: ["consumer.ts"],
    }),
  );
  writeFileSync(join(project, "consumer.ts"), consumer);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `./${tarball}`], project);

  run(process.execPath, [tsc, "-p", "."], project);
  const output = JSON.parse(run(process.execPath, ["consumer.js", inject("prismUrl")], project));
  expect(output).toEqual({ status: "TERMINATING", known: "TERMINATED", stopStatus: 400, code: "DCS.4133", notFound: true, job: "SUCCESS", listed: 1 });
});
