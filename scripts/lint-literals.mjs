#!/usr/bin/env node
// Fails on a status or an error code written as a string in the source of a package or app: they
// live in the document, and code compares with the constants the client generates from it
// (MIGRATION_STATUS.INCRMIGEATING, DcsErrors.TASK_NOT_FOUND.code), so that a typo does not compile
// and a renamed value breaks the build instead of a wait. Generated files are exempt.
//
//   node scripts/lint-literals.mjs [FILE...]   (default: src/ and scripts/ of every package and app, and scripts/)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { openDocument } from "@dcs-migration/openapi/walker";
import ts from "typescript";

const root = fileURLToPath(new URL("../", import.meta.url));
/** @typedef {{ type?: string; enum?: string[]; $ref?: string; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; items?: Schema; properties?: Record<string, Schema>; "x-dcs-errors"?: { codes: Array<{ code: string; name: string }> } }} Schema */
const { doc: document } = openDocument();
/** What this check reads of the document. */
const doc = /** @type {{ components: { schemas: Record<string, Schema> } }} */ (/** @type {unknown} */ (document));

/** `MigrationStatus` -> `MIGRATION_STATUS`: the name of the client's generated constant, as generate.mjs names it. */
const constantName = (schemaName) => schemaName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/**
 * Every value of every string enum of the document (the schemas the client makes constants of),
 * upper-cased, with every constant that names it: a value in two enums (SUCCESS is a task's status
 * and a job's) names both, for the author to pick the one meant.
 */
export const ENUM_VALUES = new Map();
for (const [name, schema] of Object.entries(doc.components.schemas)) {
  if (!Array.isArray(schema.enum) || schema.type !== "string") continue;
  for (const value of schema.enum) {
    const key = String(value).toUpperCase();
    ENUM_VALUES.set(key, [...(ENUM_VALUES.get(key) ?? []), `${constantName(name)}.${value}`]);
  }
}
const errorNames = new Map(doc.components.schemas.ErrorResponse["x-dcs-errors"].codes.map((e) => [e.code, e.name]));
// Catalogue codes, gateway codes under either prefix, and the legacy nine-digit codes, in any case;
// in a regular expression the dot may be escaped (/DCS\.4133/).
const ERROR_CODE = /\b(?:DCS\\?\.\d{4}|APIGW?\\?\.\d{4}|111[45]\d{5})\b/i;
/** The shortest literal that is checked as a prefix of a value (`startsWith("INCRMIG")`). */
const MIN_PREFIX = 5;

const SOURCE = /\.(?:ts|mts|mjs|js)$/;
function files(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "generated" || entry === "node_modules" || entry === "dist" || entry === "test") return [];
    return statSync(path).isDirectory() ? files(path) : SOURCE.test(entry) ? [path] : [];
  });
}
function defaultFiles() {
  const packages = ["packages", "apps"].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)));
  return [...packages.flatMap((dir) => [...files(join(dir, "src")), ...files(join(dir, "scripts"))]), ...files(join(root, "scripts"))];
}

const EXACT = new Set([...ENUM_VALUES.values()].flat().map((name) => name.slice(name.indexOf(".") + 1)));
/**
 * A value no ordinary word or name is: one with an underscore (backupfile_import), or a long one in
 * its own case (INCRMIGEATING); "creating" as a label, or FAILED as an exit code's name, are words.
 */
const distinctive = (text) => text.includes("_") || (EXACT.has(text) && text.length >= 7 && text === text.toUpperCase());

/** The enum schemas each field of the document takes (`result` -> BatchResult): the right constant for a field's value. */
const FIELD_ENUMS = new Map();
const enumNames = new Set([...ENUM_VALUES.values()].flat().map((name) => name.slice(0, name.indexOf("."))));
const refsIn = (schema, depth = 0) => {
  if (!schema || typeof schema !== "object" || depth > 3) return [];
  const here = typeof schema.$ref === "string" ? [schema.$ref.split("/").pop()] : [];
  return [...here, ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? []), schema.items].flatMap((s) => refsIn(s, depth + 1))];
};
for (const schema of Object.values(doc.components.schemas)) {
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    for (const ref of refsIn(property)) {
      const constant = constantName(ref);
      if (enumNames.has(constant)) FIELD_ENUMS.set(field, [...new Set([...(FIELD_ENUMS.get(field) ?? []), constant])]);
    }
  }
}

/**
 * What a text spells, or undefined: an error code (any case, escaped or not); a distinctive value
 * of the document in any case; any value given to, or compared with, a field whose schema is its
 * enum (`result: "success"`, `task.status === "FAILED"`), named by that field's constant; the start
 * of a value, where the text is used as a prefix (`startsWith("INCRMIG")`).
 */
/**
 * @param {string} text
 * @param {{ field?: string; prefix?: boolean }} context
 */
function spelt(text, { field, prefix }) {
  const code = ERROR_CODE.exec(text)?.[0];
  if (code) {
    const canonical = code
      .replace(/\\/g, "")
      .toUpperCase()
      .replace(/^APIG\./, "APIGW.");
    return `${code} is an error code: use DcsErrors.${errorNames.get(canonical) ?? "<its name in x-dcs-errors>"}.code`;
  }
  const trimmed = text.trim();
  const key = trimmed.toUpperCase();
  if (key === "") return undefined;
  const names = ENUM_VALUES.get(key);
  const ofField = names?.filter((name) => (FIELD_ENUMS.get(field ?? "") ?? []).includes(name.slice(0, name.indexOf("."))));
  if (ofField?.length) return `${JSON.stringify(text)} is a value of ${field}: use ${ofField.join(" or ")}`;
  if (names && distinctive(trimmed)) return `${JSON.stringify(text)} is a value of the document: use ${names.join(" or ")}`;
  if (prefix && key.length >= MIN_PREFIX && /^[A-Z_]+$/.test(key)) {
    const starts = [...ENUM_VALUES.entries()].filter(([value]) => value.startsWith(key) && value !== key).flatMap(([, n]) => n);
    if (starts.length) return `${JSON.stringify(text)} is the start of a value of the document: compare with ${starts.join(", ")}`;
  }
  return undefined;
}

const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);
/** The field a property access or name stands for (`task.status`, `status`), if any. */
const fieldOf = (node) => (ts.isPropertyAccessExpression(node) ? node.name.text : ts.isIdentifier(node) ? node.text : undefined);
/**
 * Where a literal stands: the field it is given to or compared with, and whether it is used as a prefix.
 * @param {import("typescript").Node} node
 * @returns {{ field?: string; prefix?: boolean }}
 */
function contextOf(node) {
  const parent = node.parent;
  if (!parent) return {};
  if (ts.isPropertyAssignment(parent) && parent.initializer === node)
    return { field: ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name) ? parent.name.text : undefined };
  if (ts.isBinaryExpression(parent) && COMPARISONS.has(parent.operatorToken.kind)) {
    const other = parent.left === node ? parent.right : parent.left;
    // s.toLowerCase() === "incrmigeating": the field is what was lower-cased.
    const inner = ts.isCallExpression(other) && ts.isPropertyAccessExpression(other.expression) ? other.expression.expression : other;
    return { field: fieldOf(inner) };
  }
  if (ts.isCaseClause(parent) && ts.isSwitchStatement(parent.parent.parent)) return { field: fieldOf(parent.parent.parent.expression) };
  if (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression)) {
    const method = parent.expression.name.text;
    if (["startsWith", "endsWith", "includes", "indexOf"].includes(method)) return { field: fieldOf(parent.expression.expression), prefix: true };
  }
  return {};
}

/** The literals of one file that spell a value or an error code: [{ line, column, text, fix }]. */
export function findLiterals(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lines = text.split("\n");
  // A literal may stay when the line above says why: `// lint-literals-ignore: <why>` (a value that
  // only looks like one of the document's, such as a DCS instance's own status).
  const excused = (line) => /\/\/ lint-literals-ignore: \S/.test(lines[line - 1] ?? "");
  const found = [];
  const check = (node, value, context = contextOf(node)) => {
    const fix = spelt(value, context);
    if (!fix) return;
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    if (!excused(line)) found.push({ line: line + 1, column: character + 1, text: value, fix });
  };
  const visit = (node) => {
    // A literal type ("failed" in a union of an error's kinds) names a TypeScript type, not the document's value.
    if (ts.isLiteralTypeNode(node)) return;
    // "MIGRATION_" + "FAILED": strings added together spell what they add up to.
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && !ts.isBinaryExpression(node.parent)) {
      const parts = [];
      const collect = (n) =>
        ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken
          ? collect(n.left) && collect(n.right)
          : ts.isStringLiteralLike(n) && parts.push(n.text);
      if (collect(node) && parts.length > 1) check(node, parts.join(""));
    }
    // Strings, template strings (each of their parts), regular expressions (their source, \. as .).
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) check(node, node.text);
    else if (ts.isRegularExpressionLiteral(node)) {
      check(node, node.text.slice(1, node.text.lastIndexOf("/")).replace(/\\(.)/g, "$1"), { prefix: true });
    }
    // An object key written as a name ({ INCRMIGEATING: ... }) spells a value too.
    else if ((ts.isPropertyAssignment(node) || ts.isPropertySignature(node)) && ts.isIdentifier(node.name)) check(node.name, node.name.text, {});
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const targets = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
  let problems = 0;
  for (const path of targets) {
    for (const hit of findLiterals(path, readFileSync(path, "utf8"))) {
      problems++;
      console.error(`${relative(root, path)}:${hit.line}:${hit.column}: ${hit.fix} (from @dcs-migration/client), not a string of its own`);
    }
  }
  if (problems) {
    console.error(
      `\n${problems} status or error-code literal${problems === 1 ? "" : "s"}: statuses and codes come from the document (openapi/), through the client's generated constants.`,
    );
    process.exit(1);
  }
  console.log(`lint:literals: ${targets.length} files, no status or error-code literal`);
}
