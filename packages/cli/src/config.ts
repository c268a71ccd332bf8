// Where and as whom: the client's connection options for surfaces (--endpoint or --region, the
// project, the official SDKs' credential variables), as dcs-migrate's configuration errors (exit 3).
import { createDcsClient, type DcsClient } from "@dcs-migration/client";
import { ConfigError, connectionOptions } from "@dcs-migration/client/operations";
import type { Values } from "./args.js";
import { CliError, EXIT } from "./exit.js";

export interface Target {
  projectId: string;
  client: DcsClient;
}

const CREDENTIALS_HINT = "Export the AK/SK of an IAM user allowed to use DCS (never pass them as flags: they would show in the shell's history).";

/** `fetch`: the requests' way out (a paced one for a fleet, pace.ts). */
export function connect(values: Values, env: NodeJS.ProcessEnv, userAgent: string, fetch?: typeof globalThis.fetch): Target {
  try {
    const options = connectionOptions(
      { endpoint: values.endpoint as string | undefined, region: values.region as string | undefined, projectId: values["project-id"] as string | undefined },
      env,
      userAgent,
    );
    return { projectId: options.projectId, client: createDcsClient(fetch ? { ...options, fetch } : options) };
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(EXIT.CONFIG, error.message, /CLOUD_SDK_AK/.test(error.message) ? { hint: CREDENTIALS_HINT } : {});
    // The client's own checks (an unknown region, a malformed project ID), in the flags' names.
    const message = (error as Error).message
      .replace(/^createDcsClient: /, "")
      .replace(/`(endpoint|region|projectId)`/, (_, n: string) => `--${n === "projectId" ? "project-id" : n}`);
    throw new CliError(EXIT.CONFIG, message);
  }
}
