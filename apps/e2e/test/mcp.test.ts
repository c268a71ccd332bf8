// dcs-migration-mcp as installed from its tarball: the bin, driven by the MCP SDK's own Client over
// stdio against the shared sandbox, which checks its signatures. It reads its credentials from the
// environment, says on stderr what it serves, lists what its mode allows, calls the service, and
// never shows the SK or a Redis password. The tools themselves are tested in process
// (packages/mcp/test).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { bin, INSTALLED, runBin } from "./installed.js";
import { newProject, SANDBOX, SANDBOX_CREDENTIALS } from "./sandbox.js";

/** The installed server, connected to by the SDK's Client over stdio, in a mode. */
async function connect(...flags: string[]) {
  let stderr = "";
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin("dcs-migration-mcp"), "--endpoint", SANDBOX.url, "--poll-interval", "10ms", ...flags],
    env: { PATH: process.env.PATH ?? "", ...SANDBOX_CREDENTIALS, CLOUD_SDK_PROJECT_ID: newProject() },
    cwd: INSTALLED,
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk) => (stderr += chunk));
  const client = new Client({ name: "e2e", version: "0" });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call, stderr: () => stderr, close: () => client.close() };
}

describe("dcs-migration-mcp over stdio", () => {
  it("reads only by default, and says so on stderr", async () => {
    const server = await connect();
    try {
      const { tools } = await server.client.listTools();
      expect(tools.length).toBeGreaterThan(4);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      expect(server.stderr()).toMatch(new RegExp(`dcs-migration-mcp \\S+: ${tools.length} tools \\(read only\\) on stdio`));
    } finally {
      await server.close();
    }
  });

  it("with --allow-destructive, creates and configures a task with signed calls; no secret in a result or on stderr", async () => {
    const server = await connect("--allow-destructive");
    try {
      const created = await server.call("create_online_migration_task", { body: { name: "via-stdio", vpc_id: "v", subnet_id: "s", security_group_id: "g" } });
      expect(created.isError, JSON.stringify(created.content)).toBeFalsy();
      const { instance_id: taskId, job_id: jobId } = created.structuredContent as { instance_id: string; job_id: string };
      expect((await server.call("wait_for_job", { job_id: jobId })).structuredContent).toMatchObject({ status: "SUCCESS" });
      const configured = await server.call("set_online_migration_task", {
        task_id: taskId,
        body: {
          migration_method: "full_amount_migration",
          resume_mode: "auto",
          source_instance: { addrs: "10.0.0.5:6379", password: "SENTINEL-SOURCE-PW-mcp" },
          target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" },
        },
      });
      expect(configured.structuredContent).toMatchObject({ status: "FULLMIGRATING" });
      const shown = await server.call("show_migration_task", { task_id: taskId });
      expect(shown.structuredContent).toMatchObject({ task_id: taskId, task_name: "via-stdio" });
      expect(JSON.stringify([created, configured, shown]) + server.stderr()).not.toMatch(/SENTINEL-SOURCE-PW|SENTINEL-SK/);
    } finally {
      await server.close();
    }
  });

  it("refuses a wrong flag with exit 2, naming it", async () => {
    const run = await runBin("dcs-migration-mcp", ["--poll-interval", "soon"], { ...SANDBOX_CREDENTIALS }, INSTALLED);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining("--poll-interval takes a duration")]);
  });
});
