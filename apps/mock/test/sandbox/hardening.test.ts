// Attacks on the sandbox, replayed against a real one (its gateway, Prism, the service): a body
// past the gateway's bound, a body nested deep enough to kill Prism, Prism's process killed, a web
// page's cross-origin writes to the control API, and bytes that are not UTF-8.
import { execFileSync } from "node:child_process";
import { request } from "node:http";
import { DcsErrors } from "@dcs-migration/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/index.js";
import { MAX_BODY_BYTES, MAX_BODY_DEPTH } from "../../src/sandbox/gateway.js";

const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
/** The Prism processes (prism-cli in proxy mode) that are this process's children. */
const prismChildren = () =>
  execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes("prism-cli") && line.includes(" proxy "))
    .map((line) => Number(line.trim().split(/\s+/)[0]));

let sandbox: RunningSandbox;
/** This file's sandbox's Prism: the files of a worker share theirs (harness.ts), so it is told apart by when it came. */
let ours: number[] = [];
beforeAll(async () => {
  const before = new Set(prismChildren());
  sandbox = await startSandbox({ speed: "manual" });
  ours = prismChildren().filter((pid) => !before.has(pid));
});
afterAll(async () => {
  await sandbox?.stop();
});

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP request: any Host, any body (in chunks, without a length when `chunks` is given). */
function send(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string; chunks?: () => Iterable<Buffer> } = {}) {
  const url = new URL(sandbox.url);
  return new Promise<Sent>((resolve, reject) => {
    // A connection of its own: one that claimed a body it never sent must not be reused.
    const req = request({ host: url.hostname, port: url.port, method, path, agent: false, headers: { "X-Auth-Token": "t", ...options.headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    if (options.chunks) {
      (async () => {
        for (const chunk of options.chunks?.() ?? []) {
          if (req.destroyed) return;
          if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        }
        req.end();
      })().catch(reject);
    } else req.end(options.body);
  });
}

const list = () => send("GET", `/v2/${PROJECT}/migration-tasks`);
const create = (body: unknown) =>
  send("POST", `/v2/${PROJECT}/migration/instance`, { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const CREATE = { name: "t", vpc_id: "v", subnet_id: "s", security_group_id: "g" };

describe("a body past the gateway's bound", () => {
  it(`is answered 413 APIGW.0201 in the gateway's shape, read no further than ${MAX_BODY_BYTES / 1024 / 1024} MB, and the sandbox serves on`, async () => {
    const MiB = Buffer.alloc(1024 * 1024, 0x61);
    // 16 MB, streamed without a length: the gateway has to count it.
    const answer = await send("POST", `/v2/${PROJECT}/migration/instance`, {
      headers: { "Content-Type": "application/json" },
      chunks: function* () {
        for (let i = 0; i < 16; i++) yield MiB;
      },
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ error_code: DcsErrors.REQUEST_TOO_LARGE.code, request_id: expect.any(String) });
    expect((await list()).status).toBe(200);
  });

  it("is refused from its Content-Length alone, before any of it is read", async () => {
    const answer = await send("POST", `/v2/${PROJECT}/migration/instance`, {
      headers: { "Content-Type": "application/json", "Content-Length": String(600 * 1024 * 1024) },
      body: "{",
    });
    expect(answer.status).toBe(413);
    expect((await list()).status).toBe(200);
  });
});

describe("a body nested past the bound", () => {
  it(`is refused 400 DCS.4005 before Prism sees it (5000 levels in 25 KB once killed Prism), and the API answers on`, async () => {
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const answer = await send("POST", `/v2/${PROJECT}/migration/instance`, { headers: { "Content-Type": "application/json" }, body: deep });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({
      error_code: DcsErrors.INVALID_JSON_BODY.code,
      error_ext_msg: expect.stringContaining(`deeper than ${MAX_BODY_DEPTH} levels`),
    });
    expect((await create(CREATE)).status).toBe(200);
  });

  it("counts brackets inside strings as text", async () => {
    const answer = await create({ ...CREATE, name: "[".repeat(100) });
    expect(JSON.parse(answer.text).error_ext_msg ?? "").not.toContain("levels");
  });
});

describe("Prism's process", () => {
  it("is started again when it dies, saying so, and the API answers as before", async () => {
    const said: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      said.push(String(chunk));
      return true;
    });
    try {
      // Prism is this process's child running prism-cli in proxy mode, started with this file's sandbox.
      expect(ours).toHaveLength(1);
      process.kill(ours[0] as number, "SIGKILL");
      // The next call waits for the new Prism rather than failing.
      await vi.waitFor(() => expect(said.join("")).toContain("exited (SIGKILL)"), { timeout: 10_000 });
      expect((await list()).status).toBe(200);
      expect(said.join("")).toContain("Prism answers again");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("the control API", () => {
  const reset = (headers: Record<string, string>, body = "{}") => send("POST", "/__sandbox/reset", { headers, body });

  it("refuses a web page of another origin, and keeps every task", async () => {
    expect((await create(CREATE)).status).toBe(200);
    const before = sandbox.state().tasks.length;
    const answer = await reset({ Origin: "http://evil.example", "Content-Type": "application/json" });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("another origin (http://evil.example)");
    expect(sandbox.state().tasks.length).toBe(before);
  });

  it("refuses a body that is not sent as JSON (what a page may send without asking)", async () => {
    const before = sandbox.state().tasks.length;
    const answer = await reset({ "Content-Type": "text/plain" });
    expect(answer.status).toBe(415);
    expect(sandbox.state().tasks.length).toBe(before);
  });

  it("refuses a Host that is not the sandbox's (a DNS name rebound to 127.0.0.1)", async () => {
    const answer = await reset({ Host: `rebound.example:${new URL(sandbox.url).port}`, "Content-Type": "application/json" });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("answers only at its own address");
  });

  it("takes its own origin, and programs that send none", async () => {
    expect((await reset({ Origin: sandbox.url, "Content-Type": "application/json" }, JSON.stringify({ projectId: PROJECT }))).status).toBe(204);
    expect((await send("POST", "/__sandbox/reset")).status).toBe(204);
    expect(sandbox.state().tasks).toEqual([]);
  });
});

describe("bytes that are not UTF-8", () => {
  it("are refused 400 DCS.4005, never stored with U+FFFD in their place", async () => {
    const body = Buffer.concat([Buffer.from('{"name":"t'), Buffer.from([0xff, 0xfe]), Buffer.from('","vpc_id":"v","subnet_id":"s","security_group_id":"g"}')]);
    const project = "0a1b2c3d4e5f60718293a4b5c6d7e8f0"; // a project no other test creates tasks in
    const answer = await send("POST", `/v2/${project}/migration/instance`, { headers: { "Content-Type": "application/json" }, body });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error_code: DcsErrors.INVALID_JSON_BODY.code, error_ext_msg: expect.stringContaining("not UTF-8") });
    expect(sandbox.project(project).state().tasks).toEqual([]);
  });
});
