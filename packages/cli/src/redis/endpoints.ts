// Where `check` and `verify` reach the two Redis servers of a plan: its `redis:` section, with the
// passwords of its configure section unless a URL carries its own, and a self-hosted source's first
// address when no URL is given. What is shown of an endpoint never holds its password.
import { usage } from "../exit.js";
import type { Plan } from "../plan/validate.js";

export type Role = "source" | "target";

export interface Endpoint {
  role: Role;
  /** What a person may see: `redis://user@host:port/db`, no password. */
  display: string;
  url: string;
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  /** The database a URL names (`/3`); by default every database is looked at. */
  database?: number;
}

interface InstanceSection {
  addrs?: string;
  password?: string;
}

/** The plan's Redis endpoints; a side the plan does not give is absent. */
export function redisEndpoints(plan: Plan, file: string): Partial<Record<Role, Endpoint>> {
  const configure = plan.online_migration?.configure as { source_instance?: InstanceSection; target_instance?: InstanceSection } | undefined;
  const found: Partial<Record<Role, Endpoint>> = {};
  for (const role of ["source", "target"] as const) {
    const instance = configure?.[`${role}_instance`];
    const firstAddress = instance?.addrs?.split(",")[0]?.trim();
    const url = plan.redis?.[role] ?? (role === "source" && firstAddress ? `redis://${firstAddress}` : undefined);
    if (url) found[role] = parseEndpoint(role, url, instance?.password, file);
  }
  return found;
}

export function parseEndpoint(role: Role, text: string, fallbackPassword: string | undefined, file: string): Endpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(`${file}: redis.${role} is not a URL`, "Write it as redis://host:port (rediss:// for TLS), with user:password@ when the server needs them.");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw usage(`${file}: redis.${role} must start with redis:// or rediss://`, "rediss:// connects with TLS.");
  }
  const port = url.port ? Number(url.port) : 6379;
  const path = url.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d{1,5}$/.test(path))
    throw usage(`${file}: redis.${role} names the database "${path}"`, "A database is a number: redis://host:6379/0.");
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : fallbackPassword || undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const display = `${url.protocol}//${username ? `${username}@` : ""}${url.host}${path ? `/${path}` : ""}`;
  return {
    role,
    display,
    url: text,
    host,
    port,
    tls: url.protocol === "rediss:",
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(path ? { database: Number(path) } : {}),
  };
}
