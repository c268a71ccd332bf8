import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-task/{task_id}/logs";

export default {
  operationId: "ListMigrationTaskLogs",
  send: (client, init) => client.GET(path, { params: { path: { task_id: TASK }, query: { offset: 0, limit: 50, log_level: "ERROR" } }, ...init }),
  invalid: [
    {
      name: "a log level the service does not have",
      // @ts-expect-error request enums are closed, in queries too
      send: (client) => client.GET(path, { params: { path: { task_id: TASK }, query: { log_level: "WARN" } } }),
      violation: { location: ["request", "query", "log_level"], code: "enum" },
    },
    {
      name: "a limit of 0",
      send: (client) => client.GET(path, { params: { path: { task_id: TASK }, query: { limit: 0 } } }),
      violation: { location: ["request", "query", "limit"], code: "minimum" },
    },
  ],
} satisfies ContractCase;
