// Prism's own answers (application/problem+json: a request that breaks the document, an unknown
// path or method, missing credentials, an answer of the sandbox that breaks the document) in the
// shape the service and its gateway use. Prism's finding is carried into the message, not lost.
import { DcsErrors } from "@dcs-migration/client";
import { type Answer, gatewayError, serviceError } from "./answers.js";

interface Finding {
  location?: string[];
  code?: string | number;
  message?: string;
}
export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  validation?: Finding[];
}

/** The field a finding is about, as a user names it: `target_instance.pasword`, `offset`. */
function subject(finding: Finding): string {
  const [where = "", ...rest] = finding.location ?? [];
  const path = [...rest];
  const extra = /found '([^']+)'/.exec(finding.message ?? "")?.[1] ?? /required property '([^']+)'/.exec(finding.message ?? "")?.[1];
  if (extra) path.push(extra);
  if (path.length === 0) return where === "body" || where === "" ? "request body" : where;
  return path.join(".");
}

const describe = (findings: Finding[]) => findings.map((f) => `${f.message ?? "invalid"} (${f.code ?? "?"})`).join("; ");

/** The error for a request Prism refused as breaking the document (its 422). */
function invalidRequest(findings: Finding[]): Answer {
  const [first] = findings;
  const detail = describe(findings);
  if (!first) return serviceError(DcsErrors.INVALID_VALUE, detail, "request");
  const [where, name] = first.location ?? [];
  if (where === undefined && first.code === "required") return serviceError(DcsErrors.EMPTY_REQUEST_BODY, detail);
  if (first.code === 415) return serviceError(DcsErrors.INVALID_JSON_BODY, detail);
  if (where === "path" && name === "project_id") return serviceError(DcsErrors.INVALID_PROJECT_ID, detail);
  if (where === "path" && name === "task_id") return serviceError(DcsErrors.INVALID_TASK_ID, detail);
  return serviceError(DcsErrors.INVALID_VALUE, detail, subject(first));
}

/** Prism's problem document as the service or gateway would have answered; `violations`: Prism's sl-violations header. */
export function fromPrism(status: number, problem: Problem): Answer {
  const type = String(problem.type ?? "").replace(/^.*#/, "");
  switch (type) {
    case "UNPROCESSABLE_ENTITY":
      return invalidRequest(problem.validation ?? []);
    case "UNAUTHORIZED":
      return gatewayError(DcsErrors.IAM_AUTH_INVALID, "Incorrect IAM authentication information: x-auth-token not found");
    case "NO_PATH_MATCHED_ERROR":
      return serviceError(DcsErrors.URL_NOT_FOUND, problem.detail);
    case "NO_METHOD_MATCHED_ERROR":
      return serviceError(DcsErrors.METHOD_NOT_ALLOWED, problem.detail);
    case "VIOLATIONS":
      return serviceError(DcsErrors.INTERNAL_ERROR, `the sandbox's answer breaks the document: ${describe(problem.validation ?? [])}`);
    default:
      return serviceError(DcsErrors.INTERNAL_ERROR, `Prism answered ${status}: ${problem.title ?? ""} ${problem.detail ?? ""}`.trim());
  }
}
