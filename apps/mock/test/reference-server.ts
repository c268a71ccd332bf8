// A small local server that answers like the real service, to check the document from the other
// side (Prism as a validating proxy in front of it). Its answers come from the official reference
// pages (reference/answers.json), not from the document: each operation's success answer, and for
// every error status, the body the service or its gateway sends with it.
// The `X-Reference-Answer` request header picks another answer than the success (see ANSWERS).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Json } from "@dcs-migration/openapi/walker";

type Answer = { status: number; body?: Json };

interface Route {
  operation: string;
  method: string;
  path: string;
  status: number;
  /** Absent: no body (a 204); null: an empty body. */
  body?: Json;
  error400?: Json;
}

export const ROUTES: Route[] = JSON.parse(readFileSync(new URL("./reference/answers.json", import.meta.url), "utf8"));

/** What the service and its gateway send with each error status (dcs-errors-and-headers.md). */
export const ERROR_ANSWERS: Record<string, Answer> = {
  "400": { status: 400, body: { error_code: "DCS.4133", error_msg: "Instance job is not found.", error_ext_msg: null } },
  "401": {
    status: 401,
    body: {
      error_code: "APIGW.0301",
      error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
      request_id: "5b3c8e1d9f0a4b6c8d2e7f1a3b5c9d0e",
    },
  },
  "403": { status: 403, body: { error_code: "DCS.2003", error_msg: "This role does not have the permission to perform this operation." } },
  "404": {
    status: 404,
    body: {
      error_code: "APIGW.0101",
      error_msg: "The API does not exist or has not been published in the environment.",
      request_id: "2a4c6e8f0b1d3f5a7c9e1b3d5f7a9c0e",
    },
  },
  "429": {
    status: 429,
    body: {
      error_code: "APIGW.0308",
      error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second",
      request_id: "9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b",
    },
  },
  "500": { status: 500, body: { error_code: "DCS.5000", error_msg: "Internal service error.", error_ext_msg: null } },
};

/** Answers the document must accept, and answers that break it. */
export const ANSWERS: Record<string, Answer> = {
  "unknown-status": {
    status: 200,
    body: { task_id: "t", status: "SOME_STATUS_ADDED_LATER", migration_type: "a_new_kind", resume_mode: "auto", a_field_added_later: 1 },
  },
  "nulls-and-gaps": {
    status: 200,
    body: {
      task_id: "t",
      description: null,
      status: null,
      source_instance: { id: "86157b69-8a62-47f9-8c55-fa6ddc8927e1" },
      target_instance: { name: "no id here" },
      backup_files: { files: [{ size: "1MB" }] },
    },
  },
  "stats-as-strings": {
    status: 200,
    body: {
      full_migration_progress: "99.5",
      offset: "0",
      source_dbsize: "10",
      target_dbsize: "9",
      target_input_kbps: "0",
      target_ops: "0",
      is_migrating: true,
    },
  },
  "legacy-code": { status: 400, body: { error_code: "111400063", error_msg: "Invalid {0} parameter in the request." } },
  "empty-200": { status: 200, body: null },
  "missing-required": { status: 400, body: { error_msg: "no code here" } },
  "wrong-type": { status: 200, body: { task_id: 123, status: "SUCCESS" } },
};

const routes = ROUTES.map((route) => ({ route, pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));

export async function startReferenceServer() {
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits++;
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const route = routes.find((r) => r.route.method === req.method && r.pattern.test(path))?.route;
      const pick = String(req.headers["x-reference-answer"] ?? "");
      const answer: Answer =
        ANSWERS[pick] ??
        (pick === "400" && route?.error400 ? { status: 400, body: route.error400 } : ERROR_ANSWERS[pick]) ??
        (route ? { status: route.status, ...("body" in route ? { body: route.body ?? null } : {}) } : ERROR_ANSWERS["404"]!);
      const headers: Record<string, string> = { "X-Request-Id": "454d689fa69847610b3ca486458fb08b" };
      if (answer.body === undefined || answer.body === null) {
        res.writeHead(answer.status, headers);
        return res.end();
      }
      res.writeHead(answer.status, { ...headers, "Content-Type": "application/json" });
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
