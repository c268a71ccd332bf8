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
  // A port found free can be taken before redis-server binds it (an outgoing connection's
  // ephemeral port comes from the same range): three tries on new ports. A port given is that one.
  for (let attempt = 1; ; attempt++) {
    const at = port ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), "dcs-mock-test-redis-"));
    const child = spawn("redis-server", ["--port", String(at), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--repl-diskless-sync-delay", "0", ...args]);
    const entry = { child, dir };
    started.add(entry);
    let out = "";
    const ready = new Promise<boolean>((resolve) => {
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (/Ready to accept connections/.test(out)) resolve(true);
      });
      child.once("exit", () => resolve(false));
      child.once("error", () => resolve(false));
    });
    if (await ready) {
      return {
        port: at,
        async stop() {
          started.delete(entry);
          await end(entry);
        },
      };
    }
    started.delete(entry);
    await end(entry);
    if (port === undefined && attempt < 3 && /Address already in use/i.test(out)) continue;
    throw new Error(`redis-server on port ${at} exited before it was ready:\n${out}`);
  }
}

/** Stops every server still running. */
export async function stopAll(): Promise<void> {
  const all = [...started];
  started.clear();
  await Promise.all(all.map(end));
}
