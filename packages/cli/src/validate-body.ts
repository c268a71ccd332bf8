// A request body checked against its operation's schema before it is sent: each problem at its field.
import type { OperationSpec } from "@dcs-migration/client/operations";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describeErrors, dotted } from "./schema-errors.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat("password", true);

export function checkBody(op: OperationSpec, body: unknown): string[] {
  const schema = op.requestBody?.schema;
  if (!schema) return [];
  const validate = ajv.compile(schema);
  if (validate(body)) return [];
  return describeErrors(validate.errors ?? [], schema, body).map((d) => `--body ${dotted(d.path) || "(the body)"}: ${d.message}; ${d.fix}`);
}
