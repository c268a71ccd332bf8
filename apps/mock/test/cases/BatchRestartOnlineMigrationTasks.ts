import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-tasks/batch-restart";

export default {
  operationId: "BatchRestartOnlineMigrationTasks",
  send: (client, init) => client.POST(path, { body: { migration_tasks: [TASK, "5130d57f-640a-435b-bc3a-0fb1860a5340"] }, ...init }),
  invalid: [
    {
      name: "more than 50 task IDs",
      send: (client) => client.POST(path, { body: { migration_tasks: Array.from({ length: 51 }, (_, i) => `task-${i}`) } }),
      violation: { location: ["request", "body", "migration_tasks"], code: "maxItems" },
    },
    {
      name: "a field the document does not have",
      // @ts-expect-error request bodies are closed
      send: (client) => client.POST(path, { body: { migration_tasks: [TASK], force: true } }),
      violation: { location: ["request", "body"], code: "additionalProperties" },
    },
  ],
} satisfies ContractCase;
