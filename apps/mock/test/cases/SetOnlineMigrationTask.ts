import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

const path = "/v2/{project_id}/migration/{task_id}/task";
const params = { path: { task_id: TASK } };
const sides = { source_instance: { addrs: "192.168.1.1:6379", password: "xxxxxx" }, target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" } };

export default {
  operationId: "SetOnlineMigrationTask",
  send: (client, init) =>
    client.POST(path, { params, body: { migration_method: "incremental_migration", resume_mode: "auto", bandwidth_limit_mb: "100", ...sides }, ...init }),
  invalid: [
    {
      name: "no resume_mode",
      // @ts-expect-error resume_mode is required
      send: (client) => client.POST(path, { params, body: { migration_method: "full_amount_migration", ...sides } }),
      violation: { location: ["request", "body"], code: "required" },
    },
    {
      name: "a migration_method outside the enum",
      // @ts-expect-error request enums are closed
      send: (client) => client.POST(path, { params, body: { migration_method: "sideways", resume_mode: "auto", ...sides } }),
      violation: { location: ["request", "body", "migration_method"], code: "enum" },
    },
    {
      name: "a typo in a nested field (source_instance.adrs)",
      send: (client) =>
        client.POST(path, {
          params,
          body: {
            migration_method: "full_amount_migration",
            resume_mode: "auto",
            // @ts-expect-error nested request objects are closed too
            source_instance: { adrs: "192.168.1.1:6379" },
            target_instance: sides.target_instance,
          },
        }),
      violation: { location: ["request", "body", "source_instance"], code: "additionalProperties" },
    },
    {
      name: "a bandwidth limit above 10241",
      send: (client) =>
        client.POST(path, { params, body: { migration_method: "incremental_migration", resume_mode: "manual", bandwidth_limit_mb: 20000, ...sides } }),
      violation: { location: ["request", "body", "bandwidth_limit_mb"], code: "maximum" },
    },
  ],
} satisfies ContractCase;
