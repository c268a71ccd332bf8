import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-tasks/delete";

export default {
  operationId: "DeleteMigrationTask",
  send: (client, init) => client.DELETE(path, { body: { task_id_list: [TASK] }, ...init }),
  invalid: [
    {
      name: "an empty list of tasks",
      send: (client) => client.DELETE(path, { body: { task_id_list: [] } }),
      violation: { location: ["request", "body", "task_id_list"], code: "minItems" },
    },
    {
      name: "the list under another name",
      // @ts-expect-error the body is { task_id_list }
      send: (client) => client.DELETE(path, { body: { migration_tasks: [TASK] } }),
      violation: { location: ["request", "body"], code: "required" },
    },
  ],
} satisfies ContractCase;
