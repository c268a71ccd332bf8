import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-task/{task_id}";
const params = { path: { task_id: TASK } };

export default {
  operationId: "UpdateMigrationTask",
  send: (client, init) => client.PUT(path, { params, body: { resume_mode: "manual" }, ...init }),
  invalid: [
    {
      name: "a resume_mode outside the enum",
      // @ts-expect-error request enums are closed
      send: (client) => client.PUT(path, { params, body: { resume_mode: "sometimes" } }),
      violation: { location: ["request", "body", "resume_mode"], code: "enum" },
    },
    {
      name: "an empty body",
      // @ts-expect-error resume_mode is required
      send: (client) => client.PUT(path, { params, body: {} }),
      violation: { location: ["request", "body"], code: "required" },
    },
  ],
} satisfies ContractCase;
