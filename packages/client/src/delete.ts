import type { DcsClient } from "./client.js";
import { DcsApiError } from "./errors.js";
import { listAllMigrationTasks } from "./lists.js";
import { DcsWaitError, minutes, type PollOptions, pollUntil, timing } from "./wait/poll.js";

/**
 * Deletes migration tasks (DeleteMigrationTask), then polls the task list until none of them is
 * listed, and only then resolves, with their IDs. The task list is the place to confirm it: the
 * detail call may still answer for a deleted task for a while. Defaults: a poll every 5 s (±20%),
 * 10 minutes at most (DcsWaitError kind "timeout", naming the tasks still listed).
 */
export async function deleteMigrationTasks(client: DcsClient, taskIds: readonly string[], options: PollOptions = {}): Promise<string[]> {
  const time = timing("deleteMigrationTasks", options, { intervalMs: 5000, timeoutMs: minutes(10) });
  if (!Array.isArray(taskIds) || taskIds.length === 0 || taskIds.some((id) => typeof id !== "string" || id === "")) {
    throw new TypeError("deleteMigrationTasks: pass the IDs of the tasks to delete, a non-empty array of strings");
  }
  const signal = time.signal ? { signal: time.signal } : {};
  const deleted = await client.DELETE("/v2/{project_id}/migration-tasks/delete", { body: { task_id_list: [...taskIds] }, ...signal });
  if (!deleted.response.ok) throw DcsApiError.from(deleted, "DELETE");

  const stillListed = async () => {
    const wanted = new Set(taskIds);
    const listed: string[] = [];
    for await (const task of listAllMigrationTasks(client, signal)) if (task.task_id && wanted.has(task.task_id)) listed.push(task.task_id);
    return listed;
  };
  await pollUntil(
    time,
    stillListed,
    (listed) => listed.length === 0,
    (listed) => new DcsWaitError("timeout", `migration tasks still listed ${time.timeoutMs} ms after their deletion (timeoutMs): ${listed.join(", ")}`),
  );
  return [...taskIds];
}
