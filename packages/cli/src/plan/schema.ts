// What a plan is: the request bodies of a workflow, each section validated against exactly the
// document's schema of that operation's body (through the client's operations manifest). The
// sections and their order are the runbook's; nothing about a body is defined here.
import { SECRET_FIELDS as DOCUMENT_SECRET_FIELDS, type JsonSchema, OPERATIONS, type OperationId, type OperationSpec } from "@dcs-migration/client/operations";

/** The sections of a plan and the operation whose request body each one is. */
export const SECTIONS = {
  // lint-literals-ignore: the plan's own section name (the CLI's format), not the migration type it happens to equal
  online_migration: { create: "CreateOnlineMigrationTask", configure: "SetOnlineMigrationTask", switch_ip: "ExchangeInstanceIp" },
  backup_import: "CreateMigrationTask",
} as const satisfies Record<string, OperationId | Record<string, OperationId>>;

export function operation(operationId: OperationId): OperationSpec {
  const found = OPERATIONS.find((o) => o.operationId === operationId);
  if (!found?.requestBody) throw new Error(`dcs-migrate: the document has no operation ${operationId} with a request body`);
  return found;
}

const bodyOf = (operationId: OperationId): JsonSchema => operation(operationId).requestBody?.schema as JsonSchema;

const redisUrl = (side: string) => ({
  type: "string",
  maxLength: 2048,
  pattern: "^rediss?://[^\\s]+$",
  description: `The ${side} as this machine reaches it: redis://[user[:password]@]host:port[/db], rediss:// for TLS.`,
});

/**
 * Where `check` and `verify` reach the Redis servers: the CLI's own section, not a request body.
 * Passwords default to the configure section's; a self-hosted source defaults to its first address.
 */
const REDIS_SECTION: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: { source: redisUrl("source"), target: redisUrl("target") },
};

/** The JSON Schema of a whole plan. */
export const PLAN_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["version"],
  properties: {
    version: { const: 1, description: "The plan format's version: 1." },
    // lint-literals-ignore: the plan's own section name (the CLI's format), not the migration type it happens to equal
    online_migration: {
      type: "object",
      additionalProperties: false,
      required: ["create", "configure"],
      properties: Object.fromEntries(Object.entries(SECTIONS.online_migration).map(([section, id]) => [section, bodyOf(id)])),
    },
    backup_import: bodyOf(SECTIONS.backup_import),
    redis: REDIS_SECTION,
  },
};

/** The names of the fields the document marks `format: password`: never printed, nor kept in a state. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(DOCUMENT_SECRET_FIELDS);
