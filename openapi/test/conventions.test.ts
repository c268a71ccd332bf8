// The document's own rules (see openapi/README.md), checked over the bundle.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deref, doc, isObject, jsonContent, operations, type Json, type JsonObject } from "./document.js";

const ops = operations();

/** Every schema reachable from `root`, with the JSON path that reached it. */
function walk(root: Json | undefined, visit: (schema: JsonObject, parent: JsonObject | undefined, at: string) => void) {
  const seen = new Set<JsonObject>();
  const go = (node: Json | undefined, parent: JsonObject | undefined, at: string) => {
    if (!isObject(node)) return;
    const schema = deref(node);
    visit(schema, parent, at);
    if (seen.has(schema)) return;
    seen.add(schema);
    if (isObject(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) go(v, schema, `${at}.${k}`);
    if (isObject(schema.items)) go(schema.items, schema, `${at}[]`);
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      if (Array.isArray(schema[key])) (schema[key] as Json[]).forEach((b, i) => go(b, schema, `${at}/${key}/${i}`));
    }
    for (const key of ["if", "then", "else"]) go(schema[key], schema, `${at}/${key}`);
  };
  go(root, undefined, "");
}

const requestRoots = ops.flatMap((op) =>
  isObject(op.operation.requestBody) ? [jsonContent(deref(op.operation.requestBody))?.schema] : [],
);
const responseRoots = ops.flatMap((op) =>
  Object.values(deref(op.operation.responses)).map((r) => jsonContent(deref(r))?.schema),
);

/** An open enum: anyOf [closed enum, plain string]. */
const isOpen = (schema: JsonObject) =>
  Array.isArray(schema.anyOf) &&
  schema.anyOf.some((b) => isObject(b) && Array.isArray(deref(b).enum)) &&
  schema.anyOf.some((b) => isObject(b) && !("$ref" in b) && b.type === "string" && !("enum" in b));

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

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: official name, one tag, both auth schemes, every error status", (_id, op) => {
    expect(op.operationId).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(op.operation.tags).toHaveLength(1);
    expect(op.operation.security).toEqual([{ IamToken: [] }, { AkSk: [] }]);
    expect(Object.keys(deref(op.operation.responses))).toEqual(
      expect.arrayContaining(["200", "400", "401", "403", "404", "429", "500"]),
    );
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: every response declares X-Request-Id", (_id, op) => {
    for (const [status, response] of Object.entries(deref(op.operation.responses))) {
      const headers = deref(response).headers;
      expect(isObject(headers) && "X-Request-Id" in headers, `${op.operationId} ${status}`).toBe(true);
    }
  });

  it("request enums are closed", () => {
    for (const root of requestRoots) {
      walk(root, (schema, _p, at) => expect(isOpen(schema), `request${at}`).toBe(false));
    }
  });

  it("response enums are open, unless the field is a request field echoed back", () => {
    // An object schema shared with requests (BackupFilesBody) echoes what the caller sent.
    const requestObjects = new Set<JsonObject>();
    for (const root of requestRoots) walk(root, (schema) => isObject(schema.properties) && requestObjects.add(schema));
    for (const root of responseRoots) {
      walk(root, (schema, parent, at) => {
        if (!Array.isArray(schema.enum) || (parent && requestObjects.has(parent))) return;
        expect(parent && isOpen(parent), `response${at} is a closed enum`).toBe(true);
      });
    }
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: code samples in TypeScript, curl and HTTP, calling this operation", (id, op) => {
    const samples = op.operation["x-codeSamples"] as Array<{ lang: string; source: string }>;
    expect(samples.map((s) => s.lang)).toEqual(["TypeScript", "curl", "HTTP"]);
    const [ts, curl, http] = samples.map((s) => s.source);
    expect(ts).toContain(`client.${op.method}("${op.path}"`);
    const template = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/ ]+")}$`);
    expect(http?.split("\n")[0]?.split(" ")[0]).toBe(op.method);
    expect(http?.split("\n")[0]?.split(" ")[1], `${id} HTTP sample path`).toMatch(template);
    expect(curl).toContain(`-X ${op.method} `);
    expect(new URL(curl!.match(/"(https:[^"]+)"/)![1]!.replace("${DCS_PROJECT_ID}", "p")).pathname, `${id} curl path`).toMatch(template);
  });

  it("has a code-sample folder for each operation and none for an operation it lacks", () => {
    const folders = readdirSync(new URL("../code_samples/", import.meta.url)).sort();
    expect(folders).toEqual(ops.map((o) => o.operationId).sort());
  });

  it("marks every Redis password as a secret", () => {
    let passwords = 0;
    for (const root of [...requestRoots, ...responseRoots]) {
      walk(root, (schema) => {
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
});
