// dcs-migrate's side of the client's refusal hints (stateRefusalHint): its own commands as the
// words, and the operation and task a failed request was for, found from the error's method and URL.
import type { DcsApiError, DcsClient } from "@dcs-migration/client";
import { isStateRefusal, OPERATIONS, type OperationSpec, type RefusalWords, stateRefusalHint } from "@dcs-migration/client/operations";

/** dcs-migrate's words for what to do: its own commands. */
export const CLI_WORDS: RefusalWords = {
  stop: (taskId) => `stop it first (dcs-migrate stop ${taskId})`,
  wait: (taskId, statuses) => `dcs-migrate wait ${taskId} --until ${statuses.join(",")}`,
};

/** The operation a request was for, and its task ID, from the method and URL the error names. */
function operationOf(error: DcsApiError): { op: OperationSpec; taskId: string } | undefined {
  const path = new URL(error.url).pathname;
  for (const op of OPERATIONS) {
    if (op.method !== error.method) continue;
    const names: string[] = [];
    const pattern = new RegExp(
      `^${op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      })}$`,
    );
    const match = pattern.exec(path);
    const at = names.indexOf("task_id");
    if (match && at !== -1) return { op, taskId: decodeURIComponent(match[at + 1] as string) };
  }
  return undefined;
}

/** A hint for this task, or undefined when the error is not a refusal in the task's status. */
export async function refusalHint(error: unknown, client: () => DcsClient): Promise<string | undefined> {
  if (!isStateRefusal(error)) return undefined;
  const found = operationOf(error);
  return found ? stateRefusalHint(client(), found.op, found.taskId, CLI_WORDS) : undefined;
}
