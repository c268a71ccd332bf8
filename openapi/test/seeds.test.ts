import { isObject, type Json, type JsonObject, openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";
import { seedFields } from "./seed-fields.js";
import { seedPages } from "./seed-pages.js";

const { deref, operations, jsonContent, namedExamples } = openDocument();
const ops = operations();
const byId = (id: string) => {
  const op = ops.find((o) => o.operationId === id);
  if (!op) throw new Error(`the document has no operation ${id}`);
  return op;
};

function requestSchema(op: JsonObject): JsonObject | undefined {
  return isObject(op.requestBody) ? (jsonContent(deref(op.requestBody))?.schema as JsonObject) : undefined;
}
function responseSchema(op: JsonObject, status: string): JsonObject | undefined {
  const response = deref(op.responses)[status];
  return response ? (jsonContent(deref(response))?.schema as JsonObject) : undefined;
}

const COMPOSITIONS = ["allOf", "anyOf", "oneOf"] as const;
function branches(schema: JsonObject): JsonObject[] {
  return COMPOSITIONS.flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as Json[]).map(deref) : []));
}

/** The property `name` of an object schema, looking inside compositions, with its parent. */
function property(schema: JsonObject, name: string): { parent: JsonObject; schema: JsonObject } | undefined {
  const own = isObject(schema.properties) ? schema.properties[name] : undefined;
  if (own) return { parent: schema, schema: deref(own) };
  for (const branch of branches(schema)) {
    const found = property(branch, name);
    if (found) return found;
  }
  return undefined;
}

function field(root: JsonObject, dotted: string) {
  let parent = deref(root);
  let at: { parent: JsonObject; schema: JsonObject } | undefined;
  for (const segment of dotted.split(".")) {
    const name = segment.replace(/\[\]$/, "");
    at = property(parent, name);
    if (!at) return undefined;
    parent = segment.endsWith("[]") ? deref(at.schema.items) : at.schema;
  }
  return at;
}

function types(schema: JsonObject): string[] {
  const own = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === "string" ? [schema.type] : [];
  return [...new Set([...own, ...branches(schema).flatMap(types)])];
}
function knownValues(schema: JsonObject): string[] {
  const own = Array.isArray(schema.enum) ? schema.enum.map(String) : [];
  return [...own, ...branches(schema).flatMap(knownValues)];
}

describe.each(seedPages.map((p) => [p.file, p] as const))("seed page %s", (_file, page) => {
  const op = ops.find((o) => o.method === page.method && o.path === page.path);

  it(`is an operation of the document (${page.method} ${page.path})`, () => {
    expect(op).toBeDefined();
  });

  it("has every status code of the page", () => {
    expect(page.statuses.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(deref(op?.operation.responses))).toEqual(expect.arrayContaining(page.statuses));
  });

  it("has every example of the page, verbatim, as a named example", () => {
    const named: Json[] = [];
    const body = isObject(op?.operation.requestBody) ? jsonContent(deref(op.operation.requestBody)) : undefined;
    if (body) named.push(...namedExamples(body).map(([, v]) => v));
    for (const response of Object.values(deref(op?.operation.responses))) {
      const media = jsonContent(deref(response));
      if (media) named.push(...namedExamples(media).map(([, v]) => v));
    }
    expect(page.examples.length).toBeGreaterThan(0);
    for (const example of page.examples) expect(named).toContainEqual(example);
  });
});

describe.each(seedFields.map((s) => [s.operationId, s] as const))("fields of %s", (operationId, seed) => {
  const op = byId(operationId).operation;

  it("response fields are present with the seed's type", () => {
    const schema = responseSchema(op, "200");
    expect(schema).toBeDefined();
    for (const [name, type] of Object.entries(seed.response)) {
      const found = field(schema as JsonObject, name);
      expect(found, `${operationId} 200 ${name}`).toBeDefined();
      expect(types(found?.schema ?? {}), `${operationId} 200 ${name}`).toContain(type);
    }
  });

  it("request fields are present with the seed's type and mandatory flag", () => {
    if (!seed.request) return expect(requestSchema(op)).toBeUndefined();
    const schema = requestSchema(op) as JsonObject;
    for (const [name, spec] of Object.entries(seed.request)) {
      const type = spec.replace(/[!?]$/, "");
      const found = field(schema, name);
      expect(found, `${operationId} request ${name}`).toBeDefined();
      expect(types(found?.schema ?? {}), `${operationId} request ${name}`).toContain(type);
      const key = name.split(".").pop()!.replace("[]", "");
      const required = Array.isArray(found?.parent.required) ? found.parent.required : [];
      expect(required.includes(key), `${operationId} request ${name} mandatory`).toBe(spec.endsWith("!"));
      // Mandatory under a condition: required by the `then` of one of the parent's if/then branches.
      const conditional = branches(found!.parent).some((b) => isObject(b.then) && Array.isArray(b.then.required) && b.then.required.includes(key));
      expect(conditional, `${operationId} request ${name} mandatory under a condition`).toBe(spec.endsWith("?"));
    }
  });

  it("enumerations keep every value the seed lists", () => {
    for (const [name, values] of Object.entries(seed.enums)) {
      const inRequest = seed.request && name in seed.request;
      const schema = inRequest ? requestSchema(op) : responseSchema(op, "200");
      const found = field(schema as JsonObject, name);
      expect(knownValues(found?.schema ?? {}), `${operationId} ${name}`).toEqual(expect.arrayContaining(values));
    }
  });

  it("error bodies carry the seed's fields and limits", () => {
    for (const status of ["400", "401", "403", "404", "500"]) {
      const schema = responseSchema(op, status) as JsonObject;
      const service = branches(deref(schema)).find((b) => field(b, "error_ext_msg"));
      expect(service, `${operationId} ${status}`).toBeDefined();
      for (const name of ["error_msg", "error_code", "error_ext_msg"]) {
        expect(types(field(service!, name)?.schema ?? {}), `${operationId} ${status} ${name}`).toContain("string");
      }
      if (seed.errorLimits) {
        expect(field(service!, "error_msg")?.schema.maxLength).toBe(1024);
        expect(field(service!, "error_code")?.schema.maxLength).toBe(9);
        expect(field(service!, "error_ext_msg")?.schema.maxLength).toBe(1024);
      }
    }
  });
});
