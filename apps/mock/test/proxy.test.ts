// The other direction: Prism as a validating proxy in front of a server that answers like the
// real service (from the official reference pages). What the service is documented to send must
// pass with no violation at all, not even a warning; what breaks the document must be reported.
// DCS_CONTRACT_BASE_URL points the same harness at a real endpoint (see README).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deref, jsonContent, operations, type JsonObject } from "../../../openapi/test/document.js";
import { seedPages } from "../../../openapi/test/seed-pages.js";
import { validate } from "../../../openapi/test/validator.js";
import { startPrism, type RunningPrism } from "../src/prism.mjs";
import { contractCases } from "./cases.js";
import { contractClient, violations } from "./contract.js";
import { ERROR_ANSWERS, startReferenceServer } from "./reference-server.js";

const ops = operations();

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

const answer = (pick: string) => ({ headers: { "X-Reference-Answer": pick } });
const show = (prism: RunningPrism, pick = "") =>
  contractClient(prism.url).GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: "t1" } }, ...(pick ? answer(pick) : {}) });

// Each seed page's operation, its statuses (and the gateway's 429), through the client and Prism.
const seedCases = seedPages.flatMap((page) => {
  const op = ops.find((o) => o.method === page.method && o.path === page.path);
  return [...page.statuses, "429"].map((status) => [`${op?.operationId ?? page.file} answers ${status}`, page, op, status] as const);
});

describe("Prism proxy (--errors) in front of a service that answers as its reference pages say", () => {
  it.each(seedCases)("%s: no violation, and the client's value holds only declared fields", async (_name, page, op, status) => {
    expect(op, `${page.method} ${page.path} (${page.file}) is not an operation of the document`).toBeDefined();
    const contract = contractCases.get(op!.operationId);
    expect(contract, `no contract cases for ${op!.operationId}`).toBeDefined();
    const result = await contract!.send(contractClient(strict.url), status === "200" ? {} : answer(status));
    expect(result.response.status).toBe(Number(status));
    expect(violations(result.response)).toEqual([]);
    const response = deref(op!.operation.responses)[status];
    expect(response, `${op!.operationId} does not document ${status}`).toBeDefined();
    const schema = jsonContent(deref(response))!.schema as JsonObject;
    expect(validate(schema, (status === "200" ? result.data : result.error) as never, { strict: true })).toEqual([]);
  });

  it("accepts a status value and a migration type the document does not know yet", async () => {
    const { data, response } = await show(strict, "unknown-status");
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
    expect(data?.status).toBe("SOME_STATUS_ADDED_LATER");
  });

  it("accepts a legacy numeric error code", async () => {
    const { error, response } = await show(strict, "legacy-code");
    expect(violations(response)).toEqual([]);
    expect(error?.error_code).toBe("111400063");
  });

  it("uses every answer of the reference server", () => {
    expect(Object.keys(ERROR_ANSWERS).every((s) => seedCases.some(([, , , status]) => status === s))).toBe(true);
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
