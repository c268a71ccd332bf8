// A real HTTP server on 127.0.0.1 that misbehaves on purpose. The task ID of a request names the
// fault, optionally followed by `~` and anything (`reset-once~3`): `hits` counts the requests of
// each task ID, so every test can have counters of its own.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Fault = (req: IncomingMessage, res: ServerResponse, hit: number, body: string) => void;

const ok = (res: ServerResponse, body: unknown = { task_id: "t", status: "SUCCESS" }) => {
  res.writeHead(200, { "Content-Type": "application/json", "X-Request-Id": "0123456789abcdef0123456789abcdef" });
  res.end(JSON.stringify(body));
};

/** What a proxy in front of the service may answer: long, JSON, and not the service's shape. */
export const PROXY_ERROR = {
  trace: "x".repeat(400),
  message: "upstream connect error: the service did not answer within 60 s (timeout)",
};

const faults: Record<string, Fault> = {
  ok: (_req, res) => ok(res),
  "reset-once": (req, res, hit) => (hit === 1 ? req.socket.destroy() : ok(res)),
  "reset-always": (req) => req.socket.destroy(),
  "unavailable-retry-after": (_req, res, hit) => {
    if (hit > 1) return ok(res);
    res.writeHead(503, { "Retry-After": "1", "Content-Type": "application/json", "X-Request-Id": "aaaa0000aaaa0000aaaa0000aaaa0000" });
    res.end(JSON.stringify({ error_code: "APIGW.0201", error_msg: "Backend unavailable", request_id: "aaaa0000aaaa0000aaaa0000aaaa0000" }));
  },
  throttled: (_req, res, hit) => {
    if (hit > 1) return ok(res);
    res.writeHead(429, { "Content-Type": "application/json", "X-Request-Id": "bbbb0000bbbb0000bbbb0000bbbb0000" });
    res.end(
      JSON.stringify({ error_code: "APIGW.0308", error_msg: "The throttling threshold has been reached", request_id: "bbbb0000bbbb0000bbbb0000bbbb0000" }),
    );
  },
  // Slow answers never come: only the client's timeout (or the server's close) ends them, so no
  // test races a timer of this server, however loaded the machine.
  "slow-headers": () => {},
  "slow-body": (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write('{"task_id": "t",');
  },
  "proxy-json": (_req, res) => {
    res.writeHead(504, { "Content-Type": "application/json" });
    res.end(JSON.stringify(PROXY_ERROR));
  },
  "truncated-json": (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end('{"task_id": "t", "status": "MIGR');
  },
  "html-502": (_req, res) => {
    res.writeHead(502, { "Content-Type": "text/html" });
    res.end(
      "<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
    );
  },
  "echo-secrets": (req, res, _hit, body) => {
    // A careless server that repeats what it got, headers and body, in its error message.
    res.writeHead(400, { "Content-Type": "application/json", "X-Request-Id": "cccc0000cccc0000cccc0000cccc0000" });
    res.end(JSON.stringify({ error_code: "DCS.4000", error_msg: `bad request: ${JSON.stringify(req.headers)} ${body}`, error_ext_msg: null }));
  },
};

export async function startFaultServer() {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const segments = new URL(req.url ?? "/", "http://x").pathname.split("/");
      const id = segments.find((segment) => segment.split("~")[0]! in faults);
      if (!id) {
        res.writeHead(404);
        return res.end();
      }
      const name = id.split("~")[0]!;
      const hit = (hits.get(id) ?? 0) + 1;
      hits.set(id, hit);
      faults[name]!(req, res, hit, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
