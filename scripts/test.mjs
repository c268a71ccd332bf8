#!/usr/bin/env node
// `npm test` after the set-up: every task the suites depend on (builds, bundles, lints), then the
// suites in two turbo runs side by side: the end-to-end suite alone, and every other one two at a
// time. The end-to-end suite is the longest (the packed packages, installed fresh, run as
// processes): in one turbo run at --concurrency=3 the other suites took the slots as they became
// ready, and it started some 85 s in, which made it the run's tail on 2 cores.
// Each run is `--only`: what they depend on is done by then, and no task runs twice at once.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const turbo = fileURLToPath(new URL("turbo.mjs", import.meta.url));
const E2E = "@dcs-migration/e2e";
// What npm test is given goes to every turbo run (the soak's --force: nothing replayed from the cache).
const extra = process.argv.slice(2);

const first = spawnSync(process.execPath, [turbo, "run", "build", "bundle", "lint", "lint:code", "lint:literals", "--concurrency=3", ...extra], {
  stdio: "inherit",
});
if (first.status !== 0) process.exit(first.status ?? 1);

/** A turbo run; resolves with its exit code. */
const run = (args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [turbo, "run", ...args, "--only", ...extra], { stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });

const codes = await Promise.all([run(["test", `--filter=${E2E}`]), run(["test", "typecheck", "release:check", `--filter=!${E2E}`, "--concurrency=2"])]);
process.exit(codes.find((code) => code !== 0) ?? 0);
