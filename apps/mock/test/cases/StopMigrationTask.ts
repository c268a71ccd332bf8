import type { ContractCase } from "../contract.js";
import { forbiddenTaskId, TASK } from "../contract.js";

export default {
  operationId: "StopMigrationTask",
  send: (client, init) => client.POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: TASK } }, ...init }),
  invalid: [forbiddenTaskId((client, task_id) => client.POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id } } }))],
} satisfies ContractCase;
