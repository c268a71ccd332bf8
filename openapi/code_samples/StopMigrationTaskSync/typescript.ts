import { createDcsClient, credentialsFromEnv } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const { response } = await client.POST("/v2/{project_id}/migration-task/{task_id}/sync-stop", {
  params: { path: { task_id: "90754308-a156-406f-a837-8f852f38a646" } },
});
console.log(response.status); // 204, no body; the task then reads TERMINATED
