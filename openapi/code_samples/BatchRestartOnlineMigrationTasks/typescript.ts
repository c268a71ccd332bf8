import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const restarted = unwrap(
  await client.POST("/v2/{project_id}/migration-tasks/batch-restart", {
    body: { migration_tasks: ["b21989ec-2889-4b8e-99db-19c073425ec2", "5130d57f-640a-435b-bc3a-0fb1860a5340"] },
  }),
);
// A task that could not be restarted is reported here, not as an HTTP error.
for (const t of restarted.migration_tasks ?? []) console.log(t.task_id, t.result, t.error_code ?? "");
