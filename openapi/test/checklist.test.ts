// The add-an-operation checklist of openapi/README.md, held against every operation of the
// document: each row whose check is "exists" names a file every operation has, and each row that
// "mentions" names a file that holds the operation's name. The table is the source: a new row
// is checked as soon as it is written.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## Adding an operation"), readme.indexOf("## Rules the document is held to"));
const rows = [...section.matchAll(/^\| (.+?) \| `([^`]+)`[^|]* \| (exists|mentions `([^`]+)`)/gm)].map(([, what, file, check, mention]) => ({
  what: String(what),
  file: String(file),
  mention,
  exists: check === "exists",
}));

const ops = openDocument().operations();
const fill = (text: string, op: (typeof ops)[number]) =>
  text.replaceAll("{operationId}", op.operationId).replaceAll("{pathFile}", op.path.slice(1).replaceAll("/", "_"));

it("the checklist names files to check", () => {
  expect(rows.filter((r) => r.exists).length).toBeGreaterThanOrEqual(3);
  expect(rows.filter((r) => r.mention).length).toBeGreaterThanOrEqual(4);
});

describe.each(ops.map((op) => [op.operationId, op] as const))("%s", (_id, op) => {
  it.each(rows.map((r) => [r.file, r] as const))("has what %s should hold", (_file, row) => {
    const file = fill(row.file, op);
    expect(existsSync(`${REPO}${file}`), `${op.operationId}: add ${file} (${row.what.slice(0, 60)}...)`).toBe(true);
    if (row.mention)
      expect(readFileSync(`${REPO}${file}`, "utf8"), `${op.operationId}: ${file} should mention ${fill(row.mention, op)}`).toContain(fill(row.mention, op));
  });
});
