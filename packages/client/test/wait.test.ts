// The waiters against a real local HTTP server, scripted per test.
import { openDocument } from "@dcs-migration/openapi/walker";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDcsClient, DcsApiError, DcsWaitError, type TaskProgressEvent, waitForIpExchange, waitForJob, waitForMigrationTask } from "../src/index.node.js";
import { PROJECT } from "./observe.js";
import { type Scripted, type SeenRequest, startScriptServer } from "./script-server.js";

let server: Awaited<ReturnType<typeof startScriptServer>>;
beforeAll(async () => {
  server = await startScriptServer();
});
afterAll(() => server.close());

const client = () => createDcsClient({ endpoint: server.url, projectId: PROJECT, retry: false });
// A task ID of its own for every test: a late request of another test (one it aborted, say) then
// cannot count as a read of this one.
let TASK = "";
let taskCount = 0;
beforeEach(() => {
  TASK = `task-${++taskCount}`;
});
const isTask = (r: SeenRequest) => r.path === `/v2/${PROJECT}/migration-task/${TASK}`;
const isStats = (r: SeenRequest) => r.path === `/v2/${PROJECT}/migration-task/${TASK}/stats`;
/** Answers the task reads in turn from `tasks` (the last one again once they run out), and stats likewise. */
function sequence(tasks: object[], stats: object[] = []): (r: SeenRequest, nth: number) => Scripted {
  return (r, nth) => {
    if (isTask(r)) return { body: { task_id: TASK, migration_type: "online_migration", ...tasks[Math.min(nth, tasks.length) - 1] } };
    if (isStats(r))
      return stats.length
        ? { body: stats[Math.min(nth, stats.length) - 1] }
        : { status: 400, body: { error_code: "DCS.4133", error_msg: "Instance job is not found." } };
    return { status: 404 };
  };
}
const fast = { intervalMs: 5 };

// The groups as the document states them (x-status-groups), read from the bundle, not from the client.
const groups = openDocument().deref({ $ref: "#/components/schemas/MigrationStatus" })["x-status-groups"] as Record<string, string[]>;

describe("waitForMigrationTask", () => {
  it("polls until the status awaited, with each read's task and, while it migrates, its progress as numbers", async () => {
    server.script(
      sequence(
        [{ status: "FULLMIGRATING" }, { status: "FULLMIGRATING" }, { status: "INCRMIGEATING" }],
        [
          { full_migration_progress: "42.5", offset: "0", source_dbsize: 1000, target_dbsize: "425", is_migrating: true },
          { full_migration_progress: 100, offset: 12, target_dbsize: 1000, target_ops: "n/a" },
        ],
      ),
    );
    const events: TaskProgressEvent[] = [];
    const task = await waitForMigrationTask(client(), TASK, { ...fast, until: "INCRMIGEATING", onProgress: (e) => events.push(e) });
    expect(task.status).toBe("INCRMIGEATING");
    expect(events.map((e) => [e.task.status, e.stats])).toEqual([
      ["FULLMIGRATING", { full_migration_progress: 42.5, offset: 0, source_dbsize: 1000, target_dbsize: 425, is_migrating: true }],
      ["FULLMIGRATING", { full_migration_progress: 100, offset: 12, target_dbsize: 1000 }],
      ["INCRMIGEATING", { full_migration_progress: 100, offset: 12, target_dbsize: 1000 }],
    ]);
  });

  it("reads no progress for a backup import, and goes on without it when the stats call fails", async () => {
    server.script((r, nth) =>
      isTask(r) ? { body: { task_id: TASK, migration_type: "backupfile_import", status: nth < 2 ? "MIGRATING" : "SUCCESS" } } : { status: 500 },
    );
    const events: TaskProgressEvent[] = [];
    await waitForMigrationTask(client(), TASK, { ...fast, onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.stats)).toEqual([undefined, undefined]);
    expect(server.requests.filter(isStats)).toEqual([]);

    server.script(sequence([{ status: "FULLMIGRATING" }, { status: "SUCCESS" }]));
    const seen: TaskProgressEvent[] = [];
    await expect(waitForMigrationTask(client(), TASK, { ...fast, onProgress: (e) => seen.push(e) })).resolves.toMatchObject({ status: "SUCCESS" });
    expect(seen[0]?.stats).toBeUndefined();
    expect(server.requests.filter(isStats)).toHaveLength(1);
  });

  it.each([...groups.succeeded!, ...groups.failed!, ...groups.stopped!])(
    "by default ends the wait on %s, a status the document says ends a task",
    async (status) => {
      server.script(sequence([{ status: "MIGRATING" }, { status }]));
      await expect(waitForMigrationTask(client(), TASK, fast)).resolves.toMatchObject({ status });
    },
  );

  it.each([
    ["FAILED", "failed"],
    ["MIGRATION_FAILED", "failed"],
    ["RELEASED", "ended"],
    ["TERMINATED", "ended"],
    ["SUCCESS", "ended"],
  ])("waiting for INCRMIGEATING, fails at once on %s (kind %s), not at the timeout", async (status, kind) => {
    server.script(sequence([{ status }]));
    const error = await waitForMigrationTask(client(), TASK, { until: "INCRMIGEATING", intervalMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DcsWaitError);
    expect(error).toMatchObject({ kind, task: { status } });
    expect(server.requests.filter(isTask)).toHaveLength(1);
  });

  it("fails as stalled when neither status nor progress moves for stallAfterMs", async () => {
    server.script(sequence([{ status: "FULLMIGRATING" }], [{ full_migration_progress: 37, offset: 0, target_dbsize: 370 }]));
    const error = await waitForMigrationTask(client(), TASK, { ...fast, until: "INCRMIGEATING", stallAfterMs: 80 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "DcsWaitError", kind: "stalled" });
    expect(String(error)).toMatch(/has not moved for \d+ s \(stallAfterMs\): still FULLMIGRATING, progress 37%, offset 0, target keys 370/);
  });

  it("is not stalled while progress moves, nor while a caught-up incremental sync stands still", async () => {
    const stats = Array.from({ length: 12 }, (_, i) => ({ full_migration_progress: i * 8, target_dbsize: i * 80 }));
    server.script(sequence([...stats.map(() => ({ status: "FULLMIGRATING" })), { status: "INCRMIGEATING" }], stats));
    await expect(waitForMigrationTask(client(), TASK, { intervalMs: 15, until: "INCRMIGEATING", stallAfterMs: 40 })).resolves.toMatchObject({
      status: "INCRMIGEATING",
    });

    const idle = Array.from({ length: 10 }, () => ({ status: "INCRMIGEATING" }));
    server.script(sequence([...idle, { status: "TERMINATED" }], [{ full_migration_progress: 100, offset: 0, target_dbsize: 500 }]));
    await expect(waitForMigrationTask(client(), TASK, { intervalMs: 15, until: "TERMINATED", stallAfterMs: 40 })).resolves.toMatchObject({
      status: "TERMINATED",
    });
  });

  it("stops at its timeout, saying where the task is", async () => {
    server.script(sequence([{ status: "MIGRATING" }]));
    await expect(waitForMigrationTask(client(), TASK, { intervalMs: 5, timeoutMs: 40, stallAfterMs: false })).rejects.toMatchObject({
      kind: "timeout",
      message: `migration task ${TASK} still MIGRATING after 40 ms (timeoutMs)`,
    });
  });

  it("says plainly that the task does not exist (400 DCS.4133)", async () => {
    server.script(() => ({ status: 400, body: { error_code: "DCS.4133", error_msg: "Instance job is not found.", error_ext_msg: null } }));
    const error = await waitForMigrationTask(client(), TASK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DcsApiError);
    expect((error as DcsApiError).isTaskNotFound).toBe(true);
    expect(String(error)).toMatch(/DCS\.4133: Instance job is not found\. \(request id 0123456789abcdef0123456789abcdef\) - The migration task does not exist/);
  });

  it("aborts at once when the signal fires, between polls or during one", async () => {
    server.script(sequence([{ status: "MIGRATING" }]));
    // Aborted once the first read is in: a wait that ignored the signal would sleep its ten-minute
    // interval, far past the test's timeout.
    const between = new AbortController();
    const waiting = waitForMigrationTask(client(), TASK, {
      intervalMs: 600_000,
      signal: between.signal,
      onProgress: () => queueMicrotask(() => between.abort(new Error("cancelled between polls"))),
    });
    await expect(waiting).rejects.toThrow("cancelled between polls");

    const before = new AbortController();
    before.abort(new Error("cancelled before the first poll"));
    await expect(waitForMigrationTask(client(), TASK, { signal: before.signal })).rejects.toThrow("cancelled before the first poll");
  });

  it("accepts a status value the document does not know yet", async () => {
    server.script(sequence([{ status: "SOME_NEW_STATUS" }, { status: "SUCCESS" }]));
    const seen: string[] = [];
    await waitForMigrationTask(client(), TASK, { ...fast, onProgress: ({ task }) => seen.push(String(task.status)) });
    expect(seen).toEqual(["SOME_NEW_STATUS", "SUCCESS"]);
  });

  it("names the option and the fix for a wrong timing", async () => {
    await expect(waitForMigrationTask(client(), TASK, { intervalMs: 0 })).rejects.toThrow(
      "waitForMigrationTask: `intervalMs` must be a positive number of milliseconds, got 0",
    );
    await expect(waitForMigrationTask(client(), TASK, { stallAfterMs: -1 })).rejects.toThrow(
      "`stallAfterMs` must be a positive number of milliseconds, or false",
    );
  });

  it("refuses, before any poll, to wait for a status the document does not have, listing those it has", async () => {
    server.script(sequence([{ status: "INCRMIGEATING" }]));
    // @ts-expect-error the natural spelling is not the service's (INCRMIGEATING): it does not compile
    const typo = waitForMigrationTask(client(), TASK, { until: "INCRMIGRATING" });
    await expect(typo).rejects.toThrow(TypeError);
    await expect(typo).rejects.toThrow(
      /`until` names "INCRMIGRATING", not a status of the document; the statuses are CREATING, RUNNING, MIGRATING, FULLMIGRATING, INCRMIGEATING, .*\(or pass a function of the task\)/,
    );
    // @ts-expect-error a list is checked too
    await expect(waitForMigrationTask(client(), TASK, { until: ["SUCCESS", "DONE"] })).rejects.toThrow(/"DONE", not a status/);
    expect(server.requests).toEqual([]);
  });

  it("waits on a test of the task and its progress: an incremental sync that has caught up", async () => {
    server.script(
      sequence(
        [{ status: "INCRMIGEATING" }],
        [
          { full_migration_progress: 100, offset: 512, target_dbsize: 990 },
          { full_migration_progress: 100, offset: 0, target_dbsize: 1000 },
        ],
      ),
    );
    const task = await waitForMigrationTask(client(), TASK, { ...fast, until: (t, progress) => t.status === "INCRMIGEATING" && progress?.offset === 0 });
    expect(task.status).toBe("INCRMIGEATING");
    expect(server.requests.filter(isStats)).toHaveLength(2);
  });
});

describe("waitForJob", () => {
  const JOB = "ff8080818822bbf70188235afc24141a";
  const jobs = (...states: object[]) =>
    server.script((r, nth) =>
      r.path === `/v2/${PROJECT}/jobs/${JOB}` ? { body: { job_id: JOB, ...states[Math.min(nth, states.length) - 1] } } : { status: 404 },
    );

  it("polls ShowJobInfo until SUCCESS", async () => {
    jobs({ status: "INIT" }, { status: "RUNNING" }, { status: "SUCCESS", end_time: "1684191548248" });
    const seen: string[] = [];
    const job = await waitForJob(client(), JOB, { ...fast, onProgress: (j) => seen.push(String(j.status)) });
    expect(job).toMatchObject({ status: "SUCCESS", end_time: "1684191548248" });
    expect(seen).toEqual(["INIT", "RUNNING", "SUCCESS"]);
  });

  it("throws with the fail_reason when the job is FAIL", async () => {
    jobs({ status: "RUNNING" }, { status: "FAIL", fail_reason: "The subnet has no free IP address." });
    await expect(waitForJob(client(), JOB, fast)).rejects.toMatchObject({
      name: "DcsWaitError",
      kind: "failed",
      message: `job ${JOB} failed: The subnet has no free IP address.`,
      job: { status: "FAIL" },
    });
  });

  it("stops at its timeout", async () => {
    jobs({ status: "RUNNING" });
    await expect(waitForJob(client(), JOB, { intervalMs: 5, timeoutMs: 30 })).rejects.toMatchObject({
      kind: "timeout",
      message: `job ${JOB} still RUNNING after 30 ms (timeoutMs)`,
    });
  });
});

describe("waitForIpExchange", () => {
  it("waits for EXCHANGE_SUCCESS in task_status", async () => {
    server.script(
      sequence([
        { status: "INCRMIGEATING" },
        { status: "INCRMIGEATING", task_status: "EXCHANGING" },
        { status: "INCRMIGEATING", task_status: "EXCHANGE_SUCCESS" },
      ]),
    );
    await expect(waitForIpExchange(client(), TASK, fast)).resolves.toMatchObject({ task_status: "EXCHANGE_SUCCESS" });
    expect(server.requests.filter(isTask)).toHaveLength(3);
  });

  it("after a rollback, reads past a stale EXCHANGE_SUCCESS until ROLLBACK_SUCCESS", async () => {
    server.script(
      sequence([
        { status: "INCRMIGEATING", task_status: "EXCHANGE_SUCCESS" },
        { status: "INCRMIGEATING", task_status: "EXCHANGE_SUCCESS" },
        { status: "INCRMIGEATING", task_status: "ROLLBACK_SUCCESS" },
      ]),
    );
    await expect(waitForIpExchange(client(), TASK, { ...fast, rollback: true })).resolves.toMatchObject({ task_status: "ROLLBACK_SUCCESS" });
    expect(server.requests.filter(isTask)).toHaveLength(3);
  });

  it("throws at once when the task ends during the switch, or the switch reports a failure", async () => {
    server.script(
      sequence([
        { status: "INCRMIGEATING", task_status: "EXCHANGING" },
        { status: "TERMINATED", task_status: "EXCHANGING" },
      ]),
    );
    await expect(waitForIpExchange(client(), TASK, fast)).rejects.toMatchObject({
      kind: "ended",
      message: `migration task ${TASK} ended as TERMINATED during the IP switch (task_status EXCHANGING)`,
    });

    server.script(sequence([{ status: "INCRMIGEATING", task_status: "EXCHANGE_FAILED" }]));
    await expect(waitForIpExchange(client(), TASK, { intervalMs: 60_000 })).rejects.toMatchObject({
      kind: "failed",
      message: `the IP switch of migration task ${TASK} failed: task_status EXCHANGE_FAILED`,
    });
  });
});
