// The shapes of what the sandbox answers: the service's error JSON (`ServiceError`), the gateway's
// (`GatewayError`, with a request_id and no error_ext_msg), and a request ID like the service's.
import { randomBytes } from "node:crypto";
import type { GatewayError, ServiceError } from "@dcs-migration/client";
import { catalogueEntry } from "./document.js";

export type ServiceAnswer = Answer & { body: ServiceError };

export interface Answer {
  status: number;
  /** A JSON body; absent: no body (or `text`). */
  body?: unknown;
  /** A body passed on as it came (Prism's answer, already JSON). */
  text?: string;
  headers?: Record<string, string>;
}

export const requestId = () => randomBytes(16).toString("hex");

/** The document's limit on a message (1024 characters). */
const clip = (text: string) => (text.length > 1024 ? `${text.slice(0, 1021)}...` : text);

/**
 * A DCS error as the service sends it: the catalogue's status and message (its `{0}` filled with
 * `subject`), and `detail` as `error_ext_msg`, which says why.
 */
export function serviceError(error: { code: string }, detail?: string, subject?: string): ServiceAnswer {
  const entry = catalogueEntry(error.code);
  const message = subject === undefined ? entry.message : entry.message.replace(/\{0?\}/, subject);
  return { status: entry.status, body: { error_code: entry.code, error_msg: clip(message), error_ext_msg: detail === undefined ? null : clip(detail) } };
}

/** An error of the API gateway in front of the service: its message says more than the catalogue's. */
export function gatewayError(error: { code: string }, message: string): Answer & { body: GatewayError } {
  const entry = catalogueEntry(error.code);
  return { status: entry.status, body: { error_code: entry.code, error_msg: clip(message), request_id: requestId() } };
}
