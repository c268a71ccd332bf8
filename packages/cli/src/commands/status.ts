// `dcs-migrate status [TASK_ID]`: every task as a table (with the copy's phase, percent and offset of
// those migrating), or one task with its progress. `status PLAN...` and `status TEMPLATE --each
// INVENTORY` show a fleet: each migration's state file beside what the service says of its task.
import { existsSync } from "node:fs";
import {
  type DcsClient,
  DcsErrors,
  listAllMigrationTasks,
  MIGRATION_STATUS_GROUPS,
  type MigrationProgress,
  type MigrationTaskList,
  parseStats,
  unwrap,
} from "@dcs-migration/client";
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { fleetName, placesOf, refuse } from "../fleet/migrations.js";
import { counted, field, formatProgress } from "../output.js";
import { readState } from "../state.js";
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

const migrating = (status: string | null | undefined) => (MIGRATION_STATUS_GROUPS.migrating as readonly string[]).includes(status ?? "");

/** A migrating task's stats; none for any other (the service has none to give). */
async function statsOf(ctx: Context, client: DcsClient, taskId: string, status: string | null | undefined): Promise<MigrationProgress | undefined> {
  if (!migrating(status)) return undefined;
  const { data } = await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", { params: { path: { task_id: taskId } }, signal: ctx.signal });
  return data ? parseStats(data) : undefined;
}

/** `fn` over `items`, at most `limit` at once, in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const percentOf = (stats: MigrationProgress | undefined) =>
  stats?.full_migration_progress === undefined ? "" : `${stats.full_migration_progress.toFixed(1)}%`;
const offsetOf = (stats: MigrationProgress | undefined) => (stats?.offset === undefined ? "" : stats.offset.toLocaleString("en-US"));

export async function status(ctx: Context): Promise<number> {
  const each = ctx.values.each as string | undefined;
  const files = ctx.positionals;
  const planLike = files.some((f) => /\.(ya?ml|json)$/i.test(f));
  if (each || files.length > 1 || planLike) return fleetStatus(ctx, files, each);
  if (ctx.values["state-dir"]) throw usage("--state-dir is for a fleet: dcs-migrate status PLAN... --state-dir DIR");
  const [taskId] = files;
  return taskId ? oneTask(ctx, taskId) : everyTask(ctx);
}

async function everyTask(ctx: Context): Promise<number> {
  const client = ctx.client();
  const tasks: MigrationTaskList[] = [];
  for await (const task of listAllMigrationTasks(client, { signal: ctx.signal })) tasks.push(task);
  const stats = await mapLimit(tasks, 8, (t) => (t.task_id ? statsOf(ctx, client, t.task_id, t.status) : Promise.resolve(undefined)));
  const byTask = Object.fromEntries(tasks.flatMap((t, i) => (t.task_id && stats[i] ? [[t.task_id, stats[i]]] : [])));
  ctx.reporter.data("tasks", { tasks, stats: byTask }, () =>
    tasks.length === 0
      ? "no migration task in this project"
      : table([
          ["TASK ID", "NAME", "STATUS", "PHASE", "COPY", "OFFSET", "TYPE", "METHOD", "CREATED"],
          ...tasks.map((t, i) => [
            t.task_id ?? "",
            t.task_name ?? "",
            t.status ?? "",
            migrating(t.status) ? phaseOf(String(t.status)) : "",
            percentOf(stats[i]),
            offsetOf(stats[i]),
            t.migration_type ?? "",
            t.migration_method ?? "",
            t.created_at ?? "",
          ]),
        ]),
  );
  ctx.reporter.done({ count: tasks.length });
  return EXIT.OK;
}

async function oneTask(ctx: Context, taskId: string): Promise<number> {
  const client = ctx.client();
  const task = unwrap(await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId } }, signal: ctx.signal }));
  const stats = await statsOf(ctx, client, taskId, task.status);
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

interface FleetRow {
  name: string;
  state_file: string;
  task_id: string | null;
  /** The runbook's step, from the state file; null before the migration has started. */
  step: string | null;
  status: string | null;
  task_status: string | null;
  phase: string | null;
  percent: number | null;
  offset: number | null;
}

/** A fleet from its state files and the service: nothing is changed, the plans' secrets are not needed. */
async function fleetStatus(ctx: Context, files: string[], each: string | undefined): Promise<number> {
  if (!files.length) throw usage("status of a fleet takes its plans: dcs-migrate status PLAN..., or dcs-migrate status TEMPLATE --each INVENTORY");
  const stateDir = ctx.values["state-dir"] as string | undefined;
  if (stateDir && !existsSync(stateDir)) throw usage(`--state-dir ${stateDir} does not exist`, "Give the folder the fleet's run wrote its states to.");
  const { places, problems } = await placesOf(ctx, files, each, stateDir);
  if (problems.length) refuse(ctx, problems, fleetName(files, each));
  const states = new Map(places.map((p) => [p, readState(p.statePath)]));
  // Nothing started: nothing to ask the service, and no credentials needed.
  const client = [...states.values()].some(Boolean) ? ctx.client() : undefined;
  const rows = await mapLimit(places, 8, async (place): Promise<FleetRow> => {
    const state = states.get(place);
    const row: FleetRow = {
      name: place.name,
      state_file: place.statePath,
      task_id: state?.taskId ?? null,
      step: state?.step ?? null,
      status: null,
      task_status: null,
      phase: null,
      percent: null,
      offset: null,
    };
    if (!state || !client) return row;
    const answer = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: state.taskId } }, signal: ctx.signal });
    if (answer.response.status === 400 && (answer.error as { error_code?: string } | undefined)?.error_code === DcsErrors.TASK_NOT_FOUND.code) {
      row.status = "(no longer exists)";
      return row;
    }
    const task = unwrap(answer);
    const stats = await statsOf(ctx, client, state.taskId, task.status);
    row.status = task.status ?? null;
    row.task_status = task.task_status ?? null;
    row.phase = migrating(task.status) ? phaseOf(String(task.status)) : null;
    row.percent = stats?.full_migration_progress ?? null;
    row.offset = stats?.offset ?? null;
    return row;
  });
  ctx.reporter.data("fleet", { migrations: rows }, () =>
    table([
      ["NAME", "TASK ID", "STEP", "STATUS", "PHASE", "COPY", "OFFSET"],
      ...rows.map((r) => [
        r.name,
        r.task_id ?? "-",
        r.step ?? "not started",
        `${r.status ?? ""}${r.task_status ? ` (IP switch ${r.task_status})` : ""}`,
        r.phase ?? "",
        r.percent === null ? "" : `${r.percent.toFixed(1)}%`,
        r.offset === null ? "" : r.offset.toLocaleString("en-US"),
      ]),
    ]),
  );
  const count = (step: string | null) => rows.filter((r) => r.step === step).length;
  ctx.reporter.done(
    { migrations: rows.length, done: count("done"), not_started: count(null) },
    `${counted(rows.length, "migration")}: ${count("done")} done, ${rows.length - count("done") - count(null)} under way, ${count(null)} not started`,
  );
  return EXIT.OK;
}
