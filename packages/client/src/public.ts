// What both entry points export, besides the two functions bound to their crypto.

export type { DcsClientOptions, Region } from "./client.js";
export { type AkSkCredentials, type Credentials, credentialsFromEnv, type TokenCredentials } from "./credentials.js";
export { deleteMigrationTasks } from "./delete.js";
export { DcsApiError, DcsRequestError, unwrap } from "./errors.js";
export { DEFAULT_REGION, ERROR_FIXES, JOB_STATUS_GROUPS, type KnownErrorCode, REGIONS, STATUS_GROUPS } from "./generated/meta.js";
export type * from "./generated/schema.js";
export { type ListOptions, listAllMigrationTaskLogs, listAllMigrationTasks } from "./lists.js";
export type { DcsClient, DcsMethod, DcsPaths } from "./paths.js";
export type { RetryOptions } from "./retry.js";
export type { RequestToSign, Signature, SigningKey } from "./signing/sign.js";
export type { DcsLogEvent } from "./transport.js";
export { type IpExchangeWaitOptions, waitForIpExchange } from "./wait/ip-exchange.js";
export { type JobWaitOptions, waitForJob } from "./wait/job.js";
export { DcsWaitError, type PollOptions } from "./wait/poll.js";
export { type MigrationProgress, type TaskProgressEvent, type TaskStatus, type WaitOptions, waitForMigrationTask } from "./wait/task.js";
