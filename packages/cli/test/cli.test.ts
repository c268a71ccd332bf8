// What dcs-migrate decides before it sends anything: usage errors name the flag and the fix (exit
// 2), missing configuration names the flag or variable (exit 3), the global flags stand anywhere,
// `api` is generated from the document (its operations, flags and body fields), a status is one
// the document knows, and what changes production is never done without being asked.
import { openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../src/durations.js";
import { EXIT_CODES } from "../src/help.js";
import { cli } from "./run-cli.js";

const { operations } = openDocument();
const ops = operations();
const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const CONFIGURED = {
  CLOUD_SDK_AK: "HPUAEXAMPLEAK0000001",
  CLOUD_SDK_SK: "SENTINEL-SK-cli-test-0123",
  CLOUD_SDK_PROJECT_ID: PROJECT,
  CLOUD_SDK_REGION: "cn-north-4",
};

describe("usage", () => {
  it.each([
    [["staus"], "unknown command staus (did you mean status?)"],
    [["status", "--timout", "5m"], "status: unknown flag --timout (did you mean --timeout?)"],
    [["wait", "t1", "--until", "INCRMIGRATING"], "--until INCRMIGRATING is not a status of the document (did you mean INCRMIGEATING?)"],
    [["wait", "t1", "--timeout", "soon"], '--timeout takes a duration such as 50ms, 10s, 30m or 24h; got "soon"'],
    [["run"], "run takes a plan: dcs-migrate run PLAN..., or dcs-migrate run TEMPLATE --each INVENTORY"],
    [["run", "t.yaml", "--each", "f.csv", "--parallel", "-1"], 'run: --parallel was given a value that starts with "-"'],
    [["run", "t.yaml", "--each"], "run: --each needs a value"],
    [["status", "t.yaml", "--state-dir", "no-such-folder"], "--state-dir no-such-folder does not exist"],
    [["api", "show-migraton-task"], "api: no operation show-migraton-task (did you mean show-migration-task?)"],
    [["api", "show-migration-task"], "--task-id is required"],
    [["api", "list-migration-task", "--limit", "ten"], '--limit takes a whole number; got "ten"'],
    [["api", "list-migration-task-logs", "--task-id", "t1", "--log-level", "WARN"], "--log-level takes INFO, ERROR; got WARN"],
    [["api", "show-migration-task", "--task-id", "bad id!"], 'api show-migration-task: --task-id "bad id!" does not match'],
    [["api", "show-migration-task", "--task-id", "t1", "--body", "{}"], "api show-migration-task takes no body"],
    [
      [
        "api",
        "set-online-migration-task",
        "--task-id",
        "t1",
        "--body",
        '{"migration_method":"incremental_migration","resume_mode":"auto","source_instance":{"addrs":"a:1"},"target_instance":{"id":"t","pasword":"x"}}',
      ],
      "--body target_instance.pasword: unknown field; did you mean password?",
    ],
    [["api", "create-online-migration-task", "--body", "{name: [}"], "--body from --body is not JSON or YAML"],
  ])("dcs-migrate %j: exit 2, naming what is wrong", async (args, message) => {
    const run = await cli(args, CONFIGURED);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it("takes the global flags before or after the command, the same", async () => {
    const before = await cli(["--json", "api", "--list"], CONFIGURED);
    const after = await cli(["api", "--list", "--json"], CONFIGURED);
    expect(before.stdout).toBe(after.stdout);
    expect(JSON.parse(before.stdout.split("\n")[0]!).event).toBe("operations");
  });

  it("reads durations as people write them", () => {
    expect([parseDuration("t", "50ms"), parseDuration("t", "10s"), parseDuration("t", "30m"), parseDuration("t", "1.5h")]).toEqual([
      50, 10_000, 1_800_000, 5_400_000,
    ]);
  });
});

describe("api help", () => {
  it("says each operation's effect and when it is allowed in the manifest's words", async () => {
    const { OPERATIONS } = await import("@dcs-migration/client/operations");
    for (const op of OPERATIONS) {
      const help = await cli(["api", op.name, "--help"], CONFIGURED);
      expect(help.stdout, op.operationId).toContain(op.says.effect);
      if (op.says.allowedWhen) expect(help.stdout, op.operationId).toContain(op.says.allowedWhen);
    }
  });
});

describe("configuration", () => {
  it.each([
    [{ ...CONFIGURED, CLOUD_SDK_REGION: "" }, "no endpoint: set --region (or CLOUD_SDK_REGION)"],
    [{ ...CONFIGURED, CLOUD_SDK_PROJECT_ID: "" }, "no project: set --project-id (or CLOUD_SDK_PROJECT_ID)"],
    [{ ...CONFIGURED, CLOUD_SDK_SK: "" }, "set CLOUD_SDK_AK or HUAWEICLOUD_SDK_AK and CLOUD_SDK_SK or HUAWEICLOUD_SDK_SK (missing: the SK)"],
    [{ ...CONFIGURED, CLOUD_SDK_REGION: "mars-1" }, 'unknown region "mars-1"'],
  ])("a missing or wrong setting is exit 3 naming it, never a secret's value (%#)", async (env, message) => {
    const run = await cli(["status"], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain(CONFIGURED.CLOUD_SDK_SK);
  });

  it("reports in JSON when asked, the exit code and the fix in the error event, nothing else on stdout", async () => {
    const run = await cli(["status", "--json"], { ...CONFIGURED, CLOUD_SDK_AK: "" });
    expect(run.code).toBe(3);
    expect(
      run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        event: "error",
        exit_code: 3,
        error_code: null,
        message: expect.stringContaining("missing: the AK"),
        hint: expect.stringContaining("Export the AK/SK"),
      },
    ]);
  });
});

describe("what changes production", () => {
  it.each([[["stop", "t1"]], [["delete", "t1", "t2"]], [["switch-ip", "t1"]], [["rollback-ip", "t1"]], [["api", "stop-migration-task", "--task-id", "t1"]]])(
    "dcs-migrate %j is not done when it cannot ask: exit 2, saying to add --yes",
    async (args) => {
      // A closed port as the endpoint: had it called anything, the error would be a network one (exit 3).
      const run = await cli([...args, "--endpoint", "http://127.0.0.1:9"], { ...CONFIGURED, CLOUD_SDK_REGION: "" });
      expect([run.code, run.stderr]).toEqual([2, expect.stringContaining("Add --yes to go ahead without asking.")]);
    },
  );
});

describe("dcs-migrate api, from the document", () => {
  it("lists every operation of the document, by its kebab-case name, with its summary", async () => {
    const run = await cli(["api", "--list"], {});
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(ops.length);
    for (const op of ops) {
      const name = op.operationId.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
      expect(lines.find((l) => l.startsWith(`${name} `))).toMatch(
        new RegExp(`${op.method}\\s+${op.path.replace(/[{}]/g, "\\$&")}\\s+${String(op.operation.summary)}$`),
      );
    }
  });

  it.each(ops.map((op) => [op.operationId, op] as const))("%s --help shows its parameters and body fields from the document", async (operationId, op) => {
    const name = operationId.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    const run = await cli(["api", name, "--help"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${op.method} ${op.path}: ${op.operation.summary} (${operationId})`);
    expect(run.stdout).toContain(`Effect: ${op.operation["x-dcs-effect"]}.`);
    for (const p of op.parameters.filter((p) => p.name !== "project_id")) expect(run.stdout).toContain(`--${String(p.name).replace(/_/g, "-")}`);
    const schema = op.requestBody && (openDocument().jsonContent(op.requestBody)?.schema as { $ref?: string } | undefined);
    if (schema?.$ref) {
      const fields = Object.keys((openDocument().deref(schema).properties as object) ?? {});
      for (const field of fields) expect(run.stdout).toMatch(new RegExp(`^  ${field} `, "m"));
    }
  });
});

describe("help", () => {
  it("documents every exit code, and every command has its own help", async () => {
    const run = await cli(["--help"], {});
    for (const [code, meaning] of EXIT_CODES) expect(run.stdout).toMatch(new RegExp(`^\\s+${code}  ${meaning.replace(/[()]/g, "\\$&")}$`, "m"));
    for (const command of ["validate", "run", "status", "wait", "logs", "switch-ip", "rollback-ip", "stop", "restart", "delete", "api"]) {
      const help = await cli([command, "--help"], {});
      expect([help.code, help.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^Usage: dcs-migrate ${command}`))]);
    }
  });
});
