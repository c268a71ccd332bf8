// Real redis-server processes for the tests: each on a free loopback port with a folder of its own
// (a replica writes dump.rdb there, and a server loads one it finds), no persistence, stopped by the
// test that started it. Readiness is the server's own "Ready to accept connections" line.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, RESP_TYPES } from "@redis/client";

/** Every server a test started and has not stopped: killed if the test's process exits first. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface TestRedis {
  port: number;
  url: string;
  /** With `tls`: `rediss://127.0.0.1:TLS_PORT`, the same server over TLS. */
  tlsUrl?: string;
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

/** What a redis-server printed before it exited, not ready. */
class NotReady extends Error {
  constructor(
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`redis-server exited (${code}) before it was ready:\n${output}`);
  }
}

/**
 * Starts a redis-server: `password` its default user's, `args` more (`--rename-command PSYNC ""`,
 * `--databases 1`...), `cluster` a cluster node whose bus is on a free port of its own too (by
 * default the bus takes the port plus 10 000, which nothing checked was free).
 */
export async function startRedis(
  options: { password?: string; args?: string[]; tls?: { cert: string; key: string }; cluster?: boolean } = {},
): Promise<TestRedis> {
  const { password, tls } = options;
  // A port found free can be taken before redis-server binds it (an outgoing connection's
  // ephemeral port comes from the same range): three tries, each on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(password, tls, [
        ...(options.cluster ? ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port", String(await freePort())] : []),
        ...(options.args ?? []),
      ]);
    } catch (error) {
      if (attempt < 3 && error instanceof NotReady && /Address already in use/i.test(error.output)) continue;
      throw error;
    }
  }
}

async function startOnce(password: string | undefined, tls: { cert: string; key: string } | undefined, extra: string[]): Promise<TestRedis> {
  const tlsPort = tls ? await freePort() : undefined;
  const args = [...extra, ...(tls ? ["--tls-port", String(tlsPort), "--tls-cert-file", tls.cert, "--tls-key-file", tls.key, "--tls-auth-clients", "no"] : [])];
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
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) resolve();
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.once("exit", (code) => reject(new NotReady(code, output)));
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
  let client: ReturnType<typeof connect>;
  try {
    await ready;
    client = await open(0);
  } catch (error) {
    // A server that never became usable is stopped here: no test is left holding it.
    for (const c of clients) c.destroy();
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    ...(tlsPort ? { tlsUrl: `rediss://127.0.0.1:${tlsPort}` } : {}),
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

/** A Redis Cluster of three masters on free ports (no replicas), each a TestRedis; ready when every node says cluster_state:ok. */
export async function startCluster(password: string): Promise<{ nodes: TestRedis[]; url: string; stop(): Promise<void> }> {
  const started = await Promise.allSettled([0, 1, 2].map(() => startRedis({ password, cluster: true })));
  const nodes = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    // The nodes that did start are stopped: a failed start leaves no server behind.
    await Promise.all(nodes.map((n) => n.stop()));
    throw failed.reason;
  }
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    const { execFile } = await import("node:child_process");
    await new Promise<void>((resolve, reject) =>
      execFile(
        "redis-cli",
        ["--no-auth-warning", "-a", password, "--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", "0", "--cluster-yes"],
        (error, stdout, stderr) => (error ? reject(new Error(`redis-cli --cluster create: ${stdout}${stderr}`)) : resolve()),
      ),
    );
    for (const node of nodes) {
      while (!/cluster_state:ok/.test(String(await node.client.sendCommand(["CLUSTER", "INFO"])))) await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, url: (nodes[0] as TestRedis).url, stop };
}
