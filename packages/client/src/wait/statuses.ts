// The document's status groups (x-status-groups) as the waiters test them.
import { IP_EXCHANGE_STATUS_GROUPS, IP_EXCHANGE_STATUS_PATTERNS, MIGRATION_STATUS_GROUPS } from "../generated/constants.js";

const set = (statuses: readonly string[]) => new Set<string>(statuses);
/** Statuses in which a task has failed. */
export const FAILED = set(MIGRATION_STATUS_GROUPS.failed);
/** Statuses that end a task: succeeded, failed or stopped. */
export const ENDED = set([...MIGRATION_STATUS_GROUPS.succeeded, ...MIGRATION_STATUS_GROUPS.failed, ...MIGRATION_STATUS_GROUPS.stopped]);
/** Statuses in which a task copies data, when ShowMigrationTaskStats has progress to tell. */
export const MIGRATING = set(MIGRATION_STATUS_GROUPS.migrating);
/** Whether an IP switch or rollback has failed: a failed value of the document, or one that says so. */
export const ipExchangeFailed = (value: string) =>
  (IP_EXCHANGE_STATUS_GROUPS.failed as readonly string[]).includes(value) || IP_EXCHANGE_STATUS_PATTERNS.failed.test(value);
