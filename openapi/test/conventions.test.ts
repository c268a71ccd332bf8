// The document's own rules that Redocly's configurable rules cannot express (those are in
// ../../redocly.yaml, and lint-rules.test.ts proves each of them live). See openapi/README.md.
import { readdirSync } from "node:fs";
import { isObject, type Json, type JsonObject, openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";

const { doc, deref, operations, jsonContent, walkSchemas } = openDocument();
const ops = operations();

const requestRoots = ops.flatMap((op) => (op.requestBody ? [[op.operationId, jsonContent(op.requestBody)?.schema] as const] : []));
const responseRoots = ops.flatMap((op) =>
  Object.entries(op.responses).map(([status, r]) => [`${op.operationId} ${status}`, jsonContent(deref(r))?.schema] as const),
);
const successRoots = responseRoots.filter(([where]) => / 2\d\d$/.test(where));

/** An open enum: anyOf [closed enum, plain string(, null)]. */
const isOpen = (schema: JsonObject) =>
  Array.isArray(schema.anyOf) &&
  schema.anyOf.some((b) => isObject(b) && Array.isArray(deref(b).enum)) &&
  schema.anyOf.some((b) => isObject(b) && !("$ref" in b) && b.type === "string" && !("enum" in b));

const types = (schema: JsonObject): Json[] => [
  ...(Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]),
  ...(Array.isArray(schema.anyOf) ? schema.anyOf.flatMap((b) => types(deref(b))) : []),
];

describe("document conventions", () => {
  it("validates with JSON Schema 2020-12 (Prism's dialect switch)", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("has a region variable whose default is one of its regions", () => {
    const region = deref((doc.servers as Json[])[0]).variables as JsonObject;
    const variable = deref(region.region);
    expect(variable.enum).toContain(variable.default);
    expect((variable.enum as Json[]).length).toBeGreaterThanOrEqual(30);
  });

  it("declares security once, at the root: an IAM token or an AK/SK signature", () => {
    expect(doc.security).toEqual([{ IamToken: [] }, { AkSk: [] }]);
    expect(ops.filter((op) => "security" in op.operation).map((op) => op.operationId)).toEqual([]);
  });
});

describe("strict requests", () => {
  it.each(requestRoots)("%s: every object of the body is closed, at every depth", (_id, root) => {
    let objects = 0;
    walkSchemas(root, (schema, _p, at) => {
      if (schema.type !== "object") return;
      objects++;
      expect(schema.additionalProperties, `request${at || " body"} is open`).toBe(false);
    });
    expect(objects).toBeGreaterThan(0);
  });

  it.each(requestRoots)("%s: every enum of the body is closed", (_id, root) => {
    walkSchemas(root, (schema, _p, at) => expect(isOpen(schema), `request${at}`).toBe(false));
  });

  it("query parameters with known values are closed enums", () => {
    for (const op of ops) {
      for (const param of op.parameters.filter((p) => p.in === "query")) {
        walkSchemas(param.schema, (schema) => expect(isOpen(schema), `${op.operationId} ?${param.name}`).toBe(false));
      }
    }
  });
});

describe("tolerant responses", () => {
  it.each(successRoots)("%s: no field is required, no object is closed, no request-side conditional", (_where, root) => {
    walkSchemas(root, (schema, _p, at) => {
      expect(schema.required, `response${at} requires ${JSON.stringify(schema.required)}`).toBeUndefined();
      expect(schema.additionalProperties ?? true, `response${at} is closed`).not.toBe(false);
      expect(schema.unevaluatedProperties ?? true, `response${at} is closed`).not.toBe(false);
      expect("if" in schema, `response${at} has an if/then`).toBe(false);
    });
  });

  it.each(successRoots)("%s: every string field may be null, and every enum is open", (_where, root) => {
    walkSchemas(root, (schema, parent, at) => {
      if (Array.isArray(schema.enum)) expect(parent && isOpen(parent), `response${at} is a closed enum`).toBe(true);
      if (!parent || !isObject(parent.properties)) return;
      const name = at.split(".").pop() ?? "";
      if (parent.properties[name] === undefined) return;
      const own = deref(parent.properties[name]);
      if (types(own).includes("string")) expect(types(own), `response${at} cannot be null`).toContain("null");
    });
  });
});

describe("secrets and samples", () => {
  it("marks every Redis password as a secret", () => {
    let passwords = 0;
    for (const [, root] of [...requestRoots, ...responseRoots]) {
      walkSchemas(root, (schema) => {
        const password = isObject(schema.properties) ? schema.properties.password : undefined;
        if (!password) return;
        passwords++;
        const target = deref(password);
        const formats = [target, ...((target.anyOf as Json[] | undefined) ?? []).map(deref)].map((s) => s.format);
        expect(formats).toContain("password");
      });
    }
    expect(passwords).toBeGreaterThan(0);
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: its samples (TypeScript, curl, HTTP) call this operation", (id, op) => {
    const samples = op.operation["x-codeSamples"] as Array<{ lang: string; source: string }>;
    expect(samples.map((s) => s.lang)).toEqual(["TypeScript", "curl", "HTTP"]);
    const [ts, curl, http] = samples.map((s) => s.source);
    expect(ts).toContain(`client.${op.method}("${op.path}"`);
    const template = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/ ?]+")}$`);
    const [method, target] = http?.split("\n")[0]?.split(" ") ?? [];
    expect(method).toBe(op.method);
    expect(target?.split("?")[0], `${id} HTTP sample path`).toMatch(template);
    expect(curl).toContain(`-X ${op.method} `);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell variable as the curl sample writes it.
    const url = curl?.match(/"(https:[^"]+)"/)?.[1]?.replace("${DCS_PROJECT_ID}", "p") ?? "";
    expect(new URL(url).pathname, `${id} curl path`).toMatch(template);
  });

  it("has a code-sample folder for each operation and none for an operation it lacks", () => {
    const folders = readdirSync(new URL("../code_samples/", import.meta.url)).sort();
    expect(folders).toEqual(ops.map((o) => o.operationId).sort());
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: says what it does to the world (x-dcs-effect): reads are the GETs", (_id, op) => {
    const effect = op.operation["x-dcs-effect"];
    expect(["read", "write", "destructive"]).toContain(effect);
    expect(effect === "read").toBe(op.method === "GET");
  });

  it("names, in x-dcs-allowed-statuses, only statuses of the document and errors of its catalogue, with the decision", () => {
    const statuses = new Set(deref({ $ref: "#/components/schemas/MigrationStatus" }).enum as string[]);
    const switchStatuses = new Set([null, ...(deref({ $ref: "#/components/schemas/IpExchangeStatus" }).enum as string[])]);
    const catalogue = deref({ $ref: "#/components/schemas/ErrorResponse" })["x-dcs-errors"] as { codes: Array<{ name: string }> };
    const names = new Set(catalogue.codes.map((c) => c.name));
    let constrained = 0;
    for (const op of ops) {
      const allowed = op.operation["x-dcs-allowed-statuses"] as JsonObject | undefined;
      if (!allowed) continue;
      constrained++;
      expect(
        Object.keys(allowed).filter((k) => !["status", "task_status", "refused", "refusedWhile", "x-dcs-decision"].includes(k)),
        op.operationId,
      ).toEqual([]);
      expect(
        (allowed.status as string[]).filter((s) => !statuses.has(s)),
        op.operationId,
      ).toEqual([]);
      expect(
        ((allowed.task_status as string[] | undefined) ?? []).filter((s) => !switchStatuses.has(s)),
        op.operationId,
      ).toEqual([]);
      const refusals = [allowed.refused, ...Object.values((allowed.refusedWhile as JsonObject | undefined) ?? {})];
      expect(
        refusals.filter((name) => !names.has(name as string)),
        op.operationId,
      ).toEqual([]);
      expect(
        Object.keys((allowed.refusedWhile as JsonObject | undefined) ?? {}).filter((s) => !statuses.has(s)),
        op.operationId,
      ).toEqual([]);
      expect(String(allowed["x-dcs-decision"] ?? ""), `${op.operationId}: say why (dcs-workflows.md §3.4 lists no allowed statuses)`).toMatch(/\w[\s\S]{40}/);
    }
    expect(constrained).toBeGreaterThan(5);
  });
});
