#!/usr/bin/env node
// Runs `npm test`'s turbo tasks again and fails unless every one is replayed from turbo's cache.
// .ci/run calls it after a green `npm test`: a task whose inputs include a file that the run itself
// rewrites (turbo's own cache, a test's output) would otherwise run again on every `npm test`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const turbo = fileURLToPath(new URL("turbo.mjs", import.meta.url));
const run = spawnSync(process.execPath, [turbo, "run", "test", "--output-logs=hash-only"], { encoding: "utf8" });
const output = `${run.stdout}${run.stderr}`;
const missed = [...output.matchAll(/^(\S+): cache miss, executing/gm)].map((m) => m[1]);
const total = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
if (run.status !== 0 || !total || missed.length > 0 || total[1] !== total[2]) {
  console.error(output.trim());
  console.error(
    missed.length > 0
      ? `\nA second npm test ran ${missed.join(", ")} again instead of replaying them from turbo's cache: an input of theirs changes with every run (list it under "!" in turbo.json).`
      : "\nThe second npm test did not report every task cached.",
  );
  process.exit(1);
}
console.log(`second npm test: ${total[1]} of ${total[2]} tasks replayed from turbo's cache`);
