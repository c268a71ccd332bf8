import { createDcsClient, credentialsFromEnv } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const { response } = await client.POST("/v2/{project_id}/migration-task/{task_id}/rollback-ip", {
  params: { path: { task_id: "90754308-a156-406f-a837-8f852f38a646" } },
});
// 204 (or 200), no body: follow the task's task_status until ROLLBACK_SUCCESS.
console.log(response.status);
