// Everything the sandbox answers that no source documents, in one place, each with why it is made
// up. The rest of what it sends comes from the request, the document or the state machine.
import { IP_EXCHANGE_STATUS, LOG_LEVEL, type LogLevel } from "@dcs-migration/client";

/** How long each phase takes, in virtual ms. No source gives durations; the real ones depend on the data. */
export const DURATIONS = {
  /** A backup import task reads CREATING this long before it starts importing. */
  create: 10_000,
  /** The job of CreateOnlineMigrationTask waits as INIT, then runs (Terraform polls it every 10 s). */
  jobStart: 10_000,
  job: 3 * 60_000,
  backupImport: 5 * 60_000,
  fullSync: 10 * 60_000,
  /** How long an incremental sync takes to drain what was written during the full copy. */
  catchUp: 60_000,
  stop: 30_000,
  ipSwitch: 60_000,
  /** A stopped task's migration ECS is released after this (RELEASED). */
  ecsRelease: 24 * 60 * 60_000,
  /** ShowMigrationTask still answers for a deleted task, as DELETED, for this long (the `deletedReadableMs` option). */
  deletedReadable: 60_000,
} as const;

/** Values of fields whose real value no source gives, with why each is what it is. */
export const INVENTED = {
  /** No source names the `job_type` of the job CreateOnlineMigrationTask starts (dcs-workflows.md §1.4). */
  migrationJobType: "createMigrationEcs",
  /** The migration ECS's private IP on the tenant's side: an address of the documented example's range. */
  ecsPrivateIp: "192.168.0.57",
  /** The migration engine's version: the documented example's form. */
  engineVersion: "6.0.21",
  /** What a task supports: the documented examples list none. */
  supportedFeatures: ["auto_reconnect"],
  /** A DCS instance's own status, its spec code and subnet: the examples' forms. */
  // lint-literals-ignore: an instance's status, not a task's (the enum of DCS instances is not in this document)
  instanceStatus: "RUNNING",
  instanceSpecCode: "redis.ha.xu1.large.r2.2",
  instanceSubnetId: "40f15ed6-7f85-49d5-ba0e-65b940d4812c",
  instancePort: 6379,
  /** The Redis database a side is read from or written to: none is configurable, so the default one. */
  database: "0",
  /** How many keys a source has: no source says, so a number fixed by the task's ID. */
  keysOf: (taskId: string) => 100_000 + (Number.parseInt(taskId.slice(0, 8), 16) % 900_000),
  /** What the target lags behind when the incremental sync starts (the offset's unit is not documented). */
  backlogOffset: 4096,
  /** Failures, in the service's words as far as anyone knows: none is documented. */
  jobFailReason: "The subnet has no free IP address for the migration ECS.",
  fullSyncFailure: "The source Redis closed the connection during the full migration.",
  /** A real copy whose source refuses the configure request's password (real.ts). */
  sourceAuthFailure: "Failed to authenticate to the source Redis: check the source password.",
  /** A real copy whose source cannot be reached (real.ts). */
  sourceUnreachable: "Failed to connect to the source Redis: check that it is running and reachable.",
  /** A configure naming one instance backed by Redis and one not (service.ts): the migration is emulated. */
  halfBacked: (side: "source" | "target") =>
    `The sandbox backs only the ${side} of this migration with Redis (is the other one's ID or address mistyped?): it is emulated, and no data moves.`,
  /** A real copy whose target refuses to replicate (real.ts); the server's own words may quote the password. */
  targetRefused: "Failed to start the migration on the target Redis: it refused or could not be reached.",
  /** A real copy whose source has SYNC and PSYNC disabled (renamed), which the service's migration needs (real.ts). */
  sourceSyncRefused: "The source Redis does not support SYNC or PSYNC: enable them (they are disabled or renamed) and migrate again.",
  /** A real copy whose source holds more data than the target's memory (real.ts). */
  targetTooSmall: "The target instance's memory is smaller than the source's data: migrate to a larger instance.",
  /** A real incremental sync whose source went away, and its return (real.ts): the replica reconnects by itself. */
  sourceLost: "The connection to the source Redis was lost: reconnecting.",
  sourceBack: "Reconnected to the source Redis: the incremental migration continues.",
  /** A real IP switch refused because the target had not taken the source's last writes (real.ts): switching would lose them. */
  switchNotInSync: "IP switch refused: the target has not caught up with the source, and switching now would lose writes. Switch once the offset is 0.",
  /** A real copy whose two sides are one server, or a server already in another real copy (real.ts). */
  sameServer: "The source and the target are the same Redis.",
  serverBusy: "The source or the target Redis is already part of another migration: stop that one first.",
  /** A real copy whose target refuses the configure request's target password (real.ts). */
  targetAuthFailure: "Failed to authenticate to the target Redis: check the target password.",
  importFailure: "The backup file is not a valid RDB or AOF file.",
  /**
   * What `task_status` reads after a failed switch or rollback: the document assumes these names
   * (IpExchangeStatus's x-dcs-decision); no source names a failure value.
   */
  ipSwitchFailed: IP_EXCHANGE_STATUS.EXCHANGE_FAILED,
  ipRollbackFailed: IP_EXCHANGE_STATUS.ROLLBACK_FAILED,
  /** A log entry's code: the documented examples' pattern. */
  logCode: (level: LogLevel, index: number) => `DCS.MIGRATION.${level === LOG_LEVEL.ERROR ? 2 : 1}${String(index).padStart(3, "0")}`,
} as const;
