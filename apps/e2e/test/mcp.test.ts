// dcs-migration-mcp as installed from its tarball: the bin, driven by the MCP SDK's own Client over
// stdio against the shared sandbox, which checks its signatures; each test on a project of its own.
// The tools of each mode follow the document's x-dcs-effect with every annotation set; every tool's
// input schema takes the document's example and refuses a nested typo; a whole online migration
// through the tools, with progress notifications; refusals and a failed IP switch as results a model
// can act on; what it says on stderr; no secret anywhere.
import { openDocument } from "@dcs-migration/openapi/walker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { bin, INSTALLED, runBin } from "./installed.js";
import { newProject, project, SANDBOX, SANDBOX_CREDENTIALS } from "./sandbox.js";

const { operations, deref, jsonContent, namedExamples } = openDocument();
const ops = operations();
const snake = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
const WORKFLOW = ["wait_for_migration_task", "wait_for_job", "wait_for_ip_exchange", "migration_overview"];

/** The installed server in a mode, on a project of its own, connected to by the SDK's Client over stdio. */
async function connect(...flags: string[]) {
  const projectId = newProject();
  let stderr = "";
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin("dcs-migration-mcp"), "--endpoint", SANDBOX.url, "--poll-interval", "10ms", ...flags],
    env: { PATH: process.env.PATH ?? "", ...SANDBOX_CREDENTIALS, CLOUD_SDK_PROJECT_ID: projectId },
    cwd: INSTALLED,
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk) => (stderr += chunk));
  const client = new Client({ name: "e2e", version: "0" });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call, sandbox: project(projectId), stderr: () => stderr, close: () => client.close() };
}

describe("the tools of each mode", () => {
  it.each([
    [[], ["read"], "read only"],
    [["--allow-writes"], ["read", "write"], "read and write"],
    [["--allow-destructive"], ["read", "write", "destructive"], "read, write and destructive"],
  ])("%j lists the operations whose x-dcs-effect is %j, and the waits, every annotation set; says so on stderr", async (flags, effects, said) => {
    const server = await connect(...flags);
    try {
      const { tools } = await server.client.listTools();
      const expected = [...WORKFLOW, ...ops.filter((op) => effects.includes(String(op.operation["x-dcs-effect"]))).map((op) => snake(op.operationId))];
      expect(tools.map((t) => t.name).sort()).toEqual(expected.sort());
      for (const tool of tools) {
        const op = ops.find((o) => snake(o.operationId) === tool.name);
        const effect = op ? String(op.operation["x-dcs-effect"]) : "read";
        expect(tool.annotations, tool.name).toEqual({
          title: expect.any(String),
          readOnlyHint: effect === "read",
          destructiveHint: effect === "destructive",
          idempotentHint: effect === "read" || op?.method === "PUT" || op?.method === "DELETE",
          openWorldHint: true,
        });
      }
      expect(server.stderr()).toMatch(new RegExp(`dcs-migration-mcp \\S+: ${tools.length} tools \\(${said}\\) on stdio`));
    } finally {
      await server.close();
    }
  });
});

describe("the operations' input schemas", () => {
  let tools: Tool[] = [];
  beforeAll(async () => {
    const server = await connect("--allow-destructive");
    tools = (await server.client.listTools()).tools;
    await server.close();
  });
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat("password", true);

  /** The operation's named example as tool arguments: its parameters' examples and its body's. */
  const exampleOf = (op: (typeof ops)[number]) => {
    const args: Record<string, unknown> = {};
    for (const p of op.parameters.filter((p) => p.name !== "project_id")) {
      const example = p.example ?? namedExamples(p)[0]?.[1] ?? deref(p.schema).example;
      if (p.required || example !== undefined) args[String(p.name)] = example ?? "a276c1ffa0a54c2597fc824b917db317";
    }
    const media = op.requestBody && jsonContent(op.requestBody);
    if (media) args.body = namedExamples(media)[0]?.[1];
    return args;
  };
  /** The same with a typo at the deepest object it has. */
  const typo = (args: Record<string, unknown>) => {
    const copy = structuredClone(args);
    let at: Record<string, unknown> = copy;
    for (;;) {
      const nested = Object.values(at).find((v) => v && typeof v === "object" && !Array.isArray(v)) as Record<string, unknown> | undefined;
      if (!nested) break;
      at = nested;
    }
    at.pasword = "x";
    return copy;
  };

  it.each(ops.map((op) => [op.operationId, op] as const))("%s: takes the document's example, refuses a nested typo", (operationId, op) => {
    const tool = tools.find((t) => t.name === snake(operationId));
    expect(tool, operationId).toBeDefined();
    const validate = ajv.compile(tool!.inputSchema);
    const args = exampleOf(op);
    expect(validate(args), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(typo(args))).toBe(false);
  });
});

describe("what a model and its host read", () => {
  it("every tool declares an outputSchema; a bad until names the field, the statuses and the nearest", async () => {
    const server = await connect();
    try {
      const { tools } = await server.client.listTools();
      for (const tool of tools) expect(tool.outputSchema?.type, tool.name).toBe("object");
      const bad = await server.call("wait_for_migration_task", { task_id: "t", until: "INCRMIGRATING" });
      expect(bad.isError).toBe(true);
      const said = (bad.content[0] as { text: string }).text;
      expect(said).toContain('until: "INCRMIGRATING" is not one of');
      expect(said).toContain("(did you mean INCRMIGEATING?)");
      expect(said).not.toContain("must be array");
    } finally {
      await server.close();
    }
  });
});

describe("a migration through the tools", () => {
  it("creates, waits for the job, configures, waits for the sync with progress, switches, rolls back, stops and deletes; no secret anywhere", async () => {
    const server = await connect("--allow-destructive");
    try {
      const created = await server.call("create_online_migration_task", { body: { name: "via-mcp", vpc_id: "v", subnet_id: "s", security_group_id: "g" } });
      expect(created.isError, JSON.stringify(created.content)).toBeFalsy();
      const { instance_id: taskId, job_id: jobId } = created.structuredContent as { instance_id: string; job_id: string };
      // The IDs are in the text too: a host that passes a model only the text lets it go on.
      expect(created.content.map((c) => (c as { text: string }).text).join("\n")).toContain(`"instance_id":"${taskId}"`);
      expect(JSON.parse((created.content[1] as { text: string }).text)).toEqual(created.structuredContent);
      expect((await server.call("wait_for_job", { job_id: jobId })).structuredContent).toMatchObject({ status: "SUCCESS", timed_out: false });
      const configured = await server.call("set_online_migration_task", {
        task_id: taskId,
        body: {
          migration_method: "incremental_migration",
          resume_mode: "auto",
          source_instance: { id: "a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a11", password: "SENTINEL-SOURCE-PW" },
          target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" },
        },
      });
      expect(configured.structuredContent).toMatchObject({ status: "FULLMIGRATING" });
      const progress: string[] = [];
      const synced = (await server.client.callTool({ name: "wait_for_migration_task", arguments: { task_id: taskId, until: "INCRMIGEATING" } }, undefined, {
        onprogress: (p) => progress.push(String(p.message)),
      })) as CallToolResult;
      expect(synced.structuredContent).toMatchObject({ status: "INCRMIGEATING", timed_out: false, timeout_ms: 300_000 });
      // Reached, it says how long it took, not the most it would have waited.
      expect(synced.content[0]).toMatchObject({ text: expect.stringMatching(/is INCRMIGEATING, after \d+ s$/) });
      expect((synced.content[0] as { text: string }).text).not.toContain("waited at most");
      expect(progress.length).toBeGreaterThan(2);
      expect(progress).toContainEqual(expect.stringMatching(/^FULLMIGRATING, [\d.]+% copied/));
      expect(
        (await server.call("exchange_instance_ip", { task_id: taskId, body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false } })).isError,
      ).toBeFalsy();
      expect((await server.call("wait_for_ip_exchange", { task_id: taskId })).structuredContent).toMatchObject({ task_status: "EXCHANGE_SUCCESS" });
      expect((await server.call("rollback_exchange_instance_ip", { task_id: taskId })).isError).toBeFalsy();
      expect((await server.call("wait_for_ip_exchange", { task_id: taskId, rollback: true })).structuredContent).toMatchObject({
        task_status: "ROLLBACK_SUCCESS",
      });
      expect((await server.call("stop_migration_task", { task_id: taskId })).structuredContent).toMatchObject({ status: "TERMINATING" });
      expect((await server.call("wait_for_migration_task", { task_id: taskId, until: ["TERMINATED"] })).structuredContent).toMatchObject({
        status: "TERMINATED",
      });
      expect((await server.call("delete_migration_task", { body: { task_id_list: [taskId] } })).structuredContent).toEqual({ task_id_list: [taskId] });
      const overview = await server.call("migration_overview");
      expect((overview.structuredContent as { tasks: unknown[] }).tasks).toEqual([]);
      expect(JSON.stringify([synced, configured, overview]) + server.stderr()).not.toMatch(/SENTINEL-SOURCE-PW|SENTINEL-SK/);
    } finally {
      await server.close();
    }
  });

  it("answers a refused call and a failed IP switch as isError results with the code and the fix", async () => {
    const server = await connect("--allow-destructive");
    try {
      const refused = await server.call("stop_migration_task", { task_id: "00000000-0000-4000-8000-000000000000" });
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toMatchObject({ status: 400, error_code: "DCS.4133", hint: expect.stringContaining("does not exist") });
      expect(refused.content[0]).toMatchObject({ text: expect.stringMatching(/^HTTP 400 DCS\.4133: .* Fix: The migration task does not exist/) });

      await server.sandbox.setNextTransition({ outcome: "fail-ip-switch" });
      const created = await server.call("create_online_migration_task", { body: { name: "failing", vpc_id: "v", subnet_id: "s", security_group_id: "g" } });
      const { instance_id: taskId, job_id: jobId } = created.structuredContent as { instance_id: string; job_id: string };
      await server.call("wait_for_job", { job_id: jobId });
      await server.call("set_online_migration_task", {
        task_id: taskId,
        body: { migration_method: "incremental_migration", resume_mode: "auto", source_instance: { id: "src" }, target_instance: { id: "tgt" } },
      });
      await server.call("wait_for_migration_task", { task_id: taskId, until: "INCRMIGEATING" });
      await server.call("exchange_instance_ip", { task_id: taskId, body: { exchanged_ip: ["10.0.0.9"], is_exchange_domain: false } });
      const failed = await server.call("wait_for_ip_exchange", { task_id: taskId });
      expect(failed.isError).toBe(true);
      expect(failed.structuredContent).toMatchObject({ kind: "failed", ip_switch_status: "EXCHANGE_FAILED" });
      expect(failed.content[0]).toMatchObject({ text: expect.stringContaining("list_migration_task_logs") });
    } finally {
      await server.close();
    }
  });

  it("refuses a wrong flag with exit 2, naming it", async () => {
    const run = await runBin("dcs-migration-mcp", ["--poll-interval", "soon"], { ...SANDBOX_CREDENTIALS }, INSTALLED);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining("--poll-interval takes a duration")]);
  });
});
