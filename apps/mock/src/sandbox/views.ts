// The sandbox's answers, built from the response schemas: each builder gives every documented
// property of its schema a value or null (its type, `Full<T>`, makes a property the builder forgets
// a compile error), and `project` keeps exactly what the schema documents. Passwords are never
// kept by the model, so no view can repeat one.
import {
  type BackupFilesBodyResponse,
  type JobInfo,
  MIGRATION_STATUS,
  MIGRATION_STATUS_GROUPS,
  MIGRATION_TYPE,
  type MigrationLog,
  type MigrationTask,
  type MigrationTaskList,
  type MigrationTaskStats,
  NETWORK_TYPE,
  type SourceInstanceBodyResponse,
  type TargetInstanceBodyResponse,
} from "@dcs-migration/client";
import { isObject, type JsonObject } from "@dcs-migration/openapi/walker";
import { document } from "./document.js";
import { DURATIONS, INVENTED } from "./invented.js";
import type { Job, LogEntry, Side, Task } from "./model.js";

/**
 * Every property of T, at every depth, named by the builder (a value, null, or undefined to leave it
 * out): a documented property that a builder forgets does not compile.
 */
export type Full<T> = { [K in keyof T]-?: Deep<Exclude<T[K], undefined>> | undefined };
type Deep<V> = V extends readonly (infer I)[] ? Deep<I>[] : V extends string | number | boolean | null ? V : Full<V>;

/** `value` as `schema` documents it: undocumented properties dropped at every depth, undefined ones left out. */
export function project(schema: JsonObject | undefined, value: unknown): unknown {
  if (!schema || value === undefined || value === null) return value;
  const s = document.deref(schema);
  const branches = Array.isArray(s.anyOf) ? s.anyOf.map((b) => document.deref(b)) : [s];
  const objectBranch = branches.find((b) => isObject(b.properties));
  if (objectBranch && typeof value === "object" && !Array.isArray(value)) {
    const properties = objectBranch.properties as JsonObject;
    const out: Record<string, unknown> = {};
    for (const [name, sub] of Object.entries(properties)) {
      const v = (value as Record<string, unknown>)[name];
      if (v !== undefined) out[name] = project(sub as JsonObject, v);
    }
    return out;
  }
  const arrayBranch = branches.find((b) => b.items !== undefined);
  if (arrayBranch && Array.isArray(value)) return value.map((item) => project(arrayBranch.items as JsonObject, item));
  return value;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function side(s: Side | undefined, task: Task): Full<SourceInstanceBodyResponse & TargetInstanceBodyResponse> | undefined {
  if (!s) return undefined;
  const dcs = s.id !== undefined;
  return {
    id: s.id ?? null,
    name: s.name ?? null,
    addrs: s.addrs ?? (dcs ? `${s.ip}:${s.port}` : null),
    ip: s.ip ?? null,
    port: s.port === undefined ? null : String(s.port),
    db: s.db ?? INVENTED.database,
    proxy_multi_db: dcs ? false : null,
    task_status: task.status,
    // Never a password: the model does not keep them.
    password: null,
  };
}

function backupFiles(task: Task): Full<BackupFilesBodyResponse> | undefined {
  const files = task.backupFiles;
  if (!files) return undefined;
  return {
    file_source: files.file_source,
    bucket_name: files.bucket_name ?? null,
    backup_id: files.backup_id ?? null,
    files: files.files.map((f) => ({
      file_name: f.file_name,
      size: f.size ?? String(INVENTED.keysOf(task.id) * 64),
      update_at: f.update_at ?? iso(task.createdAt),
    })),
  };
}

const online = (task: Task) => task.kind === MIGRATION_TYPE.online_migration;

/** ShowMigrationTask and StopMigrationTask. */
export function taskDetail(task: Task): Full<MigrationTask> {
  return {
    task_id: task.id,
    task_name: task.name,
    description: task.description ?? null,
    status: task.status,
    migration_type: task.kind,
    migration_method: task.method ?? null,
    ecs_tenant_private_ip: online(task) ? INVENTED.ecsPrivateIp : null,
    backup_files: backupFiles(task),
    network_type: online(task) ? NETWORK_TYPE.vpc : null,
    source_instance: side(task.source, task),
    target_instance: side(task.target, task),
    created_at: iso(task.createdAt),
    updated_at: iso(task.updatedAt),
    released_at: iso(task.releasedAt),
    version: INVENTED.engineVersion,
    resume_mode: task.resumeMode ?? null,
    supported_features: online(task) ? [...INVENTED.supportedFeatures] : [],
    tenant_vpc_id: task.vpc?.vpc_id ?? null,
    tenant_subnet_id: task.vpc?.subnet_id ?? null,
    tenant_security_group_id: task.vpc?.security_group_id ?? null,
    bandwidth_limit_mb: task.bandwidthLimitMb ?? null,
    task_status: task.switch,
  };
}

/** An entry of ListMigrationTask. */
export function taskListItem(task: Task): Full<MigrationTaskList> {
  const dcs = (s: Side | undefined) => s?.id !== undefined;
  return {
    task_id: task.id,
    task_name: task.name,
    description: task.description ?? null,
    status: task.status,
    migration_type: task.kind,
    migration_method: task.method ?? null,
    ecs_tenant_private_ip: online(task) ? INVENTED.ecsPrivateIp : null,
    data_source: task.source?.addrs ?? task.source?.id ?? task.backupFiles?.bucket_name ?? task.backupFiles?.backup_id ?? null,
    source_instance_id: task.source?.id ?? null,
    source_instance_name: task.source?.name ?? null,
    source_instance_status: dcs(task.source) ? INVENTED.instanceStatus : null,
    source_instance_subnet_id: dcs(task.source) ? INVENTED.instanceSubnetId : null,
    source_instance_spec_code: dcs(task.source) ? INVENTED.instanceSpecCode : null,
    target_instance_id: task.target?.id ?? null,
    target_instance_name: task.target?.name ?? null,
    target_instance_addrs: task.target ? `${task.target.ip}:${task.target.port}` : null,
    target_instance_status: task.target ? INVENTED.instanceStatus : null,
    target_instance_subnet_id: task.target ? INVENTED.instanceSubnetId : null,
    target_instance_spec_code: task.target ? INVENTED.instanceSpecCode : null,
    created_at: iso(task.createdAt),
    error_message: task.errorMessage ?? null,
    released_at: iso(task.releasedAt),
    version: INVENTED.engineVersion,
    resume_mode: task.resumeMode ?? null,
    supported_features: online(task) ? [...INVENTED.supportedFeatures] : [],
  };
}

export function jobInfo(job: Job): Full<JobInfo> {
  return {
    job_id: job.id,
    job_type: INVENTED.migrationJobType,
    status: job.status,
    begin_time: String(job.begin),
    end_time: job.end === undefined ? null : String(job.end),
    fail_reason: job.failReason,
  };
}

export function logEntry(entry: LogEntry): Full<MigrationLog> {
  return { created_at: iso(entry.at), log_level: entry.level, message: entry.message, log_code: entry.code, keyword: [...entry.keywords] };
}

const MIGRATING = new Set<string>(MIGRATION_STATUS_GROUPS.migrating);

/** ShowMigrationTaskStats: counters that move plausibly with virtual time, frozen when the task stands still. */
export function taskStats(task: Task, now: number): Full<MigrationTaskStats> {
  // A real copy's stats are the servers' own, read at the request (real.ts); none read yet: zeros.
  if (task.real)
    return (
      task.real.stats ?? { full_migration_progress: 0, offset: 0, source_dbsize: 0, target_dbsize: 0, target_input_kbps: 0, target_ops: 0, is_migrating: true }
    );
  const copy = task.copy;
  const t = copy?.frozenAt === undefined ? now : Math.min(now, copy.frozenAt);
  const full = copy ? Math.min(1, Math.max(0, (t - copy.start) / copy.duration)) : task.status === MIGRATION_STATUS.SUCCESS ? 1 : 0;
  const incremental = copy?.incrementalSince;
  const offset =
    incremental === undefined
      ? 0
      : copy?.stalled
        ? INVENTED.backlogOffset
        : Math.max(0, Math.round(INVENTED.backlogOffset * (1 - (t - incremental) / DURATIONS.catchUp)));
  const moving = MIGRATING.has(task.status) && copy?.frozenAt === undefined && !copy?.stalled;
  const keys = INVENTED.keysOf(task.id);
  const lag = incremental === undefined ? 0 : Math.ceil(offset / 64);
  return {
    full_migration_progress: Math.round(full * 1000) / 10,
    offset,
    source_dbsize: keys,
    target_dbsize: Math.floor(keys * full) - lag,
    target_input_kbps: moving ? (incremental === undefined ? 10_240 : offset > 0 ? 2048 : 64) : 0,
    target_ops: moving ? (incremental === undefined ? 18_000 : offset > 0 ? 4000 : 120) : 0,
    is_migrating: moving,
  };
}
