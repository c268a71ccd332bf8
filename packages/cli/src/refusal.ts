// Why the service refused an operation in the task's status (DCS.4957), said for this task: the
// catalogue's fix ("wait until the task reaches a status that does") is wrong for a task that never
// will (an IP switch from a self-hosted source) or that must be stopped first (a running task to
// delete). The operation's allowed statuses come from the document (x-dcs-allowed-statuses).
import { DcsApiError, type DcsClient, DcsErrors, MIGRATION_STATUS_GROUPS } from "@dcs-migration/client";
import { OPERATIONS, type OperationSpec } from "@dcs-migration/client/operations";

const ENDED = [...MIGRATION_STATUS_GROUPS.succeeded, ...MIGRATION_STATUS_GROUPS.failed, ...MIGRATION_STATUS_GROUPS.stopped];

/** The operation a request was for, and its task ID, from the method and URL the error names. */
function operationOf(error: DcsApiError): { op: OperationSpec; taskId: string } | undefined {
  const path = new URL(error.url).pathname;
  for (const op of OPERATIONS) {
    if (op.method !== error.method) continue;
    const names: string[] = [];
    const pattern = new RegExp(
      `^${op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      })}$`,
    );
    const match = pattern.exec(path);
    const at = names.indexOf("task_id");
    if (match && at !== -1) return { op, taskId: decodeURIComponent(match[at + 1] as string) };
  }
  return undefined;
}

const list = (values: ReadonlyArray<string | null>) => values.map((v) => v ?? "(none)").join(", ");

/** A hint for this task, or undefined when the error is not a refusal in the task's status. */
export async function refusalHint(error: unknown, client: () => DcsClient): Promise<string | undefined> {
  if (!isStateRefusal(error)) return undefined;
  const found = operationOf(error);
  return found ? stateRefusalHint(client(), found.op, found.taskId) : undefined;
}

export const isStateRefusal = (error: unknown): error is DcsApiError => error instanceof DcsApiError && error.code === DcsErrors.TASK_STATE_FORBIDS.code;

/** Why `op` is refused for the task `taskId` as it stands now; undefined when that cannot be said. */
export async function stateRefusalHint(client: DcsClient, op: OperationSpec, taskId: string): Promise<string | undefined> {
  const allowed = op.allowedStatuses;
  if (!allowed) return undefined;
  const { data: task } = await client
    .GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } } })
    .catch(() => ({ data: undefined }));
  if (!task?.status) return undefined;
  const status = task.status;
  // An operation that needs an IP-switch status switches IPs, which the service does only between DCS instances.
  if (allowed.task_status && task.source_instance?.addrs && !task.source_instance.id) {
    return `${op.operationId} switches IPs only between two DCS instances; task ${taskId}'s source is self-hosted (${task.source_instance?.addrs ?? "addrs"}), so it never can: point the application at the target's address yourself.`;
  }
  if (!allowed.status.includes(status)) {
    const migrating = (s: string) => (MIGRATION_STATUS_GROUPS.migrating as readonly string[]).includes(s);
    const ended = (s: string) => (ENDED as readonly string[]).includes(s);
    if (ended(status) && !allowed.status.some(ended)) {
      return `${op.operationId} is allowed only while a task is ${list(allowed.status)}; task ${taskId} has ended (${status}), so it never will be for this task.`;
    }
    if (migrating(status) && !allowed.status.some(migrating)) {
      return `${op.operationId} is allowed when the task is ${list(allowed.status)}; task ${taskId} is ${status} and still running: stop it first (dcs-migrate stop ${taskId}), then retry.`;
    }
    return `${op.operationId} is allowed when the task is ${list(allowed.status)}; task ${taskId} is ${status}: dcs-migrate wait ${taskId} --until ${allowed.status.join(",")}, then retry.`;
  }
  if (allowed.task_status && !allowed.task_status.includes(task.task_status ?? null)) {
    return `${op.operationId} is allowed when the IP switch status is ${list(allowed.task_status)}; task ${taskId}'s is ${task.task_status ?? "(none)"}.`;
  }
  return undefined;
}
