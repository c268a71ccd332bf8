import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const stats = unwrap(
  await client.GET("/v2/{project_id}/migration-task/{task_id}/stats", {
    params: { path: { task_id: "90754308-a156-406f-a837-8f852f38a646" } },
  }),
);
// Counters arrive as numbers or strings: read them with Number().
console.log(`full copy ${Number(stats.full_migration_progress)}%, offset ${Number(stats.offset)}`);
