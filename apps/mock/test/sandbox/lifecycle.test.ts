// The sandbox's tasks move through the statuses the service really uses (dcs-workflows.md §3), on a
// manual clock: nothing moves until the test advances it. Every answer goes through Prism's
// validating proxy, and the harness fails a test that saw a violation.
import type { DcsClient } from "@dcs-migration/client";
import { openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";
import { contractCases } from "../cases.js";
import { backupBody, minutes, ONLINE, SELF_BUILT, SIDES, useSandbox } from "./harness.js";

const env = useSandbox({ speed: "manual" });

const { deref, operations } = openDocument();
const task = (task_id: string) => ({ params: { path: { task_id } } });
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

async function status(taskId: string, client = env.client()) {
  const { data, error } = await client.GET("/v2/{project_id}/migration-task/{task_id}", task(taskId));
  return data ? [data.status, data.task_status ?? null] : [error?.error_code];
}

/** An online task, its job done, configured: FULLMIGRATING from now on. */
async function configured(method: "full_amount_migration" | "incremental_migration" = "incremental_migration", sides: object = SIDES) {
  const client = env.client();
  const { data } = await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE });
  env.sandbox.advance(minutes(4));
  const result = await client.POST("/v2/{project_id}/migration/{task_id}/task", {
    ...task(data!.instance_id!),
    body: { migration_method: method, resume_mode: "auto", ...(sides as typeof SIDES) },
  });
  expect(result.data?.status).toBe("FULLMIGRATING");
  return data!.instance_id!;
}

const exchange = (client: DcsClient, id: string) =>
  client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", { ...task(id), body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false } });

describe("the sandbox's coverage", () => {
  it.each(operations().map((op) => [op.operationId]))("implements %s: its contract call is answered, never with a 500", async (operationId) => {
    const contract = contractCases.get(operationId);
    expect(contract, `no contract case for ${operationId}`).toBeDefined();
    const { response, error } = await contract!.send(env.client(), {});
    expect(response.status, JSON.stringify(error)).not.toBe(500);
    if (!response.ok) expect(["DCS.4133", "DCS.4957", "DCS.4017"]).toContain((error as { error_code?: string })?.error_code);
  });
});

describe("the sandbox's tasks, on a manual clock", () => {
  it("imports a backup: CREATING, MIGRATING, then SUCCESS; or MIGRATION_FAILED when told to fail", async () => {
    const client = env.client();
    const { data } = await client.POST("/v2/{project_id}/migration-task", { body: backupBody() });
    expect(data?.status).toBe("CREATING");
    env.sandbox.advance(minutes(1));
    expect(await status(data!.id!)).toEqual(["MIGRATING", null]);
    env.sandbox.advance(minutes(5));
    expect(await status(data!.id!)).toEqual(["SUCCESS", null]);

    env.sandbox.setNextTransition({ outcome: "fail-import" });
    const failing = (await client.POST("/v2/{project_id}/migration-task", { body: backupBody() })).data!.id!;
    env.sandbox.advance(minutes(10));
    expect(await status(failing)).toEqual(["MIGRATION_FAILED", null]);
  });

  it("creates an online task CREATING while its job runs (INIT, RUNNING, SUCCESS), then RUNNING; configuring before is 400 DCS.4017", async () => {
    const client = env.client();
    const { data } = await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE });
    const job = () => client.GET("/v2/{project_id}/jobs/{job_id}", { params: { path: { job_id: data!.job_id! } } }).then((r) => r.data?.status);
    expect([await job(), ...(await status(data!.instance_id!))]).toEqual(["INIT", "CREATING", null]);
    const early = await client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...task(data!.instance_id!),
      body: { migration_method: "full_amount_migration", resume_mode: "auto", ...SIDES },
    });
    expect([early.response.status, early.error?.error_code]).toEqual([400, "DCS.4017"]);
    env.sandbox.advance(minutes(1));
    expect(await job()).toBe("RUNNING");
    env.sandbox.advance(minutes(3));
    expect([await job(), ...(await status(data!.instance_id!))]).toEqual(["SUCCESS", "RUNNING", null]);
  });

  it("fails the job when told to: job FAIL with its reason, task FAILED", async () => {
    const client = env.client();
    env.sandbox.setNextTransition({ outcome: "fail-job" });
    const { data } = await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE });
    env.sandbox.advance(minutes(4));
    const job = await client.GET("/v2/{project_id}/jobs/{job_id}", { params: { path: { job_id: data!.job_id! } } });
    expect([job.data?.status, job.data?.fail_reason]).toEqual(["FAIL", expect.stringContaining("no free IP")]);
    expect(await status(data!.instance_id!)).toEqual(["FAILED", null]);
  });

  it("runs a full migration to SUCCESS, an incremental one to INCRMIGEATING until stopped (TERMINATING, TERMINATED), then its ECS is RELEASED", async () => {
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
    env.sandbox.advance(minutes(24 * 60));
    expect(await status(incremental)).toEqual(["RELEASED", null]);
    expect((await env.client().GET("/v2/{project_id}/migration-task/{task_id}", task(incremental))).data?.released_at).toEqual(expect.any(String));
  });

  it("moves the stats: progress and target keys in the full copy, then an offset that drains to 0, unless the sync is stalled", async () => {
    const id = await configured();
    const stats = (taskId = id) =>
      env
        .client()
        .GET("/v2/{project_id}/migration-task/{task_id}/stats", task(taskId))
        .then((r) => r.data!);
    env.sandbox.advance(minutes(2));
    const early = await stats();
    env.sandbox.advance(minutes(5));
    const later = await stats();
    expect(Number(early.full_migration_progress)).toBeGreaterThan(0);
    expect(Number(later.full_migration_progress)).toBeGreaterThan(Number(early.full_migration_progress));
    expect(Number(later.target_dbsize)).toBeGreaterThan(Number(early.target_dbsize));
    expect(Number(later.target_dbsize)).toBeLessThan(Number(later.source_dbsize));
    env.sandbox.advance(minutes(3) + 1000);
    const lagging = await stats();
    expect([lagging.full_migration_progress, Number(lagging.offset) > 0, lagging.is_migrating]).toEqual([100, true, true]);
    env.sandbox.advance(minutes(2));
    expect((await stats()).offset).toBe(0);

    const stalled = await configured();
    env.sandbox.setNextTransition({ taskId: stalled, outcome: "stall-sync" });
    env.sandbox.advance(minutes(60));
    expect(await status(stalled)).toEqual(["INCRMIGEATING", null]);
    const stuck = await stats(stalled);
    expect([Number(stuck.offset) > 0, stuck.target_input_kbps]).toEqual([true, 0]);

    const frozen = await configured();
    env.sandbox.setNextTransition({ taskId: frozen, outcome: "stall-full-sync" });
    // The stall takes effect with the next phase: a restart's full copy.
    await env.client().POST("/v2/{project_id}/migration-task/{task_id}/stop", task(frozen));
    env.sandbox.advance(minutes(1));
    await env.client().POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: [frozen] } });
    env.sandbox.advance(minutes(60));
    expect([await status(frozen), (await stats(frozen)).full_migration_progress]).toEqual([["FULLMIGRATING", null], 40]);
  });

  it("switches the IPs of two DCS instances (EXCHANGING, EXCHANGE_SUCCESS) and rolls them back (a stale EXCHANGE_SUCCESS, then ROLLBACK_SUCCESS)", async () => {
    const id = await configured();
    env.sandbox.advance(minutes(11));
    expect((await exchange(env.client(), id)).response.status).toBe(204);
    expect(await status(id)).toEqual(["INCRMIGEATING", "EXCHANGING"]);
    env.sandbox.advance(minutes(1));
    expect(await status(id)).toEqual(["INCRMIGEATING", "EXCHANGE_SUCCESS"]);
    expect((await env.client().POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", task(id))).response.status).toBe(204);
    expect(await status(id)).toEqual(["INCRMIGEATING", "EXCHANGE_SUCCESS"]);
    env.sandbox.advance(minutes(1));
    expect(await status(id)).toEqual(["INCRMIGEATING", "ROLLBACK_SUCCESS"]);
  });

  it("fails an IP switch and a rollback when told to (EXCHANGE_FAILED, ROLLBACK_FAILED)", async () => {
    const id = await configured();
    env.sandbox.advance(minutes(11));
    env.sandbox.setNextTransition({ taskId: id, outcome: "fail-ip-switch" });
    await exchange(env.client(), id);
    env.sandbox.advance(minutes(1));
    expect(await status(id)).toEqual(["INCRMIGEATING", "EXCHANGE_FAILED"]);
    await exchange(env.client(), id);
    env.sandbox.advance(minutes(1));
    env.sandbox.setNextTransition({ taskId: id, outcome: "fail-rollback" });
    await env.client().POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", task(id));
    env.sandbox.advance(minutes(1));
    expect(await status(id)).toEqual(["INCRMIGEATING", "ROLLBACK_FAILED"]);
  });

  it("refuses an IP switch whose source is a self-built Redis, or outside incremental sync, saying why (400 DCS.4957)", async () => {
    const client = env.client();
    const selfBuilt = await configured("incremental_migration", SELF_BUILT);
    const full = await configured("full_amount_migration");
    const early = await configured("incremental_migration");
    env.sandbox.advance(minutes(11));
    for (const [id, why] of [
      [selfBuilt, /between two DCS instances: this task's source is a self-built Redis/],
      [full, /not allowed while the task is SUCCESS; it is allowed in INCRMIGEATING/],
    ] as const) {
      const { response, error } = await exchange(client, id);
      expect([response.status, error?.error_code, (error as { error_ext_msg?: string })?.error_ext_msg]).toEqual([400, "DCS.4957", expect.stringMatching(why)]);
    }
    expect((await exchange(client, early)).response.status).toBe(204);
    const again = await exchange(client, early);
    expect((again.error as { error_ext_msg?: string }).error_ext_msg).toMatch(/while task_status is EXCHANGING/);
  });

  it("refuses, with the document's refusal, an operation in a status its x-dcs-allowed-statuses does not list, and does it in one it lists", async () => {
    const client = env.client();
    const allowedOf = (operationId: string) =>
      operations().find((op) => op.operationId === operationId)!.operation["x-dcs-allowed-statuses"] as { status: string[] };
    // A task in each of these statuses, made afresh for every call.
    const makers: Record<string, () => Promise<string>> = {
      CREATING: async () => (await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE })).data!.instance_id!,
      RUNNING: async () => {
        const id = await makers.CREATING!();
        env.sandbox.advance(minutes(4));
        return id;
      },
      FULLMIGRATING: () => configured(),
      INCRMIGEATING: async () => {
        const id = await configured();
        env.sandbox.advance(minutes(11));
        return id;
      },
      SUCCESS: async () => {
        const id = await configured("full_amount_migration");
        env.sandbox.advance(minutes(11));
        return id;
      },
      TERMINATED: async () => {
        const id = await configured();
        await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", task(id));
        env.sandbox.advance(minutes(1));
        return id;
      },
    };
    const calls: Record<string, (id: string) => Promise<{ response: Response; data?: unknown; error?: unknown }>> = {
      SetOnlineMigrationTask: (id) =>
        client.POST("/v2/{project_id}/migration/{task_id}/task", {
          ...task(id),
          body: { migration_method: "full_amount_migration", resume_mode: "auto", ...SIDES },
        }),
      StopMigrationTask: (id) => client.POST("/v2/{project_id}/migration-task/{task_id}/stop", task(id)),
      StopMigrationTaskSync: (id) => client.POST("/v2/{project_id}/migration-task/{task_id}/sync-stop", task(id)),
      UpdateMigrationTask: (id) => client.PUT("/v2/{project_id}/migration-task/{task_id}", { ...task(id), body: { resume_mode: "manual" } }),
      DeleteMigrationTask: (id) => client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: [id] } }),
    };
    let checked = 0;
    for (const [operationId, call] of Object.entries(calls)) {
      const allowed = allowedOf(operationId).status;
      for (const [made, make] of Object.entries(makers)) {
        env.sandbox.reset();
        const { response, error } = await call(await make());
        const expected = allowed.includes(made)
          ? [true, undefined]
          : [false, made === "CREATING" && operationId === "SetOnlineMigrationTask" ? "DCS.4017" : "DCS.4957"];
        expect([response.ok, (error as { error_code?: string } | undefined)?.error_code], `${operationId} on a ${made} task`).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBe(30);
  });

  it("reports per-task failures of batch calls inside their 200, and restarts a stopped task", async () => {
    const client = env.client();
    const running = await configured();
    const stop = await client.POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: [running, UNKNOWN] } });
    expect(stop.data?.migration_tasks).toEqual([
      { result: "success", task_id: running },
      expect.objectContaining({ result: "failed", task_id: UNKNOWN, error_code: "DCS.4133" }),
    ]);
    const tooEarly = await client.POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: [running] } });
    expect(tooEarly.data?.migration_tasks).toEqual([expect.objectContaining({ result: "failed", error_code: "DCS.4957" })]);
    env.sandbox.advance(minutes(1));
    const restart = await client.POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: [running] } });
    expect(restart.data?.migration_tasks).toEqual([{ result: "success", task_id: running }]);
    expect(await status(running)).toEqual(["FULLMIGRATING", null]);
  });

  it("lists by name, offset and limit; a deleted task leaves the list at once and reads DELETED for a while, then DCS.4133", async () => {
    const client = env.client();
    const ids: string[] = [];
    for (const name of ["a", "b", "a"]) ids.push((await client.POST("/v2/{project_id}/migration/instance", { body: { ...ONLINE, name } })).data!.instance_id!);
    env.sandbox.advance(minutes(4));
    const list = (query: { offset?: number; limit?: number; name?: string }) =>
      client.GET("/v2/{project_id}/migration-tasks", { params: { query } }).then((r) => r.data!);
    expect((await list({})).count).toBe(3);
    expect((await list({ name: "a" })).migration_tasks?.map((t) => t.task_name)).toEqual(["a", "a"]);
    expect((await list({ offset: 1, limit: 1 })).migration_tasks).toHaveLength(1);
    const deleted = await client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: [ids[1]!, UNKNOWN] } });
    expect(deleted.data?.task_id_list).toEqual([ids[1]]);
    expect((await list({})).migration_tasks?.map((t) => t.task_id)).not.toContain(ids[1]);
    expect(await status(ids[1]!)).toEqual(["DELETED", null]);
    env.sandbox.advance(minutes(1));
    expect(await status(ids[1]!)).toEqual(["DCS.4133"]);
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

  it("keeps each project's tasks to itself", async () => {
    const id = await configured();
    const other = env.client({ projectId: "f0e1d2c3b4a5968778695a4b3c2d1e0f" });
    expect((await other.GET("/v2/{project_id}/migration-tasks", {})).data?.count).toBe(0);
    expect((await other.GET("/v2/{project_id}/migration-task/{task_id}", task(id))).error?.error_code).toBe("DCS.4133");
  });

  it("keeps each project a world of its own: its time, its next task's outcome, its reset", async () => {
    const [a, b] = ["a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"];
    const [inA, inB] = [env.client({ projectId: a }), env.client({ projectId: b })];
    const importIn = async (client: DcsClient) => (await client.POST("/v2/{project_id}/migration-task", { body: backupBody() })).data!.id!;
    env.sandbox.project(b).setNextTransition({ outcome: "fail-import" });
    const [taskA, taskB] = [await importIn(inA), await importIn(inB)];
    env.sandbox.project(a).advance(minutes(10));
    expect([await status(taskA, inA), await status(taskB, inB)]).toEqual([
      ["SUCCESS", null],
      ["CREATING", null],
    ]);
    expect(env.sandbox.project(a).now() - env.sandbox.project(b).now()).toBe(minutes(10));

    // The same over HTTP, as a test in another process does it.
    const control = (method: string, path: string, body?: object) =>
      fetch(`${env.sandbox.controlUrl}${path}`, { method, ...(body ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}) });
    expect((await control("POST", "/clock", { advanceMs: minutes(10), projectId: b })).status).toBe(200);
    expect(await status(taskB, inB)).toEqual(["MIGRATION_FAILED", null]);
    expect((await (await control("GET", `?projectId=${b}`)).json()).tasks).toEqual([
      { task_id: taskB, project_id: b, status: "MIGRATION_FAILED", task_status: null },
    ]);
    expect((await control("POST", "/reset", { projectId: b })).status).toBe(204);
    expect([
      env.sandbox.project(b).state().tasks,
      env.sandbox
        .project(a)
        .state()
        .tasks.map((t) => t.task_id),
    ]).toEqual([[], [taskA]]);
  });

  it("never echoes a Redis password", async () => {
    const id = await configured();
    const shown = await env.client().GET("/v2/{project_id}/migration-task/{task_id}", task(id));
    expect(JSON.stringify(shown.data)).not.toMatch(/source-secret|target-secret/);
    expect(shown.data?.source_instance?.id).toBe(SIDES.source_instance.id);
  });
});

describe("the sandbox reaches every status of every x-lifecycle flow through its controls", () => {
  it("produces each status the document's flows name", async () => {
    const seen = new Set<string>();
    const look = async (id: string) => {
      const [taskStatus, switchStatus] = await status(id);
      seen.add(String(taskStatus));
      if (switchStatus) seen.add(String(switchStatus));
    };
    const client = env.client();
    const backup = (await client.POST("/v2/{project_id}/migration-task", { body: backupBody() })).data!.id!;
    for (const step of [0, minutes(1), minutes(5)]) {
      env.sandbox.advance(step);
      await look(backup);
    }
    const id = (await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE })).data!.instance_id!;
    await look(id);
    env.sandbox.advance(minutes(4));
    await look(id);
    await client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...task(id),
      body: { migration_method: "incremental_migration", resume_mode: "auto", ...SIDES },
    });
    await look(id);
    env.sandbox.advance(minutes(11));
    env.sandbox.setNextTransition({ taskId: id, outcome: "fail-ip-switch" });
    await exchange(client, id);
    await look(id);
    env.sandbox.advance(minutes(1));
    await look(id);
    await exchange(client, id);
    env.sandbox.advance(minutes(1));
    await look(id);
    await client.POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", task(id));
    env.sandbox.advance(minutes(1));
    await look(id);
    await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", task(id));
    await look(id);
    env.sandbox.advance(minutes(1));
    await look(id);
    env.sandbox.advance(minutes(24 * 60));
    await look(id);
    await client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: [id] } });
    await look(id);
    const full = await configured("full_amount_migration");
    env.sandbox.advance(minutes(11));
    await look(full);

    const named = ["MigrationStatus", "IpExchangeStatus"].flatMap((name) =>
      (deref({ $ref: `#/components/schemas/${name}` })["x-lifecycle"] as { flows: Array<{ statuses: string[] }> }).flows.flatMap((f) => f.statuses),
    );
    expect([...new Set(named)].filter((s) => !seen.has(s))).toEqual([]);
  });
});

describe("the control API, on the sandbox's own URL", () => {
  const control = (method: string, path: string, body?: object) =>
    fetch(`${env.sandbox.controlUrl}${path}`, { method, ...(body ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}) });

  it("reads the state, moves the clock, sets the next transition and faults, and resets", async () => {
    const id = await configured();
    expect(env.sandbox.controlUrl).toBe(`${env.sandbox.url}/__sandbox`);
    const before = env.sandbox.now();
    expect((await (await control("POST", "/clock", { advanceMs: minutes(11) })).json()).now).toBeGreaterThanOrEqual(before + minutes(11));
    expect((await (await control("GET", "")).json()).tasks).toEqual([
      { task_id: id, project_id: expect.any(String), status: "INCRMIGEATING", task_status: null },
    ]);
    expect((await control("POST", "/transitions", { taskId: id, outcome: "fail-ip-switch" })).status).toBe(204);
    expect((await control("PUT", "/faults", { rate: 1, kinds: ["error"] })).status).toBe(200);
    const spoiled = await env.client().GET("/v2/{project_id}/migration-tasks", {});
    expect([spoiled.response.status, spoiled.error?.error_code]).toEqual([500, "DCS.5000"]);
    expect((await control("POST", "/reset")).status).toBe(204);
    expect((await env.client().GET("/v2/{project_id}/migration-tasks", {})).data?.count).toBe(0);
  });

  it.each([
    ["POST", "/clock", { advance: 60000 }, "unknown field advance (did you mean advanceMs?); the fields are advanceMs, projectId"],
    ["POST", "/reset", { projectId: "" }, "`projectId` is the project ID the API calls use"],
    ["POST", "/clock", { advanceMs: "soon" }, '`advanceMs` is how far to move the clock, a number of milliseconds >= 0; got "soon"'],
    ["POST", "/transitions", { outcome: "stall-synk" }, "(did you mean stall-sync?)"],
    [
      "POST",
      "/transitions",
      { outcome: "explode" },
      "`outcome` is one of fail-job, fail-import, fail-full-sync, stall-full-sync, stall-sync, fail-ip-switch, fail-rollback",
    ],
    ["PUT", "/faults", { rate: 2 }, "`PUT /__sandbox/faults.rate` is the share of responses to spoil, from 0 to 1; got 2"],
    ["PUT", "/faults", { kinds: ["boom"] }, '`PUT /__sandbox/faults.kinds` lists some of throttle, error, slow; got ["boom"]'],
    ["PUT", "/gateway-clock", { skew: 5 }, "unknown field skew (did you mean skewMs?)"],
    ["POST", "/time", {}, "no control POST /__sandbox/time; the controls are GET /__sandbox"],
  ] as const)("%s %s %j: names the field and what it takes", async (method, path, body, message) => {
    const answer = await control(method, path, body);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect((await answer.json()).error).toContain(message);
  });

  it("is refused from code the same way, naming the option", () => {
    expect(() => env.sandbox.setNextTransition({ outcome: "nope" as never })).toThrow(/`outcome` is one of/);
    expect(() => env.sandbox.setNextTransition({ taskId: UNKNOWN, outcome: "stall-sync" })).toThrow(/no task of the sandbox; leave it out/);
    expect(() => env.sandbox.advance(-1)).toThrow(/`advance\(ms\)` is how far to move the clock/);
    expect(() => env.sandbox.project("")).toThrow(/^project\(projectId\) is the project ID the API calls use/);
    expect(() => env.sandbox.setFaults({ rate: 0.5, kinds: ["slow"], slowMS: 1 } as never)).toThrow(/unknown field slowMS \(did you mean slowMs\?\)/);
  });
});
