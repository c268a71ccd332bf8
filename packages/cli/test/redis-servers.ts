// Real redis-server processes for the tests: each on a free loopback port with a folder of its own
// (a replica writes dump.rdb there, and a server loads one it finds), no persistence, stopped by the
// test that started it. Readiness is the server's own "Ready to accept connections" line.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, RESP_TYPES } from "@redis/client";

export interface TestRedis {
  port: number;
  url: string;
  password?: string | undefined;
  /** A client on DB0 (as the default user), for the test's own writes. */
  client: ReturnType<typeof connect>;
  /** Another database's client. */
  db(n: number): Promise<ReturnType<typeof connect>>;
  stop(): Promise<void>;
}

const connect = (port: number, database = 0, password?: string) =>
  createClient({
    socket: { host: "127.0.0.1", port, reconnectStrategy: false },
    database,
    ...(password ? { password } : {}),
    commandOptions: { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } },
  });

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a redis-server: `password` its default user's, `args` more (`--rename-command PSYNC ""`, `--databases 1`...). */
export async function startRedis(options: { password?: string; args?: string[] } = {}): Promise<TestRedis> {
  const { password, args = [] } = options;
  const dir = mkdtempSync(join(tmpdir(), "dcs-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    [
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
      ...(password ? ["--requirepass", password] : []),
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) resolve();
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    child.once("error", reject);
  });
  const clients: Array<ReturnType<typeof connect>> = [];
  const open = async (n: number) => {
    const c = connect(port, n, password);
    c.on("error", () => {});
    await c.connect();
    clients.push(c);
    return c;
  };
  const client = await open(0);
  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    password,
    client,
    db: open,
    stop() {
      stopping ??= (async () => {
        for (const c of clients) c.destroy();
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGKILL");
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/** Makes `replica` a copy of `source` and waits until the link is up and the offsets agree, then detaches it. */
export async function copyByReplication(source: TestRedis, replica: TestRedis, detach = true): Promise<void> {
  if (source.password) await replica.client.sendCommand(["CONFIG", "SET", "masterauth", source.password]);
  await replica.client.sendCommand(["REPLICAOF", "127.0.0.1", String(source.port)]);
  for (;;) {
    const info = String(await replica.client.sendCommand(["INFO", "replication"]));
    const master = String(await source.client.sendCommand(["INFO", "replication"]));
    const up = /master_link_status:up/.test(info);
    const offset = /slave_repl_offset:(\d+)/.exec(info)?.[1];
    const sourceOffset = /master_repl_offset:(\d+)/.exec(master)?.[1];
    if (up && offset === sourceOffset) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (detach) await replica.client.sendCommand(["REPLICAOF", "NO", "ONE"]);
}
