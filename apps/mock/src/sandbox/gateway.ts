// The sandbox's URL, as the API gateway is the service's: what callers reach. It serves the control
// API (/__sandbox/), checks signatures and throttles as the gateway does, spoils the share of
// answers the faults ask for, and passes everything else to Prism's validating proxy, in front of
// the service. Prism's own answers (a request that breaks the document, an unknown path...) come
// back in the service's or the gateway's JSON (prism-findings.ts); the rest passes as Prism sent it.
import { isUtf8 } from "node:buffer";
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DcsErrors } from "@dcs-migration/client";
import { type Answer, gatewayError, requestId, serviceError } from "./answers.js";
import { checkSignature } from "./auth.js";
import { CONTROL_PREFIX } from "./control.js";
import type { Faults } from "./options.js";
import { SandboxOptionError } from "./options.js";
import { fromPrism, type Problem } from "./prism-findings.js";

export interface GatewayOptions {
  port: number;
  /** Prism's validating proxy, in front of the service. */
  prismUrl: string;
  /** Resolves once Prism answers (at once, unless it is being started again after it exited). */
  prismReady(): Promise<void>;
  control: Record<string, (body: unknown, query: URLSearchParams) => Answer>;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  faults: Faults;
  seed: number;
  clockSkewMs: number;
  /** Called before each API request (its project's clock step). */
  onRequest(method: string, path: string): void;
}

/** Seeded, so that a run with faults can be repeated. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "host", "date"]);

/** The gateway's documented bound on a body: 12 MB, answered 413 APIGW.0201 (PayloadTooLarge in the document). */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;
/**
 * How deep a JSON body may nest. The document's deepest request nests 4 levels; Prism's validator
 * recurses, and a body 5000 levels deep (25 KB) made its process die.
 */
export const MAX_BODY_DEPTH = 32;

/** How deep `text`'s arrays and objects nest, in one pass; strings are skipped. Stops counting past `bound`. */
export function nestingDepth(text: string, bound: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > bound) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

export async function startGateway(options: GatewayOptions) {
  let faults = options.faults;
  let clockSkewMs = options.clockSkewMs;
  const random = mulberry32(options.seed);
  const gatewayNow = () => Date.now() + clockSkewMs;
  const prism = new URL(options.prismUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  /**
   * Sends the request on to Prism. Its own answers (problem+json) come back reshaped; the service's
   * are passed on as they stream, untouched.
   */
  async function forward(method: string, url: string, headers: IncomingHttpHeaders, body: string, fresh = false): Promise<Answer | IncomingMessage> {
    await options.prismReady();
    return new Promise((resolve) => {
      const sent: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) sent[name] = value;
      if (body) sent["content-length"] = String(Buffer.byteLength(body));
      const upstream = httpRequest({ host: prism.hostname, port: prism.port, method, path: url, headers: sent, agent: fresh ? false : agent }, (response) => {
        if (!String(response.headers["content-type"]).startsWith("application/problem+json")) return resolve(response);
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          let problem: Problem = {};
          try {
            problem = JSON.parse(text);
          } catch {}
          const reshaped = fromPrism(response.statusCode ?? 500, problem);
          // Prism's header names what was wrong: kept, so tests see a violation of the sandbox's own.
          const violations = response.headers["sl-violations"];
          resolve({ ...reshaped, headers: violations ? { "sl-violations": String(violations) } : {} });
        });
      });
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        // Prism closes a keep-alive connection after 5 idle seconds. A request sent on it as it
        // closes (a busy machine delays the close being seen) is reset unread: sent again, once, on a
        // connection of its own, as Node's documentation advises for a reused socket. Safe for a
        // POST too: Prism, on loopback, resets only a connection it holds idle, so nothing was read.
        if (!fresh && upstream.reusedSocket && error.code === "ECONNRESET") return resolve(forward(method, url, headers, body, true));
        resolve(serviceError(DcsErrors.INTERNAL_ERROR, `the sandbox's validating proxy did not answer: ${error.message}`));
      });
      upstream.end(body || undefined);
    });
  }

  async function api(method: string, url: string, headers: IncomingHttpHeaders, body: string): Promise<Answer | IncomingMessage> {
    options.onRequest(method, url.split("?")[0] as string);
    if (options.credentials) {
      const refused = await checkSignature({ method, url: `http://${headers.host}${url}`, headers, body }, options.credentials, gatewayNow());
      if (refused) return gatewayError(refused.error, refused.message);
    }
    if (faults.rate > 0 && random() < faults.rate) {
      const kind = faults.kinds[Math.floor(random() * faults.kinds.length)];
      if (kind === "throttle") {
        return {
          ...gatewayError(DcsErrors.THROTTLED, "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second"),
          headers: { "Retry-After": "1" },
        };
      }
      if (kind === "error") return serviceError(DcsErrors.INTERNAL_ERROR, "a fault the sandbox was asked to inject (faults.kinds: error)");
      // Unref'd: a slow answer never keeps the process alive once the sandbox has stopped.
      await new Promise((resolve) => setTimeout(resolve, faults.slowMs).unref());
    }
    if (body && nestingDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      return serviceError(
        DcsErrors.INVALID_JSON_BODY,
        `the body nests deeper than ${MAX_BODY_DEPTH} levels, the sandbox's bound (no request of the API nests past 4)`,
      );
    }
    if (body && String(headers["content-type"] ?? "").includes("json")) {
      try {
        JSON.parse(body);
      } catch (error) {
        return serviceError(DcsErrors.INVALID_JSON_BODY, `the body is not JSON: ${(error as Error).message}`);
      }
    }
    return forward(method, url, headers, body);
  }

  /**
   * The control API resets and steers the sandbox, so only this machine's own programs may call it:
   * not a web page open in a developer's browser (a foreign Origin, or a body that is not JSON,
   * which a page can send without asking), nor one reaching it through a DNS name rebound to
   * 127.0.0.1 (a Host that is not the sandbox's).
   */
  function refusedControl(headers: IncomingHttpHeaders, body: string): Answer | undefined {
    const port = (server.address() as AddressInfo).port;
    const own = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
    if (!own.has(String(headers.host))) {
      return {
        status: 403,
        body: { error: `the control API answers only at its own address (127.0.0.1:${port}); Host was ${JSON.stringify(headers.host ?? "")}` },
      };
    }
    const origin = headers.origin;
    if (origin !== undefined && !own.has(origin.replace(/^http:\/\//, ""))) {
      return { status: 403, body: { error: `the control API refuses requests from web pages of another origin (${origin})` } };
    }
    if (body && !/^application\/json\s*(;|$)/i.test(String(headers["content-type"] ?? ""))) {
      return { status: 415, body: { error: "a control's body is JSON: send it with Content-Type: application/json" } };
    }
    return undefined;
  }

  function control(method: string, path: string, query: URLSearchParams, body: string): Answer {
    const handler = options.control[`${method} ${path.slice(CONTROL_PREFIX.length).replace(/\/$/, "")}`];
    if (!handler) {
      const routes = Object.keys(options.control).map((r) => `${r.split(" ")[0]} ${CONTROL_PREFIX}${r.split(" ")[1]}`);
      return { status: 404, body: { error: `no control ${method} ${path}; the controls are ${routes.join(", ")}` } };
    }
    try {
      return handler(body ? JSON.parse(body) : undefined, query);
    } catch (error) {
      return { status: 400, body: { error: (error as Error).message } };
    }
  }

  /** An answer of the sandbox's own, not Prism's: JSON (or none), with a request ID and the gateway's date. */
  function send(res: ServerResponse, answer: Answer) {
    const headers: Record<string, string> = { "x-request-id": requestId() };
    for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name.toLowerCase()] = value;
    headers.date = new Date(gatewayNow()).toUTCString();
    if (answer.body === undefined && answer.text === undefined) {
      delete headers["content-type"];
      res.writeHead(answer.status, headers);
      res.end();
      return;
    }
    res.writeHead(answer.status, { ...headers, "content-type": "application/json" });
    res.end(answer.text ?? JSON.stringify(answer.body));
  }

  const tooLarge = () =>
    gatewayError(DcsErrors.REQUEST_TOO_LARGE, `Request entity too large: the body is over ${MAX_BODY_BYTES / 1024 / 1024} MB, the gateway's bound`);

  const server: Server = createServer((req, res) => {
    // Counted as it streams, never held past the bound: a 600 MB body once ended the process. Past
    // it, the rest is read and dropped: closing with bytes unread would reset the connection, and
    // the client could lose the 413 before reading it.
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
      send(res, tooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        chunks.length = 0;
        send(res, tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", async () => {
      if (refused) return;
      const method = String(req.method);
      const url = String(req.url);
      const path = url.split("?")[0] as string;
      const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
      const bytes = Buffer.concat(chunks, size);
      // Decoded, a byte that is not UTF-8 would become U+FFFD and be stored: the service refuses such a body.
      if (!isUtf8(bytes)) {
        return send(
          res,
          isControl
            ? { status: 400, body: { error: "the body is not UTF-8" } }
            : serviceError(DcsErrors.INVALID_JSON_BODY, "the body is not UTF-8: it contains invalid characters"),
        );
      }
      const body = bytes.toString("utf8");
      const answer = isControl
        ? (refusedControl(req.headers, body) ?? control(method, path, new URLSearchParams(url.slice(path.length)), body))
        : await api(method, url, req.headers, body);
      if (answer instanceof IncomingMessage) {
        const passed: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) passed[name] = value;
        passed.date = new Date(gatewayNow()).toUTCString();
        res.writeHead(answer.statusCode ?? 500, passed);
        answer.pipe(res);
        return;
      }
      send(res, answer);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new SandboxOptionError(`port ${options.port} is already in use (another sandbox or mock?): stop it, or choose another port`)
          : error,
      ),
    );
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setFaults: (next: Faults) => {
      faults = next;
    },
    setClockSkew: (ms: number) => {
      clockSkewMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
