// The client's waiters, with what they read shown as progress: the phase, the copy's percent, keys,
// offset, input rate, elapsed time and, while copying, the time left at the rate so far.
import {
  MIGRATION_STATUS,
  type MigrationProgress,
  type MigrationStatus,
  type MigrationTask,
  waitForIpExchange,
  waitForJob,
  waitForMigrationTask,
} from "@dcs-migration/client";
import type { Context } from "./context.js";

const PHASES: Record<string, string> = {
  [MIGRATION_STATUS.CREATING]: "creating",
  [MIGRATION_STATUS.RUNNING]: "waiting to be configured",
  [MIGRATION_STATUS.MIGRATING]: "import",
  [MIGRATION_STATUS.FULLMIGRATING]: "full copy",
  [MIGRATION_STATUS.INCRMIGEATING]: "incremental sync",
  [MIGRATION_STATUS.TERMINATING]: "stopping",
};
export const phaseOf = (status: string) => PHASES[status] ?? "task";

export type Until = MigrationStatus | readonly MigrationStatus[] | ((task: MigrationTask, progress: MigrationProgress | undefined) => boolean);

/** Waits for a task, reporting every read; resolves with the task as last read. */
export function watchTask(ctx: Context, taskId: string, until: Until | undefined): Promise<MigrationTask> {
  const started = Date.now();
  let copyStarted: number | undefined;
  return waitForMigrationTask(ctx.client(), taskId, {
    ...ctx.timing,
    signal: ctx.signal,
    ...(until === undefined ? {} : { until }),
    onProgress: ({ task, stats }) => {
      const status = String(task.status ?? "");
      const percent = stats?.full_migration_progress;
      let etaMs: number | undefined;
      if (status === MIGRATION_STATUS.FULLMIGRATING || status === MIGRATION_STATUS.MIGRATING) {
        copyStarted ??= Date.now();
        // No ETA while nothing arrives: a rate of 0 gives none, not one that grows without end.
        const moving = stats?.target_input_kbps !== 0;
        if (percent !== undefined && percent > 0 && percent < 100 && moving) etaMs = ((Date.now() - copyStarted) / percent) * (100 - percent);
      }
      ctx.reporter.progress({
        phase: phaseOf(status),
        status,
        taskStatus: task.task_status,
        percent,
        targetKeys: stats?.target_dbsize,
        sourceKeys: stats?.source_dbsize,
        offset: stats?.offset,
        inputKbps: stats?.target_input_kbps,
        elapsedMs: Date.now() - started,
        etaMs,
      });
    },
  });
}

/** Waits for the job that creates a task's migration ECS. */
export function watchJob(ctx: Context, jobId: string) {
  const started = Date.now();
  const { intervalMs, timeoutMs } = ctx.timing;
  return waitForJob(ctx.client(), jobId, {
    signal: ctx.signal,
    ...(intervalMs === undefined ? {} : { intervalMs }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onProgress: (job) => ctx.reporter.progress({ phase: "job", status: String(job.status ?? ""), elapsedMs: Date.now() - started }),
  });
}

/** Waits for an IP switch (or its rollback) to end. */
export function watchSwitch(ctx: Context, taskId: string, rollback: boolean) {
  const started = Date.now();
  const { intervalMs, timeoutMs } = ctx.timing;
  return waitForIpExchange(ctx.client(), taskId, {
    rollback,
    signal: ctx.signal,
    ...(intervalMs === undefined ? {} : { intervalMs }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onProgress: (task) =>
      ctx.reporter.progress({
        phase: rollback ? "IP rollback" : "IP switch",
        status: String(task.status ?? ""),
        taskStatus: task.task_status ?? "not started",
        elapsedMs: Date.now() - started,
      }),
  });
}

/** An incremental sync has caught up: the target trails the source by nothing. */
export const caughtUp = (task: MigrationTask, progress: MigrationProgress | undefined) =>
  task.status === MIGRATION_STATUS.INCRMIGEATING && progress?.offset === 0;
