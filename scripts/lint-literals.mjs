#!/usr/bin/env node
// Fails on a status or an error code written as a string in the source of a package or app: they
// live in the document, and code compares with the constants the client generates from it
// (MIGRATION_STATUS.INCRMIGEATING, DcsErrors.TASK_NOT_FOUND.code), so that a typo does not compile
// and a renamed value breaks the build instead of a wait. Generated files are exempt.
//
//   node scripts/lint-literals.mjs [FILE...]   (default: src/ and scripts/ of every package and app)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { openDocument } from "@dcs-migration/openapi/walker";
import ts from "typescript";

const root = fileURLToPath(new URL("../", import.meta.url));
const { doc } = openDocument();

/** Every value of a schema that groups statuses, with the constant to use instead. */
const statuses = new Map();
for (const [name, schema] of Object.entries(doc.components.schemas)) {
  if (!schema["x-status-groups"]) continue;
  const constant = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  for (const value of schema.enum) if (!statuses.has(value)) statuses.set(value, `${constant}.${value}`);
}
const errorNames = new Map(doc.components.schemas.ErrorResponse["x-dcs-errors"].codes.map((e) => [e.code, e.name]));
// Catalogue codes, gateway codes under either prefix, and the legacy nine-digit codes.
const ERROR_CODE = /\b(?:DCS\.\d{4}|APIGW?\.\d{4}|111[45]\d{5})\b/;

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
    if (entry === "generated" || entry === "node_modules" || entry === "dist") return [];
    return statSync(path).isDirectory() ? files(path) : SOURCE.test(entry) ? [path] : [];
  });
}
function defaultFiles() {
  const packages = ["packages", "apps"].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)));
  return packages.flatMap((dir) => [...files(join(dir, "src")), ...files(join(dir, "scripts"))]);
}

/** The literals of one file that spell a status or an error code: [{ line, column, text, fix }]. */
export function findLiterals(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lines = text.split("\n");
  // A literal may stay when the line above says why: `// lint-literals-ignore: <why>` (a value that
  // only looks like a status, such as a DCS instance's own status).
  const excused = (line) => /\/\/ lint-literals-ignore: \S/.test(lines[line - 1] ?? "");
  const found = [];
  const visit = (node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node)) {
      const value = ts.isRegularExpressionLiteral(node) ? node.text : node.text;
      const status = statuses.get(value);
      const code = ERROR_CODE.exec(value)?.[0];
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
      if ((status || code) && !excused(line)) {
        const fix = status
          ? `${JSON.stringify(value)} is a status of the document: use ${status}`
          : `${code} is an error code: use DcsErrors.${errorNames.get(code.replace(/^APIG\./, "APIGW.")) ?? "<its name in x-dcs-errors>"}.code`;
        found.push({ line: line + 1, column: character + 1, text: value, fix });
      }
    }
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
