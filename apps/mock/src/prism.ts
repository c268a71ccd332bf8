// Starts Prism (the pinned one in node_modules) on a port of 127.0.0.1, waits until it answers
// HTTP, and stops it for sure. `npm start`, `npm run mock`, the sandbox and the contract suite use it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve("@stoplight/prism-cli/dist/index.js");
/** A file of the build: from the sources (the tests, which run after the build), the one in dist/. */
const built = (file: string) => new URL(import.meta.url.endsWith(".ts") ? `../dist/${file}` : `./${file}`, import.meta.url);
/** Prism's start without the modules it requires and a start never uses (deferred-modules.ts). */
const DEFERRED_MODULES = built("deferred-modules.js").href;
/** Prism ends with the process that started it, however that ends (orphan-guard.ts). */
const ORPHAN_GUARD = built("orphan-guard.js").href;
/** The bundled document: what every surface serves and tests. */
export const BUNDLED_DOCUMENT: string = require.resolve("@dcs-migration/openapi/openapi.yaml");
/**
 * What Prism reads by default: the bundled document as JSON, without its prose
 * (scripts/prism-document.mjs). Prism reads it at every start, where parsing the YAML and the prose
 * took a fifth of the CPU.
 */
const PRISM_DOCUMENT = fileURLToPath(built("prism-document.json"));

const running = new Set<ReturnType<typeof spawn>>();
// Last resort: whatever way this process ends, no Prism outlives it.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Listens on `port` of 127.0.0.1 (0: any free one) and lets it go: its number, or an error naming it when taken. */
export function claim(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${port} is already in use (another sandbox or mock?): stop it, or choose another port`) : error),
    );
    server.listen(port, "127.0.0.1", () => {
      const { port: taken } = server.address() as import("node:net").AddressInfo;
      server.close(() => resolve(taken));
    });
  });
}

/** Asks the OS for a port nobody listens on. */
export const freePort = () => claim(0);

export interface PrismOptions {
  /** mock (default), or a validating proxy in front of `upstream`. */
  mode?: "mock" | "proxy";
  /** Base URL of the upstream server, for proxy mode. */
  upstream?: string;
  /** Port to listen on (default: a free one); a port in use is an error naming it. */
  port?: number;
  /** Document to serve (default: the bundled one, without its prose). */
  document?: string;
  /** Turn violations into error responses (`--errors`, default true). */
  errors?: boolean;
  /** How long to wait for Prism to answer (default 60 s: far more than it needs alone, for a loaded machine). */
  startTimeoutMs?: number;
  /**
   * What Prism logs (its `-v`). Default "error": logging each request at "info" costs Prism about a
   * third more CPU a request; the bin's stateless mock logs "info" for a person watching.
   */
  logLevel?: "info" | "warn" | "error" | "silent";
  /** Called if Prism exits once it has answered, other than by stop(): what a supervisor restarts. */
  onExit?: (exit: { code: number | null; signal: NodeJS.Signals | null; output: string }) => void;
}

export interface RunningPrism {
  url: string;
  port: number;
  /** What Prism printed (the last 64 kB). */
  logs(): string;
  /** Stops Prism; no process is left. */
  stop(): Promise<void>;
}

export async function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  const mode = options.mode ?? "mock";
  if (mode === "proxy" && !options.upstream) throw new Error("startPrism: proxy mode needs options.upstream (the base URL to forward to)");
  // Claimed first: otherwise a taken port would find the other server answering, and pass for ours.
  const port = await claim(options.port ?? 0);
  const args = ["--import", DEFERRED_MODULES, "--import", ORPHAN_GUARD, PRISM_BIN, mode, options.document ?? PRISM_DOCUMENT];
  if (mode === "proxy") args.push(String(options.upstream));
  args.push("-h", "127.0.0.1", "-p", String(port));
  if (options.errors ?? true) args.push("--errors");
  args.push("-v", options.logLevel ?? "error");

  // stdin a pipe this process holds open and never writes: its end tells Prism to go (orphan-guard.ts).
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  running.add(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-64_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let early: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let answered = false;
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      early = { code, signal };
      if (answered && !stopping) options.onExit?.({ code, signal, output });
      resolve();
    }),
  );

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  // Listening is answering: any HTTP answer will do (the port was ours, so it is Prism's). A refused
  // connection costs next to nothing, so polling every 50 ms is cheap.
  while (!(await answers(url))) {
    if (early) throw new Error(`Prism ${mode} exited before it answered (${JSON.stringify(early)}):\n${output.trim()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism ${mode} did not answer on ${url} within ${timeoutMs} ms:\n${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  answered = true;
  return { url, port, logs: () => output, stop };
}

/** Whether anything answers HTTP at `url`. */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/__prism_ready__`, { signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
