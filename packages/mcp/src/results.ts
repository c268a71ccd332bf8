// What a tool call answers: the response's JSON as structured content and a short text; and an
// error a model can act on (isError, with the status, the service's code and message, and the
// catalogue's fix). No secret: passwords the service echoes are masked, and the client's errors
// never carry the SK, the token or a password.
import { DcsApiError, DcsRequestError, DcsWaitError } from "@dcs-migration/client";
import { maskSecrets } from "@dcs-migration/client/operations";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export function success(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: maskSecrets(structured) };
}

export function refusal(text: string, structured: Record<string, unknown>): CallToolResult {
  return { isError: true, content: [{ type: "text", text }], structuredContent: structured };
}

/** An error of a call or a wait, as a tool result a model can act on. */
export function failure(error: unknown): CallToolResult {
  if (error instanceof DcsApiError) {
    const ext = "error_ext_msg" in error.body ? error.body.error_ext_msg : null;
    return refusal(
      `HTTP ${error.status} ${error.code}: ${error.errorMessage}${ext ? ` (${ext})` : ""}.${error.hint ? ` Fix: ${error.hint}` : ""}${error.requestId ? ` Request id: ${error.requestId}.` : ""}`,
      {
        status: error.status,
        error_code: error.code,
        error_msg: error.errorMessage,
        error_ext_msg: ext ?? null,
        hint: error.hint ?? null,
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
    return refusal(`${error.message}. ${fix}`, {
      kind: error.kind,
      message: error.message,
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
