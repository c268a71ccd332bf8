// `dcs-migrate wait TASK_ID [--until STATUS[,STATUS]]`: a wait that shows where the task stands,
// knows failure and stalls, and takes only statuses the document knows.
import { MIGRATION_STATUS, type MigrationStatus } from "@dcs-migration/client";
import { nearest } from "../args.js";
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { watchTask } from "../waits.js";

const KNOWN = Object.values(MIGRATION_STATUS) as string[];

/** `--until` as statuses of the document; a typo (INCRMIGRATING) is a usage error listing them. */
export function untilOf(values: Array<string | boolean> | string | boolean | undefined): MigrationStatus[] | undefined {
  if (values === undefined) return undefined;
  const statuses = (Array.isArray(values) ? values : [values])
    .flatMap((v) => String(v).split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const status of statuses) {
    if (!KNOWN.includes(status)) {
      const near = nearest(status, KNOWN);
      throw usage(`--until ${status} is not a status of the document${near ? ` (did you mean ${near}?)` : ""}`, `The statuses are ${KNOWN.join(", ")}.`);
    }
  }
  return statuses as MigrationStatus[];
}

export async function wait(ctx: Context): Promise<number> {
  const [taskId, ...extra] = ctx.positionals;
  if (!taskId || extra.length) throw usage("wait takes one task: dcs-migrate wait TASK_ID [--until STATUS]");
  const until = untilOf(ctx.values.until as string[] | undefined);
  const task = await watchTask(ctx, taskId, until);
  ctx.reporter.done({ task_id: taskId, status: task.status ?? null, task_status: task.task_status ?? null }, `task ${taskId} is ${task.status}`);
  return EXIT.OK;
}
