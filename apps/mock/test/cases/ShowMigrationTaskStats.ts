import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-task/{task_id}/stats";

export default {
  operationId: "ShowMigrationTaskStats",
  send: (client, init) => client.GET(path, { params: { path: { task_id: TASK } }, ...init }),
  invalid: [
    {
      name: "a task ID with characters the document forbids",
      send: (client) => client.GET(path, { params: { path: { task_id: "task id!" } } }),
      violation: { location: ["request", "path", "task_id"], code: "pattern" },
    },
  ],
} satisfies ContractCase;
