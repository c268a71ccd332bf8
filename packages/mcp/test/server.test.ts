// The MCP server in process, driven by the MCP SDK's own Client over its in-memory transport, against
// the sandbox (a project of its own per test): what a model gets wrong, and what happens when a wait
// cannot end. The tool lists, the schemas, a whole migration and the refusals run against the packed
// bin over stdio, in apps/e2e.
import { randomBytes } from "node:crypto";
import { createDcsClient } from "@dcs-migration/client";
import { type RunningSandbox, startSandbox } from "@dcs-migration/mock";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
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
const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;

describe("what a model reads", () => {
  it("each operation's tool says its effect and when it is allowed in the manifest's words, as the docs and dcs-migrate do", async () => {
    const { OPERATIONS } = await import("@dcs-migration/client/operations");
    const server = await connect({ writes: true, destructive: true });
    try {
      const { tools } = await server.client.listTools();
      for (const op of OPERATIONS) {
        const tool = tools.find((t) => t.name === op.operationId.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase());
        expect(tool?.description, op.operationId).toContain(op.says.effect);
        if (op.says.allowedWhen) expect(tool?.description, op.operationId).toContain(op.says.allowedWhen);
      }
    } finally {
      await server.close();
    }
  });
});

describe("refusals a model can act on", () => {
  it("says why for this task (an IP switch from a self-hosted source never can), and each wrong status of a list with its nearest", async () => {
    const server = await connect({ writes: true, destructive: true });
    try {
      const created = await server.call("create_online_migration_task", { body: { name: "t", vpc_id: "v", subnet_id: "s", security_group_id: "g" } });
      const { instance_id: taskId, job_id: jobId } = created.structuredContent as { instance_id: string; job_id: string };
      await server.call("wait_for_job", { job_id: jobId });
      await server.call("set_online_migration_task", {
        task_id: taskId,
        body: { migration_method: "incremental_migration", resume_mode: "auto", source_instance: { addrs: "10.0.0.5:6379" }, target_instance: { id: "t" } },
      });
      await server.call("wait_for_migration_task", { task_id: taskId, until: "INCRMIGEATING" });
      const refused = await server.call("exchange_instance_ip", { task_id: taskId, body: { exchanged_ip: [], is_exchange_domain: false } });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toContain(`task ${taskId}'s source is self-hosted (10.0.0.5:6379), so it never can`);
      expect(text(refused)).not.toContain("..");
      const listed = await server.call("wait_for_migration_task", { task_id: taskId, until: ["INCRMIGRATING", "SUCESS"] });
      expect(text(listed)).toContain('"INCRMIGRATING" is not one of');
      expect(text(listed)).toContain("(did you mean INCRMIGEATING?)");
      expect(text(listed)).toContain("(did you mean SUCCESS?)");
    } finally {
      await server.close();
    }
  });
});

describe("what a model gets wrong", () => {
  it("does not list, and refuses, a tool its mode does not allow, naming the tools it has", async () => {
    const server = await connect();
    try {
      const refused = await server.call("delete_migration_task", { body: { task_id_list: ["x"] } });
      expect([refused.isError, text(refused)]).toEqual([true, expect.stringContaining("no tool delete_migration_task in this server's mode")]);
      expect(text(refused)).toContain("show_migration_task");
    } finally {
      await server.close();
    }
  });

  it("answers a misspelt argument with the field it meant, at any depth, and sends nothing", async () => {
    const server = await connect({ writes: true, destructive: false });
    try {
      const top = await server.call("show_migration_task", { task_idd: "x" });
      expect([top.isError, text(top)]).toEqual([true, expect.stringContaining("unknown field task_idd (did you mean task_id?)")]);
      const nested = await server.call("set_online_migration_task", {
        task_id: "x",
        body: {
          migration_method: "full_amount_migration",
          resume_mode: "auto",
          source_instance: { addrs: "10.0.0.5:6379" },
          target_instance: { id: "t", pasword: "p" },
        },
      });
      expect([nested.isError, text(nested)]).toEqual([true, expect.stringContaining("body.target_instance: unknown field pasword (did you mean password?)")]);
      expect(text(nested)).toContain("Nothing was sent.");
      expect(sandbox.project(projectId).state().tasks).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("a wait that cannot end in time", () => {
  it("returns when timeout_ms is up, saying where the task stands and to call again; not an error", async () => {
    const server = await connect({ writes: true, destructive: false });
    try {
      sandbox.project(projectId).setNextTransition({ outcome: "stall-full-sync" });
      const created = await server.call("create_online_migration_task", { body: { name: "stalled", vpc_id: "v", subnet_id: "s", security_group_id: "g" } });
      const { instance_id: taskId, job_id: jobId } = created.structuredContent as { instance_id: string; job_id: string };
      await server.call("wait_for_job", { job_id: jobId });
      await server.call("set_online_migration_task", {
        task_id: taskId,
        body: { migration_method: "full_amount_migration", resume_mode: "auto", source_instance: { addrs: "10.0.0.5:6379" }, target_instance: { id: "t" } },
      });
      const waited = await server.call("wait_for_migration_task", { task_id: taskId, until: "SUCCESS", timeout_ms: 200 });
      expect(waited.isError).toBeFalsy();
      expect(waited.structuredContent).toMatchObject({ status: "FULLMIGRATING", timed_out: true, timeout_ms: 200 });
      expect(text(waited)).toContain("call wait_for_migration_task again to keep waiting");
      const tooLong = await server.call("wait_for_migration_task", { task_id: taskId, timeout_ms: 24 * 3_600_000 });
      expect([tooLong.isError, text(tooLong)]).toEqual([true, expect.stringContaining("timeout_ms")]);
    } finally {
      await server.close();
    }
  });
});
