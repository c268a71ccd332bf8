import type { DcsClient } from "./client.js";
import { DcsApiError } from "./errors.js";
import { listAllMigrationTasks } from "./lists.js";
import { DcsWaitError, minutes, type PollOptions, pollUntil, timing } from "./wait/poll.js";

/**
 * Deletes migration tasks (DeleteMigrationTask), then polls the task list until none of them is
 * listed, and only then resolves, with the IDs the service deleted: an unknown or already deleted ID
 * is not among them (the service ignores it, and answers the list of those it deleted). The task
 * list is the place to confirm it: the detail call may still answer for a deleted task for a while. Defaults: a poll every 5 s (±20%),
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
  // Without the list in the answer, every ID asked for is taken as deleted (and confirmed by the list below).
  const answered = deleted.data?.task_id_list;
  const gone = Array.isArray(answered) ? taskIds.filter((id) => answered.includes(id)) : [...taskIds];

  const stillListed = async () => {
    const wanted = new Set(gone);
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
  return gone;
}
