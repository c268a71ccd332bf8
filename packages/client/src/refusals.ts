// Why the service refused an operation in the task's status (DCS.4957), said for this task: the
// catalogue's fix ("wait until the task reaches a status that does") is wrong for a task that never
// will (an IP switch from a self-hosted source, a task that has ended) or that must be stopped first
// (a running task to delete). The operation's allowed statuses come from the document
// (x-dcs-allowed-statuses). For surfaces (dcs-migrate, the MCP server), which say it their way.
import type { DcsClient } from "./client.js";
import type { DcsApiError } from "./errors.js";
import { TASK_STATE_FORBIDS } from "./generated/errors.js";
import type { OperationSpec } from "./operations.js";
import { ENDED, MIGRATING } from "./wait/statuses.js";

const list = (values: ReadonlyArray<string | null>) => values.map((v) => v ?? "(none)").join(", ");

/**
 * A refusal in the task's status. Known by its name, not instanceof: this entry is bundled apart
 * from the main one, so a DcsApiError the main entry throws is of another copy of the class.
 */
export const isStateRefusal = (error: unknown): error is DcsApiError =>
  error instanceof Error && error.name === "DcsApiError" && (error as DcsApiError).code === TASK_STATE_FORBIDS.code;

/** How a surface tells its user to stop a task, or to wait for statuses: its command, or its tool. */
export interface RefusalWords {
  stop(taskId: string): string;
  wait(taskId: string, statuses: readonly string[]): string;
}

const GENERIC: RefusalWords = {
  stop: (taskId) => `stop it first (StopMigrationTask ${taskId})`,
  wait: (taskId, statuses) => `wait until task ${taskId} is ${statuses.join(" or ")}`,
};

/** Why `op` is refused for the task `taskId` as it stands now; undefined when that cannot be said. */
export async function stateRefusalHint(client: DcsClient, op: OperationSpec, taskId: string, words: RefusalWords = GENERIC): Promise<string | undefined> {
  const allowed = op.allowedStatuses;
  if (!allowed) return undefined;
  const { data: task } = await client
    .GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } } })
    .catch(() => ({ data: undefined }));
  if (!task?.status) return undefined;
  const status = task.status;
  // An operation that needs an IP-switch status switches IPs, which the service does only between DCS instances.
  if (allowed.task_status && task.source_instance?.addrs && !task.source_instance.id) {
    return `${op.operationId} switches IPs only between two DCS instances; task ${taskId}'s source is self-hosted (${task.source_instance.addrs}), so it never can: point the application at the target's address yourself.`;
  }
  if (!allowed.status.includes(status)) {
    const migrating = (s: string) => MIGRATING.has(s);
    const ended = (s: string) => ENDED.has(s);
    if (ended(status) && !allowed.status.some(ended)) {
      return `${op.operationId} is allowed only while a task is ${list(allowed.status)}; task ${taskId} has ended (${status}), so it never will be for this task.`;
    }
    if (migrating(status) && !allowed.status.some(migrating)) {
      return `${op.operationId} is allowed when the task is ${list(allowed.status)}; task ${taskId} is ${status} and still running: ${words.stop(taskId)}, then retry.`;
    }
    return `${op.operationId} is allowed when the task is ${list(allowed.status)}; task ${taskId} is ${status}: ${words.wait(taskId, allowed.status)}, then retry.`;
  }
  if (allowed.task_status && !allowed.task_status.includes(task.task_status ?? null)) {
    const now = task.task_status ? `its IP switch status is ${task.task_status}` : "it has no IP switch (task_status is empty)";
    return `${op.operationId} is allowed when the IP switch status is ${list(allowed.task_status)}; task ${taskId} is ${status} and ${now}.`;
  }
  return undefined;
}
