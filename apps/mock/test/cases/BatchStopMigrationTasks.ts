import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-task/batch-stop";

export default {
  operationId: "BatchStopMigrationTasks",
  send: (client, init) => client.POST(path, { body: { migration_tasks: [TASK, "5130d57f-640a-435b-bc3a-0fb1860a5340"] }, ...init }),
  invalid: [
    {
      name: "more than 50 task IDs",
      // 51 IDs still type-check (a tuple length is not a type); Prism catches it.
      send: (client) => client.POST(path, { body: { migration_tasks: Array.from({ length: 51 }, (_, i) => `task-${i}`) } }),
      violation: { location: ["request", "body", "migration_tasks"], code: "maxItems" },
    },
    {
      name: "no migration_tasks",
      // @ts-expect-error migration_tasks is required
      send: (client) => client.POST(path, { body: {} }),
      violation: { location: ["request", "body"], code: "required" },
    },
    {
      name: "migration_tasks of the wrong type",
      // @ts-expect-error an array of strings, not a string
      send: (client) => client.POST(path, { body: { migration_tasks: "t1,t2" } }),
      violation: { location: ["request", "body", "migration_tasks"], code: "type" },
    },
  ],
} satisfies ContractCase;
