// The sandbox's HTTP server: the document's operations, routed by its paths to the model, with the
// gateway's checks and injected faults in front; and the control API under /__sandbox/. It is
// served only behind Prism's validating proxy (see index.mjs), which checks every byte it sends.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { openDocument } from "@dcs-migration/openapi/walker";
import { checkSignature } from "./auth.mjs";

const document = openDocument();
const catalogue = new Map(document.deref({ $ref: "#/components/schemas/ErrorResponse" })["x-dcs-errors"].codes.map((e) => [e.code, e]));
const routes = document.operations().map((op) => ({
  operationId: op.operationId,
  method: op.method,
  names: [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
}));

/** A DCS error as the service sends it, with the catalogue's message. */
export function serviceError(status, code) {
  const message = catalogue.get(code)?.message ?? "Internal service error.";
  return { status, body: { error_code: code, error_msg: message, error_ext_msg: null } };
}
const gatewayError = (status, code, message) => ({ status, body: { error_code: code, error_msg: message, request_id: randomBytes(16).toString("hex") } });

/** Seeded, so that a run with faults can be repeated. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How far the gateway's clock is ahead of this machine's (negative: behind), for signature times. */
export function checkSkew(ms) {
  if (!(typeof ms === "number" && Number.isFinite(ms))) throw new TypeError(`sandbox: the gateway clock's skew is a number of ms, got ${JSON.stringify(ms)}`);
  return ms;
}

export const FAULT_KINDS = ["throttle", "error", "slow"];

/** Checks a faults option: `{ rate: 0..1, kinds?: ["throttle" | "error" | "slow"], slowMs? }`. */
export function checkFaults(faults) {
  const { rate = 0, kinds = FAULT_KINDS, slowMs = 2000, ...rest } = faults ?? {};
  const unknown = Object.keys(rest);
  if (unknown.length) throw new TypeError(`sandbox: unknown fault option ${unknown.join(", ")}; the options are rate, kinds, slowMs`);
  if (!(typeof rate === "number" && rate >= 0 && rate <= 1))
    throw new TypeError(`sandbox: \`faults.rate\` is the share of responses to spoil, from 0 to 1, got ${JSON.stringify(rate)}`);
  if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => !FAULT_KINDS.includes(k))) {
    throw new TypeError(`sandbox: \`faults.kinds\` lists some of ${FAULT_KINDS.join(", ")}, got ${JSON.stringify(kinds)}`);
  }
  if (!(typeof slowMs === "number" && slowMs >= 0)) throw new TypeError(`sandbox: \`faults.slowMs\` is a delay in ms, got ${JSON.stringify(slowMs)}`);
  return { rate, kinds, slowMs };
}

/**
 * @param {{ model: ReturnType<import("./model.mjs").createModel>, clock: { now(): number, advance(ms: number): void },
 *   credentials?: { accessKeyId: string, secretAccessKey: string }, faults?: object, seed?: number, clockSkewMs?: number,
 *   publicOrigin: string }} options
 */
export async function startSandboxServer(options) {
  const { model, clock, credentials, publicOrigin } = options;
  let faults = checkFaults(options.faults);
  const random = mulberry32(options.seed ?? 1);
  let clockSkewMs = options.clockSkewMs ?? 0;
  const gatewayNow = () => Date.now() + clockSkewMs;

  const control = {
    "GET /__sandbox": () => ({ status: 200, body: model.snapshot() }),
    "POST /__sandbox/clock": (body) => {
      clock.advance(body.advanceMs);
      return { status: 200, body: { now: clock.now() } };
    },
    "POST /__sandbox/transitions": (body) => {
      model.setNextTransition(body);
      return { status: 204 };
    },
    "PUT /__sandbox/faults": (body) => {
      faults = checkFaults(body);
      return { status: 200, body: faults };
    },
    "PUT /__sandbox/gateway-clock": (body) => {
      clockSkewMs = checkSkew(body.skewMs);
      return { status: 200, body: { skewMs: clockSkewMs } };
    },
    "POST /__sandbox/reset": () => {
      model.reset();
      faults = checkFaults(undefined);
      return { status: 204 };
    },
  };

  async function handle(req, text) {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const controlled = control[`${req.method} ${url.pathname}`];
    if (controlled) {
      try {
        return controlled(text ? JSON.parse(text) : {});
      } catch (error) {
        return { status: 400, body: { error: error.message } };
      }
    }
    if (credentials) {
      const refused = await checkSignature(
        { method: req.method, url: `${publicOrigin}${req.url}`, headers: req.headers, body: text },
        credentials,
        gatewayNow(),
      );
      if (refused) return gatewayError(401, refused.code, refused.message);
    }
    if (faults.rate > 0 && random() < faults.rate) {
      const kind = faults.kinds[Math.floor(random() * faults.kinds.length)];
      if (kind === "throttle")
        return {
          ...gatewayError(429, "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second"),
          headers: { "Retry-After": "1" },
        };
      if (kind === "error") return serviceError(500, "DCS.5000");
      // Unref'd: a slow answer never keeps the process alive once the sandbox has stopped.
      await new Promise((resolve) => setTimeout(resolve, faults.slowMs).unref());
    }
    for (const route of routes) {
      const match = req.method === route.method && route.pattern.exec(url.pathname);
      if (!match) continue;
      const path = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
      const query = Object.fromEntries(url.searchParams);
      const operation = model.operations[route.operationId];
      if (!operation) return serviceError(500, "DCS.5000");
      return operation({ path, query, body: text ? JSON.parse(text) : undefined });
    }
    return gatewayError(404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
  }

  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", async () => {
      const answer = await handle(req, text).catch((error) => ({
        status: 500,
        body: { error_code: "DCS.5000", error_msg: `Internal service error: ${error.message}`, error_ext_msg: null },
      }));
      const headers = { "X-Request-Id": randomBytes(16).toString("hex"), Date: new Date(gatewayNow()).toUTCString(), ...answer.headers };
      if (answer.body === undefined) {
        res.writeHead(answer.status, headers);
        return res.end();
      }
      res.writeHead(answer.status, { ...headers, "Content-Type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    setFaults: (next) => (faults = checkFaults(next)),
    setClockSkew: (ms) => (clockSkewMs = checkSkew(ms)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
