// Writes dist/prism-document.json: the bundled document (openapi.json) as Prism reads it at every
// start, without what only people read: descriptions, code samples, and the x- extensions (the
// error catalogue, the decisions, the lifecycle), which Prism ignores. Everything it validates and
// mocks from is kept as it is. The prose was three fifths of the document's bytes, and reading it an
// eighth of Prism's start. test/prism-document.test.ts holds it to that.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const bundled = createRequire(import.meta.url).resolve("@dcs-migration/openapi/openapi.json");

/** Keys whose value is data (examples, defaults, enums), kept whole. */
const DATA = new Set(["example", "examples", "default", "enum", "const"]);
/** Keys whose value maps names (of properties, paths, responses...) to nodes: the names are kept. */
const NAMES = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "paths",
  "webhooks",
  "schemas",
  "responses",
  "parameters",
  "requestBodies",
  "headers",
  "content",
  "securitySchemes",
  "links",
  "callbacks",
  "variables",
  "encoding",
]);
/** What a node loses: prose and extensions. */
const dropped = (key) => key === "description" || key === "externalDocs" || key.startsWith("x-");

/** The node without its prose, at every depth; `names`: the node is a map of names to nodes. */
function withoutProse(node, names = false) {
  if (Array.isArray(node)) return node.map((item) => withoutProse(item));
  if (node === null || typeof node !== "object") return node;
  const kept = {};
  for (const [key, value] of Object.entries(node)) {
    if (names) kept[key] = withoutProse(value);
    else if (DATA.has(key)) kept[key] = value;
    else if (!dropped(key)) kept[key] = withoutProse(value, NAMES.has(key));
  }
  return kept;
}

mkdirSync(new URL("../dist/", import.meta.url), { recursive: true });
writeFileSync(new URL("../dist/prism-document.json", import.meta.url), JSON.stringify(withoutProse(JSON.parse(readFileSync(bundled, "utf8")))));
