import type { ContractCase } from "../contract.js";

const path = "/v2/{project_id}/migration/instance";
const network = {
  vpc_id: "5e37b3be-950a-48e1-b498-65b63d336481",
  subnet_id: "40f15ed6-7f85-49d5-ba0e-65b940d4812c",
  security_group_id: "9df96622-24b7-4813-84b8-ab74552a21d7",
};

export default {
  operationId: "CreateOnlineMigrationTask",
  send: (client, init) => client.POST(path, { body: { name: "dcs-migration-thrc", description: "contract", ...network }, ...init }),
  invalid: [
    {
      name: "no security_group_id",
      // @ts-expect-error security_group_id is required
      send: (client) => client.POST(path, { body: { name: "t", vpc_id: network.vpc_id, subnet_id: network.subnet_id } }),
      violation: { location: ["request", "body"], code: "required" },
    },
    {
      name: "an empty name",
      send: (client) => client.POST(path, { body: { name: "", ...network } }),
      violation: { location: ["request", "body", "name"], code: "minLength" },
    },
    {
      name: "a field the document does not have (a misspelt vpcId)",
      // @ts-expect-error request bodies are closed
      send: (client) => client.POST(path, { body: { name: "t", ...network, vpcId: "x" } }),
      violation: { location: ["request", "body"], code: "additionalProperties" },
    },
  ],
} satisfies ContractCase;
