// Attacks on the client, replayed against real local servers: an endpoint that redirects to another
// host (credentials and passwords must not follow), a server that echoes secrets in every form
// text can hold them, and a port nobody listens on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDcsClient, DcsApiError, type DcsClientOptions, DcsRequestError } from "../src/index.node.js";
import { scrubSecrets } from "../src/secrets.js";
import { failure, PROJECT } from "./observe.js";
import { type SeenRequest, startScriptServer } from "./script-server.js";

const SK = "SENTINEL-SK-7f3a9c1e5b";
const TOKEN = "SENTINEL-TOKEN-2d8e4f6a0c";
// Quotes, a backslash, a slash, a space, a non-ASCII letter: every form differs from the raw value.
// Each holds a run of letters and digits (Qz7kWsrc, Jp4vTtgt) that every encoding leaves as it is:
// found in a text, some form of the password was not masked, whichever form that was.
const PASSWORD = 'Qz7kWsrc"Pw\\Can/ary é+1';
const TARGET_PASSWORD = "Jp4vTtgt%Pw&x=y";

let endpoint: Awaited<ReturnType<typeof startScriptServer>>;
let elsewhere: Awaited<ReturnType<typeof startScriptServer>>;

beforeAll(async () => {
  [endpoint, elsewhere] = await Promise.all([startScriptServer(), startScriptServer()]);
});
afterAll(async () => {
  await Promise.all([endpoint.close(), elsewhere.close()]);
});

const configure = (options: Partial<DcsClientOptions>) =>
  createDcsClient({ endpoint: endpoint.url, projectId: PROJECT, timeoutMs: 2000, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options }).POST(
    "/v2/{project_id}/migration/{task_id}/task",
    {
      params: { path: { task_id: "t1" } },
      body: {
        migration_method: "incremental_migration",
        resume_mode: "auto",
        source_instance: { addrs: "10.0.0.1:6379", password: PASSWORD },
        target_instance: { id: "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd", password: TARGET_PASSWORD },
      },
    },
  );

/** All a caller can show of a failed call: the error body, the error's message and the raw body. */
function shown(result: { error?: unknown; response: Response }): string {
  const error = DcsApiError.from(result);
  return `${JSON.stringify(result.error)} ${error.message} ${error.raw ?? ""}`;
}

const leaked = (text: string) => [SK, TOKEN, "Qz7kWsrc", "Jp4vTtgt"].filter((s) => text.includes(s));

describe("a redirect from the endpoint", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`is an error naming where it pointed (HTTP ${status}), and nothing reaches that host`, async () => {
      endpoint.script(() => ({ status, headers: { Location: `${elsewhere.url}/steal` } }));
      elsewhere.script(() => ({ status: 200, body: {} }));
      const error = await failure(configure({ credentials: { token: TOKEN } }));
      expect(error).toBeInstanceOf(DcsRequestError);
      expect(error).toMatchObject({ kind: "redirect", attempts: 1 });
      expect(String(error)).toContain(`redirect to ${elsewhere.url}/steal`);
      expect(String(error)).toContain("nothing was sent there");
      expect(endpoint.requests).toHaveLength(1);
      expect(elsewhere.requests).toEqual([]);
    });
  }

  it("keeps AK/SK headers and an STS token at the endpoint, on a GET that would be retried", async () => {
    endpoint.script(() => ({ status: 302, headers: { Location: `${elsewhere.url}/steal` } }));
    elsewhere.script(() => ({ status: 200, body: {} }));
    const client = createDcsClient({
      endpoint: endpoint.url,
      projectId: PROJECT,
      credentials: { accessKeyId: "HPUAEXAMPLEAK0000001", secretAccessKey: SK, securityToken: TOKEN },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await failure(client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: "t1" } }, redirect: "follow" }));
    expect(error).toMatchObject({ kind: "redirect" });
    // Not retried either: a redirect is no passing fault.
    expect(endpoint.requests).toHaveLength(1);
    expect(elsewhere.requests).toEqual([]);
    expect(endpoint.requests[0]?.headers["x-security-token"]).toBe(TOKEN);
  });

  it("is refused even through a caller's own fetch", async () => {
    endpoint.script(() => ({ status: 307, headers: { Location: `${elsewhere.url}/steal` } }));
    elsewhere.script(() => ({ status: 200, body: {} }));
    const seen: RequestRedirect[] = [];
    const error = await failure(
      configure({
        credentials: { token: TOKEN },
        fetch: (request) => {
          seen.push(request.redirect);
          return fetch(request);
        },
      }),
    );
    expect(seen).toEqual(["manual"]);
    expect(error).toMatchObject({ kind: "redirect" });
    expect(elsewhere.requests).toEqual([]);
  });
});

describe("a server that echoes what it was sent", () => {
  const echoes: Record<string, (request: SeenRequest) => string> = {
    raw: (r) => `got ${JSON.parse(r.body).source_instance.password} and ${JSON.parse(r.body).target_instance.password}`,
    "JSON-escaped": (r) => `got ${r.body}`,
    "URL-encoded": (r) => `got password=${encodeURIComponent(JSON.parse(r.body).source_instance.password)}&t=${encodeURIComponent(TARGET_PASSWORD)}`,
    "form-encoded, lower-case escapes": (r) =>
      `got ${encodeURIComponent(JSON.parse(r.body).source_instance.password)
        .replace(/%20/g, "+")
        .replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`,
    "ASCII-only JSON": (r) => `got ${r.body.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}`,
    "headers too": (r) => `got ${JSON.stringify(r.headers)}`,
    "form-encoded by URLSearchParams": (r) => `got ${new URLSearchParams({ p: JSON.parse(r.body).source_instance.password, t: TARGET_PASSWORD })}`,
    "Go's escaping, upper-case hex": (r) =>
      `got ${r.body.replace(/[^\x20-\x7e]|[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`)}`,
    "escaped twice (JSON inside a JSON string)": (r) => `got ${JSON.stringify(r.body)}`,
  };
  for (const [form, echo] of Object.entries(echoes)) {
    it(`never shows a password or the token: ${form}`, async () => {
      endpoint.script((request) => ({ status: 400, body: { error_code: "DCS.4000", error_msg: echo(request) } }));
      const text = shown(await configure({ credentials: { token: TOKEN } }));
      // The server did echo something: the test would pass trivially on an empty message.
      expect(text).toContain("got ");
      expect(leaked(text)).toEqual([]);
      expect(text).toContain("[REDACTED]");
    });
  }

  it("never shows a password in an HTML page, where a summary would collapse its spaces and strip its tags", async () => {
    const spaced = "my  pass <word>!";
    endpoint.script(() => ({ status: 502, headers: { "Content-Type": "text/html" }, text: `<html><body>${spaced}</body></html>` }));
    const result = await createDcsClient({ endpoint: endpoint.url, projectId: PROJECT, retry: false }).POST("/v2/{project_id}/migration/{task_id}/task", {
      params: { path: { task_id: "t1" } },
      body: {
        migration_method: "incremental_migration",
        resume_mode: "auto",
        source_instance: { addrs: "10.0.0.1:6379", password: spaced },
        target_instance: { id: "t" },
      },
    });
    const text = shown(result);
    expect(text).toContain("502");
    for (const part of ["my pass", "pass <word>", "my  pass"]) expect(text).not.toContain(part);
  });

  it("never shows a password in a body that is not the service's JSON", async () => {
    endpoint.script((request) => ({ status: 502, body: { message: `upstream said ${request.body}` } }));
    const text = shown(await configure({ credentials: { token: TOKEN } }));
    expect(text).toContain("upstream said");
    expect(leaked(text)).toEqual([]);
  });
});

describe("scrubSecrets", () => {
  it("masks every form and leaves other text alone", () => {
    const text = `a ${JSON.stringify({ p: PASSWORD })} b ${encodeURIComponent(PASSWORD)} c ${PASSWORD} d`;
    expect(scrubSecrets(text, [PASSWORD], "***")).toBe('a {"p":"***"} b *** c *** d');
  });

  it("masks nothing of a value too short to be a secret", () => {
    expect(scrubSecrets("a abc b", ["abc"])).toBe("a abc b");
  });
});

describe("a refused connection", () => {
  it("names the endpoint and the cause", async () => {
    // A port that was just free: a server listened there and closed.
    const gone = await startScriptServer();
    await gone.close();
    const client = createDcsClient({ endpoint: gone.url, projectId: PROJECT, retry: false });
    const error = await failure(client.GET("/v2/{project_id}/migration-task/{task_id}", { params: { path: { task_id: "t1" } } }));
    expect(error).toMatchObject({ kind: "network" });
    expect(String(error)).toContain(`could not reach ${gone.url}: the connection was refused (nothing listens there) (ECONNREFUSED)`);
  });
});
