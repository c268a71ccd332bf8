// DCS instances backed by real Redis servers, for a rehearsal on real data. Each named instance (a
// DCS instance ID, or the `addrs` a plan gives a self-hosted source) is a Redis server the sandbox
// was given (a URL), or one it starts itself ("spawn": redis-server from PATH on a free port, with
// no persistence and a folder of its own, stopped with the sandbox). Each is reached through an
// address of its own: a TCP front on 127.0.0.1 that forwards every connection to the server, as an
// application reaches a DCS instance by its IP. An IP switch swaps what two addresses reach and
// closes what was open through them. The sandbox reaches only the servers it was given: nothing a
// request says can make it connect anywhere else.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../prism.js";
import { SandboxOptionError } from "./options.js";

export interface BackedInstance {
  /** Where applications connect, as to the instance's IP: `127.0.0.1:PORT`. */
  address: string;
  /** The Redis server behind it (its password, if the URL had one, included). */
  redisUrl: string;
}

export interface Instances {
  /** Each instance's address and server, by the name it was declared with. */
  readonly view: Readonly<Record<string, BackedInstance>>;
  /** Closes every connection open through these addresses and refuses new ones until the next swap. */
  hold(...names: string[]): void;
  /** Lifts a hold without swapping: the addresses reach what they reached before. */
  release(...names: string[]): void;
  /** Swaps the servers two addresses reach, closing every connection open through either, and lifts their hold. */
  swap(a: string, b: string): void;
  stop(): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const URL_FORM = /^rediss?:\/\/(?:[^@/\s]*@)?[^:/@\s]+:\d{1,5}\/?$/;

/** A URL's port, 0 when it has none or it is out of range (the URL parser refuses those). */
const portOf = (url: string) => {
  try {
    return Number(new URL(url).port);
  } catch {
    return 0;
  }
};

/** `{ [dcsInstanceId or "host:port"]: "redis://[user:password@]host:port" | "spawn" }`, checked whole. */
export function checkInstances(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SandboxOptionError('`instances` maps DCS instance IDs (or a self-hosted source\'s "host:port") to "redis://host:port" or "spawn"');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 64) throw new SandboxOptionError(`\`instances\` holds at most 64 instances; got ${entries.length}`);
  for (const [name, backing] of entries) {
    if (!NAME.test(name)) {
      throw new SandboxOptionError(`\`instances\`: ${JSON.stringify(name)} is not a DCS instance ID nor a "host:port" (letters, digits, "-", ".", ":", "_")`);
    }
    if (backing !== "spawn" && !(typeof backing === "string" && URL_FORM.test(backing) && portOf(backing) > 0)) {
      // The URL may hold a password: never quoted.
      throw new SandboxOptionError(`\`instances.${name}\` is "spawn" or a Redis URL (redis://[user:password@]host:port, a port from 1 to 65535, no database)`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

const hostPort = (url: string) => {
  const { hostname, port } = new URL(url);
  return { host: hostname.replace(/^\[|\]$/g, ""), port: Number(port) };
};

interface Spawned {
  process: ChildProcess;
  dir: string;
  url: string;
}

/** A redis-server of the sandbox's own: no persistence, its own folder, on loopback only. */
async function spawnRedis(): Promise<Spawned> {
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), "dcs-sandbox-redis-"));
    const port = await freePort();
    // A full sync starts at once, not after the 5 s Redis waits by default for more replicas to join.
    const args = [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--repl-diskless-sync-delay",
      "0",
      "--repl-diskless-load",
      "on-empty-db",
    ];
    const child = spawn("redis-server", args, {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const ready = await new Promise<boolean | Error>((resolve) => {
      const read = (chunk: Buffer) => {
        output += chunk;
        if (/Ready to accept connections/.test(output)) resolve(true);
      };
      child.stdout?.on("data", read);
      child.stderr?.on("data", read);
      child.once("error", (error: NodeJS.ErrnoException) => resolve(error));
      child.once("exit", () => resolve(false));
    });
    if (ready === true) {
      child.stdout?.removeAllListeners("data");
      child.stderr?.removeAllListeners("data");
      child.stdout?.resume();
      child.stderr?.resume();
      return { process: child, dir, url: `redis://127.0.0.1:${port}` };
    }
    rmSync(dir, { recursive: true, force: true });
    if (ready instanceof Error && (ready as NodeJS.ErrnoException).code === "ENOENT") {
      throw new SandboxOptionError(
        '`instances`: "spawn" starts redis-server, which is not on PATH. Install it (Debian: sudo apt-get install redis-server; in this repository: node scripts/setup.mjs), or give the instance a redis:// URL.',
      );
    }
    // Another process took the port between our look and redis-server's bind: once more.
    if (attempt < 3 && /Address already in use/i.test(output)) continue;
    throw new Error(`redis-server for a sandbox instance did not start: ${output.trim().split("\n").slice(-3).join(" | ")}`);
  }
}

interface Front {
  server: Server;
  address: string;
  sockets: Set<Socket>;
}

/** Starts every instance: its server (given or spawned) and its address. Stops what it started if one fails. */
export async function startInstances(spec: Record<string, string>): Promise<Instances> {
  const spawned: Spawned[] = [];
  const fronts = new Map<string, Front>();
  // What each instance's address reaches now: its own server, or after a switch the other's.
  const backends = new Map<string, string>();
  const servers = new Map<string, string>();
  // Addresses in the middle of an IP switch: what connects is dropped, as the application's writes fail.
  const held = new Set<string>();
  const stop = async () => {
    for (const front of fronts.values()) {
      for (const socket of front.sockets) socket.destroy();
      await new Promise((resolve) => front.server.close(resolve));
    }
    await Promise.all(
      spawned.map(async ({ process: child, dir }) => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = once(child, "exit");
          child.kill("SIGTERM");
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      }),
    );
  };
  // A sandbox that ends without stop() (its process exits) takes its servers with it.
  const killAll = () => {
    for (const { process: child } of spawned) child.kill("SIGKILL");
  };
  process.once("exit", killAll);
  try {
    for (const [name, backing] of Object.entries(spec)) {
      let url = backing;
      if (backing === "spawn") {
        const server = await spawnRedis();
        spawned.push(server);
        url = server.url;
      }
      servers.set(name, url);
      backends.set(name, url);
      const sockets = new Set<Socket>();
      const server = createServer((client) => {
        if (held.has(name)) {
          client.destroy();
          return;
        }
        const { host, port } = hostPort(backends.get(name) as string);
        const upstream = tcpConnect({ host, port });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.once("close", () => sockets.delete(socket));
          // A side that fails ends both: the application sees its connection drop.
          socket.once("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      fronts.set(name, { server, sockets, address: `127.0.0.1:${(server.address() as { port: number }).port}` });
    }
  } catch (error) {
    await stop();
    process.off("exit", killAll);
    throw error;
  }
  // No prototype: a name a request gives ("constructor", "__proto__") finds nothing it was not given.
  const view: Record<string, BackedInstance> = Object.create(null);
  for (const [name, front] of fronts) view[name] = { address: front.address, redisUrl: servers.get(name) as string };
  return {
    view,
    hold(...names) {
      for (const name of names) {
        held.add(name);
        for (const socket of fronts.get(name)?.sockets ?? []) socket.destroy();
      }
    },
    release(...names) {
      for (const name of names) held.delete(name);
    },
    swap(a, b) {
      const [toA, toB] = [backends.get(b), backends.get(a)];
      if (!toA || !toB) throw new Error(`no backed instance ${toA ? a : b}`);
      backends.set(a, toA);
      backends.set(b, toB);
      for (const name of [a, b]) {
        held.delete(name);
        for (const socket of fronts.get(name)?.sockets ?? []) socket.destroy();
      }
    },
    async stop() {
      await stop();
      process.off("exit", killAll);
    },
  };
}
