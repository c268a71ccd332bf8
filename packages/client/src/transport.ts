// The `fetch` that openapi-fetch calls: per attempt it authenticates (token or a fresh AK/SK
// signature over the exact bytes sent), bounds the attempt with its own timeout, and retries what
// is safe to retry. It makes every error body the documented JSON and keeps secrets out of it.
import type { Credentials } from "./credentials.js";
import { watchDeadline } from "./deadlines.js";
import { DcsRequestError, gatewayCode, isErrorBody, noteAnswer } from "./errors.js";
import { APP_AUTH_INVALID } from "./generated/errors.js";
import { SECRET_FIELDS } from "./generated/meta.js";
import { RequestParts } from "./request.js";
import { backoffMs, type RetryPolicy, retryAfterMs, sleep } from "./retry.js";
import { scrubSecrets } from "./secrets.js";
import type { SigningCrypto } from "./signing/crypto.js";
import { type Signature, sign } from "./signing/sign.js";

export type DcsLogEvent =
  | { type: "response"; method: string; url: string; attempt: number; status: number; requestId: string | undefined; durationMs: number }
  | { type: "retry"; method: string; url: string; attempt: number; delayMs: number; reason: string }
  /** The gateway refused a signature for its time: later signatures are offset by `offsetMs`. */
  | { type: "clock-skew"; method: string; url: string; offsetMs: number };

export interface TransportOptions {
  /** A caller's fetch, given the final signed Request; undefined: the global fetch, given (url, init). */
  fetch: ((request: Request) => Promise<Response>) | undefined;
  /** Filled into the `{project_id}` of every path, whichever method (GET... or request()) built it. */
  projectId: string;
  credentials: Credentials | undefined;
  /** Strings never to repeat in an error (SK, token...). */
  secrets: string[];
  crypto: SigningCrypto;
  timeoutMs: number;
  retry: RetryPolicy;
  log: ((event: DcsLogEvent) => void) | undefined;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function createTransport(options: TransportOptions): (request: Request | RequestParts) => Promise<Response> {
  const { retry, log } = options;
  // openapi-fetch leaves a path parameter it was not given as is, and Request encodes its braces.
  const projectId = encodeURIComponent(options.projectId);
  const fillProjectId = (url: string) => url.replace(/%7Bproject_id%7D|\{project_id\}/, projectId);
  // How far the gateway's clock is from ours, learnt from a "signature expired" answer; every later
  // signature uses it too.
  let clockOffsetMs = 0;

  return async function transport(request: Request | RequestParts): Promise<Response> {
    const method = request.method.toUpperCase();
    const url = fillProjectId(request.url);
    const parts = request instanceof RequestParts ? request.init : request;
    const body = request instanceof RequestParts ? request.init.body : request.body === null ? undefined : await request.text();
    // Only an error message needs the secrets to scrub: found then, not on every request.
    let found: string[] | undefined;
    const secrets = () => (found ??= [...options.secrets, ...secretValues(body)]);
    const userSignal = parts.signal ?? undefined;
    const retriable = retry.methods.includes(method);
    const started = Date.now();
    let resignedForClock = false;

    for (let attempt = 1; ; attempt++) {
      // The request's headers are ours alone: they are signed in place (again on a retry).
      const headers = parts.headers as Headers;
      const authorized = authorize(headers, method, url, body, Date.now() + clockOffsetMs, options);
      if (authorized) await authorized;
      // One plain controller per attempt, aborted by the shared deadline timer or the caller's signal:
      // AbortSignal.timeout and AbortSignal.any cost several times as much (transferable signals, GC).
      const attemptAbort = new AbortController();
      let timedOut = false;
      const unwatch = watchDeadline(options.timeoutMs, () => {
        timedOut = true;
        attemptAbort.abort(new DOMException(`no complete answer within ${options.timeoutMs} ms`, "TimeoutError"));
      });
      const onUserAbort = () => attemptAbort.abort(userSignal?.reason);
      if (userSignal?.aborted) onUserAbort();
      else userSignal?.addEventListener("abort", onUserAbort, { once: true });
      const attemptStarted = Date.now();
      let response: Response | undefined;
      let text = "";
      let parsed: unknown;
      let failure: DcsRequestError | undefined;
      const fail = (kind: DcsRequestError["kind"], detail: string, cause?: unknown) =>
        new DcsRequestError(kind, scrub(detail, secrets()), { method, url, attempts: attempt, cause });
      try {
        const init: RequestInit = {
          method,
          headers,
          body: body ?? null,
          signal: attemptAbort.signal,
          // The DCS API never redirects. Followed, a redirect would carry X-Auth-Token, X-Security-Token
          // and a POST body with Redis passwords to whatever host it names (fetch strips only
          // Authorization): it is an error instead, whatever the caller asked.
          redirect: "manual",
        };
        if (parts.credentials) init.credentials = parts.credentials;
        if (parts.cache) init.cache = parts.cache;
        // The global fetch makes its Request from (url, init) anyway: building one here too would cost
        // a Request (and its signal) more per attempt. A caller's fetch is promised a Request.
        response = await (options.fetch ? options.fetch(new Request(url, init)) : fetch(url, init));
        text = await response.text();
        parsed = response.ok && text !== "" ? parse(text) : undefined;
        if (isRedirect(response)) {
          const location = response.headers.get("Location");
          failure = fail(
            "redirect",
            `${new URL(url).origin} answered HTTP ${response.status || "3xx"}, a redirect${location ? ` to ${location}` : ""}; ` +
              "the DCS API never redirects, so it was not followed and nothing was sent there. Check the endpoint (its scheme, host and path)",
          );
        } else if (parsed === NOT_JSON) {
          failure = fail("invalid_response", `HTTP ${response.status} with a body that is not JSON: ${summary(scrub(text, secrets()))}`);
        }
      } catch (error) {
        if (userSignal?.aborted) throw userSignal.reason;
        failure = timedOut
          ? fail("timeout", `no complete answer within ${options.timeoutMs} ms (timeoutMs)`, error)
          : fail("network", describe(error, url), error);
      } finally {
        unwatch();
        userSignal?.removeEventListener("abort", onUserAbort);
      }

      const retryStatus = response !== undefined && !failure && retry.statuses.includes(response.status);
      if (retriable && (failure ? failure.kind !== "redirect" : retryStatus) && attempt < retry.attempts) {
        const delayMs = (response && retryAfterMs(response.headers.get("Retry-After"))) ?? backoffMs(retry, attempt);
        if (Date.now() - started + delayMs <= retry.maxElapsedMs) {
          log?.({ type: "retry", method, url, attempt, delayMs: Math.round(delayMs), reason: failure ? failure.kind : `HTTP ${response?.status}` });
          await sleep(delayMs, userSignal);
          continue;
        }
      }
      if (failure || !response) throw failure;
      // The gateway refuses a signature more than 15 minutes off its clock (401 APIGW.0303) before the
      // service sees the request, so re-signing once with its time is safe for any method.
      if (response.status === 401 && !resignedForClock && options.credentials && !("token" in options.credentials)) {
        const gatewayTime = Date.parse(response.headers.get("Date") ?? "");
        if (!Number.isNaN(gatewayTime) && isSignatureRefused(text)) {
          resignedForClock = true;
          clockOffsetMs = gatewayTime - Date.now();
          log?.({ type: "clock-skew", method, url, offsetMs: clockOffsetMs });
          continue;
        }
      }
      log?.({
        type: "response",
        method,
        url,
        attempt,
        status: response.status,
        requestId: response.headers.get("X-Request-Id") ?? undefined,
        durationMs: Date.now() - attemptStarted,
      });
      if (response.ok) return noteAnswer(answered(response, text, parsed), method);
      const serviceJson = isErrorBody(parse(text));
      return noteAnswer(rebuild(response, errorBody(response, text, secrets()), url), method, serviceJson || text === "" ? undefined : scrub(text, secrets()));
    }
  };
}

/** Sets the attempt's auth headers: at once with a token or node:crypto, a promise with WebCrypto. */
function authorize(headers: Headers, method: string, url: string, body: string | undefined, now: number, options: TransportOptions) {
  const { credentials } = options;
  if (!credentials) return;
  if ("token" in credentials) {
    headers.set("X-Auth-Token", credentials.token);
    return;
  }
  if (credentials.securityToken) headers.set("X-Security-Token", credentials.securityToken);
  // Sign what the official SDK signs: the content type and the X- headers (X-Project-Id...), plus host and date.
  const toSign: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name === "content-type" || (name.startsWith("x-") && name !== "x-sdk-date")) toSign[name] = value;
  });
  const signed = sign({ method, url, headers: toSign, body, date: new Date(now) }, credentials, options.crypto);
  const apply = (signature: Signature) => {
    headers.set("Authorization", signature.headers.Authorization);
    headers.set("X-Sdk-Date", signature.headers["X-Sdk-Date"]);
  };
  return signed instanceof Promise ? signed.then(apply) : apply(signed);
}

/**
 * The body of an error response as the document describes it, whatever the server sent. A body that
 * is not the service's JSON is masked before it is summarized: a summary collapses spaces and strips
 * tags, which would change a secret past its masker.
 */
function errorBody(response: Response, text: string, secrets: string[]): string {
  const parsed = parse(text);
  const status = response.statusText || "error";
  const body = isErrorBody(parsed)
    ? parsed
    : {
        error_code: `HTTP.${response.status}`,
        error_msg: text.trim()
          ? `${status} (${response.headers.get("Content-Type")?.split(";")[0] ?? "untyped"} body, not the service's JSON): ${summary(scrub(text, secrets))}`
          : `${status} (empty body)`,
      };
  return JSON.stringify(body, (_key, value: unknown) => (typeof value === "string" ? scrub(value, secrets) : value));
}

/**
 * A success as openapi-fetch reads it: the response the server sent, its body already read (the
 * attempt's timeout runs to the end of the body), `text()` and `json()` answering from what was
 * read. Cheaper than a new Response (a stream, a copy of the headers), and the JSON is parsed once.
 */
function answered(response: Response, text: string, parsed: unknown): Response {
  Object.defineProperties(response, {
    text: { value: async () => text },
    // openapi-fetch calls json() when the server sent Content-Length; an empty body has no JSON.
    json: { value: async () => (text === "" ? JSON.parse(text) : parsed) },
  });
  return response;
}

function rebuild(response: Response, text: string, url: string): Response {
  const headers = new Headers(response.headers);
  // The body is now decoded text (and may be rewritten): its old length and encoding no longer apply.
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  if (!response.ok) headers.set("Content-Type", "application/json");
  const nullBody = NULL_BODY_STATUSES.has(response.status) || text === "";
  const rebuilt = new Response(nullBody ? null : text, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperty(rebuilt, "url", { value: url });
  return rebuilt;
}

/** A gateway 401 for the signature's time or content (APIGW.0303, or APIG.0303). */
function isSignatureRefused(text: string): boolean {
  const body = parse(text);
  return isErrorBody(body) && gatewayCode(body.error_code) === APP_AUTH_INVALID.code;
}

function secretValues(body: string | undefined): string[] {
  if (!body) return [];
  const found: string[] = [];
  parse(body) !== NOT_JSON &&
    JSON.parse(body, (key, value: unknown) => {
      if ((SECRET_FIELDS as readonly string[]).includes(key) && typeof value === "string") found.push(value);
      return value;
    });
  return found;
}

function scrub(text: string, secrets: readonly string[]): string {
  return scrubSecrets(text, secrets);
}

/** A 3xx with a location, or (in browsers, with redirect: "manual") the opaque answer that stands for one. */
function isRedirect(response: Response): boolean {
  return response.type === "opaqueredirect" || ([301, 302, 303, 307, 308].includes(response.status) && response.headers.has("Location"));
}

const NOT_JSON = Symbol();
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/**
 * What a body that is not the service's JSON says went wrong: a JSON error's message, or the text
 * of an HTML page (title and headings first, each said once), cut at a word after 300 characters.
 * The whole body stays on the error (`raw`).
 */
function summary(text: string): string {
  const json = parse(text);
  let plain: string;
  if (json !== NOT_JSON && typeof json === "object" && json !== null) {
    const fields = json as Record<string, unknown>;
    const said = ["message", "error_description", "error", "detail", "title", "msg"].map((k) => fields[k]).find((v) => typeof v === "string" && v !== "");
    plain = typeof said === "string" ? said : JSON.stringify(json);
  } else {
    const chunks = text
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
      .split(/<[^>]*>/)
      .map((chunk) => chunk.replace(/\s+/g, " ").trim())
      .filter((chunk) => chunk !== "");
    plain = [...new Set(chunks)].join(" ");
  }
  if (plain.length <= 300) return plain;
  const cut = plain.slice(0, 300);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 200))}...`;
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: "the connection was refused (nothing listens there)",
  ENOTFOUND: "the host name was not found (DNS)",
  ECONNRESET: "the connection was reset",
};

/** What failed, where: "could not reach http://127.0.0.1:1: the connection was refused (ECONNREFUSED)". */
function describe(error: unknown, url: string): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  const why = (code && NETWORK_CAUSES[code]) ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not reach ${new URL(url).origin}: ${why}${code ? ` (${code})` : ""}`;
}
