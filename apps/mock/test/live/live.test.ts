// `npm run contract:live -w apps/mock`: Prism as a validating proxy in front of a REAL endpoint.
// Read-only: it only reads one task. Not part of `npm test` (it needs an account).

import { createDcsClient, credentialsFromEnv } from "@dcs-migration/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningPrism, startPrism } from "../../src/prism.js";
import { violations } from "../contract.js";

const { DCS_CONTRACT_BASE_URL: upstream, DCS_PROJECT_ID: projectId, DCS_TASK_ID: taskId } = process.env;
let prism: RunningPrism;

beforeAll(async () => {
  const missing = ["DCS_CONTRACT_BASE_URL", "DCS_PROJECT_ID", "DCS_TASK_ID"].filter((name) => !process.env[name]);
  if (missing.length) throw new Error(`set ${missing.join(", ")} (and CLOUD_SDK_AK / CLOUD_SDK_SK): see apps/mock/README.md`);
  prism = await startPrism({ mode: "proxy", upstream: upstream!, errors: true });
});
afterAll(() => prism?.stop());

it("the real service's answer to ShowMigrationTask keeps the document", async () => {
  const client = createDcsClient({ endpoint: prism.url, projectId: projectId!, credentials: credentialsFromEnv(), retry: false });
  const { response } = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: taskId! } } });
  expect(violations(response).filter((v) => v.severity === "Error")).toEqual([]);
  expect(response.status).not.toBe(500);
});
