import { createDcsClient, credentialsFromEnv, unwrap } from "@dcs-migration/client";

const client = createDcsClient({
  region: "cn-north-4",
  projectId: process.env.DCS_PROJECT_ID!,
  credentials: credentialsFromEnv(), // CLOUD_SDK_AK / CLOUD_SDK_SK
});

const job = unwrap(
  await client.GET("/v2/{project_id}/jobs/{job_id}", {
    params: { path: { job_id: "ff8080818822bbf70188235afc24141a" } },
  }),
);
console.log(job.status, job.fail_reason ?? ""); // INIT, RUNNING, SUCCESS or FAIL
