import { openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";
import { createDcsClient, DcsApiError, DcsWaitError, waitForMigrationTask } from "../src/index.node.js";
import { json, observedFetch, PROJECT, TASK } from "./observe.js";

const task = (status: string) => json({ task_id: TASK, status });
const clientFor = (...answers: Response[]) => {
  const observed = observedFetch(...answers);
  return { client: createDcsClient({ endpoint: "http://127.0.0.1:4010", projectId: PROJECT, fetch: observed.fetch }), ...observed };
};

describe("waitForMigrationTask", () => {
  it("polls ShowMigrationTask until a stop is done (TERMINATED), reporting progress", async () => {
    const { client, requests } = clientFor(task("INCRMIGEATING"), task("TERMINATING"), task("TERMINATED"));
    const seen: string[] = [];
    const done = await waitForMigrationTask(client, TASK, { until: "TERMINATED", intervalMs: 1, onProgress: (t) => seen.push(String(t.status)) });
    expect(done.status).toBe("TERMINATED");
    expect(seen).toEqual(["INCRMIGEATING", "TERMINATING", "TERMINATED"]);
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(Array(3).fill(`GET /v2/${PROJECT}/migration-task/${TASK}`));
  });

  // The groups as the document states them (x-status-groups), read from the bundle, not from the client.
  const groups = openDocument().deref({ $ref: "#/components/schemas/MigrationStatus" })["x-status-groups"] as Record<string, string[]>;
  const ending = [...groups.succeeded!, ...groups.failed!, ...groups.stopped!];

  it.each(ending)("by default ends the wait on %s, a status the document says ends a task", async (status) => {
    const { client } = clientFor(task("MIGRATING"), task(status));
    await expect(waitForMigrationTask(client, TASK, { intervalMs: 1 })).resolves.toMatchObject({ status });
  });

  it.each(groups.failed!)("fails at once on %s while waiting for SUCCESS", async (status) => {
    const { client } = clientFor(task(status));
    await expect(waitForMigrationTask(client, TASK, { until: "SUCCESS" })).rejects.toMatchObject({ kind: "failed" });
  });

  it("stops with a clear error when the task fails", async () => {
    const { client } = clientFor(task("FULLMIGRATING"), task("MIGRATION_FAILED"));
    const wait = waitForMigrationTask(client, TASK, { until: "INCRMIGEATING", intervalMs: 1 });
    await expect(wait).rejects.toBeInstanceOf(DcsWaitError);
    await expect(waitForMigrationTask(clientFor(task("FAILED")).client, TASK, { until: "SUCCESS" })).rejects.toThrow(
      `migration task ${TASK} failed with status FAILED`,
    );
  });

  it("stops when the task ends in another way than awaited", async () => {
    const { client } = clientFor(task("TERMINATED"));
    await expect(waitForMigrationTask(client, TASK, { until: "SUCCESS" })).rejects.toMatchObject({ kind: "ended", task: { status: "TERMINATED" } });
  });

  it("stops at its timeout", async () => {
    const { client } = clientFor(task("MIGRATING"));
    await expect(waitForMigrationTask(client, TASK, { intervalMs: 5, timeoutMs: 30 })).rejects.toMatchObject({
      kind: "timeout",
      message: `migration task ${TASK} still MIGRATING after 30 ms (timeoutMs)`,
    });
  });

  it("says the task does not exist on DCS.4133", async () => {
    const { client } = clientFor(json({ error_code: "DCS.4133", error_msg: "Instance job is not found.", error_ext_msg: null }, 400));
    const wait = waitForMigrationTask(client, TASK);
    await expect(wait).rejects.toBeInstanceOf(DcsApiError);
    await expect(waitForMigrationTask(client, TASK)).rejects.toThrow(/the migration task does not exist/);
  });

  it("can be cancelled between polls", async () => {
    const { client } = clientFor(task("MIGRATING"));
    const controller = new AbortController();
    const wait = waitForMigrationTask(client, TASK, { intervalMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("cancelled")), 20);
    await expect(wait).rejects.toThrow("cancelled");
  });

  it("accepts a status value the document does not know yet", async () => {
    const { client } = clientFor(task("SOME_NEW_STATUS"), task("SUCCESS"));
    const seen: string[] = [];
    await waitForMigrationTask(client, TASK, { intervalMs: 1, onProgress: (t) => seen.push(String(t.status)) });
    expect(seen).toEqual(["SOME_NEW_STATUS", "SUCCESS"]);
  });
});
