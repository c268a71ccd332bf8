import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const deleted = unwrap(
  await client.DELETE("/v2/{project_id}/migration-tasks/delete", {
    body: { task_id_list: ["2fb6b7e2-5eb8-4380-9d60-ce8d12b19aca"] },
  }),
);
// Gone from ListMigrationTask at once; ShowMigrationTask may still answer for a while.
console.log(deleted.task_id_list);
