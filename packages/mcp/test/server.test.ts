// The MCP server in process, driven by the MCP SDK's own Client over its in-memory transport, against
// the sandbox (a project of its own per test): the tools of each mode follow the document's
// x-dcs-effect with every annotation set; every tool's input schema takes the document's example and
// refuses a nested typo; a whole online migration through the tools, with progress notifications;
// refusals and a failed IP switch as results a model can act on. The bin over stdio, as installed,
// is apps/e2e's.
import { randomBytes } from "node:crypto";
import { createDcsClient } from "@dcs-migration/client";
import { type RunningSandbox, startSandbox } from "@dcs-migration/mock";
import { openDocument } from "@dcs-migration/openapi/walker";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDcsMcpServer } from "../src/server.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ speed: "manual", stepMs: 20_000 });
}, 120_000);
afterAll(() => sandbox?.stop());
let projectId = "";
beforeEach(() => {
  projectId = randomBytes(16).toString("hex");
});

const { operations, deref, jsonContent, namedExamples } = openDocument();
const ops = operations();
const snake = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
const WORKFLOW = ["wait_for_migration_task", "wait_for_job", "wait_for_ip_exchange", "migration_overview"];
const ALL = { writes: true, destructive: true };

/** A server of this mode, on the test's project, and the SDK's Client connected to it. */
async function connect(allow = { writes: false, destructive: false }) {
  const dcs = createDcsClient({ endpoint: sandbox.url, projectId, credentials: { token: "sandbox" }, retry: false });
  const { server } = createDcsMcpServer({ client: dcs, version: "0.0.0-test", intervalMs: 5, allow });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test", version: "0" });
  await client.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call, close: () => client.close() };
}

describe("the tools of each mode", () => {
  it.each([
    [{ writes: false, destructive: false }, ["read"]],
    [{ writes: true, destructive: false }, ["read", "write"]],
    [ALL, ["read", "write", "destructive"]],
  ])("%j lists the operations whose x-dcs-effect is %j, and the waits, every annotation set", async (allow, effects) => {
    const server = await connect(allow);
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
    } finally {
      await server.close();
    }
  });
});

describe("the operations' input schemas", () => {
  let tools: Tool[] = [];
  beforeAll(async () => {
    const server = await connect(ALL);
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

describe("a migration through the tools", () => {
  it("creates, waits for the job, configures, waits for the sync with progress, switches, rolls back, stops and deletes", async () => {
    const server = await connect(ALL);
    try {
      const created = await server.call("create_online_migration_task", { body: { name: "via-mcp", vpc_id: "v", subnet_id: "s", security_group_id: "g" } });
      const { instance_id: taskId, job_id: jobId } = created.structuredContent as { instance_id: string; job_id: string };
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
      expect(synced.content[0]).toMatchObject({ text: expect.stringContaining("waited at most 300 s (timeout_ms, the default)") });
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
      expect(JSON.stringify([synced, configured, overview])).not.toContain("SENTINEL-SOURCE-PW");
    } finally {
      await server.close();
    }
  });

  it("answers a refused call and a failed IP switch as isError results with the code and the fix", async () => {
    const server = await connect(ALL);
    try {
      const refused = await server.call("stop_migration_task", { task_id: "00000000-0000-4000-8000-000000000000" });
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toMatchObject({ status: 400, error_code: "DCS.4133", hint: expect.stringContaining("does not exist") });
      expect(refused.content[0]).toMatchObject({ text: expect.stringMatching(/^HTTP 400 DCS\.4133: .* Fix: The migration task does not exist/) });

      sandbox.project(projectId).setNextTransition({ outcome: "fail-ip-switch" });
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

      const typo = await server.call("show_migration_task", { task_idd: "x" });
      expect([typo.isError, (typo.content[0] as { text: string }).text]).toEqual([
        true,
        expect.stringContaining("unknown field task_idd (did you mean task_id?)"),
      ]);
    } finally {
      await server.close();
    }
  });

  it("does not list, and refuses, a tool its mode does not allow", async () => {
    const server = await connect();
    try {
      const refused = await server.call("delete_migration_task", { body: { task_id_list: ["x"] } });
      expect([refused.isError, (refused.content[0] as { text: string }).text]).toEqual([
        true,
        expect.stringContaining("no tool delete_migration_task in this server's mode"),
      ]);
    } finally {
      await server.close();
    }
  });
});
