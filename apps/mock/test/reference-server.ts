// A small local server that answers like the real service, to check the document from the other
// side (Prism as a validating proxy in front of it). Its answers come from the official reference
// pages (openapi/test/seeds), not from the document: the 200 example each page shows, and for
// every status a page documents, the body the service or its gateway sends with it.
// The `X-Reference-Answer` request header picks another answer than the 200 (see ANSWERS).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Json } from "../../../openapi/test/document.js";
import { seedPages } from "../../../openapi/test/seed-pages.js";

type Answer = { status: number; body: Json };

/** What the service and its gateway send with each error status (dcs-errors-and-headers.md). */
export const ERROR_ANSWERS: Record<string, Answer> = {
  "400": { status: 400, body: { error_code: "DCS.4133", error_msg: "Instance job is not found.", error_ext_msg: null } },
  "401": { status: 401, body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: verify aksk signature fail", request_id: "5b3c8e1d9f0a4b6c8d2e7f1a3b5c9d0e" } },
  "403": { status: 403, body: { error_code: "DCS.2003", error_msg: "This role does not have the permission to perform this operation." } },
  "404": { status: 404, body: { error_code: "APIGW.0101", error_msg: "The API does not exist or has not been published in the environment.", request_id: "2a4c6e8f0b1d3f5a7c9e1b3d5f7a9c0e" } },
  "429": { status: 429, body: { error_code: "APIGW.0308", error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second", request_id: "9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b" } },
  "500": { status: 500, body: { error_code: "DCS.5000", error_msg: "Internal service error.", error_ext_msg: null } },
};

/** Answers the document must accept, and answers that break it. */
export const ANSWERS: Record<string, Answer> = {
  "unknown-status": { status: 200, body: { task_id: "t", status: "SOME_STATUS_ADDED_LATER", migration_type: "a_new_kind", resume_mode: "auto" } },
  "legacy-code": { status: 400, body: { error_code: "111400063", error_msg: "Invalid {0} parameter in the request." } },
  "missing-required": { status: 400, body: { error_msg: "no code here" } },
  "wrong-type": { status: 200, body: { task_id: 123, status: "SUCCESS" } },
};

const routes = seedPages.map((page) => ({
  page,
  pattern: new RegExp(`^${page.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

export async function startReferenceServer() {
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits++;
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const route = routes.find((r) => r.page.method === req.method && r.pattern.test(path));
      const pick = String(req.headers["x-reference-answer"] ?? "");
      const seed400 = route?.page.responses["400"];
      const answer: Answer =
        ANSWERS[pick] ??
        (pick === "400" && seed400 ? { status: 400, body: seed400 } : ERROR_ANSWERS[pick]) ??
        (route?.page.responses["200"] !== undefined ? { status: 200, body: route.page.responses["200"] } : ERROR_ANSWERS["404"]!);
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
