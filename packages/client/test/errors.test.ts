// DcsApiError against the document's error catalogue (x-dcs-errors), read from the bundle.
import { openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";
import { DcsApiError } from "../src/index.node.js";

const catalogue = openDocument().deref({ $ref: "#/components/schemas/ErrorResponse" })["x-dcs-errors"] as {
  codes: Array<{ code: string; status: number; message: string; fix: string }>;
};
const error = (status: number, code: string, message = "m") =>
  new DcsApiError({
    status,
    body: { error_code: code, error_msg: message },
    requestId: "rid",
    url: "https://dcs.cn-north-4.myhuaweicloud.com/v2/p/migration-tasks",
    method: "GET",
  });

describe("DcsApiError and the document's error catalogue", () => {
  it("covers the migration codes and the gateway's", () => {
    const codes = catalogue.codes.map((c) => c.code);
    expect(codes).toEqual(expect.arrayContaining(["DCS.4133", "DCS.4957", "DCS.4017", "APIGW.0301", "APIGW.0303", "APIGW.0308"]));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(catalogue.codes.map((c) => [c.code, c] as const))("%s: the message says status, code, message, request id and the catalogue's fix", (code, entry) => {
    const e = error(entry.status, code, entry.message);
    expect(e.hint).toBe(entry.fix);
    expect(e.message).toBe(`GET /v2/p/migration-tasks failed: HTTP ${entry.status} ${code}: ${entry.message} (request id rid) - ${entry.fix}`);
  });

  it("knows the gateway's APIG. twins, and says nothing it does not know", () => {
    expect(error(401, "APIG.0303").hint).toBe(error(401, "APIGW.0303").hint);
    expect(error(400, "111400063").hint).toBeUndefined();
    expect(error(429, "SOMETHING.NEW").hint).toBe(error(429, "APIGW.0308").hint);
  });

  it("says plainly when the task does not exist: 400 DCS.4133, and only that", () => {
    expect(error(400, "DCS.4133").isTaskNotFound).toBe(true);
    expect(error(404, "DCS.4133").isTaskNotFound).toBe(false);
    expect(error(400, "DCS.4957").isTaskNotFound).toBe(false);
  });
});
