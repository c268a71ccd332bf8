// What a contract case is: how to call one operation with the client, and requests that break
// the document. One file per operation under cases/, named after its operationId.
import { createDcsClient, type DcsClient } from "@dcs-migration/client";

export type Send = (client: DcsClient, init: { headers?: Record<string, string> }) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export interface InvalidRequest {
  /** What is wrong, in words. */
  name: string;
  /** Sends the broken request; its typed call carries a @ts-expect-error, the type test. */
  send: (client: DcsClient) => Promise<{ response: Response }>;
  /** The `sl-violations` entry Prism must report: where and which keyword. */
  violation: { location: string[]; code: string };
}

export interface ContractCase {
  operationId: string;
  /** A valid call: every documented status and example is requested through it. */
  send: Send;
  invalid: InvalidRequest[];
}

/** The break every operation on one task shares: a task ID with characters the document forbids. */
export function forbiddenTaskId(send: (client: DcsClient, taskId: string) => Promise<{ response: Response }>): InvalidRequest {
  return {
    name: "a task ID with characters the document forbids",
    send: (client) => send(client, "task id!"),
    violation: { location: ["request", "path", "task_id"], code: "pattern" },
  };
}

export const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
export const TASK = "a276c1ffa0a54c2597fc824b917db317";

/** A client as users make it, AK/SK-signed: Prism checks the Authorization header is there. */
export function contractClient(endpoint: string): DcsClient {
  return createDcsClient({
    endpoint,
    projectId: PROJECT,
    credentials: { accessKeyId: "HPUAEXAMPLEAK0000001", secretAccessKey: "exampleSecretKey0123456789abcdefghijklmn" },
    // Statuses are selected on purpose here: a retried 429 or 500 would only slow the suite down.
    retry: false,
  });
}

export function violations(response: Response): Array<{ location: string[]; code: string | number; message: string; severity: string }> {
  const header = response.headers.get("sl-violations");
  return header ? JSON.parse(header) : [];
}
