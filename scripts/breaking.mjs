#!/usr/bin/env node
// Does the document break clients already published? The bundle (openapi/dist/openapi.json) against
// the last released one (openapi/released/openapi.json, recorded by `npm run version-packages`).
// A breaking change passes only when a pending changeset makes it a major of @dcs-migration/openapi
// and @dcs-migration/client (the client's types are the document's).
//
//   node scripts/breaking.mjs              the check `npm test` runs (exit 1: breaking, no major changeset)
//   node scripts/breaking.mjs OLD NEW      what breaks from one bundled document to another
//   node scripts/breaking.mjs --record     records the bundle as the released document
//
// Why our own: oasdiff (the usual tool) is a Go binary that the machines here cannot download, and
// the npm tools either stop at OpenAPI 3.0 (openapi-diff) or fetch a binary from GitHub
// (@pb33f/openapi-changes). What a published client relies on is small enough to say here: what
// it sends must still be accepted, what it reads must still be what it expects.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { openDocument } from "@dcs-migration/openapi/walker";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const BUNDLE = `${ROOT}openapi/dist/openapi.json`;
export const RELEASED = `${ROOT}openapi/released/openapi.json`;
export const CHANGESETS = `${ROOT}.changeset`;
/** The packages a breaking change of the document is a major of. */
export const MAJOR_FOR = ["@dcs-migration/openapi", "@dcs-migration/client"];

const CONSTRAINTS_UP = ["minLength", "minItems", "minimum", "exclusiveMinimum", "minProperties"];
const CONSTRAINTS_DOWN = ["maxLength", "maxItems", "maximum", "exclusiveMaximum", "maxProperties"];

/** A schema seen as a reader of values sees it: its types, its enum (undefined: any), its properties. */
function shape(schema, deref, depth = 0) {
  const s = schema && typeof schema === "object" ? deref(schema) : {};
  const out = { types: new Set(), enum: undefined, properties: new Map(), required: new Set(), items: undefined, closed: false, limits: {} };
  const branches = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  if (branches.length && depth < 20) {
    const parts = branches.map((b) => shape(b, deref, depth + 1));
    for (const p of parts) {
      for (const t of p.types) out.types.add(t);
      for (const [k, v] of p.properties) out.properties.set(k, v);
      out.items ??= p.items;
    }
    // Open as soon as one branch takes any value of a type that another branch enumerates.
    out.enum = parts.some((p) => p.enum === undefined && p.types.size) ? undefined : new Set(parts.flatMap((p) => [...(p.enum ?? [])]));
    if (out.enum?.size === 0) out.enum = undefined;
  }
  for (const part of s.allOf ?? []) {
    const p = shape(part, deref, depth + 1);
    for (const t of p.types) out.types.add(t);
    for (const [k, v] of p.properties) out.properties.set(k, v);
    for (const r of p.required) out.required.add(r);
    out.closed ||= p.closed;
  }
  const type = s.type ?? (s.properties ? "object" : s.items ? "array" : undefined);
  for (const t of [type].flat().filter(Boolean)) out.types.add(t === "integer" ? "integer" : t);
  if (Array.isArray(s.enum)) out.enum = new Set([...(out.enum ?? []), ...s.enum]);
  if (s.const !== undefined) out.enum = new Set([s.const]);
  for (const [k, v] of Object.entries(s.properties ?? {})) out.properties.set(k, v);
  for (const r of s.required ?? []) out.required.add(r);
  if (s.items) out.items = s.items;
  out.closed ||= s.additionalProperties === false || s.unevaluatedProperties === false;
  for (const key of [...CONSTRAINTS_UP, ...CONSTRAINTS_DOWN, "pattern"]) if (s[key] !== undefined) out.limits[key] = s[key];
  return out;
}

/** `integer` values are numbers too: a type is kept if the other side has it or a wider one. */
const covers = (types, t) => types.has(t) || (t === "integer" && types.has("number")) || types.size === 0;

/**
 * What a client sends (`sent`: request bodies and parameters) must still be accepted; what it reads
 * (responses) must not surprise it. Each finding: where, and what no longer holds.
 */
function compareSchemas(oldSchema, newSchema, where, sent, oldDeref, newDeref, found, depth = 0) {
  if (depth > 12) return;
  const a = shape(oldSchema, oldDeref);
  const b = shape(newSchema, newDeref);
  if (sent) {
    for (const t of a.types) if (!covers(b.types, t)) found.push(`${where}: no longer takes ${t}`);
    if (b.enum) {
      const dropped = a.enum ? [...a.enum].filter((v) => !b.enum.has(v)) : ["(any value)"];
      if (dropped.length) found.push(`${where}: no longer takes ${dropped.map((v) => JSON.stringify(v)).join(", ")}`);
    }
    for (const r of b.required) if (!a.required.has(r)) found.push(`${where}: now requires ${r}`);
    if (b.closed) for (const k of a.properties.keys()) if (!b.properties.has(k)) found.push(`${where}: no longer takes ${k}`);
    for (const key of CONSTRAINTS_UP)
      if (b.limits[key] !== undefined && !(a.limits[key] !== undefined && b.limits[key] <= a.limits[key]))
        found.push(`${where}: ${key} raised to ${b.limits[key]}`);
    for (const key of CONSTRAINTS_DOWN)
      if (b.limits[key] !== undefined && !(a.limits[key] !== undefined && b.limits[key] >= a.limits[key]))
        found.push(`${where}: ${key} lowered to ${b.limits[key]}`);
    if (b.limits.pattern !== undefined && b.limits.pattern !== a.limits.pattern) found.push(`${where}: pattern is now ${b.limits.pattern}`);
  } else {
    for (const t of b.types) if (!covers(a.types, t)) found.push(`${where}: may now be ${t}`);
    if (a.enum) {
      const added = b.enum ? [...b.enum].filter((v) => !a.enum.has(v)) : ["(any value)"];
      if (added.length) found.push(`${where}: may now be ${added.map((v) => JSON.stringify(v)).join(", ")}, which its closed enum did not list`);
    }
    for (const k of a.properties.keys()) if (!b.properties.has(k)) found.push(`${where}: no longer has ${k}`);
  }
  for (const [k, v] of a.properties)
    if (b.properties.has(k)) compareSchemas(v, b.properties.get(k), `${where}.${k}`, sent, oldDeref, newDeref, found, depth + 1);
  if (a.items && b.items) compareSchemas(a.items, b.items, `${where}[]`, sent, oldDeref, newDeref, found, depth + 1);
}

/** Every change from `before` to `after` (parsed bundled documents) that breaks a published client. */
export function breakingChanges(before, after) {
  const a = openDocument(before);
  const b = openDocument(after);
  const found = [];
  const newOps = new Map(b.operations().map((op) => [op.operationId, op]));
  for (const old of a.operations()) {
    const op = newOps.get(old.operationId);
    const at = old.operationId;
    if (!op) {
      found.push(`${at}: removed (${old.method} ${old.path})`);
      continue;
    }
    if (op.method !== old.method || op.path !== old.path) found.push(`${at}: moved from ${old.method} ${old.path} to ${op.method} ${op.path}`);
    const params = new Map(op.parameters.map((p) => [`${p.in} ${p.name}`, p]));
    const oldParams = new Map(old.parameters.map((p) => [`${p.in} ${p.name}`, p]));
    for (const [key, p] of oldParams) {
      const q = params.get(key);
      if (!q) found.push(`${at}: ${key} parameter removed`);
      else {
        if (q.required && !p.required) found.push(`${at}: ${key} parameter now required`);
        compareSchemas(p.schema, q.schema, `${at} ${key} parameter`, true, a.deref, b.deref, found);
      }
    }
    for (const [key, q] of params) if (!oldParams.has(key) && q.required) found.push(`${at}: new required ${key} parameter`);
    const oldBody = a.jsonContent(old.requestBody);
    const newBody = b.jsonContent(op.requestBody);
    if (op.requestBody?.required && !old.requestBody?.required) found.push(`${at}: request body now required`);
    if (oldBody && newBody) compareSchemas(oldBody.schema, newBody.schema, `${at} request body`, true, a.deref, b.deref, found);
    else if (oldBody && !newBody) found.push(`${at}: request body removed`);
    for (const status of old.statuses.filter((s) => s.startsWith("2"))) {
      if (!op.responses[status]) {
        found.push(`${at}: no longer answers ${status}`);
        continue;
      }
      const before200 = a.jsonContent(a.deref(old.responses[status]));
      const after200 = b.jsonContent(b.deref(op.responses[status]));
      if (before200 && after200) compareSchemas(before200.schema, after200.schema, `${at} response ${status}`, false, a.deref, b.deref, found);
      else if (before200 && !after200) found.push(`${at}: response ${status} no longer has a body`);
    }
  }
  return found;
}

/** The bumps the pending changesets ask for: package -> the highest of them. */
export function pendingBumps(dir = CHANGESETS) {
  const rank = { patch: 1, minor: 2, major: 3 };
  const bumps = new Map();
  if (!existsSync(dir)) return bumps;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md")) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(`${dir}/${file}`, "utf8"))?.[1] ?? "";
    for (const [, name, bump] of front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(patch|minor|major)\s*$/gm)) {
      if ((rank[bump] ?? 0) > (rank[bumps.get(name)] ?? 0)) bumps.set(name, bump);
    }
  }
  return bumps;
}

/** The check: what breaks, and whether the pending changesets allow it. */
export function check({ released = RELEASED, bundle = BUNDLE, changesets = CHANGESETS } = {}) {
  if (!existsSync(released)) return { ok: false, message: `no released document at ${released}: record one with node scripts/breaking.mjs --record` };
  const changes = breakingChanges(JSON.parse(readFileSync(released, "utf8")), JSON.parse(readFileSync(bundle, "utf8")));
  if (changes.length === 0) return { ok: true, message: "the document breaks no published client" };
  const bumps = pendingBumps(changesets);
  const missing = MAJOR_FOR.filter((name) => bumps.get(name) !== "major");
  const list = changes.map((c) => `  - ${c}`).join("\n");
  if (missing.length === 0) return { ok: true, message: `${changes.length} breaking change(s), released as a major (a pending changeset says so):\n${list}` };
  return {
    ok: false,
    message:
      `the document breaks clients already published, in ${changes.length} way(s):\n${list}\n` +
      `Either keep the old behaviour, or release it as a major: add a changeset (npx changeset) that makes ${missing.join(" and ")} a major, saying what users must change.`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === "--record") {
    mkdirSync(dirname(RELEASED), { recursive: true });
    copyFileSync(BUNDLE, RELEASED);
    console.log(`breaking: recorded ${BUNDLE} as the released document (${RELEASED})`);
  } else if (args.length === 2) {
    const changes = breakingChanges(JSON.parse(readFileSync(args[0], "utf8")), JSON.parse(readFileSync(args[1], "utf8")));
    console.log(changes.length ? changes.join("\n") : "nothing that breaks a published client");
    process.exit(changes.length ? 1 : 0);
  } else {
    const { ok, message } = check();
    (ok ? console.log : console.error)(`breaking: ${message}`);
    process.exit(ok ? 0 : 1);
  }
}
