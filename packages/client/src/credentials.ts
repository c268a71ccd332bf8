/** An access key pair; `securityToken` for temporary credentials (sent as X-Security-Token). */
export interface AkSkCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  securityToken?: string;
}

/** A project-scoped IAM token, sent as X-Auth-Token. */
export interface TokenCredentials {
  token: string;
}

export type Credentials = AkSkCredentials | TokenCredentials;

/** The variable names the official SDKs' samples and env providers read, in order of preference. */
const ENV_NAMES = {
  accessKeyId: ["CLOUD_SDK_AK", "HUAWEICLOUD_SDK_AK"],
  secretAccessKey: ["CLOUD_SDK_SK", "HUAWEICLOUD_SDK_SK"],
  securityToken: ["CLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
} as const;

type Env = Record<string, string | undefined>;

/**
 * AK/SK credentials from the environment variables of the official SDKs' samples:
 * `CLOUD_SDK_AK` / `CLOUD_SDK_SK` (or `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK`), and a security
 * token for temporary credentials. Throws, naming the variables (never their values), when unset.
 */
export function credentialsFromEnv(env?: Env): AkSkCredentials {
  const source = env ?? (globalThis as { process?: { env?: Env } }).process?.env;
  if (!source) throw new Error("credentialsFromEnv: this runtime has no environment variables; pass `credentials` to createDcsClient instead");
  const pick = (names: readonly string[]) => names.map((n) => source[n]).find((v) => v !== undefined && v !== "");
  const accessKeyId = pick(ENV_NAMES.accessKeyId);
  const secretAccessKey = pick(ENV_NAMES.secretAccessKey);
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(
      `credentialsFromEnv: set ${ENV_NAMES.accessKeyId.join(" or ")} and ${ENV_NAMES.secretAccessKey.join(" or ")} ` +
        `(missing: ${[!accessKeyId && "the AK", !secretAccessKey && "the SK"].filter(Boolean).join(" and ")})`,
    );
  }
  const securityToken = pick(ENV_NAMES.securityToken);
  return securityToken ? { accessKeyId, secretAccessKey, securityToken } : { accessKeyId, secretAccessKey };
}

/** Checks the shape (never the values, which are not printed) of what a caller passed. */
export function checkCredentials(credentials: unknown): Credentials | undefined {
  if (credentials === undefined) return undefined;
  const c = (credentials ?? {}) as Record<string, unknown>;
  const bad = (what: string) =>
    new TypeError(`createDcsClient: \`credentials\` ${what}; pass { accessKeyId, secretAccessKey, securityToken? }, { token }, or nothing (the mock)`);
  const filled = (key: string) => typeof c[key] === "string" && c[key] !== "";
  if ("token" in c) {
    if (!filled("token") || "accessKeyId" in c) throw bad("needs a non-empty token, and no AK/SK with it");
    return { token: c.token as string };
  }
  for (const key of ["accessKeyId", "secretAccessKey", "securityToken"]) {
    if ((key !== "securityToken" || c[key] !== undefined) && !filled(key)) throw bad(`.${key} is missing or empty`);
  }
  return c as unknown as AkSkCredentials;
}

/** The secret strings of credentials, to keep them out of errors and logs. */
export function credentialSecrets(credentials: Credentials | undefined): string[] {
  if (!credentials) return [];
  return "token" in credentials ? [credentials.token] : [credentials.secretAccessKey, credentials.securityToken].filter((s): s is string => !!s);
}
