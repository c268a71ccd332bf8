// The fields each seed page lists, transcribed from test/seeds/ (the tables are in three layouts,
// so they are not parsed). `!` marks a field the page calls mandatory; `a.b` is a nested field and
// `a[].b` a field of an array's items. Only request fields carry the mandatory flag; `?` marks a
// field the page calls mandatory under a condition it states (`files` "when the data source is an
// OBS bucket"), which the document writes as an if/then.
type Fields = Record<string, string>;

export interface SeedFields {
  operationId: string;
  request?: Fields;
  response: Fields;
  enums: Record<string, string[]>;
  /** The page gives error_msg/error_ext_msg a maximum of 1024 and error_code of 9. */
  errorLimits: boolean;
}

const STATUS_10 = ["SUCCESS", "FAILED", "MIGRATING", "TERMINATED", "TERMINATING", "INCRMIGEATING", "FULLMIGRATING", "RUNNING", "MIGRATION_FAILED", "RELEASED"];
const STATUS_4 = ["SUCCESS", "FAILED", "MIGRATING", "TERMINATED"];
const TYPE = ["backupfile_import", "online_migration"];
const METHOD = ["full_amount_migration", "incremental_migration"];

const taskBrief: Fields = {
  task_id: "string",
  task_name: "string",
  description: "string",
  status: "string",
  migration_type: "string",
  migration_method: "string",
  ecs_tenant_private_ip: "string",
  backup_files: "object",
  "backup_files.file_source": "string",
  "backup_files.bucket_name": "string",
  "backup_files.files": "array",
  "backup_files.files[].file_name": "string",
  "backup_files.files[].size": "string",
  "backup_files.files[].update_at": "string",
  "backup_files.backup_id": "string",
  network_type: "string",
  source_instance: "object",
  "source_instance.addrs": "string",
  "source_instance.password": "string",
  target_instance: "object",
  "target_instance.id": "string",
  "target_instance.name": "string",
  "target_instance.password": "string",
  created_at: "string",
  updated_at: "string",
};
const instanceDetails = (side: string): Fields =>
  Object.fromEntries(
    Object.entries({
      addrs: "string",
      password: "string",
      task_status: "string",
      id: "string",
      ip: "string",
      port: "string",
      name: "string",
      proxy_multi_db: "boolean",
      db: "string",
    }).map(([k, v]) => [`${side}.${k}`, v]),
  );
const taskEnums = {
  status: STATUS_10,
  migration_type: TYPE,
  migration_method: METHOD,
  "backup_files.file_source": ["self_build_obs", "backup_record"],
  network_type: ["vpc", "vpn"],
};

export const seedFields: SeedFields[] = [
  { operationId: "StopMigrationTask", response: taskBrief, enums: taskEnums, errorLimits: true },
  {
    operationId: "ShowMigrationTask",
    response: {
      ...taskBrief,
      released_at: "string",
      version: "string",
      resume_mode: "string",
      supported_features: "array",
      tenant_vpc_id: "string",
      tenant_subnet_id: "string",
      tenant_security_group_id: "string",
      bandwidth_limit_mb: "string",
      task_status: "string",
      ...instanceDetails("source_instance"),
      ...instanceDetails("target_instance"),
    },
    enums: taskEnums,
    errorLimits: true,
  },
  {
    operationId: "BatchStopMigrationTasks",
    request: { migration_tasks: "array!" },
    response: { migration_tasks: "array", "migration_tasks[].result": "string", "migration_tasks[].task_id": "string" },
    enums: {},
    errorLimits: false,
  },
  {
    operationId: "SetOnlineMigrationTask",
    request: {
      migration_method: "string!",
      resume_mode: "string!",
      bandwidth_limit_mb: "string",
      source_instance: "object!",
      target_instance: "object!",
      "source_instance.id": "string",
      "source_instance.addrs": "string",
      "source_instance.password": "string",
      "target_instance.id": "string",
      "target_instance.addrs": "string",
      "target_instance.password": "string",
    },
    response: { id: "string", name: "string", status: "string" },
    enums: { migration_method: METHOD, resume_mode: ["auto", "manual"], status: STATUS_4 },
    errorLimits: true,
  },
  {
    operationId: "CreateMigrationTask",
    request: {
      task_name: "string!",
      description: "string",
      migration_type: "string!",
      migration_method: "string!",
      backup_files: "object",
      network_type: "string",
      source_instance: "object",
      target_instance: "object!",
      "backup_files.file_source": "string!",
      "backup_files.bucket_name": "string?",
      "backup_files.files": "array?",
      "backup_files.backup_id": "string?",
      "backup_files.files[].file_name": "string!",
      "backup_files.files[].size": "string",
      "backup_files.files[].update_at": "string",
      "source_instance.addrs": "string!",
      "source_instance.password": "string",
      "source_instance.task_status": "string",
      "source_instance.id": "string",
      "source_instance.ip": "string",
      "source_instance.port": "string",
      "source_instance.name": "string",
      "source_instance.proxy_multi_db": "boolean",
      "source_instance.db": "string",
      "target_instance.id": "string!",
      "target_instance.name": "string",
      "target_instance.password": "string",
      "target_instance.task_status": "string",
      "target_instance.ip": "string",
      "target_instance.port": "string",
      "target_instance.addrs": "string",
      "target_instance.proxy_multi_db": "boolean",
      "target_instance.db": "string",
    },
    response: { id: "string", name: "string", status: "string", error: "string" },
    enums: { migration_type: TYPE, migration_method: METHOD, status: STATUS_4 },
    errorLimits: false,
  },
];
