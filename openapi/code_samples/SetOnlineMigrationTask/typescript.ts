import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const configured = unwrap(
  await client.POST("/v2/{project_id}/migration/{task_id}/task", {
    params: { path: { task_id: "90754308-a156-406f-a837-8f852f38a646" } },
    body: {
      migration_method: "incremental_migration",
      bandwidth_limit_mb: 123,
      resume_mode: "auto",
      // A self-built source by its addresses; a DCS target by its ID, no password.
      source_instance: { id: null, addrs: "192.168.1.1:6379,192.168.0.0:6379", password: process.env.SOURCE_REDIS_PASSWORD ?? null },
      target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd", addrs: null, password: null },
    },
  }),
);
console.log(configured.id, configured.status); // FULLMIGRATING, then INCRMIGEATING
