// What a tool call answers: the response's JSON as structured content and a short text; and an
// error a model can act on (isError, with the status, the service's code and message, and the
// catalogue's fix). No secret: passwords the service echoes are masked, and the client's errors
// never carry the SK, the token or a password.
import { DcsApiError, DcsRequestError, DcsWaitError } from "@dcs-migration/client";
import { maskSecrets } from "@dcs-migration/client/operations";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

// The data travels twice: as structuredContent, and as JSON text after the summary, which the
// protocol asks for (a host that passes a model only the text still gives it the IDs to go on with).
export function success(text: string, structured: Record<string, unknown>): CallToolResult {
  const data = maskSecrets(structured);
  return {
    content: [
      { type: "text", text },
      { type: "text", text: JSON.stringify(data) },
    ],
    structuredContent: data,
  };
}

export function refusal(text: string, structured: Record<string, unknown>): CallToolResult {
  return {
    isError: true,
    content: [
      { type: "text", text },
      { type: "text", text: JSON.stringify(structured) },
    ],
    structuredContent: structured,
  };
}

/** What a refusal's structuredContent holds: every tool's outputSchema admits it beside its own data. */
export const REFUSAL_SCHEMA = {
  type: "object",
  description: "A refusal (isError): what went wrong, and the fix.",
  properties: {
    status: { type: "integer" },
    error_code: { type: ["string", "null"] },
    error_msg: { type: "string" },
    hint: { type: ["string", "null"] },
    request_id: { type: ["string", "null"] },
    kind: { type: "string" },
    message: { type: "string" },
    problems: { type: "array", items: { type: "string" } },
  },
} as const;

/** A sentence ends once: "...not found." and then " Fix: ...". */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** An error of a call or a wait, as a tool result a model can act on; `fix` for this task, when one is known. */
export function failure(error: unknown, fix?: string): CallToolResult {
  if (error instanceof DcsApiError) {
    const ext = "error_ext_msg" in error.body ? error.body.error_ext_msg : null;
    const hint = fix ?? error.hint;
    return refusal(
      `HTTP ${error.status} ${error.code}: ${sentence(`${error.errorMessage}${ext ? ` (${ext})` : ""}`)}${hint ? ` Fix: ${hint}` : ""}${error.requestId ? ` Request id: ${error.requestId}.` : ""}`,
      {
        status: error.status,
        error_code: error.code,
        error_msg: error.errorMessage,
        error_ext_msg: ext ?? null,
        hint: hint ?? null,
        request_id: error.requestId ?? null,
      },
    );
  }
  if (error instanceof DcsWaitError) {
    const fix =
      error.kind === "stalled"
        ? "Look at the task's log (list_migration_task_logs) and stats; wait again with a longer stall_after_ms if it is only slow."
        : error.kind === "timeout"
          ? "Call the wait again to keep waiting."
          : "Read the task's log (list_migration_task_logs) for why.";
    // The client names its options; a model knows this server's arguments.
    const message = error.message.replace("(stallAfterMs)", "(stall_after_ms)").replace("(timeoutMs)", "(timeout_ms)");
    return refusal(`${sentence(message)} ${fix}`, {
      kind: error.kind,
      message,
      hint: fix,
      task_status: error.task?.status ?? null,
      ip_switch_status: error.task?.task_status ?? null,
      job_status: error.job?.status ?? null,
    });
  }
  if (error instanceof DcsRequestError) {
    return refusal(`${error.message}. Fix: check the server's --endpoint or --region, and the network.`, { kind: error.kind, message: error.message });
  }
  throw error;
}
