// `dcs-migrate stop|restart|delete TASK_ID...`: batch calls (as many as the document's limit of IDs
// a call needs) whose per-task refusals (inside their 200) are exit 4; a stop is done once the tasks read TERMINATED, a deletion once the list no
// longer shows them.
import { BATCH_RESULT, deleteMigrationTasks, MIGRATION_STATUS, unwrap } from "@dcs-migration/client";
import { isStateRefusal, stateRefusalHint } from "@dcs-migration/client/operations";
import type { Context } from "../context.js";
import { CliError, EXIT, toCliError, usage } from "../exit.js";
import { CLI_WORDS } from "../refusal.js";
import { watchTask } from "../waits.js";
import { findOperation } from "./api.js";

type Result = { result?: string | null; task_id?: string | null; error_code?: string | null; error_msg?: string | null };

function refusals(ctx: Context, what: string, results: Result[] | null | undefined) {
  const failed = (results ?? []).filter((r) => r.result !== BATCH_RESULT.success);
  for (const r of failed)
    ctx.reporter.step(`${what} refused for ${r.task_id}: ${r.error_code} ${r.error_msg ?? ""}`.trim(), { task_id: r.task_id, error_code: r.error_code });
  if (failed.length) {
    throw new CliError(
      EXIT.REFUSED,
      `${what} refused for ${failed.length} task${failed.length === 1 ? "" : "s"}: ${failed.map((r) => `${r.task_id} (${r.error_code})`).join(", ")}`,
      {
        errorCode: failed[0]?.error_code ?? undefined,
        hint: `dcs-migrate status ${failed[0]?.task_id ?? "TASK_ID"} shows where it stands.`,
      },
    );
  }
}

/**
 * `ids` in the calls `operationId` takes: at most its body's `field` `maxItems` (the document's; 50
 * for batch stop and restart) a call, the per-task results merged.
 */
async function inBatches(
  operationId: string,
  field: string,
  ids: string[],
  call: (batch: string[]) => Promise<{ migration_tasks?: Result[] | null }>,
): Promise<Result[]> {
  const schema = findOperation(operationId).requestBody?.schema as { properties?: Record<string, { maxItems?: number }> } | undefined;
  const size = schema?.properties?.[field]?.maxItems ?? ids.length;
  const results: Result[] = [];
  for (let at = 0; at < ids.length; at += size) results.push(...((await call(ids.slice(at, at + size))).migration_tasks ?? []));
  return results;
}

const ids = (ctx: Context, name: string) => {
  if (ctx.positionals.length === 0) throw usage(`${name} takes one or more tasks: dcs-migrate ${name} TASK_ID...`);
  return ctx.positionals;
};

export async function stop(ctx: Context): Promise<number> {
  const tasks = ids(ctx, "stop");
  await ctx.confirm(`stop ${tasks.length === 1 ? `task ${tasks[0]}` : `${tasks.length} tasks`}`);
  const results = await inBatches("BatchStopMigrationTasks", "migration_tasks", tasks, async (batch) =>
    unwrap(await ctx.client().POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: batch } })),
  );
  refusals(ctx, "stop", results);
  for (const taskId of tasks) {
    ctx.reporter.step(`stopping ${taskId}`, { task_id: taskId });
    await watchTask(ctx, taskId, MIGRATION_STATUS.TERMINATED);
  }
  ctx.reporter.done({ task_ids: tasks, status: MIGRATION_STATUS.TERMINATED, task_status: null }, `stopped: ${tasks.join(", ")}`);
  return EXIT.OK;
}

export async function restart(ctx: Context): Promise<number> {
  const tasks = ids(ctx, "restart");
  const results = await inBatches("BatchRestartOnlineMigrationTasks", "migration_tasks", tasks, async (batch) =>
    unwrap(await ctx.client().POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: batch } })),
  );
  refusals(ctx, "restart", results);
  ctx.reporter.done({ task_ids: tasks, status: null, task_status: null }, `restarted: ${tasks.join(", ")} (a new full copy)`);
  return EXIT.OK;
}

export async function remove(ctx: Context): Promise<number> {
  const tasks = ids(ctx, "delete");
  await ctx.confirm(`delete ${tasks.length === 1 ? `task ${tasks[0]}` : `${tasks.length} tasks`}`);
  const { intervalMs, timeoutMs } = ctx.timing;
  let deleted: string[];
  try {
    deleted = await deleteMigrationTasks(ctx.client(), tasks, {
      signal: ctx.signal,
      ...(intervalMs ? { intervalMs } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  } catch (error) {
    // The list's tasks are in the body, not the path: the first whose status explains the refusal says why.
    if (!isStateRefusal(error)) throw error;
    const op = findOperation("DeleteMigrationTask");
    for (const taskId of tasks) {
      const hint = await stateRefusalHint(ctx.client(), op, taskId, CLI_WORDS).catch(() => undefined);
      if (!hint) continue;
      const failure = toCliError(error);
      throw new CliError(failure.exitCode, failure.message, { ...failure.details, hint });
    }
    throw error;
  }
  // The service ignores an ID it does not know (or has deleted already): said, not claimed as deleted.
  const ignored = tasks.filter((id) => !deleted.includes(id));
  for (const id of ignored) ctx.reporter.warn(`task ${id} was not deleted: the service does not know it (or it was deleted already)`);
  ctx.reporter.done(
    { task_ids: deleted, ignored, status: MIGRATION_STATUS.DELETED, task_status: null },
    deleted.length ? `deleted: ${deleted.join(", ")}` : "nothing was deleted",
  );
  return EXIT.OK;
}
