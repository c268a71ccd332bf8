// `dcs-migrate status [TASK_ID]`: every task as a table, or one task with its progress.
import { listAllMigrationTasks, MIGRATION_STATUS_GROUPS, type MigrationTaskList, parseStats, unwrap } from "@dcs-migration/client";
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { field, formatProgress } from "../output.js";
import { phaseOf } from "../waits.js";

/** Rows of a server's values, aligned; each cell one line (field() shows a newline as \n). */
const table = (cells: string[][]) => {
  const rows = cells.map((r) => r.map(field));
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
};

export async function status(ctx: Context): Promise<number> {
  const [taskId, ...extra] = ctx.positionals;
  if (extra.length) throw usage("status takes at most one task: dcs-migrate status [TASK_ID]");
  const client = ctx.client();
  if (!taskId) {
    const tasks: MigrationTaskList[] = [];
    for await (const task of listAllMigrationTasks(client, { signal: ctx.signal })) tasks.push(task);
    ctx.reporter.data("tasks", { tasks }, () =>
      tasks.length === 0
        ? "no migration task in this project"
        : table([
            ["TASK ID", "NAME", "STATUS", "TYPE", "METHOD", "CREATED"],
            ...tasks.map((t) => [t.task_id ?? "", t.task_name ?? "", t.status ?? "", t.migration_type ?? "", t.migration_method ?? "", t.created_at ?? ""]),
          ]),
    );
    ctx.reporter.done({ count: tasks.length });
    return EXIT.OK;
  }
  const task = unwrap(await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } }, signal: ctx.signal }));
  const migrating = (MIGRATION_STATUS_GROUPS.migrating as readonly string[]).includes(task.status ?? "");
  const raw = migrating ? (await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", { params: { path: { task_id: taskId } } })).data : undefined;
  const stats = raw ? parseStats(raw) : undefined;
  ctx.reporter.data("task", { task, stats: stats ?? null }, () => {
    const lines = [
      ["task", `${task.task_id} (${task.task_name})`],
      ["status", `${task.status}${task.task_status ? `, IP switch ${task.task_status}` : ""}`],
      ["type", `${task.migration_type}${task.migration_method ? `, ${task.migration_method}` : ""}`],
      ["source", task.source_instance?.id ?? task.source_instance?.addrs ?? task.backup_files?.bucket_name ?? "-"],
      ["target", task.target_instance?.id ?? "-"],
      ["created", task.created_at ?? "-"],
    ];
    if (stats)
      lines.push([
        "progress",
        formatProgress({
          phase: phaseOf(String(task.status)),
          status: String(task.status),
          percent: stats.full_migration_progress,
          targetKeys: stats.target_dbsize,
          sourceKeys: stats.source_dbsize,
          offset: stats.offset,
          inputKbps: stats.target_input_kbps,
          elapsedMs: 0,
        }).replace(/\s+elapsed 0s$/, ""),
      ]);
    return table(lines);
  });
  ctx.reporter.done({ task_id: task.task_id, status: task.status ?? null, task_status: task.task_status ?? null });
  return EXIT.OK;
}
