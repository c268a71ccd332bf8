import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const { migration_tasks = [] } = unwrap(
  await client.POST("/v2/{project_id}/migration-task/batch-stop", {
    body: { migration_tasks: ["b21989ec-2889-4b8e-99db-19c073425ec2", "5130d57f-640a-435b-bc3a-0fb1860a5340"] },
  }),
);
// A 200 only means "delivered": each task has its own result.
for (const { task_id, result, error_msg } of migration_tasks ?? []) console.log(task_id, result, error_msg ?? "");
