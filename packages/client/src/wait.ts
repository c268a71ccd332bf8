import type { DcsClient } from "./client.js";
import { DcsApiError } from "./errors.js";
import { STATUS_GROUPS } from "./generated/meta.js";
import type { MigrationStatus, MigrationTask } from "./generated/schema.js";
import { sleep } from "./retry.js";

// Exclude, not NonNullable: `T & {}` would collapse the open enum `MigrationStatus | (string & {})` to string.
export type TaskStatus = Exclude<MigrationTask["status"], undefined | null>;

export interface WaitOptions {
  /** The status(es) to wait for, or a test of the task. Default: any status that ends a task. */
  until?: TaskStatus | readonly TaskStatus[] | ((task: MigrationTask) => boolean);
  signal?: AbortSignal;
  /** Between two polls. Default 5 s. */
  intervalMs?: number;
  /** Give up after this long. Default 30 min. */
  timeoutMs?: number;
  /** Called with every task read. */
  onProgress?: (task: MigrationTask) => void;
}

const group = (statuses: readonly MigrationStatus[]) => new Set<string>(statuses);
const FAILED = group(STATUS_GROUPS.failed);
const ENDED = group([...STATUS_GROUPS.succeeded, ...STATUS_GROUPS.failed, ...STATUS_GROUPS.stopped]);

/** The task did not reach what was awaited: it failed, it ended otherwise, or time ran out. */
export class DcsWaitError extends Error {
  override readonly name = "DcsWaitError";
  constructor(
    readonly kind: "failed" | "ended" | "timeout",
    message: string,
    readonly task: MigrationTask | undefined,
  ) {
    super(message);
  }
}

/**
 * Polls ShowMigrationTask until the task reaches `until` (default: any status that ends it) and
 * returns the task. Throws DcsWaitError when the task fails (FAILED, MIGRATION_FAILED...) or ends
 * otherwise before reaching `until`, or on timeout; DcsApiError when a poll fails for good (an
 * unknown task is 400 DCS.4133). A stop is only done at TERMINATED: wait with `until: "TERMINATED"`.
 */
export async function waitForMigrationTask(client: DcsClient, taskId: string, options: WaitOptions = {}): Promise<MigrationTask> {
  const { until, signal, onProgress } = options;
  const intervalMs = options.intervalMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const reached =
    typeof until === "function"
      ? until
      : until === undefined
        ? (task: MigrationTask) => ENDED.has(task.status ?? "")
        : (task: MigrationTask) => (typeof until === "string" ? [until] : until).includes(task.status ?? "");
  const deadline = Date.now() + timeoutMs;
  let last: MigrationTask | undefined;

  for (;;) {
    const result = await client.GET("/v2/{project_id}/migration-task/{task_id}", {
      params: { path: { task_id: taskId } },
      ...(signal ? { signal } : {}),
    });
    if (!result.response.ok || !result.data) throw DcsApiError.from(result, "GET");
    last = result.data;
    onProgress?.(last);
    const status = last.status ?? "";
    if (reached(last)) return last;
    if (FAILED.has(status)) throw new DcsWaitError("failed", `migration task ${taskId} failed with status ${status}`, last);
    if (ENDED.has(status)) throw new DcsWaitError("ended", `migration task ${taskId} ended as ${status} without reaching what was awaited`, last);
    const left = deadline - Date.now();
    if (left <= 0) throw new DcsWaitError("timeout", `migration task ${taskId} still ${status || "without status"} after ${timeoutMs} ms (timeoutMs)`, last);
    await sleep(Math.min(intervalMs, left), signal);
  }
}
