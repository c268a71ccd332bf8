import { createDcsClient, credentialsFromEnv, unwrap, waitForMigrationTask } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const created = unwrap(
  await client.POST("/v2/{project_id}/migration-task", {
    body: {
      task_name: "migration1",
      description: "Test",
      migration_type: "backupfile_import",
      migration_method: "full_amount_migration",
      backup_files: { bucket_name: "bucketName", file_source: "self_build_obs", files: [{ size: "754.0MB", file_name: "fileName" }] },
      target_instance: { id: "d2c8399f-bdba-43c1-8069-3ff17a1a79d5", name: "dcs-test", password: process.env.TARGET_REDIS_PASSWORD! },
    },
  }),
);
const done = await waitForMigrationTask(client, created.id!, { onProgress: ({ task }) => console.log(task.status) });
console.log(done.status); // SUCCESS
