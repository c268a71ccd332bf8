import { TASK_NOT_FOUND, THROTTLED } from "./generated/errors.js";
import { ERROR_FIXES, type KnownErrorCode } from "./generated/meta.js";
import type { ErrorResponse } from "./generated/schema.js";

/** What to do about an error code: the document's catalogue (`x-dcs-errors`), both gateway prefixes. */
export function hintFor(code: string, status: number): string | undefined {
  const fix = (ERROR_FIXES as Record<string, string>)[gatewayCode(code)];
  return fix ?? (status === THROTTLED.status ? ERROR_FIXES[THROTTLED.code] : undefined);
}

/** The gateway answers `APIG.` or `APIGW.` for the same error: the catalogue's spelling. */
export function gatewayCode(code: string): string {
  return code.replace(/^APIG\./, "APIGW.");
}

/**
 * What the transport knew of each response it handed back: the request's method, and the body as
 * received when it was not the service's JSON. Errors made from a result find both here, however
 * they are made (DcsApiError.from, unwrap, throwOnError).
 */
const answered = new WeakMap<Response, { method: string; raw: string | undefined }>();
export function noteAnswer(response: Response, method: string, raw?: string): Response {
  answered.set(response, { method, raw });
  return response;
}

/** A request the service (or the API gateway in front of it) answered with an error. */
export class DcsApiError extends Error {
  override readonly name = "DcsApiError";
  readonly status: number;
  /** `error_code` of the body: `DCS.4133`, `APIGW.0301`, a legacy `111400063`, or `HTTP.<status>` when the body was not JSON. */
  readonly code: KnownErrorCode | (string & {});
  /** `error_msg` of the body. */
  readonly errorMessage: string;
  /** `X-Request-Id` (or the body's `request_id`): quote it to support. */
  readonly requestId: string | undefined;
  readonly method: string | undefined;
  readonly url: string;
  /** What to do about it, from the catalogue of the document; undefined for a code it does not know. */
  readonly hint: string | undefined;
  readonly body: ErrorResponse;
  /** The body as received, when it was not the service's JSON (an HTML page from a proxy...); secrets removed. */
  readonly raw: string | undefined;

  /** The migration task does not exist (the service answers 400 `DCS.4133`, not 404). */
  get isTaskNotFound(): boolean {
    return this.status === TASK_NOT_FOUND.status && this.code === TASK_NOT_FOUND.code;
  }

  constructor(init: {
    status: number;
    body: ErrorResponse;
    requestId?: string | undefined;
    url: string;
    method?: string | undefined;
    raw?: string | undefined;
  }) {
    const { status, body } = init;
    const requestId = init.requestId ?? ("request_id" in body ? body.request_id : undefined);
    const hint = hintFor(body.error_code, status);
    const where = init.method ? `${init.method} ${pathOf(init.url)}` : pathOf(init.url);
    // The service says why in error_ext_msg, when it says more than the catalogue's message.
    const ext = "error_ext_msg" in body && body.error_ext_msg && !init.raw ? ` (${body.error_ext_msg})` : "";
    super(
      `${where} failed: HTTP ${status} ${body.error_code}: ${body.error_msg}${ext}${requestId ? ` (request id ${requestId})` : ""}${hint ? ` - ${hint}` : ""}`,
    );
    this.status = status;
    this.code = body.error_code;
    this.errorMessage = body.error_msg;
    this.requestId = requestId;
    this.method = init.method;
    this.url = init.url;
    this.hint = hint;
    this.body = body;
    this.raw = init.raw;
  }

  /** The error of an openapi-fetch result (`{ error, response }`); the method is known when the client sent it. */
  static from(result: { error?: unknown; response: Response }, method?: string): DcsApiError {
    const { response } = result;
    const body = isErrorBody(result.error)
      ? result.error
      : { error_code: `HTTP.${response.status}`, error_msg: response.statusText || "error response without a body" };
    const known = answered.get(response);
    return new DcsApiError({
      status: response.status,
      body,
      requestId: response.headers.get("X-Request-Id") ?? undefined,
      url: response.url,
      method: method ?? known?.method,
      raw: known?.raw,
    });
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function isErrorBody(value: unknown): value is ErrorResponse {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).error_code === "string" &&
    typeof (value as Record<string, unknown>).error_msg === "string"
  );
}

/** No usable answer: the network failed, the attempt timed out, the endpoint redirected, or a success body was not JSON. */
export class DcsRequestError extends Error {
  override readonly name = "DcsRequestError";
  readonly kind: "network" | "timeout" | "redirect" | "invalid_response";
  readonly method: string;
  readonly url: string;
  readonly attempts: number;

  constructor(kind: DcsRequestError["kind"], detail: string, init: { method: string; url: string; attempts: number; cause?: unknown }) {
    super(`${init.method} ${pathOf(init.url)} failed after ${init.attempts} attempt${init.attempts === 1 ? "" : "s"}: ${detail}`, { cause: init.cause });
    this.kind = kind;
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
  }
}

/** The data of a successful read, or the DcsApiError of a failed one (the helpers' polls and pages). */
export function dataOrThrow<T>(result: { data?: T; error?: unknown; response: Response }, method: string): T {
  if (!result.response.ok || result.data === undefined) throw DcsApiError.from(result, method);
  return result.data;
}

/** Returns `data`, or throws the DcsApiError of an openapi-fetch result. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw DcsApiError.from(result);
}
