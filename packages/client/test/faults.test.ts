import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDcsClient, DcsApiError, DcsRequestError, type DcsClientOptions, type DcsLogEvent } from "../src/index.node.js";
import { startFaultServer } from "./fault-server.js";
import { PROJECT } from "./observe.js";

// Sentinels: if one of these shows up in an error or a log line, a secret leaked.
const SK = "SENTINEL-SK-7f3a9c1e5b";
const TOKEN = "SENTINEL-TOKEN-2d8e4f6a0c";
const PASSWORD = "SENTINEL-REDIS-PASSWORD-91b3";

let server: Awaited<ReturnType<typeof startFaultServer>>;
const events: DcsLogEvent[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

function client(extra: Partial<DcsClientOptions> = {}) {
  return createDcsClient({
    endpoint: server.url,
    projectId: PROJECT,
    credentials: { accessKeyId: "HPUAEXAMPLEAK0000001", secretAccessKey: SK, securityToken: TOKEN },
    timeoutMs: 300,
    retry: { baseDelayMs: 20, maxDelayMs: 50 },
    log: (event) => events.push(event),
    ...extra,
  });
}

const show = (task: string, extra?: Partial<DcsClientOptions>) =>
  client(extra).GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: task } } });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    errors.push(error);
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("faults, against a real HTTP server", () => {
  it("retries a GET after a connection reset", async () => {
    const { data } = await show("reset-once");
    expect(data?.status).toBe("SUCCESS");
    expect(server.hits.get("reset-once")).toBe(2);
  });

  it("gives up on resets after the configured attempts, with a network error", async () => {
    const error = await failure(show("reset-always"));
    expect(error).toBeInstanceOf(DcsRequestError);
    expect(error).toMatchObject({ kind: "network", attempts: 3 });
    expect(String(error)).toMatch(/GET \/v2\/.*\/reset-always failed after 3 attempts: fetch failed/);
    expect(server.hits.get("reset-always")).toBe(3);
  });

  it("honours Retry-After on a 503", async () => {
    const { data } = await show("unavailable-retry-after");
    expect(data?.status).toBe("SUCCESS");
    const retry = events.find((e) => e.type === "retry" && e.url.endsWith("/unavailable-retry-after"));
    expect(retry).toMatchObject({ reason: "HTTP 503", delayMs: 1000 });
  });

  it("backs off on its own on a 429 without Retry-After", async () => {
    const { data } = await show("throttled");
    expect(data?.status).toBe("SUCCESS");
    const retry = events.find((e) => e.type === "retry" && e.url.endsWith("/throttled"));
    expect(retry?.type === "retry" && retry.delayMs >= 10 && retry.delayMs <= 20).toBe(true);
  });

  it("never retries a POST unless asked, and explains the 429", async () => {
    const before = server.hits.get("throttled") ?? 0;
    server.hits.set("throttled", 0);
    const result = await client().POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: "throttled" } } });
    expect(result.response.status).toBe(429);
    expect(result.error?.error_code).toBe("APIGW.0308");
    expect(server.hits.get("throttled")).toBe(1);
    expect(DcsApiError.from(result, "POST").message).toMatch(/HTTP 429 APIGW\.0308: The throttling threshold has been reached \(request id bbbb0000bbbb0000bbbb0000bbbb0000\) - throttled/);
    server.hits.set("throttled", before);
  });

  it("times out a response slower than timeoutMs, per attempt", async () => {
    const error = await failure(show("slow-headers", { retry: false }));
    expect(error).toMatchObject({ name: "DcsRequestError", kind: "timeout", attempts: 1 });
    expect(String(error)).toMatch(/no complete answer within 300 ms \(timeoutMs\)/);
  });

  it("times out a body that stalls after the headers", async () => {
    const error = await failure(show("slow-body", { retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } }));
    expect(error).toMatchObject({ kind: "timeout", attempts: 2 });
  });

  it("turns a truncated JSON body into a clear error, not a parse crash", async () => {
    const error = await failure(show("truncated-json"));
    expect(error).toMatchObject({ name: "DcsRequestError", kind: "invalid_response" });
    expect(String(error)).toMatch(/HTTP 200 with a body that is not JSON: \{"task_id": "t", "status": "MIGR/);
  });

  it("turns an HTML error page into a typed error", async () => {
    const result = await show("html-502", { retry: false });
    expect(result.response.status).toBe(502);
    expect(result.error).toEqual({
      error_code: "HTTP.502",
      error_msg: "Bad Gateway (text/html body, not the service's JSON): 502 Bad Gateway 502 Bad Gateway nginx",
    });
  });

  it("keeps passwords, SK and token out of error bodies that echo the request", async () => {
    const result = await client().POST("/v2/{project_id}/migration/{task_id}/task", {
      params: { path: { task_id: "echo-secrets" } },
      body: {
        migration_method: "incremental_migration",
        resume_mode: "auto",
        source_instance: { addrs: "10.0.0.1:6379", password: PASSWORD },
        target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" },
      },
    });
    expect(result.error?.error_code).toBe("DCS.4000");
    expect(result.error?.error_msg).toContain("[REDACTED]");
    errors.push(DcsApiError.from(result, "POST"), result.error);
  });

  it("cancels a retry wait at once when the caller aborts", async () => {
    const controller = new AbortController();
    const call = client({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxElapsedMs: 120_000 } }).GET("/v2/{project_id}/migration-task/{task_id}", {
      params: { path: { task_id: "reset-always" } },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("stopped by the operator")), 50);
    await expect(call).rejects.toThrow("stopped by the operator");
  });

  it("leaves no sentinel secret in any error message, error body or log line", () => {
    expect(errors.length).toBeGreaterThanOrEqual(6);
    expect(events.length).toBeGreaterThan(5);
    const seen = [...errors.map((e) => (e instanceof Error ? `${e.message}\n${e.stack}\n${JSON.stringify(e)}` : JSON.stringify(e))), JSON.stringify(events)].join("\n");
    for (const secret of [SK, TOKEN, PASSWORD]) expect(seen).not.toContain(secret);
  });
});
