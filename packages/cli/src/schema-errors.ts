// Ajv's errors as a person can act on them: each at its field, saying what is wrong and the fix
// (the nearest known field for a typo, the allowed values of an enum), with the noise of anyOf
// branches and if/then folded away. Used for plans and for `api --body`.
import type { ErrorObject } from "ajv";
import { nearest } from "./args.js";

export interface Described {
  path: Array<string | number>;
  /** The problem is the key itself (an unknown field) or a field missing from the object at path. */
  onKey: boolean;
  message: string;
  fix: string;
}

const pointer = (instancePath: string) =>
  instancePath === ""
    ? []
    : instancePath
        .slice(1)
        .split("/")
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));

/** The schema at a JSON-schema path (`#/properties/a/properties/b`) of `root`. */
function schemaAt(root: unknown, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const step of schemaPath.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node as Record<string, unknown> | undefined;
}

const describeType = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : typeof value);

/** `rootField`: what an unknown property at the top is called (a plan's "section", a body's "field"). */
export function describeErrors(errors: ErrorObject[], root: unknown, value: unknown, rootField = "field"): Described[] {
  const out: Described[] = [];
  const add = (path: Array<string | number>, message: string, fix: string, onKey = false) => out.push({ path, onKey, message, fix });
  // An anyOf or oneOf that failed is reported once, as a whole: its branches' errors are its detail.
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const inUnion = (e: ErrorObject) => unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`));
  for (const error of errors) {
    if (error.keyword === "if" || inUnion(error)) continue;
    const path = pointer(error.instancePath);
    const here = path.reduce<unknown>((at, step) => (at && typeof at === "object" ? (at as Record<string, unknown>)[step] : undefined), value);
    switch (error.keyword) {
      case "additionalProperties": {
        const name = String(error.params.additionalProperty);
        const known = Object.keys((schemaAt(root, error.schemaPath.replace(/\/additionalProperties$/, ""))?.properties as object) ?? {});
        const near = nearest(name, known);
        add(
          [...path, name],
          path.length === 0 ? `unknown ${rootField} ${JSON.stringify(name)}` : "unknown field",
          near ? `did you mean ${near}?` : `the fields here are ${known.join(", ") || "none"}`,
          true,
        );
        break;
      }
      case "required": {
        const name = String(error.params.missingProperty);
        const schema = schemaAt(root, error.schemaPath.replace(/\/required$/, ""));
        const described = (schema?.properties as Record<string, { description?: string }> | undefined)?.[name]?.description;
        add(path, `missing required field ${name}`, `add ${name}${described ? `: ${described.split(/\.\s/)[0]?.replace(/\.$/, "")}` : ""}`, true);
        break;
      }
      case "enum": {
        const allowed = (error.params.allowedValues as unknown[]).map(String);
        const near = typeof here === "string" ? nearest(here, allowed) : undefined;
        add(path, `${JSON.stringify(here)} is not one of ${allowed.join(", ")}`, near ? `did you mean ${near}?` : `use one of ${allowed.join(", ")}`);
        break;
      }
      case "const":
        add(path, `must be ${JSON.stringify(error.params.allowedValue)}, got ${JSON.stringify(here)}`, `write ${JSON.stringify(error.params.allowedValue)}`);
        break;
      case "type":
        add(
          path,
          `must be ${String(error.params.type).split(",").join(" or ")}, got ${describeType(here)}`,
          `write it as ${String(error.params.type).split(",").join(" or ")}`,
        );
        break;
      case "anyOf":
      case "oneOf": {
        const branches = (schemaAt(root, error.schemaPath) as unknown as Array<Record<string, unknown>>) ?? [];
        const required = branches.flatMap((b) => (Array.isArray(b.required) ? b.required : []));
        if (required.length === branches.length && required.length > 0) add(path, `needs ${required.join(" or ")}`, `give one of ${required.join(", ")}`, true);
        else {
          const types = branches.map((b) => b.type).filter(Boolean);
          add(
            path,
            `must be ${types.length ? types.join(" or ") : "one of the documented shapes"}, got ${describeType(here)}`,
            "see the field in dcs-migrate api OPERATION --help",
          );
        }
        break;
      }
      default:
        add(path, String(error.message), "see the field in dcs-migrate api OPERATION --help");
    }
  }
  return out;
}

export const dotted = (path: ReadonlyArray<string | number>) =>
  path
    .map((p) => (typeof p === "number" ? `[${p}]` : p))
    .join(".")
    .replace(/\.\[/g, "[");
