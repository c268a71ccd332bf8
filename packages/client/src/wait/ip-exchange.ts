import type { DcsClient } from "../client.js";
import { dataOrThrow } from "../errors.js";
import { IP_EXCHANGE_STATUS } from "../generated/constants.js";
import type { MigrationTask } from "../generated/schema.js";
import { DcsWaitError, minutes, type PollOptions, pollUntil, timing } from "./poll.js";
import { ENDED, ipExchangeFailed } from "./statuses.js";

export interface IpExchangeWaitOptions extends PollOptions {
  /** Wait for a rollback (RollbackExchangeInstanceIp) to finish rather than a switch. */
  rollback?: boolean;
  /** Called with every read of the task. */
  onProgress?: (task: MigrationTask) => void;
}

/**
 * After ExchangeInstanceIp, polls the task until its `task_status` is `EXCHANGE_SUCCESS`; with
 * `{ rollback: true }`, after RollbackExchangeInstanceIp, until `ROLLBACK_SUCCESS` (an
 * `EXCHANGE_SUCCESS` still read just after the rollback call is not the end). A task that ends
 * (leaves incremental migration: TERMINATED, FAILED...) or whose switch fails meanwhile throws
 * DcsWaitError at once. Defaults: a poll every 5 s (±20%), 30 minutes at most.
 */
export function waitForIpExchange(client: DcsClient, taskId: string, options: IpExchangeWaitOptions = {}): Promise<MigrationTask> {
  const time = timing("waitForIpExchange", options, { intervalMs: 5000, timeoutMs: minutes(30) });
  const target = options.rollback ? IP_EXCHANGE_STATUS.ROLLBACK_SUCCESS : IP_EXCHANGE_STATUS.EXCHANGE_SUCCESS;
  const what = options.rollback ? "IP rollback" : "IP switch";
  const path = { params: { path: { task_id: taskId } }, ...(time.signal ? { signal: time.signal } : {}) };
  const read = async () => {
    return dataOrThrow(await client.GET("/v2/{project_id}/migration-task/{task_id}", path), "GET");
  };
  const decide = (task: MigrationTask) => {
    options.onProgress?.(task);
    const switchStatus = task.task_status ?? "";
    if (switchStatus === target) return true;
    // No failure value is documented: the document's assumed ones, and anything that says it failed.
    if (ipExchangeFailed(switchStatus)) throw new DcsWaitError("failed", `the ${what} of migration task ${taskId} failed: task_status ${switchStatus}`, task);
    if (ENDED.has(task.status ?? "")) {
      throw new DcsWaitError("ended", `migration task ${taskId} ended as ${task.status} during the ${what} (task_status ${switchStatus || "empty"})`, task);
    }
    return false;
  };
  return pollUntil(time, read, decide, (task) => {
    return new DcsWaitError(
      "timeout",
      `the ${what} of migration task ${taskId} is still ${task.task_status || "not started"} after ${time.timeoutMs} ms (timeoutMs)`,
      task,
    );
  });
}
