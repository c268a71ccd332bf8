import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const restarted = unwrap(
  await client.POST("/v2/{project_id}/migration-tasks/batch-restart", {
    body: { migration_tasks: ["90754308-a156-406f-a837-8f852f38a646"] },
  }),
);
// A task that could not be restarted is reported here, not as an HTTP error.
for (const t of restarted.migration_tasks ?? []) console.log(t.task_id, t.result, t.error_code ?? "");
