import createClient from "openapi-fetch";
import { type Credentials, checkCredentials, credentialSecrets } from "./credentials.js";
import { DcsApiError } from "./errors.js";
import { CLIENT_VERSION, PROJECT_ID_PATTERN, REGIONS, SERVER_URL_TEMPLATE } from "./generated/meta.js";
import type { DcsClient, DcsPaths } from "./paths.js";
import { requestClass } from "./request.js";
import { type RetryOptions, retryPolicy } from "./retry.js";
import type { SigningCrypto } from "./signing/crypto.js";
import { createTransport, type DcsLogEvent } from "./transport.js";

export type Region = (typeof REGIONS)[number];

export interface DcsClientOptions {
  /** Region ID, e.g. `cn-north-4`: the endpoint is `https://dcs.{region}.myhuaweicloud.com`. Or pass `endpoint`. */
  region?: Region | (string & {});
  /** Any base URL instead of a region's: a proxy, the Prism mock (`http://127.0.0.1:4010`). */
  endpoint?: string;
  /** Filled into every `{project_id}` and sent as `X-Project-Id`. */
  projectId: string;
  /** AK/SK (signed SDK-HMAC-SHA256), an IAM token, or nothing (for the mock). */
  credentials?: Credentials;
  /** The fetch to send requests with (default: the global one). */
  fetch?: (request: Request) => Promise<Response>;
  /** Time limit of each attempt, in ms, from sending to the end of the body. Default 30 s. */
  timeoutMs?: number;
  /** Retries of network failures, 429 and 5xx, for GET by default; `false` turns them off. */
  retry?: RetryOptions | false;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** Default `dcs-migration-client/<version>`. */
  userAgent?: string;
  /** Throw a DcsApiError on an error response instead of returning `{ error }`. */
  throwOnError?: boolean;
  /** Receives an event per response and per retry (no headers, no bodies, no secrets). */
  log?: (event: DcsLogEvent) => void;
}

export type { DcsClient };

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"];
const OPTION_NAMES = ["region", "endpoint", "projectId", "credentials", "fetch", "timeoutMs", "retry", "headers", "userAgent", "throwOnError", "log"];

export function makeCreateDcsClient(crypto: SigningCrypto) {
  return function createDcsClient(options: DcsClientOptions): DcsClient {
    if (typeof options !== "object" || options === null)
      throw new TypeError('createDcsClient: pass an options object, e.g. { region: "cn-north-4", projectId, credentials }');
    const unknown = Object.keys(options).filter((k) => !OPTION_NAMES.includes(k));
    if (unknown.length)
      throw new TypeError(`createDcsClient: unknown option ${unknown.map((k) => `\`${k}\``).join(", ")}; the options are ${OPTION_NAMES.join(", ")}`);
    const baseUrl = endpointOf(options);
    if (typeof options.projectId !== "string" || !PROJECT_ID_PATTERN.test(options.projectId)) {
      throw new TypeError(
        `createDcsClient: \`projectId\` must be your project's ID (matching ${PROJECT_ID_PATTERN}), as shown in the console under My Credentials > API Credentials`,
      );
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new TypeError(`createDcsClient: \`timeoutMs\` must be a positive number of milliseconds, got ${String(options.timeoutMs)}`);
    if (options.fetch === undefined && typeof globalThis.fetch !== "function")
      throw new TypeError("createDcsClient: no global fetch in this runtime; pass `fetch`");
    if (options.fetch !== undefined && typeof options.fetch !== "function")
      throw new TypeError("createDcsClient: `fetch` must be a function that takes a Request, like the global fetch");
    const credentials = checkCredentials(options.credentials);
    const projectId = options.projectId;

    // Middleware is promised real Requests: the client's own (throwOnError) reads only the method.
    let realRequests = false;
    const client = createClient<DcsPaths, "application/json">({
      baseUrl,
      Request: requestClass(() => realRequests),
      headers: { "User-Agent": options.userAgent ?? `dcs-migration-client/${CLIENT_VERSION}`, ...options.headers, "X-Project-Id": projectId },
      fetch: createTransport({
        fetch: options.fetch,
        projectId,
        credentials,
        secrets: credentialSecrets(credentials),
        crypto,
        timeoutMs,
        retry: retryPolicy(options.retry),
        log: options.log,
      }) as (request: Request) => Promise<Response>,
    });
    if (options.throwOnError) {
      client.use({
        async onResponse({ request, response }) {
          if (!response.ok) throw DcsApiError.from({ error: await response.clone().json(), response }, request.method);
          return undefined;
        },
      });
    }
    const use = client.use;
    client.use = (...middleware) => {
      use(...middleware);
      realRequests = true;
    };
    // A call that brings its own middleware or fetch gets a real Request too.
    const calls = client as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of METHODS) {
      const call = calls[name] as (...args: unknown[]) => unknown;
      const initAt = name === "request" ? 2 : 1;
      calls[name] = (...args) => {
        const init = args[initAt] as { middleware?: unknown[]; fetch?: unknown } | undefined;
        if (init?.middleware?.length || init?.fetch) args[initAt] = { ...init, Request };
        return call(...args);
      };
    }
    return client as unknown as DcsClient;
  };
}

function endpointOf(options: DcsClientOptions): string {
  const { region, endpoint } = options;
  if (region !== undefined && endpoint !== undefined) throw new TypeError("createDcsClient: pass `region` or `endpoint`, not both");
  if (endpoint !== undefined) {
    if (typeof endpoint !== "string" || !URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))
      throw new TypeError(`createDcsClient: \`endpoint\` must be an absolute http(s) URL such as http://127.0.0.1:4010, got ${JSON.stringify(endpoint)}`);
    return endpoint;
  }
  if (region === undefined)
    throw new TypeError('createDcsClient: pass `region` (e.g. "cn-north-4") or `endpoint` (any base URL, e.g. the mock at http://127.0.0.1:4010)');
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw new TypeError(
      `createDcsClient: unknown region ${JSON.stringify(region)}; known regions: ${REGIONS.join(", ")}. ` +
        `For another region or a proxy, pass \`endpoint\` instead, e.g. "https://dcs.${String(region)}.myhuaweicloud.com"`,
    );
  }
  return SERVER_URL_TEMPLATE.replace("{region}", region);
}
