import type { DcsClient } from "../client.js";
import { dataOrThrow } from "../errors.js";
import { MIGRATION_STATUS, MIGRATION_TYPE } from "../generated/constants.js";
import type { MigrationStatus, MigrationTask, MigrationTaskStats } from "../generated/schema.js";
import { DcsWaitError, minutes, type PollOptions, pollUntil, timing } from "./poll.js";
import { ENDED, FAILED, MIGRATING } from "./statuses.js";

// Exclude, not NonNullable: `T & {}` would collapse the open enum `MigrationStatus | (string & {})` to string.
export type TaskStatus = Exclude<MigrationTask["status"], undefined | null>;

/** ShowMigrationTaskStats with its counters as numbers, whatever the wire type (the SDK says string). */
export interface MigrationProgress {
  /** Progress of the full copy, in percent. */
  full_migration_progress?: number;
  /** How far the target trails the source in the incremental phase; 0 is caught up. */
  offset?: number;
  source_dbsize?: number;
  target_dbsize?: number;
  target_input_kbps?: number;
  target_ops?: number;
  is_migrating?: boolean;
}

export interface TaskProgressEvent {
  task: MigrationTask;
  /** While an online migration migrates (full or incremental phase); undefined otherwise or if unreadable. */
  stats: MigrationProgress | undefined;
}

export interface WaitOptions extends PollOptions {
  /**
   * The status(es) to wait for: statuses of the document (a typo such as `"INCRMIGRATING"` does
   * not compile, and throws a TypeError listing the statuses when not type-checked), or a test of
   * the task and, while it migrates, its progress (`(task, progress) => ...`: for a status the
   * document does not know yet, or "caught up": `progress?.offset === 0`). Default: any status
   * that ends a task.
   */
  until?: MigrationStatus | readonly MigrationStatus[] | ((task: MigrationTask, progress: MigrationProgress | undefined) => boolean);
  /**
   * Fail with kind "stalled" when neither the status nor any progress figure (progress, offset,
   * target key count) has moved for this long. An incremental sync that has caught up (offset 0)
   * is not stalled. `false` turns the check off. Default 30 minutes.
   */
  stallAfterMs?: number | false;
  /** Called with every read: the task and, while an online migration migrates, its progress. */
  onProgress?: (event: TaskProgressEvent) => void;
}

const COUNTERS = ["full_migration_progress", "offset", "source_dbsize", "target_dbsize", "target_input_kbps", "target_ops"] as const;

/** Counters as numbers: the service sends numbers or strings (`"42.5"`), or null. */
export function parseStats(stats: MigrationTaskStats): MigrationProgress {
  const progress: MigrationProgress = {};
  for (const name of COUNTERS) {
    const value = stats[name];
    const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
    if (Number.isFinite(number)) progress[name] = number;
  }
  if (typeof stats.is_migrating === "boolean") progress.is_migrating = stats.is_migrating;
  return progress;
}

const KNOWN: readonly string[] = Object.values(MIGRATION_STATUS);

/** The statuses of `until`, checked: a status the document does not know is a TypeError naming the known ones. */
function awaited(until: MigrationStatus | readonly MigrationStatus[]): readonly string[] {
  const statuses: readonly unknown[] = typeof until === "string" ? [until] : Array.isArray(until) ? until : [until];
  const unknown = statuses.filter((s) => typeof s !== "string" || !KNOWN.includes(s));
  if (unknown.length > 0 || statuses.length === 0) {
    throw new TypeError(
      `waitForMigrationTask: \`until\` names ${unknown.length ? `${unknown.map((s) => JSON.stringify(s)).join(", ")}, not a status of the document` : "no status"}; ` +
        `the statuses are ${KNOWN.join(", ")} (or pass a function of the task)`,
    );
  }
  return statuses as readonly string[];
}

/**
 * Polls ShowMigrationTask until the task reaches `until` (default: any status that ends it) and
 * returns the task. Throws DcsWaitError when the task fails (FAILED, MIGRATION_FAILED...) or ends
 * otherwise before reaching `until` (waiting for INCRMIGEATING, a TERMINATED or RELEASED task fails
 * at once), when it stands still for `stallAfterMs`, or at `timeoutMs`; DcsApiError when a poll fails
 * for good (an unknown task is 400 DCS.4133). A stop is only done at TERMINATED: wait with
 * `until: "TERMINATED"`.
 *
 * Defaults fit real migrations: a poll every 10 s (±20%), 30 minutes without movement is a stall,
 * and 24 hours at most, since a full copy of a large Redis takes hours.
 */
export async function waitForMigrationTask(client: DcsClient, taskId: string, options: WaitOptions = {}): Promise<MigrationTask> {
  const time = timing("waitForMigrationTask", options, { intervalMs: 10_000, timeoutMs: minutes(24 * 60) });
  const stallAfterMs = options.stallAfterMs ?? minutes(30);
  if (stallAfterMs !== false && !(typeof stallAfterMs === "number" && stallAfterMs > 0)) {
    throw new TypeError(`waitForMigrationTask: \`stallAfterMs\` must be a positive number of milliseconds, or false, got ${String(stallAfterMs)}`);
  }
  const { until, onProgress } = options;
  // Checked before the first poll: a wait for a status that does not exist would never end.
  const statuses = typeof until === "function" || until === undefined ? undefined : awaited(until);
  const reached: (task: MigrationTask, progress: MigrationProgress | undefined) => boolean =
    typeof until === "function" ? until : statuses ? (task) => statuses.includes(task.status ?? "") : (task) => ENDED.has(task.status ?? "");
  const path = { params: { path: { task_id: taskId } }, ...(time.signal ? { signal: time.signal } : {}) };

  const read = async (): Promise<TaskProgressEvent> => {
    const task = dataOrThrow(await client.GET("/v2/{project_id}/migration-task/{task_id}", path), "GET");
    if (task.migration_type === MIGRATION_TYPE.backupfile_import || !MIGRATING.has(task.status ?? "")) return { task, stats: undefined };
    // Progress is a nicety: a stats call that fails must not end a wait that is going well.
    const stats = await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", path).catch(() => undefined);
    return { task, stats: stats?.data ? parseStats(stats.data) : undefined };
  };

  let fingerprint = "";
  let lastMove = Date.now();
  const decide = ({ task, stats }: TaskProgressEvent) => {
    onProgress?.({ task, stats });
    const status = task.status ?? "";
    if (reached(task, stats)) return true;
    if (FAILED.has(status)) throw new DcsWaitError("failed", `migration task ${taskId} failed with status ${status}`, task);
    if (ENDED.has(status)) throw new DcsWaitError("ended", `migration task ${taskId} ended as ${status} without reaching what was awaited`, task);
    const now = [status, task.task_status, stats?.full_migration_progress, stats?.offset, stats?.target_dbsize].join("|");
    const caughtUp = status === MIGRATION_STATUS.INCRMIGEATING && stats?.offset === 0;
    if (now !== fingerprint || caughtUp) {
      fingerprint = now;
      lastMove = Date.now();
    } else if (stallAfterMs !== false && Date.now() - lastMove >= stallAfterMs) {
      throw new DcsWaitError(
        "stalled",
        `migration task ${taskId} has not moved for ${Math.round((Date.now() - lastMove) / 1000)} s (stallAfterMs): still ${status}` +
          `${stats ? `, progress ${stats.full_migration_progress ?? "?"}%, offset ${stats.offset ?? "?"}, target keys ${stats.target_dbsize ?? "?"}` : ""}`,
        task,
      );
    }
    return false;
  };

  const event = await pollUntil(time, read, decide, ({ task }) => {
    return new DcsWaitError("timeout", `migration task ${taskId} still ${task.status || "without status"} after ${time.timeoutMs} ms (timeoutMs)`, task);
  });
  return event.task;
}
