import type { DcsClient } from "../client.js";
import { dataOrThrow } from "../errors.js";
import { JOB_STATUS_GROUPS } from "../generated/constants.js";
import type { JobInfo } from "../generated/schema.js";
import { DcsWaitError, minutes, type PollOptions, pollUntil, timing } from "./poll.js";

export interface JobWaitOptions extends PollOptions {
  /** Called with every read of the job. */
  onProgress?: (job: JobInfo) => void;
}

const SUCCEEDED = new Set<string>(JOB_STATUS_GROUPS.succeeded);
const FAILED = new Set<string>(JOB_STATUS_GROUPS.failed);

/**
 * Polls ShowJobInfo until the job is `SUCCESS` and returns it, such as the job that
 * CreateOnlineMigrationTask starts to create the migration ECS (its `job_id`). A job that ends as
 * `FAIL` throws DcsWaitError kind "failed" with the job's `fail_reason`. Defaults: a poll every 5 s
 * (±20%), 30 minutes at most.
 */
export function waitForJob(client: DcsClient, jobId: string, options: JobWaitOptions = {}): Promise<JobInfo> {
  const time = timing("waitForJob", options, { intervalMs: 5000, timeoutMs: minutes(30) });
  const path = { params: { path: { job_id: jobId } }, ...(time.signal ? { signal: time.signal } : {}) };
  const read = async () => {
    return dataOrThrow(await client.GET("/v2/{project_id}/jobs/{job_id}", path), "GET");
  };
  const decide = (job: JobInfo) => {
    options.onProgress?.(job);
    const status = job.status ?? "";
    if (SUCCEEDED.has(status)) return true;
    if (FAILED.has(status)) throw new DcsWaitError("failed", `job ${jobId} failed: ${job.fail_reason || "the service gave no reason"}`, undefined, job);
    return false;
  };
  return pollUntil(
    time,
    read,
    decide,
    (job) => new DcsWaitError("timeout", `job ${jobId} still ${job.status || "without status"} after ${time.timeoutMs} ms (timeoutMs)`, undefined, job),
  );
}
