// `dcs-migrate logs TASK_ID [--follow]`: a task's log; --follow prints new entries until the task ends.
import { LOG_LEVEL, type LogLevel, listAllMigrationTaskLogs, MIGRATION_STATUS_GROUPS, type MigrationLog, unwrap } from "@dcs-migration/client";
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { field } from "../output.js";

const ENDED = new Set<string>([...MIGRATION_STATUS_GROUPS.succeeded, ...MIGRATION_STATUS_GROUPS.failed, ...MIGRATION_STATUS_GROUPS.stopped]);
/** Waits `ms`, or rejects when `signal` aborts; leaves no listener on the signal either way. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
}

const line = (e: MigrationLog) => `${field(e.created_at)}  ${field(e.log_level).padEnd(5)}  ${field(e.message)}`;

export async function logs(ctx: Context): Promise<number> {
  const [taskId, ...extra] = ctx.positionals;
  if (!taskId || extra.length) throw usage("logs takes one task: dcs-migrate logs TASK_ID [--follow]");
  const level = ctx.values.level as string | undefined;
  if (level !== undefined && !(Object.values(LOG_LEVEL) as string[]).includes(level))
    throw usage(`--level takes ${Object.values(LOG_LEVEL).join(" or ")}; got ${level}`);
  const client = ctx.client();
  const seen = new Set<string>();
  const print = async () => {
    for await (const entry of listAllMigrationTaskLogs(client, taskId, { signal: ctx.signal, ...(level ? { logLevel: level as LogLevel } : {}) })) {
      const key = JSON.stringify(entry);
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.reporter.data("log", { entry }, () => line(entry));
    }
  };
  await print();
  if (ctx.values.follow) {
    const intervalMs = ctx.timing.intervalMs ?? 10_000;
    for (;;) {
      const task = unwrap(await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } }, signal: ctx.signal }));
      await print();
      if (ENDED.has(String(task.status))) break;
      await pause(intervalMs, ctx.signal);
    }
  }
  ctx.reporter.done({ task_id: taskId, entries: seen.size });
  return EXIT.OK;
}
