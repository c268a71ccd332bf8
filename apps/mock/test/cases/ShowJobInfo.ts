import type { ContractCase } from "../contract.js";

const path = "/v2/{project_id}/jobs/{job_id}";

export default {
  operationId: "ShowJobInfo",
  send: (client, init) => client.GET(path, { params: { path: { job_id: "ff8080818822bbf70188235afc24141a" } }, ...init }),
  invalid: [
    {
      name: "a job ID with characters the document forbids",
      send: (client) => client.GET(path, { params: { path: { job_id: "job id!" } } }),
      violation: { location: ["request", "path", "job_id"], code: "pattern" },
    },
  ],
} satisfies ContractCase;
