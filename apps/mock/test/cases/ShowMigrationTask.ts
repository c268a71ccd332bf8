import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

export default {
  operationId: "ShowMigrationTask",
  send: (client, init) => client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } }, ...init }),
  invalid: [
    {
      name: "a task ID with characters the document forbids",
      send: (client) => client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: "no such/../task" } } }),
      violation: { location: ["request", "path", "task_id"], code: "pattern" },
    },
  ],
} satisfies ContractCase;
