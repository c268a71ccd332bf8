import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const task = unwrap(
  await client.GET("/v2/{project_id}/migration-task/{task_id}", {
    params: { path: { task_id: "a276c1ffa0a54c2597fc824b917db317" } },
  }),
);
console.log(task.status, task.source_instance?.addrs, task.target_instance?.id);
