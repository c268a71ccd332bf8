// Exit codes (help.ts documents them) and the error every command ends with when it cannot finish:
// what went wrong, what to do, and the service's code when the service said no.
import { DcsApiError, DcsRequestError, DcsWaitError } from "@dcs-migration/client";

export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  CONFIG: 3,
  REFUSED: 4,
  FAILED: 5,
  TIMEOUT: 6,
  CHECK: 7,
  UNREACHABLE: 8,
  STATE: 9,
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly details: { hint?: string | undefined; errorCode?: string | undefined; requestId?: string | undefined } = {},
  ) {
    super(message);
  }
}

export const usage = (message: string, hint?: string) => new CliError(EXIT.USAGE, message, { hint });

/** Any error, as the CliError (and exit code) a person and a script can act on. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof DcsApiError) {
    const credentials = error.status === 401 || error.status === 403;
    // The hint is said on its own line, not at the end of the message as well. The message quotes
    // the server, whose newlines could forge a line of ours: shown as \n.
    const message = (error.hint ? error.message.replace(` - ${error.hint}`, "") : error.message).replace(/\r?\n/g, "\\n");
    return new CliError(credentials ? EXIT.CONFIG : EXIT.REFUSED, message, { hint: error.hint, errorCode: error.code, requestId: error.requestId });
  }
  if (error instanceof DcsWaitError) {
    const stood = error.kind === "stalled" || error.kind === "timeout";
    const id = error.task?.task_id ?? "TASK_ID";
    // The client names its options; a person at the command line knows the flags.
    const message = error.message.replace("(stallAfterMs)", "(--stall-after)").replace("(timeoutMs)", "(--timeout)");
    return new CliError(stood ? EXIT.TIMEOUT : EXIT.FAILED, message, {
      hint: stood
        ? `Look at the task (dcs-migrate status ${id}, dcs-migrate logs ${id}); wait longer with --timeout or --stall-after.`
        : error.job && !error.task
          ? `The job that creates the migration ECS failed: dcs-migrate status shows the task.`
          : `dcs-migrate logs ${id} says why.`,
    });
  }
  if (error instanceof DcsRequestError) {
    if (error.kind === "timeout") return new CliError(EXIT.TIMEOUT, error.message);
    if (error.kind === "network") {
      return new CliError(EXIT.UNREACHABLE, error.message, {
        hint: "Check --endpoint or --region, that the network reaches it (a proxy, a VPN, a firewall), and that the service is up.",
      });
    }
    if (error.kind === "redirect") return new CliError(EXIT.CONFIG, error.message, { hint: "Check --endpoint or --region: the DCS API never redirects." });
    return new CliError(EXIT.INTERNAL, error.message);
  }
  if (error instanceof Error && error.name === "AbortError") return new CliError(EXIT.INTERRUPTED, "interrupted");
  return new CliError(EXIT.INTERNAL, error instanceof Error ? (error.stack ?? error.message) : String(error));
}
