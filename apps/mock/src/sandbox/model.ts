// The state of the sandbox's DCS migration service: tasks and jobs per project, their logs, and one
// event loop that moves them over (virtual) time through the tables of states.ts. Every status
// change goes through `move`, so none can happen that the tables do not allow. Nothing here knows
// HTTP; operations.ts maps the API's operations onto it.
import { randomUUID } from "node:crypto";
import {
  type BackupFilesBody,
  type IpExchangeStatus,
  type JobStatus,
  LOG_LEVEL,
  type LogLevel,
  MIGRATION_METHOD,
  MIGRATION_STATUS,
  MIGRATION_TYPE,
  type MigrationMethod,
  type MigrationStatus,
  type MigrationTaskStats,
  type MigrationType,
  type ResumeMode,
} from "@dcs-migration/client";
import type { Clock } from "./clock.js";
import { DURATIONS, INVENTED } from "./invented.js";
import { JOB_TRANSITIONS, next, SWITCH_TRANSITIONS, type SwitchEvent, TASK_TRANSITIONS, type TaskEvent } from "./states.js";
import type { Full } from "./views.js";

/** What can be made to happen instead of what would: `setNextTransition({ taskId?, outcome })`. */
export const OUTCOMES = {
  "fail-job": "the job that creates the migration ECS fails (job FAIL, task FAILED)",
  "fail-import": "the backup import fails (MIGRATION_FAILED)",
  "fail-full-sync": "the full copy fails at 60% (MIGRATION_FAILED)",
  "stall-full-sync": "the full copy stops moving at 40% (still FULLMIGRATING)",
  "stall-sync": "the incremental sync stops catching up: INCRMIGEATING with an offset that never drains",
  "fail-ip-switch": "the next IP switch fails (task_status EXCHANGE_FAILED)",
  "fail-rollback": "the next rollback of an IP switch fails (task_status ROLLBACK_FAILED)",
} as const;
export type Outcome = keyof typeof OUTCOMES;

/** A source or target as the model keeps it: never its password. */
export interface Side {
  id?: string;
  addrs?: string;
  name?: string;
  ip?: string;
  port?: number;
  db?: string;
}

export interface LogEntry {
  at: number;
  level: LogLevel;
  message: string;
  code: string;
  keywords: string[];
}

export interface Job {
  id: string;
  projectId: string;
  status: JobStatus;
  begin: number;
  end?: number;
  failReason: string | null;
}

/** A copy of data: the full copy of an online migration (then its incremental sync), or a backup import. */
export interface Copy {
  start: number;
  duration: number;
  /** When it stopped moving (a stall, a failure, a stop); undefined while it moves. */
  frozenAt?: number;
  /** When the incremental sync started. */
  incrementalSince?: number;
  /** The incremental sync no longer drains its backlog. */
  stalled?: boolean;
}

export interface Task {
  id: string;
  projectId: string;
  kind: MigrationType;
  name: string;
  description?: string;
  status: MigrationStatus;
  /** `task_status`: where an IP switch stands; null before any. */
  switch: IpExchangeStatus | null;
  createdAt: number;
  updatedAt?: number;
  releasedAt?: number;
  deletedAt?: number;
  method?: MigrationMethod;
  resumeMode?: ResumeMode;
  bandwidthLimitMb?: string;
  source?: Side;
  target?: Side;
  backupFiles?: BackupFilesBody & { files: Array<{ file_name: string; size?: string; update_at?: string }> };
  vpc?: { vpc_id: string; subnet_id: string; security_group_id: string };
  job?: Job;
  copy?: Copy;
  errorMessage?: string;
  logs: LogEntry[];
  /** A rollback of the IP switch is under way (task_status still reads EXCHANGE_SUCCESS meanwhile). */
  rollingBack?: boolean;
  /**
   * Its source and target are backed by real Redis (instances.ts): the copy is real, its statuses
   * follow the servers (real.ts) and its stats are measured, never invented.
   */
  real?: { stats?: Full<MigrationTaskStats> };
  /** The IP switch (or rollback) under way will fail, as the controls asked: a real one then moves nothing. */
  switchFails?: boolean;
  /** Bumped by anything that makes a pending change obsolete (a stop, a restart). */
  epoch: number;
}

export interface ModelOptions {
  clock: Clock;
  /** How long a deleted task still reads DELETED before it is gone (virtual ms). */
  deletedReadableMs: number;
  /** An outcome set for the next task of any project (projects.ts), taken by the first created. */
  takeAnyNext?: () => Outcome | undefined;
}

const NEXT_TASK = Symbol("the next task created");

export function createModel({ clock, deletedReadableMs, takeAnyNext }: ModelOptions) {
  const tasks = new Map<string, Task>();
  const jobs = new Map<string, Job>();
  /** taskId (or the next task) -> what its next transition does instead. */
  const outcomes = new Map<string | typeof NEXT_TASK, Outcome>();
  /** The one event loop: every scheduled change of every task and job, by time. */
  let queue: Array<{ at: number; seq: number; run: (at: number) => void }> = [];
  let seq = 0;

  function schedule(at: number, run: (at: number) => void) {
    const event = { at, seq: seq++, run };
    const i = queue.findIndex((e) => e.at > at);
    if (i === -1) queue.push(event);
    else queue.splice(i, 0, event);
  }
  /** Applies every change that is due, in time order; a change may schedule the next one. */
  function settle() {
    const now = clock.now();
    while (queue.length > 0 && (queue[0] as (typeof queue)[number]).at <= now) {
      const event = queue.shift() as (typeof queue)[number];
      event.run(event.at);
    }
  }
  /** Schedules `run` for `task`, dropped if something obsoletes it first (a stop, a restart). */
  function later(task: Task, at: number, run: (at: number) => void) {
    const epoch = task.epoch;
    schedule(at, (when) => {
      if (task.epoch === epoch && tasks.get(task.id) === task) run(when);
    });
  }

  /** An entry of the task's log; `keywords` are the values its message names, as the service's entries list them. */
  function log(task: Task, level: LogLevel, message: string, at = clock.now(), keywords: string[] = []) {
    task.logs.push({ at, level, message, code: INVENTED.logCode(level, task.logs.length), keywords });
  }
  function move(task: Task, event: TaskEvent, at = clock.now()) {
    task.status = next(TASK_TRANSITIONS, task.status, event);
    task.updatedAt = at;
  }
  function moveSwitch(task: Task, event: SwitchEvent) {
    task.switch = next(SWITCH_TRANSITIONS, task.switch, event);
  }
  /** Takes the outcome set for this task, if it is `outcome`. */
  function take(task: Task, outcome: Outcome): boolean {
    if (outcomes.get(task.id) !== outcome) return false;
    outcomes.delete(task.id);
    return true;
  }

  function newTask(projectId: string, fields: Pick<Task, "kind" | "name"> & Partial<Task>): Task {
    const at = clock.now();
    const task: Task = { id: randomUUID(), projectId, switch: null, createdAt: at, logs: [], epoch: 0, status: MIGRATION_STATUS.CREATING, ...fields };
    task.status = next(TASK_TRANSITIONS, null, "created");
    tasks.set(task.id, task);
    const pending = outcomes.get(NEXT_TASK) ?? takeAnyNext?.();
    if (pending) {
      outcomes.set(task.id, pending);
      outcomes.delete(NEXT_TASK);
    }
    return task;
  }

  /** CreateOnlineMigrationTask: the task waits as CREATING while its job creates the migration ECS. */
  function createOnline(projectId: string, fields: Pick<Task, "name" | "description" | "vpc">): Task {
    const task = newTask(projectId, { kind: MIGRATION_TYPE.online_migration, ...fields });
    const job: Job = { id: randomUUID().replace(/-/g, ""), projectId, status: next(JOB_TRANSITIONS, null, "created"), begin: clock.now(), failReason: null };
    task.job = job;
    jobs.set(job.id, job);
    schedule(job.begin + DURATIONS.jobStart, () => {
      job.status = next(JOB_TRANSITIONS, job.status, "started");
    });
    const failing = take(task, "fail-job");
    schedule(job.begin + DURATIONS.job, (at) => {
      job.end = at;
      if (failing) {
        job.status = next(JOB_TRANSITIONS, job.status, "failed");
        job.failReason = INVENTED.jobFailReason;
        task.errorMessage = INVENTED.jobFailReason;
        if (tasks.get(task.id) === task) move(task, "job-failed", at);
        log(task, LOG_LEVEL.ERROR, INVENTED.jobFailReason, at);
      } else {
        job.status = next(JOB_TRANSITIONS, job.status, "succeeded");
        if (tasks.get(task.id) === task) move(task, "job-succeeded", at);
        log(task, LOG_LEVEL.INFO, "Migration ECS created.", at);
      }
    });
    return task;
  }

  /** CreateMigrationTask: CREATING, then the import (MIGRATING), then SUCCESS. */
  function createImport(projectId: string, fields: Pick<Task, "name" | "description" | "method" | "backupFiles" | "target">): Task {
    const task = newTask(projectId, { kind: MIGRATION_TYPE.backupfile_import, ...fields });
    later(task, task.createdAt + DURATIONS.create, (at) => {
      move(task, "import-started", at);
      task.copy = { start: at, duration: DURATIONS.backupImport };
      log(task, LOG_LEVEL.INFO, "Backup import started.", at);
      if (take(task, "fail-import")) {
        later(task, at + DURATIONS.backupImport * 0.5, (when) => fail(task, "import-failed", INVENTED.importFailure, when));
        return;
      }
      later(task, at + DURATIONS.backupImport, (when) => {
        move(task, "import-finished", when);
        log(task, LOG_LEVEL.INFO, "Backup import finished.", when);
      });
    });
    return task;
  }

  function fail(task: Task, event: TaskEvent, message: string, at: number) {
    move(task, event, at);
    if (task.copy) task.copy.frozenAt = at;
    task.errorMessage = message;
    log(task, LOG_LEVEL.ERROR, message, at);
  }

  /** SetOnlineMigrationTask and a restart: the full copy, then SUCCESS or the incremental sync. */
  function startFullCopy(task: Task, event: "configured" | "restarted") {
    const at = clock.now();
    task.epoch++;
    move(task, event, at);
    delete task.errorMessage;
    task.copy = { start: at, duration: DURATIONS.fullSync };
    log(task, LOG_LEVEL.INFO, "Full migration started.", at);
    // A real copy ends when the servers say so (finishCopy), not at an invented time.
    if (task.real) return;
    if (take(task, "stall-full-sync")) {
      task.copy.frozenAt = at + DURATIONS.fullSync * 0.4;
      return;
    }
    if (take(task, "fail-full-sync")) {
      later(task, at + DURATIONS.fullSync * 0.6, (when) => fail(task, "full-copy-failed", INVENTED.fullSyncFailure, when));
      return;
    }
    later(task, at + DURATIONS.fullSync, (when) => finishCopy(task, when));
  }

  /** The full copy is complete: SUCCESS, or on to the incremental sync. */
  function finishCopy(task: Task, when = clock.now()) {
    if (task.method === MIGRATION_METHOD.incremental_migration) {
      move(task, "incremental-sync-started", when);
      (task.copy as Copy).incrementalSince = when;
      (task.copy as Copy).stalled = take(task, "stall-sync");
      log(task, LOG_LEVEL.INFO, "Full migration finished, incremental migration started.", when);
    } else {
      move(task, "full-copy-finished", when);
      log(task, LOG_LEVEL.INFO, "Full migration finished.", when);
    }
  }

  /** StopMigrationTask (and the sync and batch forms): TERMINATING, then TERMINATED; later the ECS is released. */
  function stop(task: Task) {
    const at = clock.now();
    task.epoch++;
    move(task, "stop", at);
    if (task.copy) task.copy.frozenAt ??= at;
    later(task, at + DURATIONS.stop, (when) => {
      move(task, "stopped", when);
      log(task, LOG_LEVEL.INFO, "Migration stopped.", when);
      later(task, when + DURATIONS.ecsRelease, (released) => {
        move(task, "ecs-released", released);
        task.releasedAt = released;
        log(task, LOG_LEVEL.INFO, "Migration ECS released.", released);
      });
    });
  }

  /** ExchangeInstanceIp: EXCHANGING, then EXCHANGE_SUCCESS (or the failure the controls asked for). */
  function exchangeIps(task: Task, ips: readonly string[]) {
    const at = clock.now();
    moveSwitch(task, "exchange");
    log(task, LOG_LEVEL.INFO, ips.length ? `IP switch started: ${ips.join(", ")}.` : "IP switch started.", at, [...ips]);
    const failing = take(task, "fail-ip-switch");
    task.switchFails = failing;
    schedule(at + DURATIONS.ipSwitch, (when) => {
      if (tasks.get(task.id) !== task) return;
      // Read when it ends: a real switch that could not be made safely (real.ts) fails it meanwhile.
      const failed = task.switchFails;
      moveSwitch(task, failed ? "exchange-failed" : "exchanged");
      log(task, failed ? LOG_LEVEL.ERROR : LOG_LEVEL.INFO, failed ? "IP switch failed." : "IP switch finished.", when);
    });
  }

  /** RollbackExchangeInstanceIp: task_status reads EXCHANGE_SUCCESS until ROLLBACK_SUCCESS. */
  function rollbackIps(task: Task) {
    task.rollingBack = true;
    const failing = take(task, "fail-rollback");
    task.switchFails = failing;
    schedule(clock.now() + DURATIONS.ipSwitch, (when) => {
      task.rollingBack = false;
      if (tasks.get(task.id) !== task) return;
      moveSwitch(task, failing ? "rollback-failed" : "rolled-back");
      log(task, failing ? LOG_LEVEL.ERROR : LOG_LEVEL.INFO, failing ? "IP switch rollback failed." : "IP switch rolled back.", when);
    });
  }

  /** DeleteMigrationTask: gone from the list at once, DELETED on ShowMigrationTask for a while, then unknown. */
  function remove(task: Task) {
    const at = clock.now();
    task.epoch++;
    move(task, "deleted", at);
    task.deletedAt = at;
    schedule(at + deletedReadableMs, () => {
      if (tasks.get(task.id) === task) tasks.delete(task.id);
    });
  }

  return {
    OUTCOMES,
    settle,
    now: () => clock.now(),
    /** A task of the project, deleted ones included while they still read DELETED. */
    task(projectId: string, id: string): Task | undefined {
      settle();
      const task = tasks.get(id);
      return task?.projectId === projectId ? task : undefined;
    },
    /** The project's tasks, newest first; deleted ones are gone from the list at once. */
    list(projectId: string): Task[] {
      settle();
      return [...tasks.values()]
        .filter((t) => t.projectId === projectId && t.deletedAt === undefined)
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    },
    job(projectId: string, id: string): Job | undefined {
      settle();
      const job = jobs.get(id);
      return job?.projectId === projectId ? job : undefined;
    },
    createOnline,
    createImport,
    startFullCopy,
    finishCopy,
    /** A real copy that failed: MIGRATION_FAILED, its log saying why. */
    failCopy: (task: Task, message: string) => fail(task, "full-copy-failed", message, clock.now()),
    stop,
    exchangeIps,
    rollbackIps,
    remove,
    log,
    /**
     * Makes a task's next transition take `outcome` instead of what it would; without `taskId`, the
     * next task created (the only way to fail a job, which starts with its task).
     */
    setNextTransition(taskId: string | undefined, outcome: Outcome) {
      outcomes.set(taskId ?? NEXT_TASK, outcome);
    },
    hasTask: (id: string) => tasks.has(id),
    /** Every task as it stands (deleted ones while they still read DELETED). */
    snapshot() {
      settle();
      return {
        now: clock.now(),
        tasks: [...tasks.values()].map((t) => ({ task_id: t.id, project_id: t.projectId, status: t.status, task_status: t.switch })),
      };
    },
    reset() {
      tasks.clear();
      jobs.clear();
      outcomes.clear();
      queue = [];
    },
  };
}

export type Model = ReturnType<typeof createModel>;
