import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const created = unwrap(
  await client.POST("/v2/{project_id}/migration/instance", {
    body: {
      name: "dcs-migration-thrc",
      description: "Creating an online data migration task",
      vpc_id: "5e37b3be-950a-48e1-b498-65b63d336481",
      subnet_id: "40f15ed6-7f85-49d5-ba0e-65b940d4812c",
      security_group_id: "9df96622-24b7-4813-84b8-ab74552a21d7",
    },
  }),
);
// The task ID is in `instance_id`; wait for `job_id` (ShowJobInfo) before configuring the task.
console.log(created.instance_id, created.job_id);
