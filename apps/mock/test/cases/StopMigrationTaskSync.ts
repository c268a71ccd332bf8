import type { ContractCase } from "../contract.js";
import { forbiddenTaskId, TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-task/{task_id}/sync-stop";

export default {
  operationId: "StopMigrationTaskSync",
  send: (client, init) => client.POST(path, { params: { path: { task_id: TASK } }, ...init }),
  invalid: [forbiddenTaskId((client, task_id) => client.POST(path, { params: { path: { task_id } } }))],
} satisfies ContractCase;
