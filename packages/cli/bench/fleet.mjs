#!/usr/bin/env node
// `npm run bench` (packages/cli): one dcs-migrate process carrying a fleet of 200 migrations in
// flight against the sandbox (its own process), polling every 10 s. Measured from /proc once all 200
// are copying: the runner's CPU time as a share of one core over a minute of wall time (target under
// 5%) and its peak RSS (target under 150 MB), beside an idle `node` process's RSS in the same run.
// The sandbox's clock is manual: it is moved once, so that every job ends and every copy then
// stands still at FULLMIGRATING, in flight for as long as the bench watches.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const FLEET = 200;
const WINDOW_MS = Number(process.env.BENCH_FLEET_WINDOW_MS ?? 60_000);
const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const SANDBOX = fileURLToPath(new URL("../../../apps/mock/dist/cli.js", import.meta.url));
const PROJECT = "b3c4d5e6f708192a3b4c5d6e7f809102";
const TICKS = 100; // Linux's USER_HZ: /proc's CPU times are in hundredths of a second.

const dir = mkdtempSync(join(tmpdir(), "dcs-bench-fleet-"));
const children = [];
const stopAll = () => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
};
process.on("exit", stopAll);

/** CPU seconds (user + system) and peak RSS (kB) of a process, from /proc. */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS;
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return { cpu, peakKb };
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const urlFile = join(dir, "url");
const sandbox = spawn(process.execPath, [SANDBOX, "--sandbox", "--speed", "manual", "--port", "0", "--url-file", urlFile], { stdio: "ignore" });
children.push(sandbox);
let url = "";
while (!url) {
  await wait(100);
  try {
    url = readFileSync(urlFile, "utf8").trim();
  } catch {}
}
const control = async (method, path, body) => {
  const answer = await fetch(`${url}/__sandbox${path}`, {
    method,
    ...(body ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}),
  });
  if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
  return answer.json();
};

writeFileSync(
  join(dir, "template.yaml"),
  `version: 1
online_migration:
  create: { name: "\${name}", vpc_id: v, subnet_id: s, security_group_id: g }
  configure:
    migration_method: full_amount_migration
    resume_mode: auto
    source_instance: { addrs: "\${SOURCE_ADDRESS}" }
    target_instance: { id: "\${TARGET_ID}" }
`,
);
const rows = Array.from(
  { length: FLEET },
  (_, i) => `cache-${i},10.1.${Math.floor(i / 250)}.${i % 250}:6379,cf4a05df-1c38-47c5-bb5a-${String(i).padStart(12, "0")}`,
);
writeFileSync(join(dir, "fleet.csv"), `name,SOURCE_ADDRESS,TARGET_ID\n${rows.join("\n")}\n`);

/**
 * One fleet run under an API budget of `rps` requests a second, measured once every migration is
 * copying: its CPU share of one core over the window, and its peak RSS in kB.
 */
async function measure(project, rps) {
  mkdirSync(join(dir, project));
  const statuses = async () => (await control("GET", `?projectId=${project}`)).tasks.map((t) => t.status);
  const runner = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      BIN,
      ...["run", "template.yaml", "--each", "fleet.csv", "--parallel", String(FLEET), "--yes", "--state-dir", project],
      ...["--endpoint", url, "--poll-interval", "10s", "--max-rps", String(rps)],
    ],
    {
      cwd: dir,
      stdio: "ignore",
      env: { PATH: process.env.PATH, CLOUD_SDK_AK: "bench-ak", CLOUD_SDK_SK: "bench-sk", CLOUD_SDK_PROJECT_ID: project, CI: "true" },
    },
  );
  children.push(runner);
  runner.on("exit", (code) => {
    if (code !== null && code !== 130) console.error(`dcs-migrate exited ${code} during the bench`);
  });
  // Every task created, then every job ended by one move of the clock, then every copy under way.
  while ((await statuses()).length < FLEET) await wait(500);
  await control("POST", "/clock", { advanceMs: 3_600_000, projectId: project });
  while ((await statuses()).filter((s) => s === "FULLMIGRATING").length < FLEET) await wait(500);
  const before = usage(runner.pid);
  const started = performance.now();
  await wait(WINDOW_MS);
  const after = usage(runner.pid);
  const wall = (performance.now() - started) / 1000;
  if ((await statuses()).filter((s) => s === "FULLMIGRATING").length !== FLEET) throw new Error("not every migration stayed in flight");
  // Ended as an operator would (Ctrl-C), so that a --cpu-prof given in BENCH_NODE_ARGS is written.
  const ended = new Promise((resolve) => runner.once("exit", resolve));
  runner.kill("SIGINT");
  await ended;
  return { share: (after.cpu - before.cpu) / wall, wall, peakKb: after.peakKb };
}

/** The floor: a bare process making `rps` plain fetches a second to the sandbox, measured the same way. */
async function bare(rps) {
  const loop = `const gap = 1000 / ${rps}; setInterval(() => fetch(${JSON.stringify(`${url}/v2/${PROJECT}/migration-tasks`)}).then((r) => r.arrayBuffer()).catch(() => {}), gap);`;
  const child = spawn(process.execPath, ["-e", loop], { stdio: "ignore" });
  children.push(child);
  await wait(3000);
  const before = usage(child.pid);
  const started = performance.now();
  await wait(WINDOW_MS / 2);
  const share = (usage(child.pid).cpu - before.cpu) / ((performance.now() - started) / 1000);
  child.kill("SIGKILL");
  return share;
}

const idle = spawn(process.execPath, ["-e", "setTimeout(() => {}, 1e9)"], { stdio: "ignore" });
children.push(idle);
await wait(500);
const idleKb = usage(idle.pid).peakKb;
// The default budget (10 a second) paces 200 migrations' polls to one every 40 s or so; 50 a second
// lets every poll happen on time (two reads per migration every 10 s: 40 a second).
for (const [project, rps, requests, what] of [
  [PROJECT, 10, 10, "the default budget, 10 requests a second"],
  [PROJECT.replace(/^b/, "c"), 50, (2 * FLEET) / 10, "--max-rps 50, every 10 s poll on time"],
]) {
  const { share, wall, peakKb } = await measure(project, rps);
  const floor = await bare(requests);
  console.log(
    `fleet of ${FLEET} in flight, 10 s polls, ${what}: the runner's CPU ${(share * 100).toFixed(2)}% of one core over ${wall.toFixed(0)} s (target under 5%), ` +
      `${(share / floor).toFixed(2)}x a bare fetch loop of ${requests} a second (${(floor * 100).toFixed(2)}%); ` +
      `peak RSS ${(peakKb / 1024).toFixed(0)} MB (target under 150 MB), ${(peakKb / idleKb).toFixed(1)}x an idle node (${(idleKb / 1024).toFixed(0)} MB)`,
  );
}
process.exit(0);
