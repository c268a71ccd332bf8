// What `check` and `verify` share: the plan's two Redis endpoints, their passwords made secrets of
// the reporter before anything can print them, and the connection timeout.
import { MIGRATION_METHOD } from "@dcs-migration/client";
import type { Context } from "../context.js";
import { parseDuration } from "../durations.js";
import { usage } from "../exit.js";
import { type Endpoint, type Role, redisEndpoints } from "../redis/endpoints.js";
import { loadPlan } from "./run.js";

export const CONNECT_TIMEOUT_MS = 5000;

export interface RedisPlan {
  file: string;
  sides: Partial<Record<Role, Endpoint>>;
  incremental: boolean;
  timeoutMs: number;
}

export function connectTimeout(ctx: Context): number {
  const flag = ctx.values["connect-timeout"];
  return flag === undefined ? CONNECT_TIMEOUT_MS : parseDuration("connect-timeout", String(flag));
}

/** The plan's endpoints; `required` names the sides the command cannot do without. */
export async function redisPlan(ctx: Context, command: string, required: Role[]): Promise<RedisPlan> {
  const [file, ...extra] = ctx.positionals;
  if (!file || extra.length) throw usage(`${command} takes one plan: dcs-migrate ${command} PLAN`, `dcs-migrate ${command} --help`);
  const { plan } = await loadPlan(ctx, file, ctx.env);
  return { file, ...endpointsOf(ctx, plan, file, required, command), timeoutMs: connectTimeout(ctx) };
}

export function endpointsOf(ctx: Context, plan: Parameters<typeof redisEndpoints>[0], file: string, required: Role[], command: string) {
  const sides = redisEndpoints(plan, file);
  for (const side of Object.values(sides)) {
    ctx.reporter.secret(side.password);
    // The URL as written may hold the password still percent-encoded.
    ctx.reporter.secret(side.url.match(/^rediss?:\/\/[^:@/]*:([^@/]*)@/)?.[1]);
  }
  const missing = required.filter((role) => !sides[role]);
  if (missing.length) {
    throw usage(
      `${file}: ${command} needs to reach the ${missing.join(" and the ")}, and the plan does not say where`,
      `Add a redis: section: redis: { ${missing.map((r) => `${r}: "redis://HOST:6379"`).join(", ")} }${missing.includes("source") ? " (a self-hosted source's first address is used when it has one)" : ""}.`,
    );
  }
  return { sides, incremental: plan.online_migration?.configure.migration_method === MIGRATION_METHOD.incremental_migration };
}
