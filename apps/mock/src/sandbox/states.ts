// The state machines of the sandbox, as data (as moto's state manager keeps them): for each
// resource, which event moves which status to which. The statuses are the document's, through the
// client's generated constants; which statuses allow an operation is the document's too
// (x-dcs-allowed-statuses), and test/sandbox/states.test.ts checks that this table can do every
// operation in every status the document allows it in, and reach every status of every x-lifecycle.
import {
  IP_EXCHANGE_STATUS as IP,
  type IpExchangeStatus,
  JOB_STATUS as JOB,
  type JobStatus,
  MIGRATION_STATUS_GROUPS,
  type MigrationStatus,
  MIGRATION_STATUS as TASK,
} from "@dcs-migration/client";

export interface Transition<S extends string, E extends string> {
  /** The statuses the event applies in; `null`: the resource has none yet. */
  from: ReadonlyArray<S | null>;
  on: E;
  to: S;
}

export type TaskEvent =
  | "created"
  | "job-succeeded"
  | "job-failed"
  | "import-started"
  | "import-finished"
  | "import-failed"
  | "configured"
  | "full-copy-finished"
  | "incremental-sync-started"
  | "full-copy-failed"
  | "stop"
  | "stopped"
  | "restarted"
  | "ecs-released"
  | "deleted";

const ENDED: readonly MigrationStatus[] = [...MIGRATION_STATUS_GROUPS.succeeded, ...MIGRATION_STATUS_GROUPS.failed, ...MIGRATION_STATUS_GROUPS.stopped];

/** A migration task's `status`. */
export const TASK_TRANSITIONS: ReadonlyArray<Transition<MigrationStatus, TaskEvent>> = [
  { from: [null], on: "created", to: TASK.CREATING },
  // Online migration: the job creates the migration ECS, then the task waits to be configured.
  { from: [TASK.CREATING], on: "job-succeeded", to: TASK.RUNNING },
  { from: [TASK.CREATING], on: "job-failed", to: TASK.FAILED },
  { from: [TASK.RUNNING, TASK.SUCCESS, TASK.TERMINATED], on: "configured", to: TASK.FULLMIGRATING },
  { from: [TASK.FULLMIGRATING], on: "full-copy-finished", to: TASK.SUCCESS },
  { from: [TASK.FULLMIGRATING], on: "incremental-sync-started", to: TASK.INCRMIGEATING },
  { from: [TASK.FULLMIGRATING], on: "full-copy-failed", to: TASK.MIGRATION_FAILED },
  // Backup import.
  { from: [TASK.CREATING], on: "import-started", to: TASK.MIGRATING },
  { from: [TASK.MIGRATING], on: "import-finished", to: TASK.SUCCESS },
  { from: [TASK.MIGRATING], on: "import-failed", to: TASK.MIGRATION_FAILED },
  // Either kind.
  { from: MIGRATION_STATUS_GROUPS.migrating, on: "stop", to: TASK.TERMINATING },
  { from: [TASK.TERMINATING], on: "stopped", to: TASK.TERMINATED },
  { from: [TASK.TERMINATED], on: "restarted", to: TASK.FULLMIGRATING },
  { from: [TASK.TERMINATED], on: "ecs-released", to: TASK.RELEASED },
  { from: [TASK.RUNNING, ...ENDED.filter((s) => s !== TASK.DELETED)], on: "deleted", to: TASK.DELETED },
];

export type JobEvent = "created" | "started" | "succeeded" | "failed";

/** The job CreateOnlineMigrationTask starts (ShowJobInfo). */
export const JOB_TRANSITIONS: ReadonlyArray<Transition<JobStatus, JobEvent>> = [
  { from: [null], on: "created", to: JOB.INIT },
  { from: [JOB.INIT], on: "started", to: JOB.RUNNING },
  { from: [JOB.RUNNING], on: "succeeded", to: JOB.SUCCESS },
  { from: [JOB.RUNNING], on: "failed", to: JOB.FAIL },
];

export type SwitchEvent = "exchange" | "exchanged" | "exchange-failed" | "rolled-back" | "rollback-failed";

/** A task's `task_status`: its IP switch (null: none yet). */
export const SWITCH_TRANSITIONS: ReadonlyArray<Transition<IpExchangeStatus, SwitchEvent>> = [
  { from: [null, IP.ROLLBACK_SUCCESS, IP.EXCHANGE_FAILED], on: "exchange", to: IP.EXCHANGING },
  { from: [IP.EXCHANGING], on: "exchanged", to: IP.EXCHANGE_SUCCESS },
  { from: [IP.EXCHANGING], on: "exchange-failed", to: IP.EXCHANGE_FAILED },
  // A rollback: task_status still reads EXCHANGE_SUCCESS until it is done, as the service's does.
  { from: [IP.EXCHANGE_SUCCESS], on: "rolled-back", to: IP.ROLLBACK_SUCCESS },
  { from: [IP.EXCHANGE_SUCCESS], on: "rollback-failed", to: IP.ROLLBACK_FAILED },
];

/** The status an event moves `current` to; a missing transition is a defect of the sandbox. */
export function next<S extends string, E extends string>(table: ReadonlyArray<Transition<S, E>>, current: S | null, event: E): S {
  const transition = table.find((t) => t.on === event && t.from.includes(current));
  if (!transition) throw new Error(`sandbox defect: no transition on ${event} from ${current ?? "nothing"}`);
  return transition.to;
}
