import type { ContractCase } from "../contract.js";
import { TASK } from "../contract.js";

const path = "/v2/{project_id}/migration-task/{task_id}/exchange-ip";
const params = { path: { task_id: TASK } };

export default {
  operationId: "ExchangeInstanceIp",
  send: (client, init) => client.POST(path, { params, body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: false }, ...init }),
  invalid: [
    {
      name: "no is_exchange_domain",
      // @ts-expect-error both fields are required when a body is sent
      send: (client) => client.POST(path, { params, body: { exchanged_ip: ["192.168.0.153"] } }),
      violation: { location: ["request", "body"], code: "required" },
    },
    {
      name: "is_exchange_domain as a string",
      // @ts-expect-error a boolean, not a string
      send: (client) => client.POST(path, { params, body: { exchanged_ip: ["192.168.0.153"], is_exchange_domain: "false" } }),
      violation: { location: ["request", "body", "is_exchange_domain"], code: "type" },
    },
  ],
} satisfies ContractCase;
