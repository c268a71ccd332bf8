// The rows of the add-an-operation checklist (openapi/README.md) that name the mock's places: every
// operation of the document has its contract case, the real service's answers and the sandbox's
// handler. The document's own rows are checked in openapi/test/checklist.test.ts.
import { fileURLToPath } from "node:url";
import { checklistProblem, checklistRows, openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const ours = checklistRows().filter((r) => r.file.startsWith("apps/mock/"));
const ops = openDocument().operations();

it("the checklist names the mock's places", () => {
  expect(ours.length).toBeGreaterThanOrEqual(3);
});

describe.each(ops.map((op) => [op.operationId, op] as const))("%s", (_id, op) => {
  it.each(ours.map((r) => [r.file, r] as const))("has what %s should hold", (_file, row) => {
    expect(checklistProblem(REPO, row, op)).toBeUndefined();
  });
});
