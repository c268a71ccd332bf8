// JSON Schema 2020-12 validation of values against the bundled document's schemas, with a real
// validator (Ajv's 2020 build), as Prism does once `jsonSchemaDialect` names 2020-12.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { doc, type Json, type JsonObject } from "./document.js";

// ajv-formats is CommonJS; its default export arrives wrapped or not depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const DOC_ID = "https://dcs-migration.invalid/openapi.json";

function validator(components: Json): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat("password", true);
  ajv.addSchema({ $id: DOC_ID, components } as object);
  return ajv;
}

/** Every object schema closed: a field the document does not declare is an error. */
function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== "object") return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "examples" || k === "example" ? v : closeObjects(v)]));
  return node.type === "object" && !("additionalProperties" in node) ? { ...copy, unevaluatedProperties: false } : copy;
}

const lenient = validator(doc.components ?? null);
const strict = validator(closeObjects(doc.components ?? null));

/**
 * Validates `value` against `schema` (inline or a `#/components/...` $ref); returns the errors.
 * `strict` also reports fields the document does not declare (a renamed field, say).
 */
export function validate(schema: JsonObject, value: Json, options: { strict?: boolean } = {}): string[] {
  const wrapped =
    typeof schema.$ref === "string" ? { $ref: `${DOC_ID}${schema.$ref}` } : rebase(schema);
  const check = (options.strict ? strict : lenient).compile(wrapped as object);
  if (check(value)) return [];
  return (check.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params && "unevaluatedProperty" in e.params ? `: ${String(e.params.unevaluatedProperty)}` : ""}`,
  );
}

function rebase(node: Json): Json {
  if (Array.isArray(node)) return node.map(rebase);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${DOC_ID}${v}` : rebase(v),
    ]),
  );
}
