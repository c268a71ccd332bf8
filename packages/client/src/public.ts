// What both entry points export, besides the two functions bound to their crypto.
export type * from "./generated/schema.js";
export { REGIONS, DEFAULT_REGION, STATUS_GROUPS } from "./generated/meta.js";
export type { DcsClient, DcsMethod, DcsPaths } from "./paths.js";
export type { DcsClientOptions, Region } from "./client.js";
export { credentialsFromEnv, type AkSkCredentials, type Credentials, type TokenCredentials } from "./credentials.js";
export { DcsApiError, DcsRequestError, unwrap } from "./errors.js";
export type { RetryOptions } from "./retry.js";
export type { DcsLogEvent } from "./transport.js";
export type { RequestToSign, Signature, SigningKey } from "./signing/sign.js";
export { DcsWaitError, waitForMigrationTask, type TaskStatus, type WaitOptions } from "./wait.js";
