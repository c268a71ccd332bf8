// The one walker of the bundled document: its operations, `$ref` resolution, named examples, the
// schemas under a root, and a JSON Schema 2020-12 validator (Ajv's 2020 build, as Prism uses once
// `jsonSchemaDialect` names 2020-12). The client generator, the mock's suites and the docs tests
// all read the document through it, so none of them knows how a bundle is shaped.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/** A JSON value, as the document holds them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Operation {
  operationId: string;
  /** Upper case: `GET`, `POST`... */
  method: string;
  /** The path template, `/v2/{project_id}/...`. */
  path: string;
  operation: JsonObject;
  /** The path item's parameters and the operation's own, resolved. */
  parameters: JsonObject[];
  /** The responses object, resolved, by status. */
  responses: JsonObject;
  statuses: string[];
  requestBody: JsonObject | undefined;
}

export interface OpenDocument {
  doc: JsonObject;
  /** Follows a local `$ref` (and chains of them) to the object it names. */
  deref(value: Json | undefined): JsonObject;
  operations(): Operation[];
  /** The `application/json` media type of a request body or response. */
  jsonContent(holder: JsonObject | undefined): JsonObject | undefined;
  /** Named examples of a media type or parameter, resolved: [name, value]. */
  namedExamples(holder: JsonObject | undefined): Array<[string, Json]>;
  /** Every schema reachable from `root`, with its parent and the JSON path that reached it. */
  walkSchemas(root: Json | undefined, visit: (schema: JsonObject, parent: JsonObject | undefined, at: string) => void): void;
  /** Validates under JSON Schema 2020-12; `strict` also reports undeclared fields. Returns the errors. */
  validate(schema: JsonObject, value: Json, options?: { strict?: boolean }): string[];
  compositions: readonly ["allOf", "anyOf", "oneOf"];
}

export interface ChecklistRow {
  what: string;
  /** The file, with {operationId} or {pathFile} to fill in. */
  file: string;
  /** What the file must mention, if anything beyond existing. */
  mention: string | undefined;
  exists: boolean;
}

/** Where `npm run bundle` writes the bundled document, as JSON. */
export const BUNDLED_JSON = fileURLToPath(new URL("./openapi.json", import.meta.url));

export const HTTP_METHODS: readonly string[] = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const COMPOSITIONS = ["allOf", "anyOf", "oneOf"] as const;
// A fixed base URI: Ajv needs one to resolve `#/components/...` refs inside the document.
const DOC_ID = "https://dcs-migration.invalid/openapi.json";

// ajv-formats is CommonJS; its default export arrives wrapped or not depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export const isObject = (value: Json | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Opens a document (the bundled one by default, or a path, or an already parsed object). */
export function openDocument(source: string | JsonObject = BUNDLED_JSON): OpenDocument {
  const doc: JsonObject = typeof source === "string" ? JSON.parse(readFileSync(source, "utf8")) : source;

  function deref(value: Json | undefined): JsonObject {
    let node: Json | undefined = value;
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

  function operations(): Operation[] {
    const result: Operation[] = [];
    for (const [path, rawItem] of Object.entries(deref(doc.paths))) {
      const item = deref(rawItem);
      const shared = Array.isArray(item.parameters) ? item.parameters.map((p) => deref(p)) : [];
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!isObject(operation)) continue;
        const own = Array.isArray(operation.parameters) ? operation.parameters.map((p) => deref(p)) : [];
        const responses = deref(operation.responses);
        result.push({
          operationId: String(operation.operationId),
          method: method.toUpperCase(),
          path,
          operation,
          parameters: [...shared, ...own],
          responses,
          statuses: Object.keys(responses),
          requestBody: isObject(operation.requestBody) ? deref(operation.requestBody) : undefined,
        });
      }
    }
    return result;
  }

  function jsonContent(holder: JsonObject | undefined): JsonObject | undefined {
    const media = isObject(holder?.content) ? holder.content["application/json"] : undefined;
    return isObject(media) ? media : undefined;
  }

  /** Named examples of a media type or parameter, resolved: [name, value]. */
  function namedExamples(holder: JsonObject | undefined): Array<[string, Json]> {
    const examples = holder?.examples;
    if (!isObject(examples)) return [];
    return Object.entries(examples).map(([name, example]) => [name, deref(example).value ?? null]);
  }

  /** Calls `visit(schema, parent, at)` for every schema reachable from `root`, once per path. */
  function walkSchemas(root: Json | undefined, visit: (schema: JsonObject, parent: JsonObject | undefined, at: string) => void): void {
    const seen = new Set<JsonObject>();
    const go = (node: Json | undefined, parent: JsonObject | undefined, at: string): void => {
      if (!isObject(node)) return;
      const schema = deref(node);
      visit(schema, parent, at);
      if (seen.has(schema)) return;
      seen.add(schema);
      if (isObject(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) go(v, schema, `${at}.${k}`);
      if (isObject(schema.items)) go(schema.items, schema, `${at}[]`);
      for (const key of COMPOSITIONS) {
        const branches = schema[key];
        for (const [i, branch] of (Array.isArray(branches) ? branches : []).entries()) go(branch, schema, `${at}/${key}/${i}`);
      }
      for (const key of ["if", "then", "else"]) go(schema[key], schema, `${at}/${key}`);
    };
    go(root, undefined, "");
  }

  let validators: { lenient: Ajv2020; strict: Ajv2020 } | undefined;
  /**
   * Validates `value` against `schema` (inline or a `#/components/...` $ref); returns the errors.
   * `strict` also reports fields the document does not declare (a renamed field, say).
   */
  function validate(schema: JsonObject, value: Json, options: { strict?: boolean } = {}): string[] {
    validators ??= { lenient: validator(doc.components ?? null), strict: validator(closeObjects(doc.components ?? null)) };
    const wrapped = (typeof schema.$ref === "string" ? { $ref: `${DOC_ID}${schema.$ref}` } : rebase(schema)) as JsonObject;
    const check = (options.strict ? validators.strict : validators.lenient).compile(wrapped);
    if (check(value)) return [];
    return (check.errors ?? []).map(
      (e) =>
        `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && "unevaluatedProperty" in e.params ? `: ${String(e.params.unevaluatedProperty)}` : ""}`,
    );
  }

  return { doc, deref, operations, jsonContent, namedExamples, walkSchemas, validate, compositions: COMPOSITIONS };
}

function validator(components: Json): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat("password", true);
  ajv.addSchema({ $id: DOC_ID, components });
  return ajv;
}

/** Every object schema closed: a field the document does not declare is an error. */
function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!isObject(node)) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "examples" || k === "example" ? v : closeObjects(v)]));
  return node.type === "object" && !("additionalProperties" in node) ? { ...copy, unevaluatedProperties: false } : copy;
}

function rebase(node: Json): Json {
  if (Array.isArray(node)) return node.map(rebase);
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${DOC_ID}${v}` : rebase(v)]),
  );
}

/**
 * The add-an-operation checklist of openapi/README.md as rows: the file each operation needs, and
 * whether it must merely exist or mention the operation. The table is the source: each place it
 * names is checked by the test of the package that owns that place.
 */
export function checklistRows(): ChecklistRow[] {
  const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
  const section = readme.slice(readme.indexOf("## Adding an operation"), readme.indexOf("## Rules the document is held to"));
  return [...section.matchAll(/^\| (.+?) \| `([^`]+)`[^|]* \| (exists|mentions `([^`]+)`)/gm)].map(([, what, file, check, mention]) => ({
    what: String(what),
    file: String(file),
    mention,
    exists: check === "exists",
  }));
}

/** A checklist row's file or mention for one operation: {operationId} and {pathFile} filled in. */
export const fillChecklist = (text: string, operation: { operationId: string; path: string }): string =>
  text.replaceAll("{operationId}", operation.operationId).replaceAll("{pathFile}", operation.path.slice(1).replaceAll("/", "_"));

/** What a place of the checklist lacks for one operation (under the repository `root`), or undefined. */
export function checklistProblem(root: string, row: ChecklistRow, operation: { operationId: string; path: string }): string | undefined {
  const file = fillChecklist(row.file, operation);
  if (!existsSync(`${root}${file}`)) return `${operation.operationId}: add ${file} (${row.what.slice(0, 60)}...)`;
  const mention = row.mention && fillChecklist(row.mention, operation);
  if (mention && !readFileSync(`${root}${file}`, "utf8").includes(mention)) return `${operation.operationId}: ${file} should mention ${mention}`;
  return undefined;
}
