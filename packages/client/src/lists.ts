// Async iterators over the offset/limit pages of the task list and of a task's log.
import type { DcsClient } from "./client.js";
import { DcsRequestError, dataOrThrow } from "./errors.js";
import type { LogLevel, MigrationLog, MigrationTaskList } from "./generated/schema.js";

export interface ListOptions {
  /** Entries a page. Default 50. */
  pageSize?: number;
  signal?: AbortSignal;
}

interface Page<T> {
  items: T[];
  total: number | null | undefined;
  response: Response;
}

/**
 * Yields the entries of every page, from offset 0, until `total` entries were seen or a page comes
 * back short. A page whose entries were all seen already means the server ignored `offset`: that
 * throws, rather than looping forever or yielding the same entries again.
 */
async function* allPages<T>(caller: string, options: ListOptions, key: (item: T) => string, fetchPage: (offset: number, limit: number) => Promise<Page<T>>) {
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new TypeError(`${caller}: \`pageSize\` must be a whole number from 1, got ${String(options.pageSize)}`);
  const seen = new Set<string>();
  for (let offset = 0; ; ) {
    options.signal?.throwIfAborted();
    const { items, total, response } = await fetchPage(offset, pageSize);
    const fresh = items.filter((item) => !seen.has(key(item)));
    if (items.length > 0 && fresh.length === 0) {
      throw new DcsRequestError("invalid_response", `the page at offset ${offset} repeats entries already listed: the server ignores \`offset\``, {
        method: "GET",
        url: response.url,
        attempts: 1,
      });
    }
    for (const item of fresh) {
      seen.add(key(item));
      yield item;
    }
    offset += items.length;
    if (items.length < pageSize || (typeof total === "number" && offset >= total)) return;
  }
}

/** Every migration task of the project (ListMigrationTask, page by page); `name` filters by name. */
export function listAllMigrationTasks(client: DcsClient, options: ListOptions & { name?: string } = {}): AsyncGenerator<MigrationTaskList> {
  return allPages(
    "listAllMigrationTasks",
    options,
    (task) => task.task_id ?? JSON.stringify(task),
    async (offset, limit) => {
      const query = { offset, limit, ...(options.name === undefined ? {} : { name: options.name }) };
      const result = await client.GET("/v2/{project_id}/migration-tasks", { params: { query }, ...(options.signal ? { signal: options.signal } : {}) });
      const data = dataOrThrow(result, "GET");
      return { items: data.migration_tasks ?? [], total: data.count, response: result.response };
    },
  );
}

/** Every entry of a task's log (ListMigrationTaskLogs, page by page); `logLevel` filters by level. */
export function listAllMigrationTaskLogs(client: DcsClient, taskId: string, options: ListOptions & { logLevel?: LogLevel } = {}): AsyncGenerator<MigrationLog> {
  return allPages(
    "listAllMigrationTaskLogs",
    options,
    // Log entries have no ID: an entry is what it says, when.
    (entry) => JSON.stringify(entry),
    async (offset, limit) => {
      const query = { offset, limit, ...(options.logLevel === undefined ? {} : { log_level: options.logLevel }) };
      const result = await client.GET("/v2/{project_id}/migration-task/{task_id}/logs", {
        params: { path: { task_id: taskId }, query },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const data = dataOrThrow(result, "GET");
      return { items: data.migration_logs ?? [], total: data.log_num, response: result.response };
    },
  );
}
