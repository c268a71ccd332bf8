#!/usr/bin/env node
// Runs `npm test`'s turbo runs again (scripts/test.mjs, the same runs, so the same task hashes) and
// fails unless every task of each is replayed from turbo's cache.
// .ci/run calls it after a green `npm test`: a task whose inputs include a file that the run itself
// rewrites (turbo's own cache, a test's output) would otherwise run again on every `npm test`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const tests = fileURLToPath(new URL("test.mjs", import.meta.url));
const run = spawnSync(process.execPath, [tests, "--output-logs=hash-only"], { encoding: "utf8" });
const output = `${run.stdout}${run.stderr}`;
const missed = [...output.matchAll(/^(\S+): cache miss, executing/gm)].map((m) => m[1]);
// One line per turbo run: every run's tasks all cached.
const runs = [...output.matchAll(/Cached:\s+(\d+) cached, (\d+) total/g)];
const cached = runs.reduce((n, r) => n + Number(r[1]), 0);
const all = runs.reduce((n, r) => n + Number(r[2]), 0);
if (run.status !== 0 || runs.length !== 3 || missed.length > 0 || cached !== all) {
  console.error(output.trim());
  console.error(
    missed.length > 0
      ? `\nA second npm test ran ${missed.join(", ")} again instead of replaying them from turbo's cache: an input of theirs changes with every run (list it under "!" in turbo.json).`
      : "\nThe second npm test did not report every task cached.",
  );
  process.exit(1);
}
console.log(`second npm test: ${cached} of ${all} tasks replayed from turbo's cache`);
