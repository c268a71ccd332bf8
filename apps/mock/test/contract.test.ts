// The contract suite: every operation of the bundled document, through the real client, against
// the real Prism mock (one for the file, always stopped after it). Operations come from the
// document; their calls from cases/<operationId>.ts.
import { type JsonObject, openDocument } from "@dcs-migration/openapi/walker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockUsage, type RunningPrism, startPrism } from "../src/index.js";
import { contractCases as cases } from "./cases.js";
import { type ContractCase, contractClient, violations } from "./contract.js";

const { doc, deref, operations, jsonContent, namedExamples, validate } = openDocument();
const ops = operations();
let prism: RunningPrism;
beforeAll(async () => {
  prism = await startPrism({ mode: "mock" });
});
afterAll(() => prism?.stop());
const client = () => contractClient(prism.url);

describe("coverage", () => {
  it.each(ops.map((o) => [o.operationId]))("%s has contract cases", (operationId) => {
    expect(cases.has(operationId), `no contract cases for ${operationId}: add apps/mock/test/cases/${operationId}.ts`).toBe(true);
  });

  it("every case file names an operation of the document, in a file of its name", () => {
    for (const [operationId, { file }] of cases) {
      expect(
        ops.map((o) => o.operationId),
        file,
      ).toContain(operationId);
      expect(file).toBe(`./cases/${operationId}.ts`);
    }
  });
});

describe.each(ops.map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
  const contract = cases.get(operationId);
  const responses = deref(op.operation.responses);
  const statuses = Object.keys(responses);
  const media = (status: string) => jsonContent(deref(responses[status]));
  const send: ContractCase["send"] = (c, init) => {
    if (!contract) throw new Error(`no contract cases for ${operationId}`);
    return contract.send(c, init);
  };

  it("the client's request is accepted by Prism, signed headers and all, with zero sl-violations", async () => {
    const result = await send(client(), {});
    expect(violations(result.response)).toEqual([]);
    expect(result.response.ok).toBe(true);
  });

  it.each(statuses)("status %s: the client returns the documented shape, valid against the document", async (status) => {
    const result = await send(client(), { headers: { Prefer: `code=${status}` } });
    expect(result.response.status).toBe(Number(status));
    expect(violations(result.response)).toEqual([]);
    expect(result.response.headers.get("X-Request-Id")).toMatch(/^[0-9a-f]{32}$/);
    const schema = media(status)?.schema as JsonObject | undefined;
    if (status.startsWith("2")) {
      expect(result.error).toBeUndefined();
      // A success without a body (204, or the IP switch's 200) resolves with no data and no parse error.
      if (!schema) return expect(result.data).toBeUndefined();
      expect(validate(schema, result.data as never, { strict: true })).toEqual([]);
    } else {
      expect(result.data).toBeUndefined();
      expect(result.error).toEqual(expect.objectContaining({ error_code: expect.any(String), error_msg: expect.any(String) }));
      expect(validate(schema!, result.error as never, { strict: true })).toEqual([]);
    }
  });

  const examples = statuses.flatMap((status) => namedExamples(media(status)).map(([name, value]) => [status, name, value] as const));
  it.each(examples)("status %s, example %s: served by Prism and parsed by the client", async (status, name, value) => {
    const result = await send(client(), { headers: { Prefer: `code=${status}, example=${name}` } });
    expect(result.response.status).toBe(Number(status));
    expect(status.startsWith("2") ? result.data : result.error).toEqual(value);
    // Every field of the example is one the document declares (a renamed field shows here).
    expect(validate(media(status)!.schema as JsonObject, value as never, { strict: true })).toEqual([]);
  });

  it.each((contract?.invalid ?? []).map((i) => [i.name, i] as const))("rejects %s, with the violation named", async (_name, invalid) => {
    const { response } = await invalid.send(client());
    expect(response.ok).toBe(false);
    expect(violations(response)).toContainEqual(expect.objectContaining({ ...invalid.violation, severity: "Error" }));
  });

  it("has at least one broken request in its cases", () => {
    expect(contract?.invalid.length).toBeGreaterThan(0);
  });
});

describe("the startup hint", () => {
  it("suggests a request the mock answers with 200 and no violation, and an example it serves", async () => {
    const hint = mockUsage(prism.url);
    const url = /curl -H "X-Auth-Token: any" (\S+)/.exec(hint)?.[1];
    const example = /Prefer: example=(\S+)"/.exec(hint)?.[1];
    expect(url, hint).toBeDefined();
    const plain = await fetch(url!, { headers: { "X-Auth-Token": "any" } });
    expect(plain.status).toBe(200);
    expect(violations(plain)).toEqual([]);
    const picked = await fetch(url!, { headers: { "X-Auth-Token": "any", Prefer: `example=${example}` } });
    expect(picked.status).toBe(200);
  });
});

describe("Prism's traps, checked on purpose", () => {
  it("a declared 400 hides Prism's 422: a broken request gets the document's 400, the violation only in sl-violations", async () => {
    const { response, error } = await client().POST("/v2/{project_id}/migration-task/batch-stop", { body: { migration_tasks: [] } });
    expect(response.status).toBe(400);
    const first = namedExamples(jsonContent(deref(deref(ops.find((o) => o.operationId === "BatchStopMigrationTasks")!.operation.responses)["400"]))!)[0]!;
    expect(error).toEqual(first[1]);
    expect(violations(response)).toEqual([expect.objectContaining({ location: ["request", "body", "migration_tasks"], code: "minItems" })]);
  });

  it("the dialect switch is on: the bundle names JSON Schema 2020-12, and Prism really validates with it", async () => {
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    // `type: [string, integer]` with a string pattern and a numeric maximum: both halves enforced.
    const send = (bandwidth_limit_mb: string | number) =>
      client().POST("/v2/{project_id}/migration/{task_id}/task", {
        params: { path: { task_id: "t1" } },
        body: {
          migration_method: "incremental_migration",
          resume_mode: "auto",
          bandwidth_limit_mb,
          source_instance: { id: "s" },
          target_instance: { id: "t" },
        },
      });
    expect(violations((await send("10242")).response)).toContainEqual(expect.objectContaining({ code: "pattern" }));
    expect(violations((await send(123)).response)).toEqual([]);
  });

  it("Prism checks that credentials are present (only present: it cannot verify a signature)", async () => {
    const bare = await fetch(`${prism.url}/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration-task/t1`);
    expect(bare.status).toBe(401);
    expect(violations(bare)).toContainEqual(expect.objectContaining({ message: "Invalid security scheme used" }));
  });
});
