#!/usr/bin/env node
// `npm run bench` (packages/cli): how long dcs-migrate takes to start, against `node -e 0` (Node's
// own start) in the same run, as ratios: `--version` (target 1.5x) and `api --list` (target 2.5x).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const contenders = {
  "node -e 0": ["-e", "0"],
  "dcs-migrate --version": [BIN, "--version"],
  "dcs-migrate api --list": [BIN, "api", "--list"],
};
const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
for (let round = 0; round < 25; round++) {
  for (const [name, args] of Object.entries(contenders)) {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: "ignore" });
    if (run.status !== 0) throw new Error(`${name} exited ${run.status}`);
    times[name].push(performance.now() - start);
  }
}
const base = median(times["node -e 0"]);
for (const [name, target] of /** @type {Array<[string, number]>} */ ([
  ["dcs-migrate --version", 1.5],
  ["dcs-migrate api --list", 2.5],
])) {
  const ms = median(times[name]);
  console.log(`cold start, ${name.padEnd(24)} ${(ms / base).toFixed(2)}x node -e 0 (${ms.toFixed(0)} ms against ${base.toFixed(0)} ms; target ${target}x)`);
}
