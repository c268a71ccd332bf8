// The document's status groups (x-status-groups of MigrationStatus) as the waiters test them.
import { STATUS_GROUPS } from "../generated/meta.js";

const set = (statuses: readonly string[]) => new Set<string>(statuses);
/** Statuses in which a task has failed. */
export const FAILED = set(STATUS_GROUPS.failed);
/** Statuses that end a task: succeeded, failed or stopped. */
export const ENDED = set([...STATUS_GROUPS.succeeded, ...STATUS_GROUPS.failed, ...STATUS_GROUPS.stopped]);
/** Statuses in which a task copies data, when ShowMigrationTaskStats has progress to tell. */
export const MIGRATING = set(STATUS_GROUPS.migrating);
