import { createDcsClient, credentialsFromEnv, unwrap, waitForMigrationTask } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const taskId = "2fb6b7e2-5eb8-4380-9d60-ce8d12b19aca";
unwrap(await client.POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: taskId } } }));
// The stop is done once the task reads TERMINATED.
const stopped = await waitForMigrationTask(client, taskId, { until: "TERMINATED", timeoutMs: 10 * 60_000 });
console.log(stopped.status);
