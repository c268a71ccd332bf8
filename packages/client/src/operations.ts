// `@dcs-migration/client/operations`: every operation of the document as data, and a call by name.
// For surfaces that expose operations generically (the CLI's `dcs-migrate api`, the MCP server's
// tools): adding an operation to the document adds it to them, with nothing written per operation.
import type { DcsClientOptions } from "./client.js";
import { type Credentials, credentialsFromEnv } from "./credentials.js";
import { SECRET_FIELDS } from "./generated/meta.js";
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
  operationId: OperationId;
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
  /** The schema of the success's JSON body (tolerant, as the document's responses are); null without one. */
  response: JsonSchema | null;
  /** What every surface says of it, from the document (`x-dcs-effects`, `x-dcs-allowed-statuses`). */
  says: { effect: string; allowedWhen: string | null };
}

import type { OperationId } from "./generated/operations.js";

export { OPERATION_IDS, OPERATIONS, type OperationId } from "./generated/operations.js";

/** Calls an operation by its spec: `path` and `query` by parameter name, `body` as the request body. */
export function invokeOperation(
  client: DcsClient,
  operation: OperationSpec,
  input: { path?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; signal?: AbortSignal } = {},
): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const init: Record<string, unknown> = { params: { path: input.path ?? {}, query: input.query ?? {} } };
  if (input.body !== undefined) init.body = input.body;
  if (input.signal) init.signal = input.signal;
  const request = client.request as unknown as (
    method: string,
    path: string,
    init: unknown,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  return request(operation.method.toLowerCase(), operation.path, init);
}

/** A setting a surface needs is missing or contradicts another: its message names the flag or variable, never a secret. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Where a surface sends requests and as whom, from its flags and the official SDKs' variables. */
export interface ConnectionFlags {
  endpoint?: string | undefined;
  region?: string | undefined;
  projectId?: string | undefined;
}

/**
 * The client's options for a command-line surface (dcs-migrate, the MCP server): `endpoint` (or
 * CLOUD_SDK_ENDPOINT), or `region` (or CLOUD_SDK_REGION); `projectId` (or CLOUD_SDK_PROJECT_ID); the AK/SK of
 * CLOUD_SDK_AK / CLOUD_SDK_SK (and CLOUD_SDK_SECURITY_TOKEN). Throws ConfigError naming what is missing.
 */
export function connectionOptions(flags: ConnectionFlags, env: Record<string, string | undefined>, userAgent: string): DcsClientOptions {
  if (flags.endpoint && flags.region) throw new ConfigError("--endpoint and --region both name where to send requests: give one");
  // A flag wins over the environment; of the environment, CLOUD_SDK_ENDPOINT over CLOUD_SDK_REGION.
  const endpoint = flags.endpoint || (flags.region ? undefined : env.CLOUD_SDK_ENDPOINT) || undefined;
  const region = flags.region || env.CLOUD_SDK_REGION || undefined;
  if (!endpoint && !region) {
    throw new ConfigError(
      "no endpoint: set --region (or CLOUD_SDK_REGION), e.g. --region cn-north-4, or --endpoint URL (or CLOUD_SDK_ENDPOINT: a proxy, the sandbox)",
    );
  }
  const projectId = flags.projectId || env.CLOUD_SDK_PROJECT_ID || undefined;
  if (!projectId) throw new ConfigError("no project: set --project-id (or CLOUD_SDK_PROJECT_ID), your project's ID in the console's My Credentials");
  let credentials: Credentials;
  try {
    credentials = credentialsFromEnv(env);
  } catch (error) {
    throw new ConfigError((error as Error).message.replace(/^credentialsFromEnv: /, ""));
  }
  return { ...(endpoint ? { endpoint } : { region: region as string }), projectId, credentials, userAgent };
}

/** Why a task's status refused an operation (DCS.4957), said for that task. */
export { isStateRefusal, type RefusalWords, stateRefusalHint } from "./refusals.js";

/** Every form a secret takes in text (raw, JSON-escaped, URL-encoded), and a masker of them all. */
export { secretForms, secretMasker } from "./secrets.js";

/** The names of the fields the document marks `format: password`. */
export { SECRET_FIELDS };

/** A response or request as it may be shown: every password field as `***`, at any depth. */
export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(maskSecrets) as T;
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, (SECRET_FIELDS as readonly string[]).includes(k) && typeof v === "string" && v !== "" ? "***" : maskSecrets(v)]),
  ) as T;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration as people write one on a command line (`50ms`, `10s`, `30m`, `1.5h`), in ms; NaN when it is none. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNITS[match[2] as string] as number) : Number.NaN;
  return ms > 0 ? ms : Number.NaN;
}

/** The known name closest to `name` (by edit distance), when it is close enough to be a typo of it. */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  let best: [string, number] | undefined;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || d < best[1]) best = [candidate, d];
  }
  return best && (best[1] <= Math.max(2, Math.floor(best[0].length / 3)) || best[0].toLowerCase().startsWith(name.toLowerCase())) ? best[0] : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j] as number;
      row[j] = Math.min(here + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = here;
    }
  }
  return row[b.length] as number;
}
