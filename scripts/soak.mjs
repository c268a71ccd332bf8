#!/usr/bin/env node
// `npm run soak`: is the suite deterministic? A fresh clone of this checkout's HEAD, installed with
// `npm ci`, runs the whole `npm test` again and again (turbo --force: nothing replayed from the
// cache) while CPU-bound processes keep every core busy. Any failure is a flaky test to fix, and
// its log is kept. The property-based sandbox suite runs other random sequences each time.
//
//   npm run soak                       5 runs, 2 busy processes, in a fresh clone
//   npm run soak -- --runs 3 --busy 4  other counts
//   npm run soak -- --here             in this checkout (no clone, no npm ci)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = fileURLToPath(new URL("../", import.meta.url));
const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, busy: { type: "string", default: "2" }, here: { type: "boolean", default: false } },
});
const runs = Number(values.runs);
const busy = Number(values.busy);
for (const [flag, n] of /** @type {Array<["--runs" | "--busy", number]>} */ ([
  ["--runs", runs],
  ["--busy", busy],
])) {
  if (!Number.isInteger(n) || n < 0) {
    console.error(`soak: ${flag} takes a whole number; got ${JSON.stringify(values[flag.slice(2)])}`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), "dcs-soak-"));
let repo = HERE;
if (!values.here) {
  repo = join(work, "clone");
  console.log(`soak: a fresh clone of HEAD in ${repo}`);
  execFileSync("git", ["clone", "--quiet", "--no-hardlinks", HERE, repo], { stdio: "inherit" });
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: repo, stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/tested-node.mjs"], { cwd: repo, stdio: "inherit" });
}

// Busy processes: a tight loop each, at normal priority, for the whole soak.
const burners = Array.from({ length: busy }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
const stopBurners = () => {
  for (const b of burners) b.kill("SIGKILL");
};
process.once("exit", stopBurners);
process.once("SIGINT", () => process.exit(130));

const results = [];
for (let run = 1; run <= runs; run++) {
  const log = join(work, `run-${run}.log`);
  const started = Date.now();
  // Twice the property-based sequences of a plain npm test, other ones each run.
  const env = { ...process.env, CI: "true", DCS_PROPERTY_SEED: String(20261201 + run), DCS_PROPERTY_RUNS: "40" };
  const code = await new Promise((resolve) => {
    const child = spawn("npm", ["test", "--", "--force"], { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (c) => (text += c));
    child.stderr.on("data", (c) => (text += c));
    child.once("close", (status) => {
      writeFileSync(log, text);
      resolve(status ?? 1);
    });
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ run, code, seconds, log });
  console.log(`soak: run ${run}/${runs}: ${code === 0 ? "passed" : `FAILED (exit ${code}), log in ${log}`} in ${seconds} s, ${busy} core(s) kept busy`);
}
stopBurners();
const failed = results.filter((r) => r.code !== 0);
console.log(`soak: ${runs - failed.length} of ${runs} runs passed${failed.length ? `; the logs of the failures: ${failed.map((r) => r.log).join(", ")}` : ""}`);
// A failure keeps its clone and logs to look into; a clean soak leaves nothing behind.
if (!failed.length) rmSync(work, { recursive: true, force: true });
process.exit(failed.length ? 1 : 0);
