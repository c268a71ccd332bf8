// redis-server processes of a test's own (Debian's package): each on a port of its own (free, or
// given to start one again where another was) with a folder of its own, nothing saved, a full sync
// at once. `stop()` kills it and removes its folder; `stopAll()` every one still running.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../src/index.js";

export interface TestServer {
  port: number;
  /** Kills it (SIGKILL: gone at once, as a crashed server is) and removes its folder. */
  stop(): Promise<void>;
}

const started = new Set<{ child: ChildProcess; dir: string }>();

async function end({ child, dir }: { child: ChildProcess; dir: string }) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}

export async function redisServer(args: string[] = [], port?: number): Promise<TestServer> {
  const at = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "dcs-mock-test-redis-"));
  const child = spawn("redis-server", ["--port", String(at), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--repl-diskless-sync-delay", "0", ...args]);
  const entry = { child, dir };
  started.add(entry);
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  while (!/Ready to accept connections/.test(out)) await once(child.stdout, "data");
  return {
    port: at,
    async stop() {
      started.delete(entry);
      await end(entry);
    },
  };
}

/** Stops every server still running. */
export async function stopAll(): Promise<void> {
  const all = [...started];
  started.clear();
  await Promise.all(all.map(end));
}
