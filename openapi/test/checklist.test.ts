// The add-an-operation checklist of openapi/README.md, held against every operation of the
// document: each row whose check is "exists" names a file every operation has, and each row that
// "mentions" names a file that holds the operation's name. The table is the source: a new row is
// checked as soon as it is written, by the package that owns its place. This one checks the
// document's own places; apps/mock/test/checklist.test.ts checks the sandbox's and its contract's.
import { fileURLToPath } from "node:url";
import { checklistProblem, checklistRows, openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
/** The packages whose tests check a row of the checklist, by the folder of its file. */
const OWNERS = ["openapi/", "apps/mock/"];
const rows = checklistRows();
const ours = rows.filter((r) => r.file.startsWith("openapi/"));
const ops = openDocument().operations();

it("the checklist names files to check, each in a place whose package checks it", () => {
  expect(ours.length).toBeGreaterThanOrEqual(3);
  expect(rows.filter((r) => r.mention).length).toBeGreaterThanOrEqual(4);
  for (const row of rows)
    expect(
      OWNERS.some((owner) => row.file.startsWith(owner)),
      row.file,
    ).toBe(true);
});

describe.each(ops.map((op) => [op.operationId, op] as const))("%s", (_id, op) => {
  it.each(ours.map((r) => [r.file, r] as const))("has what %s should hold", (_file, row) => {
    expect(checklistProblem(REPO, row, op)).toBeUndefined();
  });
});
