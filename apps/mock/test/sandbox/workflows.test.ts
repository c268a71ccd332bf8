// The client's migration helpers and its whole-migration example, against the sandbox. The clock is
// manual and every request moves it 20 s (the sandbox's `stepMs`): a wait sees the same statuses at
// the same polls however loaded the machine is (a ten-minute full copy is 30 requests).
import {
  DcsApiError,
  DcsWaitError,
  deleteMigrationTasks,
  listAllMigrationTaskLogs,
  listAllMigrationTasks,
  unwrap,
  waitForIpExchange,
  waitForJob,
  waitForMigrationTask,
} from "@dcs-migration/client";
import { runOnlineMigration } from "@dcs-migration/client/examples/online-migration";
import { describe, expect, it } from "vitest";
import { PROJECT } from "../contract.js";
import { backupBody, ONLINE, SIDES, useSandbox } from "./harness.js";

const env = useSandbox({ speed: "manual", stepMs: 20_000 });
const fast = { intervalMs: 1 };
const task = (task_id: string) => ({ params: { path: { task_id } } });

/** Creates an online task, waits for its job, configures it. */
async function started(method: "full_amount_migration" | "incremental_migration") {
  const client = env.client();
  const created = unwrap(await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE }));
  await waitForJob(client, created.job_id!, fast);
  unwrap(
    await client.POST("/v2/{project_id}/migration/{task_id}/task", {
      ...task(created.instance_id!),
      body: { migration_method: method, resume_mode: "auto", ...SIDES },
    }),
  );
  return created.instance_id!;
}

describe("the client's helpers against the sandbox", () => {
  it("runs examples/online-migration.ts end to end: INCRMIGEATING, EXCHANGE_SUCCESS, ROLLBACK_SUCCESS, TERMINATED, deleted", async () => {
    let output = "";
    const taskId = await runOnlineMigration(
      env.client(),
      {
        name: "example",
        vpcId: ONLINE.vpc_id,
        subnetId: ONLINE.subnet_id,
        securityGroupId: ONLINE.security_group_id,
        source: SIDES.source_instance,
        target: SIDES.target_instance,
        exchangedIps: ["192.168.0.153"],
        intervalMs: 10,
      },
      { write: (text: string) => (output += text) },
    );
    expect(output).toMatch(/\r\[[#-]{20}\] \d+(\.\d)?% (FULLMIGRATING|INCRMIGEATING), \d+ of \d+ keys/);
    expect(output).toMatch(/incremental sync running[\s\S]*IPs switched[\s\S]*IP switch rolled back[\s\S]*migration stopped[\s\S]*deleted/);
    // Deleted: it reads DELETED for a while, then is gone.
    expect(env.sandbox.state().tasks.filter((t) => t.task_id === taskId && t.status !== "DELETED")).toEqual([]);
  });

  it("waits a full migration to SUCCESS and a backup import to SUCCESS, with progress while the online one migrates", async () => {
    const client = env.client();
    const progress: number[] = [];
    const id = await started("full_amount_migration");
    const done = await waitForMigrationTask(client, id, {
      ...fast,
      until: "SUCCESS",
      onProgress: ({ stats }) => stats && progress.push(stats.full_migration_progress ?? -1),
    });
    expect(done.status).toBe("SUCCESS");
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p >= 0 && p <= 100)).toBe(true);

    const backup = unwrap(await client.POST("/v2/{project_id}/migration-task", { body: backupBody() }));
    await expect(waitForMigrationTask(client, backup.id!, fast)).resolves.toMatchObject({ status: "SUCCESS" });
  });

  it("pages through every task and a task's whole log", async () => {
    const client = env.client();
    for (let i = 0; i < 7; i++) await client.POST("/v2/{project_id}/migration/instance", { body: { ...ONLINE, name: `task-${i}` } });
    const names: string[] = [];
    for await (const t of listAllMigrationTasks(client, { pageSize: 3 })) names.push(String(t.task_name));
    expect(names.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `task-${i}`));

    const id = await started("incremental_migration");
    await waitForMigrationTask(client, id, { ...fast, until: "INCRMIGEATING" });
    const messages: string[] = [];
    for await (const entry of listAllMigrationTaskLogs(client, id, { pageSize: 1 })) messages.push(String(entry.message));
    expect(messages).toEqual(["Migration ECS created.", "Full migration started.", "Full migration finished, incremental migration started."]);
  });

  it("steps only the clock of the project a request is for", async () => {
    const other = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";
    const [mine, theirs] = [env.sandbox.project(PROJECT).now(), env.sandbox.project(other).now()];
    for (let i = 0; i < 3; i++) await env.client().GET("/v2/{project_id}/migration-tasks", {});
    expect([env.sandbox.project(PROJECT).now() - mine, env.sandbox.project(other).now() - theirs]).toEqual([60_000, 0]);
  });

  it("deletes tasks and confirms they are gone; a task still migrating cannot be", async () => {
    const client = env.client();
    const id = await started("full_amount_migration");
    const refused = await deleteMigrationTasks(client, [id], fast).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DcsApiError);
    expect((refused as DcsApiError).code).toBe("DCS.4957");
    await waitForMigrationTask(client, id, { ...fast, until: "SUCCESS" });
    await expect(deleteMigrationTasks(client, [id], fast)).resolves.toEqual([id]);
    // The detail reads DELETED for a virtual minute (each request moves the clock 20 s), then DCS.4133.
    const reads: string[] = [];
    for (let i = 0; i < 4; i++) {
      const read = await client.GET("/v2/{project_id}/migration-task/{task_id}", task(id));
      reads.push(read.data ? String(read.data.status) : DcsApiError.from(read).isTaskNotFound ? "not found" : "?");
    }
    expect(reads).toEqual(["DELETED", "not found", "not found", "not found"]);
  });
});

describe("the sandbox's control of what happens next", () => {
  it("fails the job: waitForJob throws with the job's fail_reason", async () => {
    const client = env.client();
    env.sandbox.setNextTransition({ outcome: "fail-job" });
    const created = unwrap(await client.POST("/v2/{project_id}/migration/instance", { body: ONLINE }));
    await expect(waitForJob(client, created.job_id!, fast)).rejects.toMatchObject({ kind: "failed", message: expect.stringContaining("no free IP address") });
  });

  it("fails the full sync: waiting for INCRMIGEATING ends at once with MIGRATION_FAILED", async () => {
    const client = env.client();
    env.sandbox.setNextTransition({ outcome: "fail-full-sync" });
    const id = await started("incremental_migration");
    const error = await waitForMigrationTask(client, id, { ...fast, until: "INCRMIGEATING" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DcsWaitError);
    expect(error).toMatchObject({ kind: "failed", task: { status: "MIGRATION_FAILED" } });
  });

  it("stalls the full copy: the waiter reports it as stalled, with where it stands", async () => {
    const client = env.client();
    env.sandbox.setNextTransition({ outcome: "stall-full-sync" });
    const id = await started("incremental_migration");
    await expect(waitForMigrationTask(client, id, { intervalMs: 50, until: "INCRMIGEATING", stallAfterMs: 300 })).rejects.toMatchObject({
      kind: "stalled",
      message: expect.stringMatching(/still FULLMIGRATING, progress 40%/),
    });
  });

  it("stalls the incremental sync: a wait for it to catch up reports it as stalled, with its offset", async () => {
    const client = env.client();
    env.sandbox.setNextTransition({ outcome: "stall-sync" });
    const id = await started("incremental_migration");
    const caughtUp = (task: { status?: string | null }, progress?: { offset?: number }) => task.status === "INCRMIGEATING" && progress?.offset === 0;
    await expect(waitForMigrationTask(client, id, { intervalMs: 50, until: caughtUp, stallAfterMs: 300 })).rejects.toMatchObject({
      kind: "stalled",
      message: expect.stringMatching(/still INCRMIGEATING, progress 100%, offset [1-9]\d*/),
    });
  });

  it("fails the IP switch: waitForIpExchange throws at once", async () => {
    const client = env.client();
    const id = await started("incremental_migration");
    await waitForMigrationTask(client, id, { ...fast, until: "INCRMIGEATING" });
    env.sandbox.setNextTransition({ taskId: id, outcome: "fail-ip-switch" });
    unwrap(
      await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", {
        ...task(id),
        body: { exchanged_ip: ["10.0.0.9"], is_exchange_domain: false },
      }),
    );
    await expect(waitForIpExchange(client, id, fast)).rejects.toMatchObject({ kind: "failed", message: expect.stringContaining("EXCHANGE_FAILED") });
  });
});

describe("the sandbox's faults", () => {
  it("throttles (429 with Retry-After), which the client retries for a GET", async () => {
    env.sandbox.setFaults({ rate: 1, kinds: ["throttle"] });
    const events: string[] = [];
    const client = env.client({ retry: { attempts: 2, baseDelayMs: 1 }, log: (e) => e.type === "retry" && events.push(`${e.reason} ${e.delayMs}`) });
    const result = await client.GET("/v2/{project_id}/migration-tasks", {});
    expect([result.response.status, result.error?.error_code, result.response.headers.get("Retry-After")]).toEqual([429, "APIGW.0308", "1"]);
    expect(events).toEqual(["HTTP 429 1000"]);
  });

  it("answers a 500 for a share of responses, and leaves the rest alone", async () => {
    env.sandbox.setFaults({ rate: 0.5, kinds: ["error"] });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await env.client().GET("/v2/{project_id}/migration-tasks", {})).response.status);
    const errors = statuses.filter((s) => s === 500).length;
    expect(errors).toBeGreaterThan(5);
    expect(errors).toBeLessThan(35);
    expect(statuses.filter((s) => s !== 500 && s !== 200)).toEqual([]);
  });

  it("answers slowly, which the client's timeout catches", async () => {
    // An answer that would come long after any test's end: the timeout, not a race, decides.
    env.sandbox.setFaults({ rate: 1, kinds: ["slow"], slowMs: 600_000 });
    await expect(env.client({ timeoutMs: 300 }).GET("/v2/{project_id}/migration-tasks", {})).rejects.toMatchObject({
      name: "DcsRequestError",
      kind: "timeout",
    });
  });
});
