// `@dcs-migration/client/operations`: every operation of the document as data, and a call by name.
// For surfaces that expose operations generically (the CLI's `dcs-migrate api`, the MCP server's
// tools): adding an operation to the document adds it to them, with nothing written per operation.
import type { DcsClient } from "./paths.js";

/** A JSON Schema (2020-12), every $ref resolved. */
export type JsonSchema = { [key: string]: unknown };

export interface ParameterSpec {
  name: string;
  in: "path" | "query";
  required: boolean;
  description: string;
  schema: JsonSchema;
}

export interface OperationSpec {
  /** The official operation name: `ShowMigrationTask`. */
  operationId: string;
  /** The same in kebab case: `show-migration-task`. */
  name: string;
  method: string;
  /** The path template, `{project_id}` included (the client fills it). */
  path: string;
  summary: string;
  description: string;
  tag: string;
  /** What it does to the world (`x-dcs-effect`): reads change nothing; destructive ones stop, delete or switch. */
  effect: "read" | "write" | "destructive";
  /** `x-dcs-allowed-statuses`: the task statuses in which the service accepts it; null when any. */
  allowedStatuses: { status: string[]; task_status?: Array<string | null>; refused: string; refusedWhile?: Record<string, string> } | null;
  /** Path and query parameters, without `project_id`. */
  parameters: ParameterSpec[];
  /** The request body's schema (closed: what the document allows, and nothing else) and its first named example. */
  requestBody: { required: boolean; schema: JsonSchema; example: unknown } | null;
  /** The success statuses (200, 204). */
  successes: string[];
}

export { OPERATIONS } from "./generated/operations.js";

/** Calls an operation by its spec: `path` and `query` by parameter name, `body` as the request body. */
export function invokeOperation(
  client: DcsClient,
  operation: OperationSpec,
  input: { path?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; signal?: AbortSignal } = {},
): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const init: Record<string, unknown> = { params: { path: input.path ?? {}, query: input.query ?? {} } };
  if (input.body !== undefined) init.body = input.body;
  if (input.signal) init.signal = input.signal;
  const request = client.request as unknown as (method: string, path: string, init: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  return request(operation.method.toLowerCase(), operation.path, init);
}
