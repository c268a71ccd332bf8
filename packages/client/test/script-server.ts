// A real HTTP server on 127.0.0.1 whose answers each test scripts for itself: `server.answer` maps
// a request to a status and a JSON body (or none). Every request is recorded in `server.requests`.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Scripted {
  status?: number;
  /** A JSON body; absent, no body. */
  body?: unknown;
  /** A body sent as it is (an HTML page...), instead of `body`. */
  text?: string;
  headers?: Record<string, string>;
}

export async function startScriptServer() {
  const state = {
    requests: [] as SeenRequest[],
    answer: (_request: SeenRequest, _nth: number): Scripted => ({ status: 404, body: { error_code: "APIGW.0101", error_msg: "no script" } }),
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const seen: SeenRequest = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body };
      state.requests.push(seen);
      const nth = state.requests.filter((r) => r.method === seen.method && r.path === seen.path).length;
      const { status = 200, body: answer, text, headers = {} } = state.answer(seen, nth);
      const all = { "X-Request-Id": "0123456789abcdef0123456789abcdef", ...(answer === undefined ? {} : { "Content-Type": "application/json" }), ...headers };
      res.writeHead(status, all);
      res.end(text ?? (answer === undefined ? undefined : JSON.stringify(answer)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Forgets the requests of the last test and sets this test's answers. */
    script(answer: (request: SeenRequest, nth: number) => Scripted) {
      state.requests = [];
      state.answer = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
