// Starts Prism (the pinned one in node_modules) on a free port of 127.0.0.1, waits until it
// answers HTTP, and stops it for sure. `npm start`, `npm run mock` and the contract suite use it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve("@stoplight/prism-cli/dist/index.js");
/** The bundled document: what every surface serves and tests. */
export const BUNDLED_DOCUMENT = require.resolve("@dcs-migration/openapi/openapi.yaml");

const running = new Set();
// Last resort: whatever way this process ends, no Prism outlives it.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Asks the OS for a port nobody listens on. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {object} PrismOptions
 * @property {"mock" | "proxy"} [mode] mock (default) or a validating proxy in front of `upstream`
 * @property {string} [upstream] base URL of the upstream server, for proxy mode
 * @property {number} [port] port to listen on (default: a free one)
 * @property {string} [document] document to serve (default: the bundled one)
 * @property {boolean} [errors] turn violations into error responses (`--errors`, default true)
 * @property {number} [startTimeoutMs] how long to wait for Prism to answer (default 60 s: far more than it needs alone, for a loaded machine)
 */

/**
 * @param {PrismOptions} [options]
 * @returns {Promise<{ url: string, port: number, logs: () => string, stop: () => Promise<void> }>}
 */
export async function startPrism(options = {}) {
  const mode = options.mode ?? "mock";
  if (mode === "proxy" && !options.upstream) throw new Error("startPrism: proxy mode needs options.upstream (the base URL to forward to)");
  const port = options.port ?? (await freePort());
  const args = [PRISM_BIN, mode, options.document ?? BUNDLED_DOCUMENT];
  if (mode === "proxy") args.push(String(options.upstream));
  args.push("-h", "127.0.0.1", "-p", String(port));
  if (options.errors ?? true) args.push("--errors");

  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  running.add(child);
  let output = "";
  const collect = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-64_000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let early;
  exited.then((status) => (early = status));
  while (true) {
    if (early) throw new Error(`Prism ${mode} exited before it answered (${JSON.stringify(early)}):\n${output.trim()}`);
    try {
      // Any HTTP answer (a 404 for this path) proves Prism is listening and has loaded the document.
      await fetch(`${url}/__prism_ready__`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`Prism ${mode} did not answer on ${url} within ${options.startTimeoutMs ?? 60_000} ms:\n${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, port, logs: () => output, stop };
}
