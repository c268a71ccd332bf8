// A gateway whose clock is 20 minutes ahead of ours: it refuses a signature more than 15 minutes
// off its own time (401 APIGW.0303, with its time in the Date header), and checks every signature
// with the official SDK core's signer (401 APIGW.0301 when it does not match).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDcsClient, type DcsLogEvent } from "../src/index.node.js";
import { PROJECT, TASK } from "./observe.js";
import { sdkAuthorization } from "./oracle.js";

const AK = "HPUAEXAMPLEAK0000001";
const SK = "exampleSecretKey0123456789abcdefghijklmn";
const SKEW_MS = 20 * 60_000;

const hits: string[] = [];
let url = "";
let close: () => Promise<void>;

const parseSdkDate = (value: string) => Date.parse(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));

beforeAll(async () => {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      hits.push(`${req.method} ${req.url}`);
      const now = Date.now() + SKEW_MS;
      const sdkDate = String(req.headers["x-sdk-date"] ?? "");
      const answer = (status: number, payload: object) => {
        res.writeHead(status, { "Content-Type": "application/json", Date: new Date(now).toUTCString(), "X-Request-Id": "0123456789abcdef0123456789abcdef" });
        res.end(JSON.stringify(payload));
      };
      if (Math.abs(parseSdkDate(sdkDate) - now) > 15 * 60_000) {
        return answer(401, {
          error_code: "APIGW.0303",
          error_msg: `Incorrect app authentication information: signature expired, signature time:${sdkDate}`,
          request_id: "0123456789abcdef0123456789abcdef",
        });
      }
      const headers: Record<string, string> = { "X-Project-Id": String(req.headers["x-project-id"]), "X-Sdk-Date": sdkDate };
      if (req.headers["content-type"]) headers["content-type"] = String(req.headers["content-type"]);
      const expected = sdkAuthorization({ method: req.method ?? "", url: `${url}${req.url}`, headers, ...(body ? { data: JSON.parse(body) } : {}) }, AK, SK);
      if (req.headers.authorization !== expected) {
        return answer(401, {
          error_code: "APIGW.0301",
          error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
          request_id: "0123456789abcdef0123456789abcdef",
        });
      }
      answer(200, { task_id: TASK, status: "TERMINATING" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

function client(secretAccessKey = SK, events: DcsLogEvent[] = []) {
  return createDcsClient({ endpoint: url, projectId: PROJECT, credentials: { accessKeyId: AK, secretAccessKey }, retry: false, log: (e) => events.push(e) });
}
const show = (c: ReturnType<typeof client>) => c.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: TASK } } });

describe("a gateway whose clock is 20 minutes off", () => {
  it("re-signs once with the gateway's time, keeps that offset for later requests, and reports it", async () => {
    hits.length = 0;
    const events: DcsLogEvent[] = [];
    const c = client(SK, events);
    const first = await show(c);
    expect(first.response.status).toBe(200);
    expect(hits).toHaveLength(2);
    const skew = events.find((e) => e.type === "clock-skew");
    expect(skew?.type === "clock-skew" && Math.abs(skew.offsetMs - SKEW_MS) < 5_000).toBe(true);

    expect((await show(c)).response.status).toBe(200);
    expect(hits).toHaveLength(3);
  });

  it("re-signs a POST too: the gateway refused it before the service saw it", async () => {
    hits.length = 0;
    const { response } = await client().POST("/v2/{project_id}/migration-tasks/batch-restart", { body: { migration_tasks: [TASK] } });
    expect(response.status).toBe(200);
    expect(hits).toEqual([`POST /v2/${PROJECT}/migration-tasks/batch-restart`, `POST /v2/${PROJECT}/migration-tasks/batch-restart`]);
  });

  it("re-signs only once, and never for another error: a wrong SK is refused after the retry, once", async () => {
    hits.length = 0;
    const events: DcsLogEvent[] = [];
    const { response, error } = await show(client("a-wrong-secret-key-000000000000000000000", events));
    expect(response.status).toBe(401);
    expect(error?.error_code).toBe("APIGW.0301");
    expect(hits).toHaveLength(2);
    expect(events.filter((e) => e.type === "clock-skew")).toHaveLength(1);
  });
});
