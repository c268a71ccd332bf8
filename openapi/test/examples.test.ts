import { type Json, type JsonObject, openDocument } from "@dcs-migration/openapi/walker";
import { describe, expect, it } from "vitest";

const { deref, operations, jsonContent, namedExamples, validate } = openDocument();

interface Case {
  where: string;
  schema: JsonObject;
  value: Json;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const op of operations()) {
    for (const param of op.parameters) {
      for (const [name, value] of namedExamples(param)) {
        out.push({ where: `${op.operationId} parameter ${String(param.name)} example ${name}`, schema: deref(param.schema), value });
      }
    }
    const body = jsonContent(op.requestBody);
    for (const [name, value] of namedExamples(body)) {
      out.push({ where: `${op.operationId} request example ${name}`, schema: body?.schema as JsonObject, value });
    }
    for (const [status, response] of Object.entries(op.responses)) {
      const media = jsonContent(deref(response));
      for (const [name, value] of namedExamples(media)) {
        out.push({ where: `${op.operationId} ${status} example ${name}`, schema: media?.schema as JsonObject, value });
      }
    }
  }
  return out;
}

describe("named examples", () => {
  const all = cases();

  it("exist for every operation's success body and request body", () => {
    for (const op of operations()) {
      const success = op.statuses.find((s) => s.startsWith("2"));
      const hasBody = jsonContent(deref(op.responses[success ?? ""])) !== undefined;
      if (hasBody)
        expect(
          all.some((c) => c.where.startsWith(`${op.operationId} ${success}`)),
          op.operationId,
        ).toBe(true);
      if (op.requestBody)
        expect(
          all.some((c) => c.where.startsWith(`${op.operationId} request`)),
          op.operationId,
        ).toBe(true);
    }
  });

  it.each(all.map((c) => [c.where, c] as const))("%s validates under JSON Schema 2020-12", (_where, c) => {
    expect(validate(c.schema, c.value)).toEqual([]);
  });

  it("would reject a value that breaks its schema (the validator is live)", () => {
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    expect(validate(ref("BatchStopMigrationTasksBody"), { migration_tasks: Array.from({ length: 51 }, (_, i) => `t${i}`) })).not.toEqual([]);
    expect(validate(ref("ServiceError"), { error_code: "DCS.413300", error_msg: "x" })).not.toEqual([]);
    expect(validate(ref("BandwidthLimitMb"), "10242")).not.toEqual([]);
    expect(validate(ref("BandwidthLimitMb"), 0)).not.toEqual([]);
  });
});
