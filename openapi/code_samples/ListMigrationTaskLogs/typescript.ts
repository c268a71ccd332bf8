import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const logs = unwrap(
  await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", {
    params: { path: { task_id: "90754308-a156-406f-a837-8f852f38a646" }, query: { offset: 0, limit: 50, log_level: "ERROR" } },
  }),
);
for (const entry of logs.migration_logs ?? []) console.log(entry.created_at, entry.log_level, entry.message);
