import type { ContractCase } from "../contract.js";
import { forbiddenTaskId, TASK } from "../contract.js";

export default {
  operationId: "ShowMigrationTask",
  send: (client, init) => client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } }, ...init }),
  invalid: [forbiddenTaskId((client, task_id) => client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id } } }))],
} satisfies ContractCase;
