// The server's tools: one per operation of the document, generated from the client's operations
// manifest (what each does to the world is its x-dcs-effect, and its annotations follow from it),
// and the workflow tools a model cannot do well by polling: bounded waits with progress, and an
// overview of every task.
import {
  DcsApiError,
  type DcsClient,
  listAllMigrationTasks,
  MIGRATION_STATUS,
  MIGRATION_STATUS_GROUPS,
  parseStats,
  waitForIpExchange,
  waitForJob,
  waitForMigrationTask,
} from "@dcs-migration/client";
import {
  invokeOperation,
  isStateRefusal,
  type JsonSchema,
  OPERATIONS,
  type OperationSpec,
  type RefusalWords,
  stateRefusalHint,
} from "@dcs-migration/client/operations";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { failure, REFUSAL_SCHEMA, success } from "./results.js";

export type Effect = OperationSpec["effect"];
export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface Tool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema & { type: "object" };
  /** What structuredContent holds: the document's response schema (or the wait's own), or a refusal. */
  outputSchema: JsonSchema & { type: "object" };
  effect: Effect;
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  call(args: Record<string, unknown>, extra: Extra): Promise<CallToolResult>;
}

export interface ToolContext {
  client: DcsClient;
  /** Between two reads of a wait (default: the client's waiters' own). */
  intervalMs?: number | undefined;
}

/** `format: password` is the document's mark for a secret, not a format a validator knows: dropped. */
function withoutCustomFormats(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutCustomFormats);
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === "format" && v === "password"))
      .map(([k, v]) => [k, withoutCustomFormats(v)]),
  );
}

/** A tool's outputSchema: its data, or a refusal (the SDK's client checks either against it). */
export const output = (data: JsonSchema | null): JsonSchema & { type: "object" } => ({
  type: "object",
  anyOf: [(withoutCustomFormats(data) as JsonSchema | null) ?? { type: "object" }, REFUSAL_SCHEMA],
});

/** What a model is told to do: this server's tools. */
const MCP_WORDS: RefusalWords = {
  stop: (taskId) => `stop it first (stop_migration_task with task_id ${taskId}, or batch_stop_migration_tasks)`,
  wait: (taskId, statuses) => `wait_for_migration_task with task_id ${taskId} and until ${JSON.stringify(statuses)}`,
};

const snake = (operationId: string) => operationId.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/** Annotations from the effect, every one set: reads change nothing; PUT and DELETE may be repeated. */
function annotations(title: string, effect: Effect, idempotent: boolean): Tool["annotations"] {
  return { title, readOnlyHint: effect === "read", destructiveHint: effect === "destructive", idempotentHint: idempotent, openWorldHint: true };
}

/** One tool per operation: its parameters (project_id is the server's) and its body, as the document has them. */
export function operationTools(context: ToolContext): Tool[] {
  return OPERATIONS.map((op) => {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const p of op.parameters) {
      properties[p.name] = { ...p.schema, description: p.description };
      if (p.required) required.push(p.name);
    }
    if (op.requestBody) {
      properties.body = { ...op.requestBody.schema, description: `The request body of ${op.operationId}.` };
      if (op.requestBody.required) required.push("body");
    }
    const name = snake(op.operationId);
    return {
      name,
      title: op.summary,
      // The manifest's words, as the docs and dcs-migrate say them; a destructive one is confirmed with the user.
      description: `${op.summary}. ${op.description}\n\n${op.says.effect}${op.says.allowedWhen ? ` ${op.says.allowedWhen}` : ""}`,
      inputSchema: { type: "object", properties, required, additionalProperties: false },
      outputSchema: output(op.response),
      effect: op.effect,
      annotations: annotations(op.summary, op.effect, op.effect === "read" || op.method === "PUT" || op.method === "DELETE"),
      async call(args, extra) {
        const path: Record<string, string> = {};
        const query: Record<string, unknown> = {};
        for (const p of op.parameters) {
          if (args[p.name] === undefined) continue;
          if (p.in === "path") path[p.name] = String(args[p.name]);
          else query[p.name] = args[p.name];
        }
        const result = await invokeOperation(context.client, op, { path, query, body: args.body, signal: extra.signal });
        if (!result.response.ok) {
          // A refusal in the task's status is said for this task (never "wait" for what cannot come).
          const error = DcsApiError.from(result);
          const taskId = path.task_id ?? (args.body as { task_id_list?: string[] } | undefined)?.task_id_list?.[0];
          const fix = isStateRefusal(error) && taskId ? await stateRefusalHint(context.client, op, taskId, MCP_WORDS).catch(() => undefined) : undefined;
          return failure(error, fix);
        }
        const data = (result.data ?? {}) as Record<string, unknown>;
        const status = typeof data.status === "string" ? `; status ${data.status}` : "";
        return success(`${op.operationId}: HTTP ${result.response.status}${status}`, data);
      },
    };
  });
}

const STATUSES = Object.values(MIGRATION_STATUS);
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const MAX_TIMEOUT_MS = 30 * 60_000;
const timeoutSchema = {
  type: "integer",
  minimum: 1,
  maximum: MAX_TIMEOUT_MS,
  description: `How long to wait at most, in ms (default ${DEFAULT_TIMEOUT_MS}: five minutes; at most thirty). A wait that runs out says so: call it again to wait longer.`,
};
const bounded = (args: Record<string, unknown>) => (typeof args.timeout_ms === "number" ? args.timeout_ms : DEFAULT_TIMEOUT_MS);
const readOnly = (title: string) => annotations(title, "read", true);
/** How long a wait that ended took: it says so, not the most it would have waited. */
const after = (started: number) => `after ${Math.round((Date.now() - started) / 1000)} s`;
const nullableString = { type: ["string", "null"] };
const WAIT_OUTPUT = (id: "task_id" | "job_id", extra: Record<string, unknown> = {}) =>
  output({
    type: "object",
    properties: {
      [id]: { type: "string" },
      status: nullableString,
      ...extra,
      timed_out: { type: "boolean", description: "The wait ran out (timeout_ms) before what was awaited: call it again to wait longer." },
      timeout_ms: { type: "integer" },
      waited_ms: { type: "integer", description: "How long this call waited." },
    },
    required: [id, "timed_out", "timeout_ms", "waited_ms"],
  });
const within = (timeoutMs: number) =>
  `waited at most ${timeoutMs % 1000 ? `${timeoutMs} ms` : `${timeoutMs / 1000} s`} (timeout_ms${timeoutMs === DEFAULT_TIMEOUT_MS ? ", the default" : ""})`;

/** The waits and the overview: read-only, in every mode. */
export function workflowTools(context: ToolContext): Tool[] {
  const interval = context.intervalMs === undefined ? {} : { intervalMs: context.intervalMs };
  /** A wait that ran out is an answer, not a failure: the model calls it again. */
  const timedOut = (error: unknown) => error instanceof Error && error.name === "DcsWaitError" && (error as { kind?: string }).kind === "timeout";
  return [
    {
      name: "wait_for_migration_task",
      title: "Wait for a migration task",
      description:
        "Waits until a migration task reaches a status (or any status that ends it), reporting progress notifications when the caller gives a progress token. " +
        "Fails at once when the task fails or ends otherwise, and when it stands still for stall_after_ms. Bounded by timeout_ms (five minutes by default).",
      inputSchema: {
        type: "object",
        properties: {
          task_id: { type: "string", description: "ID of the migration task." },
          until: {
            description: "The status, or list of statuses, to wait for; default: any status that ends the task. INCRMIGEATING (sic) is the incremental sync.",
            anyOf: [
              { type: "string", enum: STATUSES },
              { type: "array", items: { type: "string", enum: STATUSES }, minItems: 1 },
            ],
          },
          timeout_ms: timeoutSchema,
          stall_after_ms: {
            type: "integer",
            minimum: 1,
            description: "A task whose status and progress have not moved for this long has stalled (default 30 minutes).",
          },
        },
        required: ["task_id"],
        additionalProperties: false,
      },
      outputSchema: WAIT_OUTPUT("task_id", { task_status: nullableString }),
      effect: "read",
      annotations: readOnly("Wait for a migration task"),
      async call(args, extra) {
        const timeoutMs = bounded(args);
        const started = Date.now();
        const token = extra._meta?.progressToken;
        let reads = 0;
        try {
          const task = await waitForMigrationTask(context.client, String(args.task_id), {
            ...interval,
            timeoutMs,
            signal: extra.signal,
            ...(args.until === undefined ? {} : { until: args.until as (typeof STATUSES)[number] }),
            ...(typeof args.stall_after_ms === "number" ? { stallAfterMs: args.stall_after_ms } : {}),
            onProgress: ({ task, stats }) => {
              reads++;
              if (token === undefined) return;
              const percent = stats?.full_migration_progress;
              const message = `${task.status}${percent === undefined ? "" : `, ${percent}% copied`}${stats?.offset === undefined ? "" : `, offset ${stats.offset}`}`;
              void extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: reads, message } });
            },
          });
          return success(`task ${args.task_id} is ${task.status}${task.task_status ? ` (IP switch ${task.task_status})` : ""}, ${after(started)}`, {
            task_id: args.task_id,
            status: task.status ?? null,
            task_status: task.task_status ?? null,
            timed_out: false,
            timeout_ms: timeoutMs,
            waited_ms: Date.now() - started,
          });
        } catch (error) {
          if (!timedOut(error)) return failure(error);
          const task = (error as { task?: { status?: string | null } }).task;
          return success(
            `task ${args.task_id} is still ${task?.status ?? "unknown"}: ${within(timeoutMs)}; call wait_for_migration_task again to keep waiting`,
            {
              task_id: args.task_id,
              status: task?.status ?? null,
              timed_out: true,
              timeout_ms: timeoutMs,
              waited_ms: Date.now() - started,
            },
          );
        }
      },
    },
    {
      name: "wait_for_job",
      title: "Wait for a background job",
      description:
        "Waits until a background job (such as the one that creates a new online migration's ECS) is SUCCESS; fails at once when it is FAIL, with its reason. Bounded by timeout_ms.",
      inputSchema: {
        type: "object",
        properties: { job_id: { type: "string", description: "ID of the job (job_id of CreateOnlineMigrationTask)." }, timeout_ms: timeoutSchema },
        required: ["job_id"],
        additionalProperties: false,
      },
      outputSchema: WAIT_OUTPUT("job_id"),
      effect: "read",
      annotations: readOnly("Wait for a background job"),
      async call(args, extra) {
        const timeoutMs = bounded(args);
        const started = Date.now();
        try {
          const job = await waitForJob(context.client, String(args.job_id), { ...interval, timeoutMs, signal: extra.signal });
          return success(`job ${args.job_id} is ${job.status}, ${after(started)}`, {
            job_id: args.job_id,
            status: job.status ?? null,
            timed_out: false,
            timeout_ms: timeoutMs,
            waited_ms: Date.now() - started,
          });
        } catch (error) {
          if (!timedOut(error)) return failure(error);
          return success(`job ${args.job_id} has not ended: ${within(timeoutMs)}; call wait_for_job again to keep waiting`, {
            job_id: args.job_id,
            timed_out: true,
            timeout_ms: timeoutMs,
            waited_ms: Date.now() - started,
          });
        }
      },
    },
    {
      name: "wait_for_ip_exchange",
      title: "Wait for an IP switch or its rollback",
      description:
        "After exchange_instance_ip (or rollback_exchange_instance_ip with rollback: true), waits until the task's task_status is EXCHANGE_SUCCESS (or ROLLBACK_SUCCESS); fails at once when the switch fails or the task ends. Bounded by timeout_ms.",
      inputSchema: {
        type: "object",
        properties: {
          task_id: { type: "string", description: "ID of the migration task." },
          rollback: { type: "boolean", description: "Wait for a rollback rather than a switch." },
          timeout_ms: timeoutSchema,
        },
        required: ["task_id"],
        additionalProperties: false,
      },
      outputSchema: WAIT_OUTPUT("task_id", { task_status: nullableString }),
      effect: "read",
      annotations: readOnly("Wait for an IP switch or its rollback"),
      async call(args, extra) {
        const timeoutMs = bounded(args);
        const started = Date.now();
        try {
          const task = await waitForIpExchange(context.client, String(args.task_id), {
            ...interval,
            timeoutMs,
            rollback: args.rollback === true,
            signal: extra.signal,
          });
          return success(`task ${args.task_id}: IP switch ${task.task_status}, ${after(started)}`, {
            task_id: args.task_id,
            status: task.status ?? null,
            task_status: task.task_status ?? null,
            timed_out: false,
            timeout_ms: timeoutMs,
            waited_ms: Date.now() - started,
          });
        } catch (error) {
          if (!timedOut(error)) return failure(error);
          return success(`the IP switch of task ${args.task_id} has not ended: ${within(timeoutMs)}; call wait_for_ip_exchange again`, {
            task_id: args.task_id,
            timed_out: true,
            timeout_ms: timeoutMs,
            waited_ms: Date.now() - started,
          });
        }
      },
    },
    {
      name: "migration_overview",
      title: "Every migration task at a glance",
      description: "Every migration task of the project with its status and, for those copying data, their progress, in one call.",
      inputSchema: { type: "object", properties: {}, additionalProperties: false },
      outputSchema: output({ type: "object", properties: { tasks: { type: "array", items: { type: "object" } } }, required: ["tasks"] }),
      effect: "read",
      annotations: readOnly("Every migration task at a glance"),
      async call(_args, extra) {
        try {
          const migrating = new Set<string>(MIGRATION_STATUS_GROUPS.migrating);
          const tasks: Record<string, unknown>[] = [];
          for await (const task of listAllMigrationTasks(context.client, { signal: extra.signal })) {
            const entry: Record<string, unknown> = {
              task_id: task.task_id,
              name: task.task_name,
              status: task.status,
              migration_type: task.migration_type,
              created_at: task.created_at,
            };
            if (task.task_id && migrating.has(String(task.status))) {
              const stats = await context.client.GET("/v2/{project_id}/migration-task/{task_id}/stats", { params: { path: { task_id: task.task_id } } });
              if (stats.data) entry.progress = parseStats(stats.data);
            }
            tasks.push(entry);
          }
          const summary = tasks.map((t) => `${t.task_id} ${t.name}: ${t.status}`).join("; ");
          return success(`${tasks.length} migration task${tasks.length === 1 ? "" : "s"}${summary ? `: ${summary}` : ""}`, { tasks });
        } catch (error) {
          return failure(error);
        }
      },
    },
  ];
}

/** Which tools a mode lists: reads always; writes with --allow-writes; destructive ones with --allow-destructive (which allows writes too). */
export function allowedTools(tools: Tool[], allow: { writes: boolean; destructive: boolean }): Tool[] {
  return tools.filter(
    (t) => t.effect === "read" || (t.effect === "write" && (allow.writes || allow.destructive)) || (t.effect === "destructive" && allow.destructive),
  );
}
