import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDcsClient, DcsApiError, type DcsClientOptions, type DcsLogEvent, DcsRequestError, unwrap } from "../src/index.node.js";
import { PROXY_ERROR, startFaultServer } from "./fault-server.js";
import { failure, PROJECT } from "./observe.js";

// Sentinels: if one of these shows up in an error or a log line, a secret leaked.
const SK = "SENTINEL-SK-7f3a9c1e5b";
const TOKEN = "SENTINEL-TOKEN-2d8e4f6a0c";
const PASSWORD = "SENTINEL-REDIS-PASSWORD-91b3";

let server: Awaited<ReturnType<typeof startFaultServer>>;
let next = 0;
/** A task ID of its own for a fault, so that no test shares a hit counter with another. */
const fresh = (fault: string) => `${fault}~${++next}`;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

function client(extra: Partial<DcsClientOptions> = {}, events: DcsLogEvent[] = []) {
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

const show = (task: string, extra?: Partial<DcsClientOptions>, events?: DcsLogEvent[]) =>
  client(extra, events).GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: task } } });

describe("faults, against a real HTTP server", () => {
  it("retries a GET after a connection reset", async () => {
    const task = fresh("reset-once");
    const { data } = await show(task);
    expect(data?.status).toBe("SUCCESS");
    expect(server.hits.get(task)).toBe(2);
  });

  it("gives up on resets after the configured attempts, with a network error", async () => {
    const task = fresh("reset-always");
    const error = await failure(show(task));
    expect(error).toBeInstanceOf(DcsRequestError);
    expect(error).toMatchObject({ kind: "network", attempts: 3 });
    expect(String(error)).toMatch(/GET \/v2\/.*\/reset-always~\d+ failed after 3 attempts: could not reach http:\/\/127\.0\.0\.1:\d+: /);
    expect(server.hits.get(task)).toBe(3);
  });

  it("honours Retry-After on a 503", async () => {
    const events: DcsLogEvent[] = [];
    const { data } = await show(fresh("unavailable-retry-after"), {}, events);
    expect(data?.status).toBe("SUCCESS");
    expect(events.find((e) => e.type === "retry")).toMatchObject({ reason: "HTTP 503", delayMs: 1000 });
  });

  it("backs off on its own on a 429 without Retry-After", async () => {
    const events: DcsLogEvent[] = [];
    const { data } = await show(fresh("throttled"), {}, events);
    expect(data?.status).toBe("SUCCESS");
    const retry = events.find((e) => e.type === "retry");
    expect(retry?.type === "retry" && retry.delayMs >= 10 && retry.delayMs <= 20).toBe(true);
  });

  it("never retries a POST unless asked, and explains the 429", async () => {
    const task = fresh("throttled");
    const result = await client().POST("/v2/{project_id}/migration-task/{task_id}/stop", { params: { path: { task_id: task } } });
    expect(result.response.status).toBe(429);
    expect(result.error?.error_code).toBe("APIGW.0308");
    expect(server.hits.get(task)).toBe(1);
    expect(DcsApiError.from(result, "POST").message).toMatch(
      /HTTP 429 APIGW\.0308: The throttling threshold has been reached \(request id bbbb0000bbbb0000bbbb0000bbbb0000\) - Throttled: retry after a pause/,
    );
  });

  it("times out a response slower than timeoutMs, per attempt", async () => {
    const error = await failure(show(fresh("slow-headers"), { retry: false }));
    expect(error).toMatchObject({ name: "DcsRequestError", kind: "timeout", attempts: 1 });
    expect(String(error)).toMatch(/no complete answer within 300 ms \(timeoutMs\)/);
  });

  it("times out a body that stalls after the headers", async () => {
    const error = await failure(show(fresh("slow-body"), { retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } }));
    expect(error).toMatchObject({ kind: "timeout", attempts: 2 });
  });

  // Every attempt's deadline shares one timer (src/deadlines.ts), set for the earliest: a shorter
  // timeout that starts later must move it forward, not wait for the longer one.
  it("times out a short attempt while a longer one started earlier is still waiting", async () => {
    const controller = new AbortController();
    let longSettled = false;
    const long = client({ timeoutMs: 10_000, retry: false })
      .GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: fresh("slow-headers") } }, signal: controller.signal })
      .finally(() => {
        longSettled = true;
      });
    const short = await failure(show(fresh("slow-headers"), { timeoutMs: 200, retry: false }));
    expect(short).toMatchObject({ kind: "timeout" });
    expect(longSettled).toBe(false);
    controller.abort(new Error("done"));
    await expect(long).rejects.toThrow("done");
  });

  it("lets a script end once its requests are done, however long their timeout", async () => {
    const script = `
      import { createDcsClient } from ${JSON.stringify(new URL("../dist/index.node.js", import.meta.url).href)};
      const client = createDcsClient({ endpoint: process.argv[1], projectId: "${PROJECT}", timeoutMs: 600000 });
      const { data } = await client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: "ok~exit" } } });
      console.log(data.status);`;
    // Killed after 15 s: a timer still holding the process would keep it 10 minutes.
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, server.url], { timeout: 15_000 });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const [code, signal] = await once(child, "exit");
    expect({ code, signal, stdout: stdout.trim() }).toEqual({ code: 0, signal: null, stdout: "SUCCESS" });
  });

  it("turns a truncated JSON body into a clear error, not a parse crash", async () => {
    const error = await failure(show(fresh("truncated-json")));
    expect(error).toMatchObject({ name: "DcsRequestError", kind: "invalid_response" });
    expect(String(error)).toMatch(/HTTP 200 with a body that is not JSON: \{"task_id": "t", "status": "MIGR/);
  });

  it("turns an HTML error page into a typed error that says what the page says, and keeps the page", async () => {
    const result = await show(fresh("html-502"), { retry: false });
    expect(result.response.status).toBe(502);
    expect(result.error).toEqual({
      error_code: "HTTP.502",
      error_msg: "Bad Gateway (text/html body, not the service's JSON): 502 Bad Gateway nginx",
    });
    const error = DcsApiError.from(result);
    expect(error.message).toMatch(
      /^GET \/v2\/[^ ]+ failed: HTTP 502 HTTP\.502: Bad Gateway \(text\/html body, not the service's JSON\): 502 Bad Gateway nginx/,
    );
    expect(error.raw).toContain("<center>nginx</center>");
  });

  it("says the useful part of a long proxy error, not its first 200 characters, and keeps all of it", async () => {
    const result = await show(fresh("proxy-json"), { retry: false });
    const error = DcsApiError.from(result);
    expect(error.method).toBe("GET");
    expect(() => unwrap(result)).toThrow(/^GET \/v2\/[^ ]+ failed: HTTP 504/);
    expect(error.message).toContain("upstream connect error: the service did not answer within 60 s (timeout)");
    expect(error.raw).toBe(JSON.stringify(PROXY_ERROR));
  });

  it("keeps passwords, SK and token out of error bodies that echo the request", async () => {
    const result = await echoSecrets(client());
    expect(result.error?.error_code).toBe("DCS.4000");
    expect(result.error?.error_msg).toContain("[REDACTED]");
    expect(JSON.stringify(result.error)).not.toContain(PASSWORD);
  });

  it("cancels a retry wait at once when the caller aborts", async () => {
    const controller = new AbortController();
    // Aborted once the retry's minute-long wait has begun (the client logs it just before).
    const abortOnRetry = (event: DcsLogEvent) => event.type === "retry" && queueMicrotask(() => controller.abort(new Error("stopped by the operator")));
    const call = client({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxElapsedMs: 120_000 }, log: abortOnRetry }).GET(
      "/v2/{project_id}/migration-task/{task_id}",
      { params: { path: { task_id: fresh("reset-always") } }, signal: controller.signal },
    );
    await expect(call).rejects.toThrow("stopped by the operator");
  });

  it("leaves no sentinel secret in any error message, error body or log line", async () => {
    const events: DcsLogEvent[] = [];
    const c = client({ retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } }, events);
    const task = (fault: string) => ({ params: { path: { task_id: fresh(fault) } } });
    const echoed = await echoSecrets(c);
    const seen = [
      await failure(c.GET("/v2/{project_id}/migration-task/{task_id}", task("reset-always"))),
      await failure(c.GET("/v2/{project_id}/migration-task/{task_id}", task("slow-headers"))),
      await failure(c.GET("/v2/{project_id}/migration-task/{task_id}", task("truncated-json"))),
      (await c.GET("/v2/{project_id}/migration-task/{task_id}", task("html-502"))).error,
      echoed.error,
      DcsApiError.from(echoed, "POST"),
      DcsApiError.from(await c.POST("/v2/{project_id}/migration-task/{task_id}/stop", task("throttled")), "POST"),
    ];
    expect(seen.filter((e) => e instanceof Error)).toHaveLength(5);
    expect(events.some((e) => e.type === "retry") && events.some((e) => e.type === "response")).toBe(true);
    const text = [...seen.map((e) => (e instanceof Error ? `${e.message}\n${e.stack}\n${JSON.stringify(e)}` : JSON.stringify(e))), JSON.stringify(events)].join(
      "\n",
    );
    for (const secret of [SK, TOKEN, PASSWORD]) expect(text).not.toContain(secret);
  });
});

/** A request carrying a Redis password to a server that repeats headers and body in its error. */
function echoSecrets(c: ReturnType<typeof client>) {
  return c.POST("/v2/{project_id}/migration/{task_id}/task", {
    params: { path: { task_id: fresh("echo-secrets") } },
    body: {
      migration_method: "incremental_migration",
      resume_mode: "auto",
      source_instance: { addrs: "10.0.0.1:6379", password: PASSWORD },
      target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd" },
    },
  });
}
