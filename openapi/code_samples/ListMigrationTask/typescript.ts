import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const page = unwrap(
  await client.GET("/v2/{project_id}/migration-tasks", {
    params: { query: { offset: 0, limit: 10, name: "dcs-migration-thrc" } },
  }),
);
console.log(
  page.count,
  page.migration_tasks?.map((t) => `${t.task_id} ${t.status}`),
);
