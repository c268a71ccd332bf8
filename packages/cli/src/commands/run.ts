// `dcs-migrate run PLAN`: the runbook. Each step is written to the state file as soon as it is
// reached, so an interrupted run (Ctrl-C, a closed laptop, a killed CI job) resumes where it stopped
// and never creates a second task for the same plan.
import { basename, join } from "node:path";
import {
  DcsErrors,
  IP_EXCHANGE_STATUS,
  JOB_STATUS,
  MIGRATION_METHOD,
  MIGRATION_STATUS,
  MIGRATION_STATUS_GROUPS,
  MIGRATION_TYPE,
  unwrap,
} from "@dcs-migration/client";
import { maskSecrets, OPERATIONS } from "@dcs-migration/client/operations";
import type { Context } from "../context.js";
import { CliError, EXIT, usage } from "../exit.js";
import { migrationsOf } from "../fleet/migrations.js";
import { migrationReporter } from "../fleet/reporter.js";
import { only, parallelism, runFleet, tolerated } from "../fleet/runner.js";
import { lockState } from "../lock.js";
import { counted } from "../output.js";
import { maxRps } from "../pace.js";
import { changedFields, fingerprint } from "../plan/fingerprint.js";
import { SECTIONS } from "../plan/schema.js";
import { readPlanSource } from "../plan/source.js";
import { type CheckedPlan, checkPlan, formatProblem } from "../plan/validate.js";
import { switchDetails } from "../prompts.js";
import { advance, checkStatePath, defaultStatePath, digest, newState, type RunState, reached, readState, removeState, writeState } from "../state.js";
import { caughtUp, watchJob, watchSwitch, watchTask } from "../waits.js";
import { connectTimeout, endpointsOf, type RedisPlan } from "./redis-sides.js";

// The Redis gates and their client are loaded only by a plan with a redis: section: loading them
// cost every other run some 0.4 s of CPU.
const gates = async () => {
  const [check, verify, compare] = await Promise.all([import("./check.js"), import("./verify.js"), import("../redis/verify.js")]);
  return { ...check, ...verify, differs: compare.differs };
};

/** Reads and checks a plan: every problem is a usage error listing them all, with positions. */
export async function loadPlan(ctx: Context, file: string, env: Record<string, string | undefined> | undefined): Promise<CheckedPlan> {
  let source: Awaited<ReturnType<typeof readPlanSource>>;
  try {
    source = await readPlanSource(file, ctx.signal);
  } catch (error) {
    if (error instanceof CliError || ctx.signal.aborted) throw error;
    throw usage(`cannot read the plan ${file}: ${(error as Error).message}`);
  }
  const { problems, checked, secrets } = checkPlan(source, env);
  for (const secret of secrets) ctx.reporter.secret(secret);
  if (!checked) {
    for (const p of problems) ctx.reporter.step(formatProblem(p), { kind: "plan-error", ...p });
    throw usage(`${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the plan; nothing was called`);
  }
  for (const w of checked.warnings) ctx.reporter.warn(`${file}:${w.line}:${w.column}: ${w.path}: ${w.message}`);
  return checked;
}

/** What the run would call, in order, with secrets masked: nothing is sent. */
function dryRun(ctx: Context, checked: CheckedPlan, projectId: string) {
  const path = (operationId: string) => String(OPERATIONS.find((o) => o.operationId === operationId)?.path).replace("{project_id}", projectId);
  // The calls are what a dry run is for: its output, on stdout (progress and diagnostics stay on stderr).
  const call = (method: string, where: string, body?: unknown, note?: string) =>
    ctx.reporter.data(
      "step",
      { kind: "call", method, path: where, ...(body === undefined ? {} : { body: maskSecrets(body) }) },
      () => `${method} ${where}${note ? `  (${note})` : ""}${body === undefined ? "" : `\n${JSON.stringify(maskSecrets(body), null, 2)}`}`,
    );
  const { plan } = checked;
  if (plan.backup_import) {
    call("POST", path(SECTIONS.backup_import), plan.backup_import);
    call("GET", path("ShowMigrationTask"), undefined, `every poll, until ${MIGRATION_STATUS.SUCCESS}`);
    return;
  }
  const online = plan.online_migration as NonNullable<CheckedPlan["plan"]["online_migration"]>;
  const incremental = online.configure.migration_method === MIGRATION_METHOD.incremental_migration;
  call("POST", path(SECTIONS.online_migration.create), online.create);
  call("GET", path("ShowJobInfo"), undefined, `every poll, until the job is ${JOB_STATUS.SUCCESS}`);
  call("POST", path(SECTIONS.online_migration.configure), online.configure);
  call(
    "GET",
    path("ShowMigrationTask"),
    undefined,
    `and its stats, every poll, until ${incremental ? `${MIGRATION_STATUS.INCRMIGEATING} with offset 0` : MIGRATION_STATUS.SUCCESS}`,
  );
  if (online.switch_ip) {
    call("POST", path(SECTIONS.online_migration.switch_ip), online.switch_ip, "after confirmation, or with --yes");
    call("GET", path("ShowMigrationTask"), undefined, `every poll, until task_status is ${IP_EXCHANGE_STATUS.EXCHANGE_SUCCESS}`);
  }
}

/** The task of a saved state, read again: gone (unknown, or DELETED) stops the run unless --restart. */
async function stillThere(ctx: Context, state: RunState, statePath: string) {
  const { data, error, response } = await ctx.client().GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: state.taskId } } });
  const gone =
    (response.status === 400 && (error as { error_code?: string } | undefined)?.error_code === DcsErrors.TASK_NOT_FOUND.code) ||
    data?.status === MIGRATION_STATUS.DELETED;
  if (gone) {
    throw new CliError(EXIT.REFUSED, `the task ${state.taskId} of ${statePath} no longer exists, so the plan cannot resume`, {
      hint: "Run again with --restart to start over with a new task (the state file is replaced).",
      errorCode: (error as { error_code?: string } | undefined)?.error_code,
    });
  }
  if (!response.ok) unwrap({ error, response });
  return data;
}

export async function run(ctx: Context): Promise<number> {
  const files = ctx.positionals;
  const [file] = files;
  if (!file) throw usage("run takes a plan: dcs-migrate run PLAN..., or dcs-migrate run TEMPLATE --each INVENTORY", "dcs-migrate run --help");
  const each = ctx.values.each as string | undefined;
  const stateDir = ctx.values["state-dir"] as string | undefined;
  if (files.length > 1 || each || ctx.values.only !== undefined) return runMany(ctx, files, each, stateDir);
  const statePath = (ctx.values.state as string | undefined) ?? (stateDir ? join(stateDir, basename(defaultStatePath(file))) : defaultStatePath(file));
  const checked = await loadPlan(ctx, file, ctx.env);
  if (ctx.values["dry-run"]) {
    dryRun(ctx, checked, (ctx.values["project-id"] as string | undefined) ?? ctx.env.CLOUD_SDK_PROJECT_ID ?? "{project_id}");
    ctx.reporter.done({ dry_run: true }, `dry run: ${file} is valid; nothing was called`);
    return EXIT.OK;
  }

  checkStatePath(statePath, file);
  const release = lockState(statePath, (message) => ctx.reporter.warn(message));
  try {
    return await runLocked(ctx, file, statePath, checked);
  } finally {
    release();
  }
}

const FLEET_RPS = 10;

/** A fleet: many plans, or a template and an inventory (fleet/). */
async function runMany(ctx: Context, files: string[], each: string | undefined, stateDir: string | undefined): Promise<number> {
  if (ctx.values.state) throw usage("--state names the state of one plan", "A fleet's states go next to its plans (or the template), or into --state-dir DIR.");
  if (each && files.length > 1) throw usage("--each takes one plan template: dcs-migrate run TEMPLATE --each INVENTORY");
  const parallel = parallelism(ctx.values.parallel as string | undefined);
  // One API budget for the whole fleet (pace.ts): 10 requests a second unless --max-rps says otherwise.
  ctx.values["max-rps"] = String(maxRps(ctx.values["max-rps"] as string | undefined, FLEET_RPS));
  const migrations = only(await migrationsOf(ctx, files, each, stateDir), ctx.values.only as string | undefined);
  const maxFailures = tolerated(ctx.values["max-failures"] as string | undefined, migrations.length);
  if (ctx.values["dry-run"]) {
    const projectId = (ctx.values["project-id"] as string | undefined) ?? ctx.env.CLOUD_SDK_PROJECT_ID ?? "{project_id}";
    for (const m of migrations) {
      // The calls are a dry run's output, on stdout as for one plan, each line with its migration's name.
      const reporter = migrationReporter(ctx.reporter, m.name, {});
      const named = (text: string) => text.replace(/^/gm, `${m.name}: `);
      dryRun(
        { ...ctx, reporter: { ...reporter, data: (event, fields, text) => ctx.reporter.data(event, { name: m.name, ...fields }, () => named(text())) } },
        m.checked,
        projectId,
      );
    }
    ctx.reporter.done(
      { dry_run: true, migrations: migrations.length },
      `dry run: ${counted(migrations.length, "migration is valid", "migrations are valid")}; nothing was called`,
    );
    return EXIT.OK;
  }
  return runFleet(
    ctx,
    migrations,
    { parallel, maxFailures, hold: Boolean(ctx.values["hold-switch"]), summaryFile: ctx.values.summary as string | undefined },
    (child, m) => runLocked(child, m.file, m.statePath, m.checked),
  );
}

async function runLocked(ctx: Context, file: string, statePath: string, checked: CheckedPlan): Promise<number> {
  const { plan } = checked;
  let state = ctx.values.restart ? undefined : readState(statePath);
  // A resume compares the values the plan resolves to (after ${NAME}), field by field: a changed
  // environment variable is as much another plan as an edited file. A state written before fields
  // were kept is compared by the plan's text.
  const fields = fingerprint(plan, checked.secrets);
  if (state?.fields) {
    const changed = changedFields(state.fields, fields);
    if (changed.length) {
      throw usage(
        `${file} resolves to other values than when ${statePath} was written (${changed.join(", ")}): its run cannot resume with another plan`,
        "Restore the plan and its environment variables, or start over with a new task: --restart.",
      );
    }
  } else if (state && state.planDigest !== digest(checked.text)) {
    throw usage(
      `${file} has changed since ${statePath} was written: its run cannot resume with another plan`,
      "Restore the plan, or start over with a new task: --restart.",
    );
  }
  if (state?.step === "done") {
    ctx.reporter.done(
      { task_id: state.taskId, status: null, task_status: null },
      `${file} already ran to the end (task ${state.taskId}); --restart runs it again with a new task`,
    );
    return EXIT.OK;
  }
  // A run that will need a "yes" it cannot get is refused now, before it creates anything, not after
  // minutes of copying.
  if (plan.online_migration?.switch_ip && !(state && reached(state, "switching")) && !ctx.canConfirm()) {
    throw usage(
      `${file} switches IPs, which is asked on a terminal, and this is not one (or --json): nothing was called`,
      "Add --yes to switch without asking, or run it at a terminal.",
    );
  }
  // With a redis: section the servers are checked before anything is created (--skip-check, and the
  // state says so), and the data is compared before the IP switch and after a full copy.
  const redis: RedisPlan | undefined = plan.redis ? { file, ...endpointsOf(ctx, plan, file, [], "run"), timeoutMs: connectTimeout(ctx) } : undefined;
  const skipped = redis ? (["check", "verify"] as const).filter((gate) => ctx.values[`skip-${gate}`]) : [];
  if (redis && !state && !ctx.values["skip-check"]) {
    ctx.reporter.step("checking the source and target Redis (dcs-migrate check)");
    const { checkServers, tally } = await gates();
    const { failure, text } = tally(await checkServers(ctx, redis));
    if (failure) throw new CliError(EXIT.CHECK, `${failure.message}: nothing was created`, failure.details);
    ctx.reporter.step(`check: ${text}`);
  }
  // A gate skipped is said in the state, whether on the first run or on a later one.
  const withSkips = (s: RunState): RunState => {
    const all = [...new Set([...(s.skipped ?? []), ...skipped])];
    return all.length ? { ...s, skipped: all } : s;
  };
  const begin = (kind: RunState["kind"], taskId: string, jobId?: string): RunState => withSkips(newState(file, checked.text, kind, taskId, jobId, fields));
  if (state && skipped.some((gate) => !state?.skipped?.includes(gate))) {
    state = withSkips(state);
    writeState(statePath, state);
  }
  if (ctx.values.restart) removeState(statePath);
  const client = ctx.client();
  if (state) {
    const task = await stillThere(ctx, state, statePath);
    if (task?.status && (MIGRATION_STATUS_GROUPS.failed as readonly string[]).includes(task.status)) {
      throw new CliError(EXIT.FAILED, `the task ${state.taskId} of ${statePath} has failed (${task.status}): the plan cannot resume it`, {
        hint: `dcs-migrate logs ${state.taskId} says why; dcs-migrate run ${file} --restart starts the plan over with a new task.`,
      });
    }
    ctx.reporter.step(`resuming ${file} from ${statePath}: task ${state.taskId}, step ${state.step}`, { task_id: state.taskId, step: state.step });
  }
  const step = (next: RunState["step"], message: string) => {
    state = advance(statePath, state as RunState, next);
    ctx.reporter.step(message, { task_id: (state as RunState).taskId, step: next });
  };

  if (plan.backup_import) {
    if (!state) {
      const created = unwrap(await client.POST("/v2/{project_id}/migration-task", { body: plan.backup_import as never }));
      state = begin("backup_import", String(created.id));
      writeState(statePath, state);
      ctx.reporter.step(`created backup import task ${created.id}`, { task_id: created.id, step: "created" });
    }
    const task = await watchTask(ctx, state.taskId, MIGRATION_STATUS.SUCCESS);
    step("done", `backup import ${state.taskId} finished: ${task.status}`);
    ctx.reporter.done(
      { task_id: state.taskId, status: task.status ?? null, task_status: task.task_status ?? null },
      `done: task ${state.taskId} is ${task.status}`,
    );
    return EXIT.OK;
  }

  const online = plan.online_migration as NonNullable<typeof plan.online_migration>;
  if (!state) {
    const created = unwrap(await client.POST("/v2/{project_id}/migration/instance", { body: online.create as never }));
    if (!created.instance_id || !created.job_id)
      throw new CliError(EXIT.INTERNAL, `CreateOnlineMigrationTask answered without a task or job ID: ${JSON.stringify(created)}`);
    state = begin(MIGRATION_TYPE.online_migration, created.instance_id, created.job_id);
    writeState(statePath, state);
    ctx.reporter.step(`created migration task ${created.instance_id}; waiting for job ${created.job_id} to create its migration ECS`, {
      task_id: created.instance_id,
      job_id: created.job_id,
      step: "created",
    });
  }
  const taskId = state.taskId;
  if (!reached(state, "job-succeeded")) {
    if (state.jobId) await watchJob(ctx, state.jobId);
    step("job-succeeded", "the migration ECS is ready");
  }
  if (!reached(state, "configured")) {
    unwrap(await client.POST("/v2/{project_id}/migration/{task_id}/task", { params: { path: { task_id: taskId } }, body: online.configure as never }));
    step("configured", `configured: ${String(online.configure.migration_method).replace(/_/g, " ")}`);
  }
  const incremental = online.configure.migration_method === MIGRATION_METHOD.incremental_migration;
  const verified = async () => {
    if (!redis || ctx.values["skip-verify"] || reached(state as RunState, "verified")) return;
    if (!redis.sides.source || !redis.sides.target) {
      ctx.reporter.warn(`${file}: the data is not verified: the redis: section does not say where the ${redis.sides.source ? "target" : "source"} is`);
      return;
    }
    const { compareServers, DEFAULTS, differenceError, differs, verifySummary } = await gates();
    const report = await compareServers(ctx, redis, { sample: DEFAULTS.sample, full: false, rounds: DEFAULTS.rounds });
    if (differs(report)) {
      throw differenceError(report, incremental && online.switch_ip ? " before the IP switch: nothing was switched" : "");
    }
    step("verified", `verified: ${verifySummary(report)}`);
  };
  if (!reached(state, "copied")) {
    await watchTask(ctx, taskId, incremental ? MIGRATION_STATUS.INCRMIGEATING : MIGRATION_STATUS.SUCCESS);
    step("copied", incremental ? "full copy finished; incremental sync running" : "full copy finished");
  }
  if (incremental && !reached(state, "in-sync")) {
    await watchTask(ctx, taskId, caughtUp);
    step("in-sync", "the incremental sync has caught up (offset 0)");
  }
  await verified();
  if (online.switch_ip && !reached(state, "switched")) {
    // --hold-switch: in sync and verified, the migration waits here for a run without it (a wave, a window).
    if (ctx.values["hold-switch"] && !reached(state, "switching")) {
      ctx.reporter.done(
        { task_id: taskId, held: true, status: MIGRATION_STATUS.INCRMIGEATING, task_status: null },
        `held before the IP switch: task ${taskId} is in sync; run again without --hold-switch to switch`,
      );
      return EXIT.OK;
    }
    if (!reached(state, "switching")) {
      const source = online.configure.source_instance as { id?: string; addrs?: string } | undefined;
      const target = online.configure.target_instance as { id?: string } | undefined;
      try {
        await ctx.confirm(`switch the IPs of task ${taskId}'s source and target`, switchDetails(source, target, online.switch_ip));
      } catch (error) {
        if (error instanceof CliError && error.exitCode === EXIT.INTERRUPTED && !ctx.signal.aborted) {
          throw new CliError(EXIT.INTERRUPTED, error.message, {
            hint: `The sync goes on and the state is saved (step ${(state as RunState).step}): dcs-migrate run ${file} asks again when you are ready; --yes switches without asking.`,
          });
        }
        throw error;
      }
      unwrap(
        await client.POST("/v2/{project_id}/migration-task/{task_id}/exchange-ip", { params: { path: { task_id: taskId } }, body: online.switch_ip as never }),
      );
      step("switching", "IP switch started");
    }
    const switched = await watchSwitch(ctx, taskId, false);
    step("switched", `IPs switched (${switched.task_status})`);
  }
  const final = await stillThere(ctx, state, statePath);
  step("done", "plan done");
  ctx.reporter.done(
    { task_id: taskId, status: final?.status ?? null, task_status: final?.task_status ?? null },
    `done: task ${taskId} is ${final?.status}${final?.task_status ? `, IP switch ${final.task_status}` : ""}${incremental ? " (the incremental sync keeps running: dcs-migrate stop when you are done)" : ""}`,
  );
  return EXIT.OK;
}
