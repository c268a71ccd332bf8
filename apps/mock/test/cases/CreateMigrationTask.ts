import type { ContractCase } from "../contract.js";

const path = "/v2/{project_id}/migration-task";
const task = { task_name: "migration1", migration_type: "backupfile_import", migration_method: "full_amount_migration" } as const;
const backup = () => ({ file_source: "self_build_obs", bucket_name: "bucketName", files: [{ file_name: "dump.rdb" }] }) as const;
const target = { id: "d2c8399f-bdba-43c1-8069-3ff17a1a79d5", password: "xxxxxx" };

export default {
  operationId: "CreateMigrationTask",
  send: (client, init) => client.POST(path, { body: { ...task, backup_files: { ...backup(), files: [...backup().files] }, target_instance: target }, ...init }),
  invalid: [
    {
      name: "no target_instance",
      // @ts-expect-error target_instance is required
      send: (client) => client.POST(path, { body: { ...task } }),
      violation: { location: ["request", "body"], code: "required" },
    },
    {
      name: "a backup record without its backup_id",
      // The rule "backup_record needs backup_id" is an if/then of the document: only Prism sees it.
      send: (client) => client.POST(path, { body: { ...task, backup_files: { file_source: "backup_record", files: [] }, target_instance: target } }),
      violation: { location: ["request", "body", "backup_files"], code: "required" },
    },
    {
      name: "an OBS import without its bucket_name",
      // Another if/then of the document: an OBS import needs the bucket and at least one file.
      send: (client) =>
        client.POST(path, { body: { ...task, backup_files: { file_source: "self_build_obs", files: [{ file_name: "dump.rdb" }] }, target_instance: target } }),
      violation: { location: ["request", "body", "backup_files"], code: "required" },
    },
    {
      name: "a typo in a nested field (target_instance.pasword)",
      // @ts-expect-error nested request objects are closed too
      send: (client) => client.POST(path, { body: { ...task, target_instance: { id: target.id, pasword: "xxxxxx" } } }),
      violation: { location: ["request", "body", "target_instance"], code: "additionalProperties" },
    },
    {
      name: "a field the document does not have",
      // @ts-expect-error unknown field
      send: (client) => client.POST(path, { body: { ...task, target_instance: target, priority: 1 } }),
      violation: { location: ["request", "body"], code: "additionalProperties" },
    },
  ],
} satisfies ContractCase;
