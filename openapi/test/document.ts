// Reads the bundled document and walks it: the one place the tests know how a bundle is shaped.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const bundlePath = fileURLToPath(new URL("../dist/openapi.json", import.meta.url));
export const doc = JSON.parse(readFileSync(bundlePath, "utf8")) as JsonObject;

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (and chains of them) to the object it names. */
export function deref(value: Json | undefined): JsonObject {
  let node = value;
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (seen.has(ref) || !ref.startsWith("#/")) throw new Error(`cannot follow $ref ${ref}`);
    seen.add(ref);
    node = ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<Json | undefined>((at, key) => (isObject(at) ? at[key] : undefined), doc);
  }
  if (!isObject(node)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return node;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  operation: JsonObject;
  parameters: JsonObject[];
}

export function operations(): Operation[] {
  const result: Operation[] = [];
  for (const [path, rawItem] of Object.entries(deref(doc.paths))) {
    const item = deref(rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters.map(deref) : [];
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const own = Array.isArray(operation.parameters) ? operation.parameters.map(deref) : [];
      result.push({
        operationId: String(operation.operationId),
        method: method.toUpperCase(),
        path,
        operation,
        parameters: [...shared, ...own],
      });
    }
  }
  return result;
}

/** Named examples of a media type or parameter, resolved: [name, value]. */
export function namedExamples(holder: JsonObject): Array<[string, Json]> {
  const examples = holder.examples;
  if (!isObject(examples)) return [];
  return Object.entries(examples).map(([name, example]) => [name, deref(example).value ?? null]);
}

export function jsonContent(holder: JsonObject): JsonObject | undefined {
  const content = holder.content;
  if (!isObject(content)) return undefined;
  const media = content["application/json"];
  return isObject(media) ? media : undefined;
}
