// The other direction: Prism as a validating proxy in front of a server that answers like the
// real service. What the service is documented to send must pass; what breaks the document must
// be reported. DCS_CONTRACT_BASE_URL points the same harness at a real endpoint (see README).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../../openapi/test/document.js";
import { startPrism, type RunningPrism } from "../src/prism.mjs";
import { contractClient, violations, type ContractCase } from "./contract.js";
import { startReferenceServer } from "./reference-server.js";

const modules = import.meta.glob<{ default: ContractCase }>("./cases/*.ts", { eager: true });
const cases = Object.values(modules).map((m) => m.default);

let upstream: Awaited<ReturnType<typeof startReferenceServer>>;
let strict: RunningPrism;
let lenient: RunningPrism;

beforeAll(async () => {
  upstream = await startReferenceServer();
  [strict, lenient] = await Promise.all([
    startPrism({ mode: "proxy", upstream: upstream.url, errors: true }),
    startPrism({ mode: "proxy", upstream: upstream.url, errors: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([strict?.stop(), lenient?.stop(), upstream?.close()]);
});

const show = (prism: RunningPrism, task: string) => contractClient(prism.url).GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: task } } });

describe("Prism proxy (--errors) in front of a service that keeps the document", () => {
  it.each(operations().map((o) => [o.operationId]))("%s: the documented answer passes, unchanged", async (operationId) => {
    const contract = cases.find((c) => c.operationId === operationId);
    expect(contract, `no contract cases for ${operationId}`).toBeDefined();
    const result = await contract!.send(contractClient(strict.url), {});
    expect(result.response.status).toBe(200);
    expect(violations(result.response).filter((v) => v.severity === "Error")).toEqual([]);
    expect(result.data).toBeDefined();
  });

  it("accepts a status value and a migration type the document does not know yet", async () => {
    const { data, response } = await show(strict, "unknown-status");
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
    expect(data?.status).toBe("SOME_STATUS_ADDED_LATER");
  });

  it.each([
    ["null-fields", 400, "DCS.4133"],
    ["gateway-error", 401, "APIGW.0301"],
    ["legacy-code", 400, "111400063"],
  ])("accepts the service's error shapes (%s)", async (task, status, code) => {
    const { error, response } = await show(strict, task);
    expect(response.status).toBe(status);
    expect(violations(response).filter((v) => v.severity === "Error")).toEqual([]);
    expect(error?.error_code).toBe(code);
  });
});

describe("Prism proxy (--errors) in front of a service that breaks the document", () => {
  it("reports a missing required field", async () => {
    const { response } = await show(strict, "missing-required");
    expect(response.status).toBe(500);
    expect(violations(response)).toContainEqual(expect.objectContaining({ location: ["response", "body"], code: "required", severity: "Error" }));
  });

  it("reports a field of the wrong type", async () => {
    const { response } = await show(strict, "wrong-type");
    expect(response.status).toBe(500);
    expect(violations(response)).toContainEqual(expect.objectContaining({ location: ["response", "body", "task_id"], code: "type", severity: "Error" }));
  });

  it("refuses a broken request with 422 and never forwards it", async () => {
    const before = upstream.hits();
    const { response } = await contractClient(strict.url).POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: [] } });
    expect(response.status).toBe(422);
    expect(upstream.hits()).toBe(before);
  });
});

describe("Prism proxy without --errors (the trap)", () => {
  it("passes a violating response through unchanged: the violation is only in sl-violations", async () => {
    const { response, data } = await show(lenient, "wrong-type");
    expect(response.status).toBe(200);
    expect((data as { task_id: unknown }).task_id).toBe(123);
    expect(violations(response)).toContainEqual(expect.objectContaining({ location: ["response", "body", "task_id"], code: "type" }));
  });
});
