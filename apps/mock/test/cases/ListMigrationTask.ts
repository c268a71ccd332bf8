import type { ContractCase } from "../contract.js";

const path = "/v2/{project_id}/migration-tasks";

export default {
  operationId: "ListMigrationTask",
  send: (client, init) => client.GET(path, { params: { query: { offset: 0, limit: 10, name: "dcs-migration-i9qk" } }, ...init }),
  invalid: [
    {
      name: "a negative offset",
      send: (client) => client.GET(path, { params: { query: { offset: -1 } } }),
      violation: { location: ["request", "query", "offset"], code: "minimum" },
    },
    {
      name: "a limit that is not a number",
      // @ts-expect-error limit is an integer
      send: (client) => client.GET(path, { params: { query: { limit: "ten" } } }),
      violation: { location: ["request", "query", "limit"], code: "type" },
    },
  ],
} satisfies ContractCase;
