// A fleet run: its migrations at most `parallel` at once, each the runbook of one plan with its own
// state file and lock; once more of them have failed than `--max-failures` allows, no new one starts
// and those in flight go on to their end. Asked once, before the first call, for the whole set.
import { writeFileSync } from "node:fs";
import type { Context } from "../context.js";
import { formatDuration } from "../durations.js";
import { CliError, EXIT, type ExitCode, toCliError, usage } from "../exit.js";
import { lockState } from "../lock.js";
import { counted, field } from "../output.js";
import { changedFields, fingerprint } from "../plan/fingerprint.js";
import { checkStatePath, reached, readState } from "../state.js";
import { createBoard, type Tally } from "./board.js";
import type { Migration } from "./migrations.js";
import { type Ending, migrationReporter } from "./reporter.js";

export interface Outcome {
  name: string;
  task_id: string | null;
  result: Tally;
  exit_code: ExitCode | null;
  duration_ms: number;
  reason: string | null;
}

/** `--max-failures N` or `P%` of the fleet (default 0): how many failures are tolerated. */
export function tolerated(text: string | undefined, total: number): number {
  if (text === undefined) return 0;
  const match = /^(\d{1,6})(%?)$/.exec(text.trim());
  if (!match || (match[2] && Number(match[1]) > 100)) {
    throw usage(`--max-failures takes a number of migrations or a percentage of them (3, 10%); got ${JSON.stringify(text)}`);
  }
  return match[2] ? Math.floor((Number(match[1]) * total) / 100) : Number(match[1]);
}

/** `--only NAME[,NAME...]`: the migrations named, every name one of them (the others stay as they are). */
export function only(migrations: Migration[], names: string | undefined): Migration[] {
  if (names === undefined) return migrations;
  const wanted = names
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const known = new Set(migrations.map((m) => m.name));
  const unknown = wanted.filter((n) => !known.has(n));
  if (unknown.length || !wanted.length) {
    throw usage(
      `--only names ${unknown.length ? `no migration ${unknown.join(", ")}` : "nothing"}`,
      `The migrations are ${[...known].slice(0, 20).join(", ")}${known.size > 20 ? "..." : ""}.`,
    );
  }
  return migrations.filter((m) => wanted.includes(m.name));
}

/** `--parallel N` (default 4), 1 to 64. */
export function parallelism(text: string | undefined): number {
  if (text === undefined) return 4;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 500) throw usage(`--parallel takes a whole number from 1 to 500; got ${JSON.stringify(text)}`);
  return n;
}

/** Which exit code a fleet ends with: the worst outcome's, in this order. */
export const SEVERITY: readonly ExitCode[] = [
  EXIT.INTERRUPTED,
  EXIT.FAILED,
  EXIT.TIMEOUT,
  EXIT.CHECK,
  EXIT.REFUSED,
  EXIT.CONFIG,
  EXIT.UNREACHABLE,
  EXIT.STATE,
  EXIT.USAGE,
  EXIT.INTERNAL,
];

export function fleetExit(outcomes: readonly Outcome[]): ExitCode {
  const codes = new Set(outcomes.map((o) => o.exit_code).filter((c): c is ExitCode => c !== null && c !== EXIT.OK));
  return SEVERITY.find((code) => codes.has(code)) ?? EXIT.OK;
}

/** What the fleet will do, said before the first call: "40 migrations: 31 to start, 6 to resume, 3 already done; 12 will switch IPs". */
export function forecast(migrations: readonly Migration[], hold = false) {
  let start = 0;
  let resume = 0;
  let done = 0;
  let switching = 0;
  for (const m of migrations) {
    const state = readState(m.statePath);
    if (!state) start++;
    else if (state.step === "done") done++;
    else resume++;
    if (m.checked.plan.online_migration?.switch_ip && !(state && reached(state, "switched"))) switching++;
  }
  const text = `${counted(migrations.length, "migration")}: ${start} to start, ${resume} to resume, ${done} already done${switching ? `; ${switching} ${hold ? "will hold before their IP switch" : "will switch IPs"}` : ""}`;
  return { start, resume, done, switching, text };
}

export interface FleetOptions {
  parallel: number;
  maxFailures: number;
  hold?: boolean;
  summaryFile?: string | undefined;
}

type RunOne = (ctx: Context, migration: Migration) => Promise<number>;

export async function runFleet(ctx: Context, migrations: readonly Migration[], options: FleetOptions, runOne: RunOne): Promise<number> {
  const release = lockAll(ctx, migrations);
  try {
    refuseChanged(ctx, migrations);
    return await runLocked(ctx, migrations, options, runOne);
  } finally {
    release();
  }
}

/**
 * Every migration's lock, taken before its state is read or anything is called: a second run of the
 * same fleet (or of one of its rows) is refused whole, naming the process that runs it.
 */
function lockAll(ctx: Context, migrations: readonly Migration[]): () => void {
  const releases: Array<() => void> = [];
  const refused: Array<{ name: string; error: CliError }> = [];
  for (const m of migrations) {
    try {
      checkStatePath(m.statePath, m.file);
      releases.push(lockState(m.statePath, (message) => ctx.reporter.warn(`${m.name}: ${message}`)));
    } catch (error) {
      refused.push({ name: m.name, error: toCliError(error) });
    }
  }
  const release = () => {
    for (const free of releases) free();
  };
  const [first] = refused;
  if (first) {
    release();
    for (const { name, error } of refused) ctx.reporter.step(`${name}: ${error.message}`, { kind: "lock-refused", name });
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more of the ${migrations.length})` : "";
    throw new CliError(first.error.exitCode, `${first.name}: ${first.error.message}${more}: nothing was called`, first.error.details);
  }
  return release;
}

/**
 * Rows (or plans) that resolve to other values than when their state was written (a cell, an
 * environment variable), each named with its fields: refused before anything is called, since one
 * found mid-run would fail there and, under --max-failures, hold back rows that have nothing to do
 * with it. --restart starts them over instead.
 */
function refuseChanged(ctx: Context, migrations: readonly Migration[]): void {
  if (ctx.values.restart) return;
  const changed = migrations.flatMap((m) => {
    const state = readState(m.statePath);
    const fields = state?.fields ? changedFields(state.fields, fingerprint(m.checked.plan, m.checked.secrets)) : [];
    return fields.length ? [{ name: m.name, fields }] : [];
  });
  if (!changed.length) return;
  for (const { name, fields } of changed) {
    ctx.reporter.step(`${name}: resolves to other values than when its state was written: ${fields.join(", ")}`, { kind: "plan-changed", name, fields });
  }
  const names = changed.map((c) => c.name).join(",");
  throw usage(
    `${counted(changed.length, "migration")} of the fleet changed since ${changed.length === 1 ? "its state was" : "their states were"} written (${names}): nothing was called`,
    `Restore the row (or the environment variables it reads), or start ${changed.length === 1 ? "it" : "them"} over with new tasks: --only ${names} --restart.`,
  );
}

async function runLocked(ctx: Context, migrations: readonly Migration[], options: FleetOptions, runOne: RunOne): Promise<number> {
  const plan = forecast(migrations, options.hold);
  ctx.reporter.step(plan.text, {
    kind: "forecast",
    migrations: migrations.length,
    start: plan.start,
    resume: plan.resume,
    done: plan.done,
    switch_ip: plan.switching,
  });
  if (plan.start + plan.resume > 0) {
    // Asked once for the whole set; a fleet that cannot be asked fails here, having called nothing.
    if (!ctx.canConfirm())
      throw usage(
        `${plan.text}: this changes production and cannot be asked here (not a terminal, or --json): nothing was called`,
        "Add --yes to go ahead without asking.",
      );
    await ctx.confirm(`run ${plan.text}`);
  }
  const outcomes: Outcome[] = migrations.map((m) => ({
    name: m.name,
    task_id: readState(m.statePath)?.taskId ?? null,
    result: "not started",
    exit_code: null,
    duration_ms: 0,
    reason: null,
  }));
  const board =
    ctx.reporter.mode === "tty"
      ? createBoard(
          ctx.reporter,
          migrations.map((m) => m.name),
        )
      : undefined;
  let failed = 0;
  let next = 0;
  const runAt = async (index: number) => {
    const m = migrations[index] as Migration;
    const outcome = outcomes[index] as Outcome;
    const ending: Ending = {};
    // Each migration asks nothing more: the set was confirmed above.
    const child: Context = {
      ...ctx,
      reporter: migrationReporter(ctx.reporter, m.name, ending, board),
      confirm: async () => {},
      canConfirm: () => true,
    };
    const started = performance.now();
    board?.start(m.name);
    let code: number;
    try {
      code = await runOne(child, m);
    } catch (error) {
      const failure = ctx.signal.aborted ? new CliError(EXIT.INTERRUPTED, "interrupted") : toCliError(error);
      ending.error = failure;
      code = failure.exitCode;
    }
    outcome.duration_ms = Math.round(performance.now() - started);
    outcome.task_id = readState(m.statePath)?.taskId ?? outcome.task_id;
    outcome.exit_code = code as ExitCode;
    outcome.result = code === EXIT.OK ? (ending.fields?.held ? "held" : "done") : code === EXIT.INTERRUPTED ? "interrupted" : "failed";
    if (ending.error) {
      outcome.reason = `${ending.error.message}${ending.error.details.hint ? ` (${ending.error.details.hint})` : ""}`;
      const interrupted = code === EXIT.INTERRUPTED;
      child.reporter.step(`${interrupted ? "interrupted" : `failed (exit ${code})`}: ${outcome.reason}`, {
        kind: interrupted ? "migration-interrupted" : "migration-failed",
        exit_code: code,
        error_code: ending.error.details.errorCode ?? null,
      });
    }
    board?.finish(m.name, outcome.result);
    // lint-literals-ignore: a fleet's own result (Tally), not the batch result it happens to equal
    if (outcome.result === "failed") failed++;
  };
  const running = new Set<Promise<void>>();
  while (next < migrations.length && !ctx.signal.aborted) {
    if (failed > options.maxFailures) break;
    const job = runAt(next++).finally(() => running.delete(job));
    running.add(job);
    if (running.size >= options.parallel) await Promise.race(running);
  }
  await Promise.all(running);
  board?.clear();
  if (failed > options.maxFailures && next < migrations.length) {
    ctx.reporter.warn(`${counted(failed, "migration")} failed, more than --max-failures ${options.maxFailures}: ${migrations.length - next} not started`);
  }
  return summarize(ctx, outcomes, options.summaryFile);
}

function summarize(ctx: Context, outcomes: Outcome[], summaryFile: string | undefined): number {
  const code = fleetExit(outcomes);
  const counts = Object.fromEntries(
    (["done", "held", "failed", "interrupted", "not started"] as const).map((r) => [r, outcomes.filter((o) => o.result === r).length]),
  );
  const summary = { migrations: outcomes, counts, exit_code: code };
  if (summaryFile) writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  const width = Math.max(4, ...outcomes.map((o) => o.name.length));
  ctx.reporter.data("summary", summary, () =>
    [
      `${"NAME".padEnd(width)}  ${"TASK ID".padEnd(36)}  ${"RESULT".padEnd(11)}  ${"DURATION".padEnd(8)}  REASON`,
      ...outcomes.map(
        (o) =>
          `${o.name.padEnd(width)}  ${(o.task_id ?? "-").padEnd(36)}  ${o.result.padEnd(11)}  ${formatDuration(o.duration_ms).padEnd(8)}  ${field(o.reason ?? "")}`,
      ),
    ].join("\n"),
  );
  if (ctx.reporter.mode !== "json") {
    ctx.reporter.step(
      `fleet: ${Object.entries(counts)
        .map(([r, n]) => `${n} ${r}`)
        .join(", ")}${code ? ` (exit ${code})` : ""}`,
    );
  }
  return code;
}
