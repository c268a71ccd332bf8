// The state of the sandbox's DCS migration service: tasks, jobs and their logs, and how each moves
// over (virtual) time, as dcs-workflows.md §3 describes the real service. Every operation is a
// function of the request that returns { status, body? }; nothing here knows HTTP.
import { randomUUID } from "node:crypto";

/** How long each phase takes, in virtual ms (the real service: minutes). */
export const DURATIONS = {
  jobStart: 10_000,
  job: 3 * 60_000,
  backupImport: 5 * 60_000,
  fullSync: 10 * 60_000,
  stop: 30_000,
  ipSwitch: 60_000,
};

/** What setNextTransition can make a task do next, instead of what it would. */
export const OUTCOMES = ["fail-job", "fail-full-sync", "stall-sync", "fail-ip-switch"];

const NEXT_TASK = Symbol("the next task created");
const MIGRATING = new Set(["MIGRATING", "FULLMIGRATING", "INCRMIGEATING"]);
const ENDED = new Set(["SUCCESS", "FAILED", "MIGRATION_FAILED", "TERMINATED", "RELEASED"]);

/**
 * @param {{ now: () => number, error: (status: number, code: string) => { status: number, body: object } }} deps
 */
export function createModel({ now, error }) {
  const tasks = new Map();
  const jobs = new Map();
  /** taskId -> the outcome its next transition takes. */
  const next = new Map();
  const iso = (ms) => new Date(ms).toISOString();
  const notFound = () => error(400, "DCS.4133");
  const wrongState = () => error(400, "DCS.4957");
  const log = (task, level, message, at = now()) =>
    task.logs.push({
      created_at: iso(at),
      log_level: level,
      message,
      log_code: `DCS.MIGRATION.${level === "ERROR" ? 2 : 1}${String(task.logs.length).padStart(3, "0")}`,
      keyword: [],
    });
  const take = (taskId, outcome) => {
    if (next.get(taskId) !== outcome) return false;
    next.delete(taskId);
    return true;
  };

  /** Applies every scheduled change that is due, in order. */
  function settle(task) {
    const t = now();
    for (;;) {
      const due = task.events.filter((e) => e.at <= t).sort((a, b) => a.at - b.at)[0];
      if (!due) return task;
      task.events.splice(task.events.indexOf(due), 1);
      due.apply(due.at);
    }
  }
  function settleJob(job) {
    for (const e of [...job.events].sort((a, b) => a.at - b.at)) {
      if (e.at > now()) break;
      job.events.splice(job.events.indexOf(e), 1);
      e.apply(e.at);
    }
    return job;
  }
  const at = (task, delay, apply) => task.events.push({ at: now() + delay, apply });
  const liveTask = (taskId) => {
    const task = tasks.get(taskId);
    return task ? settle(task) : undefined;
  };

  function startFullSync(task) {
    task.status = "FULLMIGRATING";
    task.sync = { start: now(), frozenAt: undefined };
    log(task, "INFO", "Full migration started.");
    if (take(task.id, "stall-sync")) {
      task.sync.frozenAt = now() + DURATIONS.fullSync * 0.4;
      return;
    }
    if (take(task.id, "fail-full-sync")) {
      at(task, DURATIONS.fullSync * 0.6, (when) => {
        task.status = "MIGRATION_FAILED";
        task.sync.frozenAt = when;
        task.error_message = "The source Redis closed the connection during the full migration.";
        log(task, "ERROR", task.error_message, when);
      });
      return;
    }
    at(task, DURATIONS.fullSync, (when) => {
      if (task.migration_method === "incremental_migration") {
        task.status = "INCRMIGEATING";
        log(task, "INFO", "Full migration finished, incremental migration started.", when);
      } else {
        task.status = "SUCCESS";
        task.updated_at = when;
        log(task, "INFO", "Full migration finished.", when);
      }
    });
  }

  function stop(task) {
    task.status = "TERMINATING";
    task.events = task.events.filter((e) => e.keep);
    at(task, DURATIONS.stop, (when) => {
      task.status = "TERMINATED";
      task.updated_at = when;
      if (task.sync) task.sync.frozenAt ??= when;
      log(task, "INFO", "Migration stopped.", when);
    });
  }

  /** The stats a migrating task shows: counters that move plausibly with virtual time. */
  function stats(task) {
    const t = task.sync?.frozenAt === undefined ? now() : Math.min(now(), task.sync.frozenAt);
    const full = task.sync ? Math.min(1, (t - task.sync.start) / DURATIONS.fullSync) : 0;
    const incremental = task.status === "INCRMIGEATING" && task.sync?.frozenAt === undefined;
    const second = Math.floor(t / 1000);
    return {
      full_migration_progress: Math.round(full * 1000) / 10,
      offset: incremental ? (second % 5) * 128 : 0,
      source_dbsize: task.keys + (incremental ? second % 50 : 0),
      target_dbsize: Math.floor(task.keys * full) + (incremental ? second % 50 : 0),
      target_input_kbps: MIGRATING.has(task.status) && task.sync?.frozenAt === undefined ? 10240 : 0,
      target_ops: MIGRATING.has(task.status) && task.sync?.frozenAt === undefined ? 18000 : 0,
      is_migrating: MIGRATING.has(task.status) && task.sync?.frozenAt === undefined,
    };
  }

  function newTask(fields) {
    const task = { id: randomUUID(), created_at: now(), updated_at: undefined, events: [], logs: [], keys: 0, resume_mode: undefined, ...fields };
    task.keys = 100_000 + (Number.parseInt(task.id.slice(0, 8), 16) % 900_000);
    tasks.set(task.id, task);
    if (next.has(NEXT_TASK)) {
      next.set(task.id, next.get(NEXT_TASK));
      next.delete(NEXT_TASK);
    }
    return task;
  }

  const view = (task) => ({
    task_id: task.id,
    task_name: task.name,
    description: task.description ?? null,
    status: task.status,
    migration_type: task.migration_type,
    migration_method: task.migration_method ?? null,
    network_type: task.migration_type === "online_migration" ? "vpc" : null,
    ecs_tenant_private_ip: task.migration_type === "online_migration" ? "192.168.0.57" : null,
    ...(task.backup_files ? { backup_files: task.backup_files } : {}),
    ...(task.source ? { source_instance: task.source } : {}),
    ...(task.target ? { target_instance: task.target } : {}),
    created_at: iso(task.created_at),
    updated_at: task.updated_at === undefined ? null : iso(task.updated_at),
    resume_mode: task.resume_mode ?? null,
    bandwidth_limit_mb: task.bandwidth_limit_mb ?? null,
    ...(task.vpc ? { tenant_vpc_id: task.vpc.vpc_id, tenant_subnet_id: task.vpc.subnet_id, tenant_security_group_id: task.vpc.security_group_id } : {}),
    ...(task.task_status ? { task_status: task.task_status } : {}),
    version: "6.0.21",
  });
  const listItem = (task) => ({
    task_id: task.id,
    task_name: task.name,
    status: task.status,
    migration_type: task.migration_type,
    migration_method: task.migration_method ?? null,
    data_source: task.source?.addrs ?? task.backup_files?.bucket_name ?? null,
    source_instance_id: task.source?.id ?? null,
    target_instance_id: task.target?.id ?? null,
    created_at: iso(task.created_at),
    description: task.description ?? null,
    error_message: task.error_message ?? null,
    resume_mode: task.resume_mode ?? null,
    supported_features: [],
  });
  /** Passwords are kept to check nothing leaks, and are echoed like the real service does not. */
  const side = (body) => (body ? Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== "password" && v !== null)) : undefined);

  const operations = {
    CreateMigrationTask({ body }) {
      const task = newTask({
        name: body.task_name,
        description: body.description,
        migration_type: body.migration_type,
        migration_method: body.migration_method,
        backup_files: body.backup_files,
        source: side(body.source_instance),
        target: side(body.target_instance),
        status: "MIGRATING",
      });
      log(task, "INFO", "Backup import started.");
      at(task, DURATIONS.backupImport, (when) => {
        task.status = "SUCCESS";
        task.updated_at = when;
        log(task, "INFO", "Backup import finished.", when);
      });
      return { status: 200, body: { id: task.id, name: task.name, status: task.status, error: "" } };
    },

    CreateOnlineMigrationTask({ body }) {
      const task = newTask({ name: body.name, description: body.description, migration_type: "online_migration", status: "RUNNING", vpc: body });
      const job = { id: randomUUID().replace(/-/g, ""), status: "INIT", begin: now(), end: undefined, fail_reason: null, events: [] };
      task.job = job;
      jobs.set(job.id, job);
      job.events.push({ at: now() + DURATIONS.jobStart, apply: () => (job.status = "RUNNING") });
      const failing = take(task.id, "fail-job");
      job.events.push({
        at: now() + DURATIONS.job,
        apply: (when) => {
          job.status = failing ? "FAIL" : "SUCCESS";
          job.end = when;
          if (failing) {
            job.fail_reason = "The subnet has no free IP address for the migration ECS.";
            task.status = "FAILED";
            log(task, "ERROR", job.fail_reason, when);
          } else log(task, "INFO", "Migration ECS created.", when);
        },
      });
      return { status: 200, body: { instance_id: task.id, job_id: job.id } };
    },

    ShowJobInfo({ path }) {
      const job = jobs.get(path.job_id);
      if (!job) return notFound();
      settleJob(job);
      return {
        status: 200,
        body: {
          job_id: job.id,
          job_type: "createMigrationEcs",
          status: job.status,
          begin_time: String(job.begin),
          end_time: job.end === undefined ? null : String(job.end),
          fail_reason: job.fail_reason,
        },
      };
    },

    SetOnlineMigrationTask({ path, body }) {
      const task = liveTask(path.task_id);
      if (!task) return notFound();
      if (task.job && settleJob(task.job).status !== "SUCCESS") return error(400, task.job.status === "FAIL" ? "DCS.4957" : "DCS.4017");
      if (!["RUNNING", "SUCCESS", "TERMINATED"].includes(task.status)) return wrongState();
      Object.assign(task, {
        migration_method: body.migration_method,
        resume_mode: body.resume_mode,
        bandwidth_limit_mb: body.bandwidth_limit_mb === undefined ? undefined : String(body.bandwidth_limit_mb),
        source: side(body.source_instance),
        target: side(body.target_instance),
        task_status: undefined,
      });
      startFullSync(task);
      return { status: 200, body: { id: task.id, name: task.name, status: task.status, error: "" } };
    },

    ShowMigrationTask({ path }) {
      const task = liveTask(path.task_id);
      return task ? { status: 200, body: view(task) } : notFound();
    },

    ShowMigrationTaskStats({ path }) {
      const task = liveTask(path.task_id);
      return task ? { status: 200, body: stats(task) } : notFound();
    },

    ListMigrationTask({ query }) {
      const all = [...tasks.values()].map(settle).filter((t) => query.name === undefined || t.name === query.name);
      all.sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
      const offset = Number(query.offset ?? 0);
      const limit = Number(query.limit ?? 10);
      return { status: 200, body: { count: all.length, migration_tasks: all.slice(offset, offset + limit).map(listItem) } };
    },

    ListMigrationTaskLogs({ path, query }) {
      const task = liveTask(path.task_id);
      if (!task) return notFound();
      const entries = task.logs.filter((e) => query.log_level === undefined || e.log_level === query.log_level);
      const offset = Number(query.offset ?? 0);
      const limit = Number(query.limit ?? 10);
      return { status: 200, body: { log_num: entries.length, migration_logs: entries.slice(offset, offset + limit) } };
    },

    StopMigrationTask({ path }) {
      const task = liveTask(path.task_id);
      if (!task) return notFound();
      if (!MIGRATING.has(task.status)) return wrongState();
      stop(task);
      return { status: 200, body: view(task) };
    },

    StopMigrationTaskSync({ path }) {
      const task = liveTask(path.task_id);
      if (!task) return notFound();
      if (!MIGRATING.has(task.status)) return wrongState();
      stop(task);
      return { status: 204 };
    },

    BatchStopMigrationTasks({ body }) {
      const results = body.migration_tasks.map((taskId) => {
        const task = liveTask(taskId);
        if (!task) return { result: "failed", task_id: taskId, ...error(400, "DCS.4133").body };
        if (!MIGRATING.has(task.status)) return { result: "failed", task_id: taskId, ...error(400, "DCS.4957").body };
        stop(task);
        return { result: "success", task_id: taskId };
      });
      return { status: 200, body: { migration_tasks: results.map(({ error_ext_msg, ...r }) => r) } };
    },

    BatchRestartOnlineMigrationTasks({ body }) {
      const results = body.migration_tasks.map((taskId) => {
        const task = liveTask(taskId);
        if (!task) return { result: "failed", task_id: taskId, ...error(400, "DCS.4133").body };
        if (task.status !== "TERMINATED" || task.migration_type !== "online_migration" || !task.migration_method) {
          return { result: "failed", task_id: taskId, ...error(400, "DCS.4957").body };
        }
        startFullSync(task);
        return { result: "success", task_id: taskId };
      });
      return { status: 200, body: { migration_tasks: results.map(({ error_ext_msg, ...r }) => r) } };
    },

    UpdateMigrationTask({ path, body }) {
      const task = liveTask(path.task_id);
      if (!task) return notFound();
      if (task.migration_type !== "online_migration") return wrongState();
      task.resume_mode = body.resume_mode;
      return { status: 200 };
    },

    ExchangeInstanceIp({ path }) {
      const task = liveTask(path.task_id);
      if (!task) return notFound();
      if (task.status !== "INCRMIGEATING" || task.task_status === "EXCHANGING") return wrongState();
      task.task_status = "EXCHANGING";
      log(task, "INFO", "IP switch started.");
      const failing = take(task.id, "fail-ip-switch");
      at(task, DURATIONS.ipSwitch, (when) => {
        task.task_status = failing ? "EXCHANGE_FAILED" : "EXCHANGE_SUCCESS";
        log(task, failing ? "ERROR" : "INFO", failing ? "IP switch failed." : "IP switch finished.", when);
      });
      return { status: 204 };
    },

    RollbackExchangeInstanceIp({ path }) {
      const task = liveTask(path.task_id);
      if (!task) return notFound();
      if (task.task_status !== "EXCHANGE_SUCCESS" || task.events.some((e) => e.rollback)) return wrongState();
      // task_status still reads EXCHANGE_SUCCESS for a while after the call, as the real one does.
      task.events.push({
        at: now() + DURATIONS.ipSwitch,
        rollback: true,
        apply: (when) => {
          task.task_status = "ROLLBACK_SUCCESS";
          log(task, "INFO", "IP switch rolled back.", when);
        },
      });
      return { status: 204 };
    },

    DeleteMigrationTask({ body }) {
      const found = body.task_id_list.map(liveTask).filter(Boolean);
      // Unknown IDs are ignored, as the service does; a task still moving cannot be deleted.
      if (found.some((t) => !ENDED.has(t.status) && t.status !== "RUNNING")) return wrongState();
      for (const task of found) tasks.delete(task.id);
      return { status: 200, body: { task_id_list: found.map((t) => t.id) } };
    },
  };

  return {
    operations,
    /**
     * Makes a task's next transition take `outcome` (see OUTCOMES) instead of what it would; without
     * `taskId`, the next task created (for "fail-job", whose job starts with the task).
     */
    setNextTransition({ taskId, outcome }) {
      if (!OUTCOMES.includes(outcome)) throw new TypeError(`sandbox: unknown outcome ${JSON.stringify(outcome)}; one of ${OUTCOMES.join(", ")}`);
      if (taskId !== undefined && !tasks.has(taskId))
        throw new TypeError(`sandbox: no task ${JSON.stringify(taskId)}; leave taskId out for the next task created`);
      next.set(taskId ?? NEXT_TASK, outcome);
    },
    snapshot: () => ({
      now: now(),
      tasks: [...tasks.values()].map(settle).map((t) => ({ task_id: t.id, status: t.status, task_status: t.task_status ?? null })),
    }),
    reset() {
      tasks.clear();
      jobs.clear();
      next.clear();
    },
  };
}
