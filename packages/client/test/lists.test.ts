// Paginators and deletion against a real local HTTP server, scripted per test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDcsClient, DcsApiError, DcsRequestError, deleteMigrationTasks, listAllMigrationTaskLogs, listAllMigrationTasks } from "../src/index.node.js";
import { PROJECT, TASK } from "./observe.js";
import { type SeenRequest, startScriptServer } from "./script-server.js";

let server: Awaited<ReturnType<typeof startScriptServer>>;
beforeAll(async () => {
  server = await startScriptServer();
});
afterAll(() => server.close());

const client = () => createDcsClient({ endpoint: server.url, projectId: PROJECT, retry: false });
const LIST = `/v2/${PROJECT}/migration-tasks`;
const tasks = (n: number) => Array.from({ length: n }, (_, i) => ({ task_id: `task-${i}`, task_name: `t${i}`, status: "SUCCESS" }));
/** A list that honours offset and limit, over `all`, with `count` or without it. */
const honest =
  (all: object[], withCount = true) =>
  (r: SeenRequest) => {
    if (r.path !== LIST) return { status: 404 };
    const offset = Number(r.query.get("offset"));
    const limit = Number(r.query.get("limit"));
    return { body: { ...(withCount ? { count: all.length } : {}), migration_tasks: all.slice(offset, offset + limit) } };
  };
const collect = async <T>(iterator: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
};

describe("listAllMigrationTasks", () => {
  it("walks the pages by offset and limit until count, passing the name filter", async () => {
    server.script(honest(tasks(5)));
    const all = await collect(listAllMigrationTasks(client(), { pageSize: 2, name: "t" }));
    expect(all.map((t) => t.task_id)).toEqual(["task-0", "task-1", "task-2", "task-3", "task-4"]);
    expect(server.requests.map((r) => r.query.toString())).toEqual(["offset=0&limit=2&name=t", "offset=2&limit=2&name=t", "offset=4&limit=2&name=t"]);
  });

  it("stops on a short page when the service gives no count, and on count without asking for an empty page", async () => {
    server.script(honest(tasks(3), false));
    expect(await collect(listAllMigrationTasks(client(), { pageSize: 2 }))).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
    server.script(honest(tasks(4)));
    expect(await collect(listAllMigrationTasks(client(), { pageSize: 2 }))).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });

  it("never loops on a server that ignores offset: it throws after the first repeated page", async () => {
    server.script(() => ({ body: { count: 10, migration_tasks: tasks(2) } }));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const task of listAllMigrationTasks(client(), { pageSize: 2 })) seen.push(String(task.task_id));
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DcsRequestError);
    expect(String(error)).toMatch(/the page at offset 2 repeats entries already listed: the server ignores `offset`/);
    expect(seen).toEqual(["task-0", "task-1"]);
    expect(server.requests).toHaveLength(2);
  });

  it("throws the service's error, and names a wrong page size", async () => {
    server.script(() => ({ status: 403, body: { error_code: "DCS.2003", error_msg: "This role does not have the permission to perform this operation." } }));
    await expect(collect(listAllMigrationTasks(client()))).rejects.toBeInstanceOf(DcsApiError);
    await expect(collect(listAllMigrationTasks(client(), { pageSize: 0 }))).rejects.toThrow(
      "listAllMigrationTasks: `pageSize` must be a whole number from 1, got 0",
    );
  });
});

describe("listAllMigrationTaskLogs", () => {
  it("walks a task's log by offset and limit until log_num, with the level filter", async () => {
    const entries = Array.from({ length: 3 }, (_, i) => ({ created_at: `2023-05-15T09:1${i}:00.000Z`, log_level: "ERROR", message: `line ${i}` }));
    server.script((r) => {
      const offset = Number(r.query.get("offset"));
      return r.path === `/v2/${PROJECT}/migration-task/${TASK}/logs`
        ? { body: { log_num: 3, migration_logs: entries.slice(offset, offset + 2) } }
        : { status: 404 };
    });
    const all = await collect(listAllMigrationTaskLogs(client(), TASK, { pageSize: 2, logLevel: "ERROR" }));
    expect(all.map((e) => e.message)).toEqual(["line 0", "line 1", "line 2"]);
    expect(server.requests.map((r) => r.query.get("log_level"))).toEqual(["ERROR", "ERROR"]);
  });
});

describe("deleteMigrationTasks", () => {
  it("deletes with one DELETE and a JSON body, then resolves only once the list no longer has the tasks", async () => {
    let listed = tasks(3);
    server.script((r, nth) => {
      if (r.method === "DELETE") return { body: { task_id_list: JSON.parse(r.body).task_id_list } };
      // The list still shows the tasks once after the DELETE, as a service that is slow to forget.
      if (nth === 2) listed = listed.filter((t) => !["task-0", "task-2"].includes(t.task_id));
      return honest(listed)(r);
    });
    await expect(deleteMigrationTasks(client(), ["task-0", "task-2"], { intervalMs: 5 })).resolves.toEqual(["task-0", "task-2"]);
    const [del, ...lists] = server.requests;
    expect([del?.method, del?.path, JSON.parse(del?.body ?? "null")]).toEqual(["DELETE", `${LIST}/delete`, { task_id_list: ["task-0", "task-2"] }]);
    expect(lists.map((r) => r.path)).toEqual([LIST, LIST]);
  });

  it("times out, naming the tasks still listed", async () => {
    server.script((r) => (r.method === "DELETE" ? { body: { task_id_list: ["task-1"] } } : honest(tasks(2))(r)));
    await expect(deleteMigrationTasks(client(), ["task-1"], { intervalMs: 5, timeoutMs: 30 })).rejects.toMatchObject({
      name: "DcsWaitError",
      kind: "timeout",
      message: "migration tasks still listed 30 ms after their deletion (timeoutMs): task-1",
    });
  });

  it("throws the service's error without polling, and refuses an empty list", async () => {
    server.script(() => ({ status: 400, body: { error_code: "DCS.4957", error_msg: "This operation is not allowed when the task is in the current state." } }));
    const error = await deleteMigrationTasks(client(), ["task-1"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DcsApiError);
    expect((error as DcsApiError).hint).toMatch(/wait until the task reaches a status that does/);
    expect(server.requests).toHaveLength(1);
    await expect(deleteMigrationTasks(client(), [])).rejects.toThrow("deleteMigrationTasks: pass the IDs of the tasks to delete, a non-empty array of strings");
  });
});
