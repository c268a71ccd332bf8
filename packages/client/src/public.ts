// What both entry points export, besides the two functions bound to their crypto.

export type { DcsClientOptions, Region } from "./client.js";
export { type AkSkCredentials, type Credentials, credentialsFromEnv, type TokenCredentials } from "./credentials.js";
export { deleteMigrationTasks } from "./delete.js";
export { DcsApiError, DcsRequestError, unwrap } from "./errors.js";
/** Every enum of the document by value (`MIGRATION_STATUS.INCRMIGEATING`), and the status groups the waiters use. */
export * from "./generated/constants.js";
export { DcsErrors } from "./generated/errors.js";
export { DEFAULT_REGION, ERROR_FIXES, type KnownErrorCode, REGIONS } from "./generated/meta.js";
export type * from "./generated/schema.js";
export { type ListOptions, listAllMigrationTaskLogs, listAllMigrationTasks } from "./lists.js";
export type { DcsClient, DcsMethod, DcsPaths } from "./paths.js";
export type { RetryOptions } from "./retry.js";
export type { RequestToSign, Signature, SigningKey } from "./signing/sign.js";
export type { DcsLogEvent } from "./transport.js";
export { type IpExchangeWaitOptions, waitForIpExchange } from "./wait/ip-exchange.js";
export { type JobWaitOptions, waitForJob } from "./wait/job.js";
export { DcsWaitError, type PollOptions } from "./wait/poll.js";
export { type MigrationProgress, parseStats, type TaskProgressEvent, type TaskStatus, type WaitOptions, waitForMigrationTask } from "./wait/task.js";
