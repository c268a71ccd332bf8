// Where and as whom: the endpoint (--endpoint, or --region / CLOUD_SDK_REGION), the project
// (--project-id / CLOUD_SDK_PROJECT_ID) and the credentials of the official SDKs' variables. What
// is missing is a configuration error (exit 3) naming the flag or variable, never its value.
import { createDcsClient, credentialsFromEnv, type DcsClient } from "@dcs-migration/client";
import type { Values } from "./args.js";
import { CliError, EXIT } from "./exit.js";

export interface Target {
  /** Where requests go, for messages. */
  where: string;
  projectId: string;
  client: DcsClient;
}

const config = (message: string, hint?: string) => new CliError(EXIT.CONFIG, message, { hint });

/** The project as configured, or undefined (a dry run can do without one). */
export function projectIdOf(values: Values, env: NodeJS.ProcessEnv): string | undefined {
  return (values["project-id"] as string | undefined) || env.CLOUD_SDK_PROJECT_ID || undefined;
}

export function connect(values: Values, env: NodeJS.ProcessEnv, userAgent: string): Target {
  const endpoint = values.endpoint as string | undefined;
  const region = (values.region as string | undefined) || env.CLOUD_SDK_REGION || undefined;
  if (endpoint && values.region) throw config("--endpoint and --region both name where to send requests: give one");
  if (!endpoint && !region) throw config("no endpoint: set --region (or CLOUD_SDK_REGION), e.g. --region cn-north-4, or --endpoint URL (a proxy, the sandbox)");
  const projectId = projectIdOf(values, env);
  if (!projectId) throw config("no project: set --project-id (or CLOUD_SDK_PROJECT_ID), your project's ID in the console's My Credentials");
  let credentials: ReturnType<typeof credentialsFromEnv>;
  try {
    credentials = credentialsFromEnv(env);
  } catch (error) {
    throw config(
      (error as Error).message.replace(/^credentialsFromEnv: /, ""),
      "Export the AK/SK of an IAM user allowed to use DCS (never pass them as flags: they would show in the shell's history).",
    );
  }
  try {
    const client = createDcsClient({ ...(endpoint ? { endpoint } : { region: region as string }), projectId, credentials, userAgent });
    return { where: endpoint ?? `region ${region}`, projectId, client };
  } catch (error) {
    throw config(
      (error as Error).message
        .replace(/^createDcsClient: /, "")
        .replace(/`(endpoint|region|projectId)`/, (_, n: string) => `--${n === "projectId" ? "project-id" : n}`),
    );
  }
}
