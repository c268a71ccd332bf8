// The document against the official SDKs' models (test/reference/dcs-migration-api.json): every
// operation, parameter and field is there with the SDK's type and required flag, unless the
// document records why not (`x-dcs-decision` on the field or on the object that holds it).
import { readFileSync } from "node:fs";
import { isObject, type Json, type JsonObject, openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";

interface SdkField {
  name: string;
  type: string;
  required: boolean;
  enum?: string[];
  fields?: SdkField[];
  items?: { type: string; fields?: SdkField[] };
}
interface SdkBody {
  requiredBySdk?: boolean;
  bodyIsRaw?: boolean;
  fields: SdkField[];
}
interface SdkOperation {
  name: string;
  method: string;
  path: string;
  pathParams: Array<{ name: string; type: string }>;
  queryParams: Array<{ name: string; type: string; required: boolean }>;
  requestBody: SdkBody | null;
  responses: Record<string, SdkBody>;
}

const sdk = JSON.parse(readFileSync(new URL("./reference/dcs-migration-api.json", import.meta.url), "utf8")) as { operations: SdkOperation[] };
const { deref, operations, jsonContent, compositions } = openDocument();
const ops = operations();

const decided = (...schemas: Array<JsonObject | undefined>) => schemas.some((s) => s !== undefined && "x-dcs-decision" in s);

/** The schema's own types and those of its compositions, `$ref`s followed. */
function types(schema: JsonObject): string[] {
  const own = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === "string" ? [schema.type] : [];
  return [...own, ...compositions.flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as Json[]).flatMap((b) => types(deref(b))) : []))];
}
function knownValues(schema: JsonObject): string[] {
  const own = Array.isArray(schema.enum) ? schema.enum.map(String) : [];
  return [...own, ...compositions.flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as Json[]).flatMap((b) => knownValues(deref(b))) : []))];
}
/** An object schema's property, looked up in its compositions too, with whether it is required there. */
function property(object: JsonObject, name: string): { schema: JsonObject; required: boolean } | undefined {
  const own = isObject(object.properties) ? object.properties[name] : undefined;
  if (own !== undefined) return { schema: deref(own), required: Array.isArray(object.required) && object.required.includes(name) };
  for (const key of compositions) {
    for (const branch of Array.isArray(object[key]) ? (object[key] as Json[]) : []) {
      const found = property(deref(branch), name);
      if (found) return found;
    }
  }
  return undefined;
}

/** Every difference between the SDK's fields and an object schema, recursively; recorded ones excepted. */
function differences(fields: SdkField[], object: JsonObject, at: string): string[] {
  const out: string[] = [];
  for (const field of fields) {
    const where = `${at}.${field.name}`;
    const found = property(object, field.name);
    if (!found) {
      out.push(`${where} is missing`);
      continue;
    }
    const { schema, required } = found;
    const sdkType = field.type === "integer" ? ["integer", "number"] : [field.type];
    if (!types(schema).some((t) => sdkType.includes(t)) && !decided(schema, object)) out.push(`${where} is ${types(schema)}, the SDK says ${field.type}`);
    if (required !== field.required && !decided(schema, object)) out.push(`${where} is ${required ? "" : "not "}required, the SDK says the opposite`);
    const missingValues = (field.enum ?? []).filter((v) => !knownValues(schema).includes(v));
    if (missingValues.length && !decided(schema, object)) out.push(`${where} lacks the SDK's values ${missingValues}`);
    const nested = field.fields ?? field.items?.fields;
    if (nested) {
      const inner = field.items ? deref(types(schema).includes("array") ? (schema.items as Json) : null) : objectOf(schema);
      out.push(...differences(nested, inner, field.items ? `${where}[]` : where));
    }
  }
  return out;
}
const objectOf = (schema: JsonObject) => (isObject(schema.properties) ? schema : deref((schema.anyOf as Json[] | undefined)?.[0] ?? schema));

describe.each(sdk.operations.map((o) => [o.name, o] as const))("%s against the SDK", (name, sdkOp) => {
  const op = ops.find((o) => o.operationId === name);

  it("is in the document with the SDK's method and path", () => {
    expect(op, `the document has no ${name}`).toBeDefined();
    expect([op?.method, op?.path]).toEqual([sdkOp.method, sdkOp.path]);
  });

  it("has the SDK's parameters, with their types and required flags", () => {
    for (const param of [...sdkOp.pathParams.map((p) => ({ ...p, required: true, in: "path" })), ...sdkOp.queryParams.map((p) => ({ ...p, in: "query" }))]) {
      const found = op?.parameters.find((p) => p.name === param.name && p.in === param.in);
      expect(found, `${param.in} parameter ${param.name}`).toBeDefined();
      expect(types(deref(found?.schema)), `${param.name}`).toContain(param.type);
      expect(Boolean(found?.required), `${param.name} required`).toBe(param.required);
    }
  });

  it("has the SDK's request body, field by field", () => {
    const body = jsonContent(op?.requestBody);
    if (!sdkOp.requestBody) return expect(op?.requestBody).toBeUndefined();
    const schema = deref(body?.schema);
    if (op?.requestBody?.required !== sdkOp.requestBody.requiredBySdk) expect(decided(schema), "body required flag differs, unrecorded").toBe(true);
    expect(differences(sdkOp.requestBody.fields, schema, "request")).toEqual([]);
  });

  it("has the SDK's success response, field by field", () => {
    const [status, response] = Object.entries(sdkOp.responses).find(([s]) => s.startsWith("2"))!;
    expect(op?.statuses).toContain(status);
    const documented = deref(op?.responses[status]);
    const media = jsonContent(documented);
    if (response.bodyIsRaw)
      return expect(decided(documented, media ? deref(media.schema) : undefined), "a raw body, typed without a recorded decision").toBe(true);
    if (!response.fields.length) return expect(media, `${status} has no body in the SDK`).toBeUndefined();
    const schema = deref(media?.schema);
    expect(differences(response.fields, schema, "response")).toEqual([]);
  });
});

it("covers every operation of the document (none is made up)", () => {
  expect(ops.map((o) => o.operationId).sort()).toEqual(sdk.operations.map((o) => o.name).sort());
});
