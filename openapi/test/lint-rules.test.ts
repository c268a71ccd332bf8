// The house rules of ../../redocly.yaml, each proven live: a copy of the document, broken once per
// rule, must fail lint with every one of them (and the real document passes: `npm run lint`).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const copy = mkdtempSync(join(tmpdir(), "dcs-lint-rules-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** [rule, file of the copy, what to find, what to put instead]: one break per house rule. */
const BREAKS: Array<[string, string, string, string]> = [
  ["rule/operation-id-is-official-name", "paths/v2_{project_id}_migration-task.yaml", "operationId: CreateMigrationTask", "operationId: create_migration_task"],
  ["rule/operation-one-tag", "paths/v2_{project_id}_migration-task_batch-stop.yaml", "    - Migration tasks\n", "    - Migration tasks\n    - Backup import\n"],
  [
    "rule/operation-every-error-status",
    "paths/v2_{project_id}_jobs_{job_id}.yaml",
    "    '429':\n      $ref: ../components/responses/TooManyRequests.yaml\n",
    "",
  ],
  ["rule/operation-one-success-status", "paths/v2_{project_id}_migration-task_{task_id}_logs.yaml", "    '200':", "    '206':"],
  [
    "rule/response-x-request-id",
    "paths/v2_{project_id}_migration-task_{task_id}_stats.yaml",
    "        X-Request-Id:\n          $ref: ../components/headers/XRequestId.yaml",
    "        Retry-After:\n          $ref: ../components/headers/RetryAfter.yaml",
  ],
  [
    "rule/response-has-headers",
    "paths/v2_{project_id}_migration-task_{task_id}_sync-stop.yaml",
    "      headers:\n        X-Request-Id:\n          $ref: ../components/headers/XRequestId.yaml\n",
    "",
  ],
  ["rule/security-once-at-the-root", "paths/v2_{project_id}_migration-tasks_delete.yaml", "  tags:\n", "  security:\n    - IamToken: []\n  tags:\n"],
  ["rule/code-samples-from-files", "paths/v2_{project_id}_migration-task_{task_id}_stop.yaml", "  tags:\n", "  x-codeSamples: []\n  tags:\n"],
  ["rule/root-security", "openapi.yaml", "security:\n  - IamToken: []\n  - AkSk: []\n", ""],
];

it("every house rule reports its own break, and only the breaks fail", { timeout: 60_000 }, () => {
  cpSync(join(repo, "redocly.yaml"), join(copy, "redocly.yaml"));
  cpSync(join(repo, "openapi"), join(copy, "openapi"), { recursive: true, filter: (src) => !/node_modules|[/\\]dist$/.test(src) });
  for (const [rule, file, find, replace] of BREAKS) {
    const path = join(copy, "openapi", file);
    const text = readFileSync(path, "utf8");
    expect(text.includes(find), `${rule}: "${find.trim()}" is not in ${file} any more: update this break`).toBe(true);
    writeFileSync(path, text.replace(find, replace));
  }
  const redocly = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
  const run = spawnSync(process.execPath, [redocly, "lint", "--config", "redocly.yaml", "--format", "json"], {
    cwd: copy,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  expect(run.status).not.toBe(0);
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))) as { problems: Array<{ ruleId: string }> };
  const fired = new Set(report.problems.map((p) => p.ruleId));
  for (const [rule] of BREAKS) expect(fired.has(rule), `${rule} did not fire`).toBe(true);
  const houseRules = [...fired].filter((r) => r.startsWith("rule/"));
  expect(houseRules.sort()).toEqual(BREAKS.map(([rule]) => rule).sort());
});
