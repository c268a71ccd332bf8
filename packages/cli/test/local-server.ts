// A real HTTP server on 127.0.0.1 whose answers a test scripts: for what dcs-migrate does with an
// answer no sandbox gives (an echo of the request, a hostile task name, a folder that vanishes
// while a task is created).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";

export interface Seen {
  method: string;
  path: string;
  body: string;
}

export type Script = (request: Seen, raw: IncomingMessage) => { status?: number; body?: unknown } | Promise<{ status?: number; body?: unknown }>;

export async function startLocalServer(script: Script) {
  const requests: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", async () => {
      const seen = { method: String(req.method), path: new URL(String(req.url), "http://x").pathname, body };
      requests.push(seen);
      const { status = 200, body: answer } = await script(seen, req);
      res.writeHead(status, { "Content-Type": "application/json", "X-Request-Id": "0123456789abcdef0123456789abcdef" });
      res.end(answer === undefined ? undefined : JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A test file's servers: each one started is closed once the file's tests are done. */
export function localServers() {
  const started: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(started.map((s) => s.close())));
  return async (script: Script) => {
    const server = await startLocalServer(script);
    started.push(server);
    return server;
  };
}
