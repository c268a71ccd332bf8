// One side of a migration, connected: a standalone server or a Redis Cluster (then every master is
// scanned and each key is read where its slot lives). Replies are Buffers, so binary keys and values
// compare exactly. Nothing here writes: `check` and `verify` only read.
import { createClient, createCluster, RESP_TYPES } from "@redis/client";
import type { Endpoint } from "./endpoints.js";

export type Arg = string | Buffer;
export type Call = (args: Arg[]) => Promise<unknown>;

export interface RedisSide {
  endpoint: Endpoint;
  cluster: boolean;
  /** The node the endpoint names: INFO, CONFIG GET, ACL DRYRUN. */
  call: Call;
  /** A call per master (the one node when standalone), for SCAN, INFO keyspace and DBSIZE. */
  masters(): Promise<Call[]>;
  /** A command about `key`, sent where the key lives. */
  keyed(key: Buffer, args: Arg[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Why a side could not be reached, said without its password. */
export class RedisConnectError extends Error {
  constructor(
    readonly kind: "unreachable" | "auth" | "timeout" | "tls",
    message: string,
  ) {
    super(message);
    this.name = "RedisConnectError";
  }
}

export interface ConnectOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** A database other than the endpoint's (standalone). */
  database?: number;
}

const TYPE_MAPPING = { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer } as const;

function clientOptions(endpoint: Endpoint, timeoutMs: number) {
  return {
    socket: {
      host: endpoint.host,
      port: endpoint.port,
      connectTimeout: timeoutMs,
      // A check reports a connection that fails; it does not retry it for minutes.
      reconnectStrategy: false as const,
      ...(endpoint.tls ? { tls: true as const, servername: endpoint.host } : {}),
    },
    ...(endpoint.username ? { username: endpoint.username } : {}),
    ...(endpoint.password ? { password: endpoint.password } : {}),
    // Commands sent while the link is down fail at once instead of waiting in a queue.
    disableOfflineQueue: true,
    commandOptions: { typeMapping: TYPE_MAPPING },
  };
}

/** What went wrong connecting, in words that name the endpoint and never its password. */
export function connectFailure(endpoint: Endpoint, error: unknown, timeoutMs: number): RedisConnectError {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const where = `the ${endpoint.role} ${endpoint.display}`;
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(text)) {
    return new RedisConnectError("auth", `${where} refused the credentials (${text.split(" ")[0]})`);
  }
  if (/called without any password configured/i.test(text)) {
    return new RedisConnectError("auth", `${where} has no password, and one was given`);
  }
  if (/timeout/i.test(text) || (error as Error).name === "ConnectionTimeoutError") {
    return new RedisConnectError("timeout", `${where} did not answer within ${timeoutMs} ms`);
  }
  if (/SSL|TLS|certificate|wrong version number/i.test(text)) return new RedisConnectError("tls", `${where}: TLS failed (${code ?? text})`);
  return new RedisConnectError("unreachable", `${where} cannot be reached (${code ?? text})`);
}

/** Connects, authenticates, and finds out whether the side is a Redis Cluster. */
export async function connectSide(endpoint: Endpoint, options: ConnectOptions): Promise<RedisSide> {
  const client = createClient({ ...clientOptions(endpoint, options.timeoutMs), database: options.database ?? endpoint.database ?? 0 });
  let lastError: unknown;
  client.on("error", (error) => {
    lastError = error;
  });
  const abort = () => void client.destroy();
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    await client.connect();
  } catch (error) {
    options.signal?.removeEventListener("abort", abort);
    client.destroy();
    throw connectFailure(endpoint, error ?? lastError, options.timeoutMs);
  }
  const call: Call = (args) => client.sendCommand(args);
  const info = String(await call(["INFO", "cluster"]).catch(() => ""));
  if (!/cluster_enabled:1/.test(info)) {
    return {
      endpoint,
      cluster: false,
      call,
      masters: async () => [call],
      keyed: (_key, args) => call(args),
      async close() {
        options.signal?.removeEventListener("abort", abort);
        if (client.isOpen) await client.close().catch(() => client.destroy());
      },
    };
  }
  const base = clientOptions(endpoint, options.timeoutMs);
  const cluster = createCluster({
    commandOptions: { typeMapping: TYPE_MAPPING },
    rootNodes: [{ socket: base.socket }],
    defaults: { ...base, socket: { connectTimeout: options.timeoutMs, reconnectStrategy: false, ...(endpoint.tls ? { tls: true } : {}) } },
  });
  cluster.on("error", () => {});
  try {
    await cluster.connect();
  } catch (error) {
    client.destroy();
    throw connectFailure(endpoint, error, options.timeoutMs);
  }
  return {
    endpoint,
    cluster: true,
    call,
    async masters() {
      const clients = await Promise.all(cluster.masters.map((m) => cluster.nodeClient(m)));
      return clients.map((c) => (args: Arg[]) => c.sendCommand(args));
    },
    keyed: (key, args) => cluster.sendCommand(key, true, args),
    async close() {
      options.signal?.removeEventListener("abort", abort);
      await cluster.close().catch(() => cluster.destroy());
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  };
}

/** The text of a reply (INFO, a status). */
export const text = (reply: unknown): string => (Buffer.isBuffer(reply) ? reply.toString("utf8") : String(reply ?? ""));
