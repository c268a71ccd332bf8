// The other direction: Prism as a validating proxy in front of a server that answers like the
// real service (reference/answers.json, from the official pages). What the service is documented
// to send must pass with no violation at all, not even a warning; what breaks the document must be
// reported. DCS_CONTRACT_BASE_URL points the same harness at a real endpoint (see README).
import { type JsonObject, openDocument } from "@dcs-migration/openapi/walker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPrism, startPrism } from "../src/prism.js";
import { contractCases } from "./cases.js";
import { contractClient, violations } from "./contract.js";
import { ANSWERS, ERROR_ANSWERS, ROUTES, startReferenceServer } from "./reference-server.js";

const { deref, operations, jsonContent, validate } = openDocument();
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
/** Sends the operation's valid contract call through a proxy, asking the reference server for `pick`. */
function send(prism: RunningPrism, operationId: string, pick = "") {
  const contract = contractCases.get(operationId);
  if (!contract) throw new Error(`no contract cases for ${operationId}`);
  return contract.send(contractClient(prism.url), pick ? answer(pick) : {});
}

// Every operation the service has, its success and every error status it or its gateway sends.
const cases = ROUTES.flatMap((route) =>
  [String(route.status), ...Object.keys(ERROR_ANSWERS)].map((status) => [`${route.operation} answers ${status}`, route, status] as const),
);

describe("Prism proxy (--errors) in front of a service that answers as its reference pages say", () => {
  it.each(cases)("%s: no violation, and the client's value holds only declared fields", async (_name, route, status) => {
    const op = ops.find((o) => o.method === route.method && o.path === route.path);
    expect(op, `${route.method} ${route.path} (${route.operation}) is not an operation of the document`).toBeDefined();
    const success = status === String(route.status);
    const result = await send(strict, op!.operationId, success ? "" : status);
    expect(result.response.status).toBe(Number(status));
    expect(violations(result.response)).toEqual([]);
    const response = op!.responses[status];
    expect(response, `${op!.operationId} does not document ${status}`).toBeDefined();
    const schema = jsonContent(deref(response))?.schema as JsonObject | undefined;
    const value = success ? result.data : result.error;
    if (!schema) return expect(value).toBeUndefined();
    if (value !== undefined) expect(validate(schema, value as never, { strict: true })).toEqual([]);
  });

  it.each([
    ["ShowMigrationTask", "unknown-status", "a status, a migration type and a field the document does not know yet"],
    ["ShowMigrationTask", "nulls-and-gaps", "nulls, a source given by ID without addrs, a target without id, a file without name"],
    ["ShowMigrationTaskStats", "stats-as-strings", "counters as strings, as the SDK types them"],
    ["UpdateMigrationTask", "empty-200", "a 200 with an empty body"],
    ["UpdateMigrationTask", "unknown-status", "a 200 with a JSON body (its body is not documented)"],
    ["ShowMigrationTask", "legacy-code", "a legacy numeric error code"],
  ])("%s: accepts %s (%s)", async (operationId, pick) => {
    const { response } = await send(strict, operationId, pick);
    expect(response.status).toBe(ANSWERS[pick]!.status);
    expect(violations(response)).toEqual([]);
  });

  it("covers every operation of the document", () => {
    expect(ROUTES.map((r) => r.operation).sort()).toEqual(ops.map((o) => o.operationId).sort());
  });
});

describe("Prism proxy (--errors) in front of a service that breaks the document", () => {
  it("reports a missing required field", async () => {
    const { response } = await send(strict, "ShowMigrationTask", "missing-required");
    expect(response.status).toBe(500);
    expect(violations(response)).toContainEqual(expect.objectContaining({ location: ["response", "body"], code: "required", severity: "Error" }));
  });

  it("reports a field of the wrong type", async () => {
    const { response } = await send(strict, "ShowMigrationTask", "wrong-type");
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
    const { response, data } = await send(lenient, "ShowMigrationTask", "wrong-type");
    expect(response.status).toBe(200);
    expect((data as { task_id: unknown }).task_id).toBe(123);
    expect(violations(response)).toContainEqual(expect.objectContaining({ location: ["response", "body", "task_id"], code: "type" }));
  });
});
