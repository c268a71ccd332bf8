// A plan's every mistake, at once, each at its line and column with the field's path, what is wrong
// and the fix; its ${NAME}s from the environment; its secrets nowhere in what dcs-migrate prints.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePlanSource } from "../src/plan/source.js";
import { checkPlan } from "../src/plan/validate.js";
import { GOOD } from "./plans.js";
import { cli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "dcs-plans-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const SECRETS = { SOURCE_REDIS_PASSWORD: "SENTINEL-SRC-PASSWORD-1", TARGET_REDIS_PASSWORD: "SENTINEL-TGT-PASSWORD-2" };

/** Every kind of mistake the plan format can have, one per line, and where each must be reported. */
const BAD = `version: 1
online_migration:
  create:
    name: cache-to-dcs
    vpcid: 5e37b3be
    subnet_id: 40f15ed6
    security_group_id: 9df96622
  configure:
    migration_method: incremental
    resume_mode: auto
    bandwidth_limit_mb: true
    source_instance: { addrs: "10.0.0.5:6379", password: "\${UNSET_PASSWORD}" }
    target_instance: { pasword: "x" }
  switch_ip:
    exchanged_ip: ["192.168.0.153"]
    is_exchange_domain: false
backup_import:
  task_name: restore
  migration_type: backupfile_import
  migration_method: full_amount_migration
  backup_files: { file_source: self_build_obs, bucket_name: backups }
  target_instance: { id: cf4a05df }
rollback: {}
`;

describe("a plan with every kind of mistake", () => {
  it("reports each at its line and column, with the field's path, what is wrong and the fix; exit 2, nothing called", async () => {
    const file = write("bad.yaml", BAD);
    const run = await cli(["validate", file], {});
    expect(run.code).toBe(2);
    const lines = run.stderr.split("\n").filter((l) => l.startsWith(file));
    const at = (line: number, column: number, rest: string) => expect(lines).toContain(`${file}:${line}:${column}: ${rest}`);
    at(3, 3, "online_migration.create: missing required field vpc_id; add vpc_id: ID of the VPC (Virtual Private Cloud console, or the VPC API)");
    at(5, 5, "online_migration.create.vpcid: unknown field; did you mean vpc_id?");
    at(
      9,
      23,
      'online_migration.configure.migration_method: "incremental" is not one of full_amount_migration, incremental_migration; did you mean incremental_migration?',
    );
    at(11, 25, "online_migration.configure.bandwidth_limit_mb: must be string or integer, got boolean; write it as string or integer");
    at(
      12,
      22,
      "online_migration.configure.source_instance: switch_ip needs a source that is a DCS instance: the service switches IPs only between DCS instances; give source_instance.id (the DCS instance), or remove switch_ip",
    );
    at(
      12,
      58,
      "online_migration.configure.source_instance.password: the environment variable UNSET_PASSWORD is not set; export UNSET_PASSWORD before running the plan",
    );
    at(13, 5, "online_migration.configure.target_instance: needs id or addrs; give one of id, addrs");
    at(13, 24, "online_migration.configure.target_instance.pasword: unknown field; did you mean password?");
    // The document's conditional requirement: an OBS import names its files.
    at(21, 3, "backup_import.backup_files: missing required field files; add files");
    at(17, 1, "backup_import: a plan runs one migration; keep online_migration or backup_import, and move the other to a plan of its own");
    at(23, 1, 'rollback: unknown section "rollback"; the fields here are version, online_migration, backup_import, redis');
    expect(lines).toHaveLength(11);
    expect(run.stderr).toContain(`${file}: 11 problems in the plan; nothing was called`);
  });

  it("says an IP switch needs an incremental migration", () => {
    const text = GOOD.replace("migration_method: incremental_migration", "migration_method: full_amount_migration");
    const { problems } = checkPlan(parsePlanSource("p.yaml", text), SECRETS);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      "9:23 switch_ip needs an incremental migration: IPs are switched once the incremental sync has caught up",
    ]);
  });

  it("reports a syntax error at its position, and a JSON plan like a YAML one", () => {
    expect(checkPlan(parsePlanSource("p.yaml", "version: 1\nonline_migration: [\n"), {}).problems[0]).toMatchObject({ line: 3, path: "(the file)" });
    const json = JSON.stringify(
      { version: 1, backup_import: { task_name: "r", migration_type: "backupfile_import", migration_method: "full", target_instance: { id: "t" } } },
      null,
      2,
    );
    expect(checkPlan(parsePlanSource("p.json", json), {}).problems.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual([
      "6:25 backup_import.migration_method",
    ]);
  });

  it("is a mapping with a version and one migration", () => {
    expect(checkPlan(parsePlanSource("p.yaml", "- a\n"), {}).problems[0]?.message).toBe("a plan is a mapping");
    expect(checkPlan(parsePlanSource("p.yaml", "version: 1\n"), {}).problems[0]?.message).toBe("the plan has no migration");
  });
});

describe("a good plan", () => {
  it("validates (exit 0), its variables taken from the environment", async () => {
    const run = await cli(["validate", write("good.yaml", GOOD)], SECRETS);
    expect([run.code, run.stderr.trim()]).toEqual([0, expect.stringMatching(/good\.yaml: a valid plan of an online migration with an IP switch$/)]);
    const { checked } = checkPlan(parsePlanSource("p.yaml", GOOD), SECRETS);
    expect(checked?.plan.online_migration?.configure.source_instance).toEqual({
      id: "a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a11",
      password: SECRETS.SOURCE_REDIS_PASSWORD,
    });
    expect(checked?.secrets.sort()).toEqual(Object.values(SECRETS).sort());
  });

  it("warns, with its position, of a password written in the plan, and masks it", async () => {
    const file = write("literal.yaml", GOOD.replace(/"\$\{TARGET_REDIS_PASSWORD\}"/, '"SENTINEL-LITERAL-PW"'));
    const run = await cli(["run", file, "--dry-run"], SECRETS);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${file}:12:76: online_migration.configure.target_instance.password: a literal password in the plan`);
    expect(run.stderr).not.toContain("SENTINEL-LITERAL-PW");
  });

  it("dry-runs: every call it would make, secrets as ***, nothing called (no credentials, no endpoint needed)", async () => {
    const run = await cli(["run", write("dry.yaml", GOOD), "--dry-run", "--project-id", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"], SECRETS);
    expect(run.code).toBe(0);
    // The calls are the dry run's output: on stdout, so that > dry.out keeps them.
    const calls = run.stdout.split("\n").filter((l) => /^(GET|POST) /.test(l));
    expect(calls).toEqual([
      "POST /v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration/instance",
      "GET /v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/jobs/{job_id}  (every poll, until the job is SUCCESS)",
      "POST /v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration/{task_id}/task",
      "GET /v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration-task/{task_id}  (and its stats, every poll, until INCRMIGEATING with offset 0)",
      "POST /v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration-task/{task_id}/exchange-ip  (after confirmation, or with --yes)",
      "GET /v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration-task/{task_id}  (every poll, until task_status is EXCHANGE_SUCCESS)",
    ]);
    expect(run.stdout).toContain('"password": "***"');
    for (const secret of Object.values(SECRETS)) expect(run.stderr + run.stdout).not.toContain(secret);
  });

  it("dry-runs in JSON too: one event per call, the bodies masked", async () => {
    const run = await cli(["--json", "run", write("dry-json.yaml", GOOD), "--dry-run"], SECRETS);
    const events = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.kind === "call").map((e) => e.method)).toEqual(["POST", "GET", "POST", "GET", "POST", "GET"]);
    expect(events.at(-1)).toEqual({ event: "done", dry_run: true });
    expect(events[2].body.source_instance.password).toBe("***");
    expect(run.stderr).toBe("");
  });
});
