// dcs-migrate for a fleet, as installed from its tarball and run as a process against the shared
// sandbox (a project of its own per test): a template and a CSV inventory of 12, at most 3 at once,
// one failing and no new start after it; a second run that finishes the fleet with one task per
// row; a row changed since refused by name; every mistake of an inventory at once, nothing called;
// a fleet that cannot be asked refused before any call; a second run refused whole while the first
// holds the locks, the first interrupted (SIGINT) and shown by `status`, then finished by a third run.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onlinePlan } from "../../../packages/cli/test/plans.js";
import { runBin, scratch, start } from "./installed.js";
import { newProject, project, SANDBOX, SANDBOX_CREDENTIALS } from "./sandbox.js";

const SECRETS = { SOURCE_REDIS_PASSWORD: "SENTINEL-FLEET-SRC-77a1", TARGET_REDIS_PASSWORD: "SENTINEL-FLEET-TGT-3b9e" };
const TEMPLATE = onlinePlan(
  `    migration_method: full_amount_migration
    resume_mode: auto
    source_instance: { addrs: "\${SOURCE_ADDRESS}", password: "\${SOURCE_REDIS_PASSWORD}" }
    target_instance: { id: "\${TARGET_ID}", password: "\${TARGET_REDIS_PASSWORD}" }
`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's own ${NAME}, filled from the row.
  { name: '"${name}"' },
);
const ROWS = Array.from({ length: 12 }, (_, i) => `cache-${i + 1},10.0.0.${i + 1}:6379,cf4a05df-1c38-47c5-bb5a-0a7b3673b3${String(i).padStart(2, "0")}`);
const CSV = `name,SOURCE_ADDRESS,TARGET_ID\n${ROWS.join("\n")}\n`;

function fleet(csv = CSV) {
  const dir = scratch("fleet");
  writeFileSync(join(dir, "template.yaml"), TEMPLATE);
  writeFileSync(join(dir, "fleet.csv"), csv);
  const projectId = newProject();
  const env = { CLOUD_SDK_PROJECT_ID: projectId, ...SANDBOX_CREDENTIALS, ...SECRETS };
  // A budget far above the default (10 a second) keeps the suite quick; pace.test.ts tests the pacing.
  const flags = (poll: string) => ["--endpoint", SANDBOX.url, "--poll-interval", poll, "--max-rps", "500"];
  return {
    dir,
    env,
    sandbox: project(projectId),
    dcsMigrate: (args: string[], poll = "10ms") => runBin("dcs-migrate", [...args, ...flags(poll)], env, dir),
    started: (args: string[], poll: string) => start("dcs-migrate", [...args, ...flags(poll)], env, dir),
  };
}
const noSecret = (...texts: string[]) => {
  for (const text of texts) for (const secret of [...Object.values(SECRETS), SANDBOX_CREDENTIALS.CLOUD_SDK_SK]) expect(text).not.toContain(secret);
};
type Summary = {
  migrations: Array<{ name: string; task_id: string | null; result: string; exit_code: number | null; reason: string | null }>;
  exit_code: number;
};

describe.concurrent("dcs-migrate run TEMPLATE --each INVENTORY", () => {
  it("runs 12 rows at most 3 at once; one fails and no new one starts; a second run finishes the fleet with one task per row", async () => {
    const { dir, sandbox, dcsMigrate } = fleet();
    // The first task created fails at once (its job), long before the two beside it could finish.
    await sandbox.setNextTransition({ outcome: "fail-job" });
    const args = ["run", "template.yaml", "--each", "fleet.csv", "--parallel", "3", "--state-dir", ".", "--yes"];
    const first = await dcsMigrate([...args, "--summary", "first.json"]);
    expect(first.code, first.stderr).toBe(5);
    expect(first.stderr).toContain("12 migrations: 12 to start, 0 to resume, 0 already done");
    const summary = JSON.parse(readFileSync(join(dir, "first.json"), "utf8")) as Summary;
    const by = (result: string) => summary.migrations.filter((m) => m.result === result);
    expect(by("failed")).toHaveLength(1);
    expect(by("failed")[0]?.reason).toMatch(/job/i);
    // Three in flight; the two beside the failure go on to their end, and nothing starts after it.
    expect([by("done").length, by("not started").length]).toEqual([2, 9]);
    expect(summary.exit_code).toBe(5);
    expect(first.stdout).toMatch(/^NAME\s+TASK ID\s+RESULT\s+DURATION\s+REASON$/m);
    expect(await sandbox.tasks()).toHaveLength(3);

    // Again, tolerating that one failure: the others start or resume; the failed one stays failed.
    const second = await dcsMigrate([...args, "--max-failures", "1", "--summary", "second.json"]);
    expect(second.code, second.stderr).toBe(5);
    const after = JSON.parse(readFileSync(join(dir, "second.json"), "utf8")) as Summary;
    expect(after.migrations.filter((m) => m.result === "done")).toHaveLength(11);
    expect(after.migrations.filter((m) => m.result === "failed").map((m) => m.name)).toEqual(by("failed").map((m) => m.name));
    // Exactly one task per row.
    const tasks = await sandbox.tasks();
    expect(tasks).toHaveLength(12);
    expect(new Set(tasks.map((t) => t.task_id)).size).toBe(12);
    noSecret(
      first.stdout,
      first.stderr,
      second.stdout,
      second.stderr,
      readFileSync(join(dir, "second.json"), "utf8"),
      readFileSync(join(dir, "cache-1.state.json"), "utf8"),
    );

    // A row changed since its state was written: the whole run refused before any call, naming the
    // row and its field; --only it --restart starts it over, the others untouched.
    writeFileSync(join(dir, "fleet.csv"), CSV.replace("cache-2,10.0.0.2:6379", "cache-2,10.0.0.99:6379"));
    const third = await dcsMigrate([...args, "--max-failures", "100%", "--json"]);
    expect(third.code, third.stderr).toBe(2);
    const events = third.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.kind === "plan-changed")).toEqual([
      expect.objectContaining({ name: "cache-2", fields: ["online_migration.configure.source_instance.addrs"] }),
    ]);
    expect(events.at(-1)).toMatchObject({ event: "error", exit_code: 2, message: expect.stringContaining("(cache-2): nothing was called") });
    expect(await sandbox.tasks()).toHaveLength(12);
    const restarted = await dcsMigrate([...args, "--only", "cache-2", "--restart"]);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(await sandbox.tasks()).toHaveLength(13);
  }, 120_000);

  it("falls back to the environment for an empty cell, and refuses a cell that fills a password whatever its column is called", async () => {
    const { dir, sandbox, dcsMigrate } = fleet("name,SOURCE_ADDRESS,TARGET_ID\ncache-1,,cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd\n");
    // SOURCE_ADDRESS is not in the environment: the empty cell is said as a missing value.
    const empty = await dcsMigrate(["validate", "template.yaml", "--each", "fleet.csv"]);
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining("row 1 (cache-1): ")]);
    expect(empty.stderr).toContain("SOURCE_ADDRESS is not set");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's own ${NAME}s, one for another.
    writeFileSync(join(dir, "template.yaml"), TEMPLATE.replace("${SOURCE_REDIS_PASSWORD}", "${SRC_AUTH}"));
    writeFileSync(
      join(dir, "fleet.csv"),
      "name,SOURCE_ADDRESS,TARGET_ID,SRC_AUTH\ncache-1,10.0.0.1:6379,cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd,SENTINEL-CELL-9f1c\n",
    );
    const password = await dcsMigrate(["run", "template.yaml", "--each", "fleet.csv", "--yes"]);
    expect(password.code).toBe(2);
    expect(password.stderr).toContain("row 1 (cache-1): SRC_AUTH fills a password of the plan: secrets stay in the environment");
    expect(password.stderr).not.toContain("SENTINEL-CELL-9f1c");
    expect(await sandbox.tasks()).toEqual([]);
  });

  it("reports every mistake of the inventory and the template's rows at once, calling nothing (exit 2)", async () => {
    const { sandbox, dcsMigrate } = fleet(
      "name,SOURCE_ADDRESS,TARGET_ID,ADMIN_PASSWORD\ncache-1,10.0.0.1:6379,t,x\n,10.0.0.2:6379,t,x\ncache-1,10.0.0.3:6379,t,x\n",
    );
    const run = await dcsMigrate(["validate", "template.yaml", "--each", "fleet.csv"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("fleet.csv: row 2: no name");
    expect(run.stderr).toContain("fleet.csv: row 3: the name cache-1 is the name of row 1 too");
    expect(await sandbox.tasks()).toEqual([]);
    const secret = fleet("name,SOURCE_ADDRESS,TARGET_ID,ADMIN_PASSWORD\ncache-1,10.0.0.1:6379,t,x\n");
    const refused = await secret.dcsMigrate(["run", "template.yaml", "--each", "fleet.csv", "--yes"]);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining("ADMIN_PASSWORD looks like a secret: secrets stay in the environment")]);
    expect(await secret.sandbox.tasks()).toEqual([]);
  });

  it("refuses, before any call, a fleet it cannot ask about (no terminal, no --yes); a dry run prints every row's calls on stdout", async () => {
    const { sandbox, dcsMigrate } = fleet();
    const dry = await dcsMigrate(["run", "template.yaml", "--each", "fleet.csv", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    for (const name of ["cache-1", "cache-12"]) expect(dry.stdout).toMatch(new RegExp(`^${name}: POST /v2/\\w+/migration/instance$`, "m"));
    noSecret(dry.stdout, dry.stderr);
    const run = await dcsMigrate(["run", "template.yaml", "--each", "fleet.csv"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("12 migrations: 12 to start, 0 to resume, 0 already done: this changes production and cannot be asked here");
    expect(await sandbox.tasks()).toEqual([]);
  });
});

describe("a fleet in flight", () => {
  it("refuses a second run while the first holds the locks; SIGINT saves every migration in flight (130); status shows them; the next run finishes with one task per row", async () => {
    const { dir, env, sandbox, dcsMigrate, started } = fleet(`name,SOURCE_ADDRESS,TARGET_ID\n${ROWS.slice(0, 6).join("\n")}\n`);
    const args = ["run", "template.yaml", "--each", "fleet.csv", "--parallel", "6", "--state-dir", ".", "--yes"];
    // Each migration polls once, then sleeps an hour: all six are in flight until the signal.
    const first = started([...args, "--summary", "first.json"], "1h");
    await first.until(({ stderr }) => (stderr.match(/created migration task/g) ?? []).length === 6);
    const pid = first.child.pid;

    const second = await dcsMigrate(args);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toContain(`is in use by dcs-migrate process ${pid}`);
    expect(second.stderr).toContain("(and 5 more of the 6): nothing was called");
    expect(await sandbox.tasks()).toHaveLength(6);

    // status reads the states and the service: no secret needed.
    const withoutSecrets = Object.fromEntries(Object.entries(env).filter(([k]) => !(k in SECRETS)));
    // Every request moves the project's clock, status's own too: a task it reads may move on before
    // the service is read again (a job ends: CREATING, then RUNNING). What status shows is what the
    // service said before it ran, or after.
    const statusOf = async () => Object.fromEntries((await sandbox.tasks()).map((t) => [t.task_id, t.status]));
    const before = await statusOf();
    const shown = await runBin(
      "dcs-migrate",
      ["status", "template.yaml", "--each", "fleet.csv", "--state-dir", ".", "--endpoint", SANDBOX.url, "--json"],
      withoutSecrets,
      dir,
    );
    expect(shown.code, shown.stderr).toBe(0);
    const rows = JSON.parse(shown.stdout.split("\n")[0] as string).migrations as Array<{ name: string; task_id: string; step: string; status: string }>;
    const after = await statusOf();
    expect(rows.map((r) => r.name)).toEqual(["cache-1", "cache-2", "cache-3", "cache-4", "cache-5", "cache-6"]);
    for (const row of rows) {
      expect(row.task_id).toBe(JSON.parse(readFileSync(join(dir, `${row.name}.state.json`), "utf8")).taskId);
      expect(row.step).toBe(JSON.parse(readFileSync(join(dir, `${row.name}.state.json`), "utf8")).step);
      expect([before[row.task_id], after[row.task_id]]).toContain(row.status);
    }
    const table = await runBin(
      "dcs-migrate",
      ["status", "template.yaml", "--each", "fleet.csv", "--state-dir", ".", "--endpoint", SANDBOX.url],
      withoutSecrets,
      dir,
    );
    expect(table.stdout).toMatch(/^NAME\s+TASK ID\s+STEP\s+STATUS\s+PHASE\s+COPY\s+OFFSET$/m);

    first.child.kill("SIGINT");
    const ended = await first.finished;
    expect(ended.code, ended.stderr).toBe(130);
    const summary = JSON.parse(readFileSync(join(dir, "first.json"), "utf8")) as Summary;
    expect(summary.migrations.map((m) => m.result)).toEqual(Array(6).fill("interrupted"));
    expect(ended.stderr).toMatch(/^cache-1: interrupted: /m);
    expect(ended.stderr).not.toContain("failed (exit 130)");

    const third = await dcsMigrate(args);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain("6 migrations: 0 to start, 6 to resume, 0 already done");
    const tasks = await sandbox.tasks();
    expect(new Set(tasks.map((t) => t.task_id)).size).toBe(6);
    expect(tasks).toHaveLength(6);
    noSecret(ended.stderr, ended.stdout, shown.stdout, table.stdout, third.stderr);
  }, 120_000);
});

const SWITCHING = onlinePlan(
  `    migration_method: incremental_migration
    resume_mode: auto
    source_instance: { id: "\${SOURCE_ID}", password: "\${SOURCE_REDIS_PASSWORD}" }
    target_instance: { id: "\${TARGET_ID}", password: "\${TARGET_REDIS_PASSWORD}" }
`,
  {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's own ${NAME}, filled from the row.
    name: '"${name}"',
    after: `  switch_ip:
    exchanged_ip: ["192.168.0.153"]
    is_exchange_domain: false
`,
  },
);

describe("dcs-migrate run --hold-switch and --only", () => {
  it("holds every migration before its IP switch, then switches in waves", async () => {
    const rows = ["a", "b", "c", "d"].map((n, i) => `wave-${n},a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a1${i},cf4a05df-1c38-47c5-bb5a-0a7b3673b3b${i}`);
    const { dir, sandbox, dcsMigrate } = fleet(`name,SOURCE_ID,TARGET_ID\n${rows.join("\n")}\n`);
    writeFileSync(join(dir, "template.yaml"), SWITCHING);
    const args = ["run", "template.yaml", "--each", "fleet.csv", "--yes", "--state-dir", "."];
    const switched = async () => Object.fromEntries((await sandbox.tasks()).map((t) => [t.task_id, t.task_status]));
    const idOf = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.state.json`), "utf8")).taskId as string;

    const held = await dcsMigrate([...args, "--hold-switch", "--summary", "held.json"]);
    expect(held.code, held.stderr).toBe(0);
    expect(held.stderr).toContain("4 migrations: 4 to start, 0 to resume, 0 already done; 4 will hold before their IP switch");
    const summary = JSON.parse(readFileSync(join(dir, "held.json"), "utf8")) as Summary;
    expect(summary.migrations.map((m) => m.result)).toEqual(["held", "held", "held", "held"]);
    expect(Object.values(await switched())).toEqual([null, null, null, null]);
    // Held, every sync runs on: status lists them with their phase, copy % and offset.
    const listed = await dcsMigrate(["status", "--json"]);
    const { tasks, stats } = JSON.parse(listed.stdout.split("\n")[0] as string) as {
      tasks: Array<{ task_id: string; status: string }>;
      stats: Record<string, { full_migration_progress?: number; offset?: number }>;
    };
    expect(tasks.map((t) => t.status)).toEqual(Array(4).fill("INCRMIGEATING"));
    for (const t of tasks) expect(stats[t.task_id]).toMatchObject({ full_migration_progress: 100, offset: 0 });
    const table = await dcsMigrate(["status"]);
    expect(table.stdout).toMatch(/^TASK ID\s+NAME\s+STATUS\s+PHASE\s+COPY\s+OFFSET\s+TYPE/m);
    for (const name of ["wave-a", "wave-b", "wave-c", "wave-d"]) {
      expect(table.stdout).toMatch(new RegExp(`^${idOf(name)}\\s+${name}\\s+INCRMIGEATING\\s+incremental sync\\s+100\\.0%\\s+0\\s`, "m"));
    }

    const wave = await dcsMigrate([...args, "--only", "wave-a,wave-b"]);
    expect(wave.code, wave.stderr).toBe(0);
    expect(wave.stderr).toContain("2 migrations: 0 to start, 2 to resume, 0 already done; 2 will switch IPs");
    const afterWave = await switched();
    expect([afterWave[idOf("wave-a")], afterWave[idOf("wave-b")], afterWave[idOf("wave-c")], afterWave[idOf("wave-d")]]).toEqual([
      "EXCHANGE_SUCCESS",
      "EXCHANGE_SUCCESS",
      null,
      null,
    ]);
    const unknown = await dcsMigrate([...args, "--only", "wave-z"]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining("--only names no migration wave-z")]);

    const rest = await dcsMigrate(args);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stderr).toContain("4 migrations: 0 to start, 2 to resume, 2 already done; 2 will switch IPs");
    expect(Object.values(await switched())).toEqual(["EXCHANGE_SUCCESS", "EXCHANGE_SUCCESS", "EXCHANGE_SUCCESS", "EXCHANGE_SUCCESS"]);
    expect(await sandbox.tasks()).toHaveLength(4);
  }, 120_000);
});
