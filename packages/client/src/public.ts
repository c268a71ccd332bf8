// What both entry points export, besides the two functions bound to their crypto.

export type { DcsClientOptions, Region } from "./client.js";
export { type AkSkCredentials, type Credentials, credentialsFromEnv, type TokenCredentials } from "./credentials.js";
export { DcsApiError, DcsRequestError, unwrap } from "./errors.js";
export { DEFAULT_REGION, REGIONS, STATUS_GROUPS } from "./generated/meta.js";
export type * from "./generated/schema.js";
export type { DcsClient, DcsMethod, DcsPaths } from "./paths.js";
export type { RetryOptions } from "./retry.js";
export type { RequestToSign, Signature, SigningKey } from "./signing/sign.js";
export type { DcsLogEvent } from "./transport.js";
export { DcsWaitError, type TaskStatus, type WaitOptions, waitForMigrationTask } from "./wait.js";
