import { describe, expect, it } from "vitest";
import { deref, isObject, jsonContent, namedExamples, operations, type Json, type JsonObject } from "./document.js";
import { validate } from "./validator.js";

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
    const body = isObject(op.operation.requestBody) ? jsonContent(deref(op.operation.requestBody)) : undefined;
    if (body) {
      for (const [name, value] of namedExamples(body)) {
        out.push({ where: `${op.operationId} request example ${name}`, schema: body.schema as JsonObject, value });
      }
    }
    for (const [status, response] of Object.entries(deref(op.operation.responses))) {
      const media = jsonContent(deref(response));
      if (!media) continue;
      for (const [name, value] of namedExamples(media)) {
        out.push({ where: `${op.operationId} ${status} example ${name}`, schema: media.schema as JsonObject, value });
      }
    }
  }
  return out;
}

describe("named examples", () => {
  const all = cases();

  it("exist for every operation", () => {
    for (const op of operations()) {
      expect(all.some((c) => c.where.startsWith(`${op.operationId} 200`)), op.operationId).toBe(true);
    }
  });

  it.each(all.map((c) => [c.where, c] as const))("%s validates under JSON Schema 2020-12", (_where, c) => {
    expect(validate(c.schema, c.value)).toEqual([]);
  });

  it("would reject a value that breaks its schema (the validator is live)", () => {
    const task = { $ref: "#/components/schemas/BatchStopMigrationTasksBody" };
    expect(validate(task, { migration_tasks: Array.from({ length: 51 }, (_, i) => `t${i}`) })).not.toEqual([]);
    expect(validate({ $ref: "#/components/schemas/ServiceError" }, { error_code: "DCS.413300", error_msg: "x" })).not.toEqual([]);
    expect(validate({ $ref: "#/components/schemas/BandwidthLimitMb" }, "10242")).not.toEqual([]);
    expect(validate({ $ref: "#/components/schemas/BandwidthLimitMb" }, 0)).not.toEqual([]);
  });
});
