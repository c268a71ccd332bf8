import type { ContractCase } from "../contract.js";
import { forbiddenTaskId, TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-task/{task_id}/stats";

export default {
  operationId: "ShowMigrationTaskStats",
  send: (client, init) => client.GET(path, { params: { path: { task_id: TASK } }, ...init }),
  invalid: [forbiddenTaskId((client, task_id) => client.GET(path, { params: { path: { task_id } } }))],
} satisfies ContractCase;
