// A small local server that answers like the real service, to check the document from the other
// side (Prism as a validating proxy in front of it). It finds the operation of a request in the
// document and answers with that operation's documented 200 example; a task ID can ask for
// another answer instead (see ANSWERS).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { deref, doc, operations, type Json } from "../../../openapi/test/document.js";

type Answer = { status: number; body: Json };

/** Answers the real service is documented to give (must pass) or that break the document (must not). */
export const ANSWERS: Record<string, Answer> = {
  "unknown-status": { status: 200, body: { task_id: "unknown-status", status: "SOME_STATUS_ADDED_LATER", migration_type: "a_new_kind", resume_mode: "auto" } },
  "null-fields": { status: 400, body: { error_code: "DCS.4133", error_msg: "Instance job is not found.", error_ext_msg: null } },
  "gateway-error": { status: 401, body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: verify aksk signature fail", request_id: "5b3c8e1d9f0a4b6c8d2e7f1a3b5c9d0e" } },
  "legacy-code": { status: 400, body: { error_code: "111400063", error_msg: "Invalid {0} parameter in the request." } },
  "missing-required": { status: 400, body: { error_msg: "no code here" } },
  "wrong-type": { status: 200, body: { task_id: 123, status: "SUCCESS" } },
};

const routes = operations().map((op) => ({
  method: op.method,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
  example: deref((doc.components as Record<string, Json> & { examples: Record<string, Json> }).examples[`${op.operationId}200`]).value ?? null,
}));

export async function startReferenceServer() {
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits++;
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const route = routes.find((r) => r.method === req.method && r.pattern.test(path));
      const special = Object.keys(ANSWERS).find((name) => path.split("/").includes(name));
      const answer: Answer = special ? ANSWERS[special]! : route ? { status: 200, body: route.example } : { status: 404, body: { error_code: "APIGW.0101", error_msg: "no such API" } };
      res.writeHead(answer.status, { "Content-Type": "application/json", "X-Request-Id": "454d689fa69847610b3ca486458fb08b" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
