// The sandbox's tasks move through the statuses the service really uses (dcs-workflows.md §3), on a
// manual clock: nothing moves until the test advances it. Every response goes through Prism's
// validating proxy, and the harness fails a test that saw a violation.
import { openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";
import { contractCases } from "../cases.js";
import { BACKUP, minutes, ONLINE, REFUSALS, SIDES, useSandbox } from "./harness.js";

const env = useSandbox({ speed: "manual" });
const task = (task_id: string) => ({ params: { path: { task_id } } });

async function status(taskId: string) {
  const { data } = await env.client().GET("/v2/{project_id}/migration-task/{task_id}", task(taskId));
  return [data?.status, data?.task_status ?? null];
}

/** An online task, its job done, configured: FULLMIGRATING from now on. */
async function configured(method: "full_amount_migration" | "incremental_migration" = "incremental_migration") {
  const client = env.client();
  const { data } = await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE });
  env.sandbox.advance(minutes(4));
  const result = await client.POST("/v2/{project_id}/migration/{task_id}/task", {
    ...task(data!.instance_id!),
    body: { migration_method: method, resume_mode: "auto", ...SIDES },
  });
  expect(result.data?.status).toBe("FULLMIGRATING");
  return data!.instance_id!;
}

describe("the sandbox's coverage", () => {
  it.each(
    openDocument()
      .operations()
      .map((op) => [op.operationId]),
  )("implements %s: its contract call is answered, never with a 500", async (operationId) => {
    const contract = contractCases.get(operationId);
    expect(contract, `no contract case for ${operationId}`).toBeDefined();
    const { response, error } = await contract!.send(env.client(), {});
    expect(response.status, JSON.stringify(error)).not.toBe(500);
    if (!response.ok) expect(REFUSALS).toContain((error as { error_code?: string })?.error_code);
  });
});

describe("the sandbox's tasks, on a manual clock", () => {
  it("imports a backup: MIGRATING, then SUCCESS", async () => {
    const { data } = await env
      .client()
      .POST("/v2/{project_id}/migration-task", { body: { ...BACKUP, backup_files: { ...BACKUP.backup_files, files: [...BACKUP.backup_files.files] } } });
    expect(data?.status).toBe("MIGRATING");
    env.sandbox.advance(minutes(4));
    expect(await status(data!.id!)).toEqual(["MIGRATING", null]);
    env.sandbox.advance(minutes(2));
    expect(await status(data!.id!)).toEqual(["SUCCESS", null]);
  });

  it("creates an online task with a job (INIT, RUNNING, SUCCESS) while the task waits as RUNNING, and refuses to configure it before", async () => {
    const client = env.client();
    const { data } = await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE });
    const job = () => client.GET("/v2/{project_id}/jobs/{job_id}", { params: { path: { job_id: data!.job_id! } } }).then((r) => r.data?.status);
    expect(await job()).toBe("INIT");
    expect(await status(data!.instance_id!)).toEqual(["RUNNING", null]);
    const early = await client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...task(data!.instance_id!),
      body: { migration_method: "full_amount_migration", resume_mode: "auto", ...SIDES },
    });
    expect([early.response.status, early.error?.error_code]).toEqual([400, "DCS.4017"]);
    env.sandbox.advance(minutes(1));
    expect(await job()).toBe("RUNNING");
    env.sandbox.advance(minutes(3));
    expect(await job()).toBe("SUCCESS");
  });

  it("runs a full migration to SUCCESS, and an incremental one to INCRMIGEATING until stopped (TERMINATING, TERMINATED)", async () => {
    const full = await configured("full_amount_migration");
    const incremental = await configured("incremental_migration");
    env.sandbox.advance(minutes(11));
    expect(await status(full)).toEqual(["SUCCESS", null]);
    expect(await status(incremental)).toEqual(["INCRMIGEATING", null]);
    env.sandbox.advance(minutes(60));
    expect(await status(incremental)).toEqual(["INCRMIGEATING", null]);
    const stopped = await env.client().POST("/v2/{project_id}/migration-task/{task_id}/stop", task(incremental));
    expect(stopped.data?.status).toBe("TERMINATING");
    env.sandbox.advance(minutes(1));
    expect(await status(incremental)).toEqual(["TERMINATED", null]);
  });

  it("moves the stats plausibly: progress and target keys during the full copy, an offset in the incremental phase", async () => {
    const id = await configured();
    const stats = () =>
      env
        .client()
        .GET("/v2/{project_id}/migration-task/{task_id}/stats", task(id))
        .then((r) => r.data!);
    env.sandbox.advance(minutes(2));
    const early = await stats();
    env.sandbox.advance(minutes(5));
    const later = await stats();
    expect(Number(early.full_migration_progress)).toBeGreaterThan(0);
    expect(Number(later.full_migration_progress)).toBeGreaterThan(Number(early.full_migration_progress));
    expect(Number(later.target_dbsize)).toBeGreaterThan(Number(early.target_dbsize));
    expect(Number(later.target_dbsize)).toBeLessThan(Number(later.source_dbsize));
    env.sandbox.advance(minutes(5));
    const offsets = new Set<number>();
    for (let i = 0; i < 5; i++) {
      env.sandbox.advance(1000);
      const s = await stats();
      expect(s.full_migration_progress).toBe(100);
      offsets.add(Number(s.offset));
    }
    expect(offsets.size).toBeGreaterThan(1);
  });

  it("switches the IPs (EXCHANGING, EXCHANGE_SUCCESS) and rolls them back (a stale EXCHANGE_SUCCESS, then ROLLBACK_SUCCESS)", async () => {
    const id = await configured();
    env.sandbox.advance(minutes(11));
    const exchange = await env
      .client()
      .POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", { ...task(id), body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false } });
    expect(exchange.response.status).toBe(204);
    expect(await status(id)).toEqual(["INCRMIGEATING", "EXCHANGING"]);
    env.sandbox.advance(minutes(1));
    expect(await status(id)).toEqual(["INCRMIGEATING", "EXCHANGE_SUCCESS"]);
    expect((await env.client().POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", task(id))).response.status).toBe(204);
    expect(await status(id)).toEqual(["INCRMIGEATING", "EXCHANGE_SUCCESS"]);
    env.sandbox.advance(minutes(1));
    expect(await status(id)).toEqual(["INCRMIGEATING", "ROLLBACK_SUCCESS"]);
  });

  it("refuses what a task's status does not allow with 400 DCS.4957, and an unknown task with 400 DCS.4133", async () => {
    const client = env.client();
    const id = await configured("full_amount_migration");
    const refused = async (call: Promise<{ response: Response; error?: { error_code?: string } }>) => {
      const { response, error } = await call;
      return [response.status, error?.error_code];
    };
    expect(
      await refused(
        client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", { ...task(id), body: { exchanged_ip: ["10.0.0.9"], is_exchange_domain: false } }),
      ),
    ).toEqual([400, "DCS.4957"]);
    expect(await refused(client.POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", task(id)))).toEqual([400, "DCS.4957"]);
    expect(await refused(client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: [id] } }))).toEqual([400, "DCS.4957"]);
    await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", task(id));
    expect(await refused(client.POST("/v2/{project_id}/migration-task/{task_id}/stop", task(id)))).toEqual([400, "DCS.4957"]);
    env.sandbox.advance(minutes(1));
    expect(await refused(client.POST("/v2/{project_id}/migration-task/{task_id}/sync-stop", task(id)))).toEqual([400, "DCS.4957"]);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(await refused(client.GET("/v2/{project_id}/migration-task/{task_id}", task(unknown)))).toEqual([400, "DCS.4133"]);
    expect(await refused(client.PUT("/v2/{project_id}/migration-task/{task_id}", { ...task(unknown), body: { resume_mode: "manual" } }))).toEqual([
      400,
      "DCS.4133",
    ]);
  });

  it("reports per-task failures of batch calls inside their 200, and restarts a stopped task", async () => {
    const client = env.client();
    const running = await configured();
    const unknown = "00000000-0000-4000-8000-000000000000";
    const stop = await client.POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: [running, unknown] } });
    expect(stop.data?.migration_tasks).toEqual([
      { result: "success", task_id: running },
      expect.objectContaining({ result: "failed", task_id: unknown, error_code: "DCS.4133" }),
    ]);
    const tooEarly = await client.POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: [running] } });
    expect(tooEarly.data?.migration_tasks).toEqual([expect.objectContaining({ result: "failed", error_code: "DCS.4957" })]);
    env.sandbox.advance(minutes(1));
    const restart = await client.POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: [running] } });
    expect(restart.data?.migration_tasks).toEqual([{ result: "success", task_id: running }]);
    expect(await status(running)).toEqual(["FULLMIGRATING", null]);
  });

  it("lists by name, offset and limit, and deletion removes a task from the list and its detail (DCS.4133)", async () => {
    const client = env.client();
    const ids: string[] = [];
    for (const name of ["a", "b", "a"]) ids.push((await client.POST("/v2/{project_id}/migration/instance", { body: { ...ONLINE, name } })).data!.instance_id!);
    const list = (query: { offset?: number; limit?: number; name?: string }) =>
      client.GET("/v2/{project_id}/migration-tasks", { params: { query } }).then((r) => r.data!);
    expect((await list({})).count).toBe(3);
    expect((await list({ name: "a" })).migration_tasks?.map((t) => t.task_name)).toEqual(["a", "a"]);
    expect((await list({ offset: 1, limit: 1 })).migration_tasks).toHaveLength(1);
    const deleted = await client.DELETE("/v2/{project_id}/migration-tasks/delete", {
      body: { task_id_list: [ids[1]!, "00000000-0000-4000-8000-000000000000"] },
    });
    expect(deleted.data?.task_id_list).toEqual([ids[1]]);
    expect((await list({})).migration_tasks?.map((t) => t.task_id)).not.toContain(ids[1]);
    expect((await client.GET("/v2/{project_id}/migration-task/{task_id}", task(ids[1]!))).error?.error_code).toBe("DCS.4133");
  });

  it("keeps a log of each task, filtered by level, and the reconnection mode it is set to", async () => {
    const client = env.client();
    const id = await configured();
    env.sandbox.advance(minutes(11));
    const logs = await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: id }, query: { limit: 50 } } });
    expect(logs.data?.migration_logs?.map((e) => e.message)).toEqual([
      "Migration ECS created.",
      "Full migration started.",
      "Full migration finished, incremental migration started.",
    ]);
    expect(
      (await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", { params: { path: { task_id: id }, query: { log_level: "ERROR" } } })).data?.log_num,
    ).toBe(0);
    expect((await client.PUT("/v2/{project_id}/migration-task/{task_id}", { ...task(id), body: { resume_mode: "manual" } })).response.status).toBe(200);
    expect((await client.GET("/v2/{project_id}/migration-task/{task_id}", task(id))).data?.resume_mode).toBe("manual");
  });

  it("never echoes a Redis password", async () => {
    const id = await configured();
    const shown = await env.client().GET("/v2/{project_id}/migration-task/{task_id}", task(id));
    expect(JSON.stringify(shown.data)).not.toContain("source-secret");
    expect(shown.data?.source_instance?.addrs).toBe("192.168.1.1:6379");
  });

  it("has a control API over HTTP: state, clock, next transition, faults, reset", async () => {
    const control = (method: string, path: string, body?: object) =>
      fetch(`${env.sandbox.controlUrl}/__sandbox${path}`, {
        method,
        ...(body ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}),
      });
    const id = await configured();
    const before = env.sandbox.now();
    expect((await (await control("POST", "/clock", { advanceMs: minutes(11) })).json()).now).toBeGreaterThanOrEqual(before + minutes(11));
    expect((await (await control("GET", "")).json()).tasks).toEqual([{ task_id: id, status: "INCRMIGEATING", task_status: null }]);
    expect((await control("POST", "/transitions", { taskId: id, outcome: "fail-ip-switch" })).status).toBe(204);
    const bad = await control("POST", "/transitions", { taskId: id, outcome: "explode" });
    expect([bad.status, (await bad.json()).error]).toEqual([
      400,
      'sandbox: unknown outcome "explode"; one of fail-job, fail-full-sync, stall-sync, fail-ip-switch',
    ]);
    expect((await control("PUT", "/faults", { rate: 1, kinds: ["error"] })).status).toBe(200);
    const spoiled = await env.client().GET("/v2/{project_id}/migration-tasks", {});
    expect([spoiled.response.status, spoiled.error?.error_code]).toEqual([500, "DCS.5000"]);
    expect((await control("POST", "/reset")).status).toBe(204);
    expect((await env.client().GET("/v2/{project_id}/migration-tasks", {})).data?.count).toBe(0);
  });
});
