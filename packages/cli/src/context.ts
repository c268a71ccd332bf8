// What every command is given: its flags, the environment, where to report, the connection made on
// first use, the waits' timing, the operator's Ctrl-C, and the question asked before anything that
// changes production.
import { createInterface } from "node:readline/promises";
import type { DcsClient } from "@dcs-migration/client";
import type { Values } from "./args.js";
import { connect, type Target } from "./config.js";
import { parseDuration } from "./durations.js";
import { CliError, EXIT, usage } from "./exit.js";
import type { Reporter } from "./output.js";
import { maxRps, pacedFetch } from "./pace.js";

export interface Timing {
  intervalMs?: number;
  timeoutMs?: number;
  stallAfterMs?: number;
}

export interface Context {
  values: Values;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  version: string;
  /** Aborted by Ctrl-C. */
  signal: AbortSignal;
  /** The client, connected on first use (a dry run never connects). */
  target(): Target;
  client(): DcsClient;
  timing: Timing;
  /** Asks before what changes production, showing `details` (what will change); --yes answers for the operator. */
  confirm(what: string, details?: string[]): Promise<void>;
  /** Whether a confirmation can be had: --yes, or a person at a terminal. */
  canConfirm(): boolean;
  stdin: NodeJS.ReadStream;
  /** Where questions are asked (a terminal's, or a test's). */
  stderr: NodeJS.WriteStream;
}

export function createContext(init: Omit<Context, "target" | "client" | "timing" | "confirm" | "canConfirm">): Context {
  const { values, env, reporter } = init;
  let target: Target | undefined;
  const connected = () => {
    if (!target) {
      const rps = maxRps(values["max-rps"] as string | undefined, undefined);
      target = connect(values, env, `dcs-migrate/${init.version}`, rps === undefined ? undefined : pacedFetch(rps, init.signal));
      for (const name of ["CLOUD_SDK_SK", "HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"]) reporter.secret(env[name]);
    }
    return target;
  };
  const duration = (flag: string) => (values[flag] === undefined ? undefined : parseDuration(flag, String(values[flag])));
  const timing: Timing = {};
  const interval = duration("poll-interval");
  const timeout = duration("timeout");
  const stall = duration("stall-after");
  if (interval !== undefined) timing.intervalMs = interval;
  if (timeout !== undefined) timing.timeoutMs = timeout;
  if (stall !== undefined) timing.stallAfterMs = stall;

  return {
    ...init,
    target: connected,
    client: () => connected().client,
    timing,
    canConfirm: () => Boolean(values.yes) || (reporter.mode !== "json" && Boolean(init.stdin.isTTY) && Boolean(init.stderr.isTTY)),
    async confirm(what, details = []) {
      if (values.yes) return;
      const stderr = init.stderr;
      if (reporter.mode === "json" || !init.stdin.isTTY || !stderr.isTTY) {
        throw usage(`${what}: this changes production and cannot be asked here (not a terminal)`, "Add --yes to go ahead without asking.");
      }
      const prompt = createInterface({ input: init.stdin, output: stderr });
      try {
        for (const line of details) reporter.step(`  ${line}`);
        const answer = await prompt.question(`${what}? This changes production. Type yes to go ahead: `, { signal: init.signal });
        if (answer.trim().toLowerCase() !== "yes") {
          throw new CliError(EXIT.INTERRUPTED, `not confirmed: ${what} was not done`, {
            hint: "Nothing was changed. Run the same command again to be asked again, or with --yes.",
          });
        }
      } finally {
        prompt.close();
      }
    },
  };
}
