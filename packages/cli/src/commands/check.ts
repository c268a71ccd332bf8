// `dcs-migrate check PLAN`: the source and the target, read (never written), against the service's
// documented constraints. Exit 0 when nothing fails (warnings shown), 7 when a check fails.
import type { Context } from "../context.js";
import { CliError, EXIT } from "../exit.js";
import { field } from "../output.js";
import { type CheckResult, judge, type Reached, SOURCE_NEEDS, TARGET_NEEDS } from "../redis/checks.js";
import { connectSide, RedisConnectError } from "../redis/connection.js";
import type { Endpoint, Role } from "../redis/endpoints.js";
import { bytes } from "../redis/info.js";
import { probe, type SideFacts } from "../redis/probe.js";
import { type RedisPlan, redisPlan } from "./redis-sides.js";

/** How long the source's input is watched to estimate its write rate (incremental plans). */
const SAMPLE_MS = 1000;

async function reach(ctx: Context, endpoint: Endpoint, plan: RedisPlan): Promise<Reached> {
  let side: Awaited<ReturnType<typeof connectSide>>;
  try {
    side = await connectSide(endpoint, { timeoutMs: plan.timeoutMs, signal: ctx.signal });
  } catch (error) {
    if (error instanceof RedisConnectError) return { error: { kind: error.kind, message: error.message } };
    throw error;
  }
  try {
    const source = endpoint.role === "source";
    return { facts: await probe(side, source ? SOURCE_NEEDS : TARGET_NEEDS, source && plan.incremental ? SAMPLE_MS : 0) };
  } finally {
    await side.close();
  }
}

/** A side in one line: version, mode, keys per database (with TTLs), memory. */
function summary(role: Role, endpoint: Endpoint, facts: SideFacts) {
  const databases = [...facts.keyspace].sort(([a], [b]) => a - b).map(([db, k]) => ({ db, keys: k.keys, expires: k.expires }));
  const keys = databases.map((d) => `DB${d.db} ${d.keys} key${d.keys === 1 ? "" : "s"}${d.expires ? ` (${d.expires} with a TTL)` : ""}`).join(", ") || "no key";
  return {
    fields: {
      role,
      endpoint: endpoint.display,
      version: facts.version,
      mode: facts.mode,
      databases,
      used_memory: facts.usedMemory,
      maxmemory: facts.maxmemory,
    },
    text: `${role} ${endpoint.display}: Redis ${facts.version}, ${facts.mode}; ${keys}; ${bytes(facts.usedMemory)} used${facts.maxmemory ? ` of ${bytes(facts.maxmemory)}` : ""}`,
  };
}

const printable = (r: CheckResult) =>
  [`${r.status.padEnd(7)} ${r.id.padEnd(21)} ${field(r.detail)}`, `        ${field(r.constraint)}`, ...(r.fix ? [`        fix: ${field(r.fix)}`] : [])].join(
    "\n",
  );

/** Runs every check of the plan's sides and prints them; the results, for run's gate. */
export async function checkServers(ctx: Context, plan: RedisPlan): Promise<CheckResult[]> {
  const { source, target } = plan.sides;
  const [s, t] = await Promise.all([source && reach(ctx, source, plan), target && reach(ctx, target, plan)]);
  for (const [role, endpoint, reached] of [
    ["source", source, s],
    ["target", target, t],
  ] as const) {
    if (!endpoint || !reached || !("facts" in reached)) continue;
    const { fields, text } = summary(role, endpoint, reached.facts);
    ctx.reporter.data("server", fields, () => text);
  }
  const results = judge(s, t, plan.incremental);
  for (const r of results) ctx.reporter.data("check", { ...r }, () => printable(r));
  return results;
}

/** The counts of each status, and the error that ends a run when a check failed. */
export function tally(results: CheckResult[]) {
  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  const counts = { ok: count("ok"), warn: count("warn"), fail: count("fail"), unknown: count("unknown") };
  // lint-literals-ignore: a check's own status (checks.ts's CheckStatus), not the job status it happens to equal
  const failed = results.filter((r) => r.status === "fail").map((r) => r.id);
  return {
    counts,
    text: `${counts.ok} ok, ${counts.warn} warn, ${counts.fail} fail, ${counts.unknown} unknown`,
    failure: failed.length
      ? new CliError(EXIT.CHECK, `${failed.length} Redis check${failed.length === 1 ? "" : "s"} failed: ${failed.join(", ")}`, {
          hint: "Each failed check above says its fix; dcs-migrate check PLAN again once it is done.",
        })
      : undefined,
  };
}

export async function check(ctx: Context): Promise<number> {
  const plan = await redisPlan(ctx, "check", []);
  if (!plan.sides.source && !plan.sides.target) {
    throw new CliError(EXIT.USAGE, `${plan.file}: nothing to check: the plan says where neither server is`, {
      hint: 'Add a redis: section: redis: { source: "redis://HOST:6379", target: "redis://HOST:6379" }.',
    });
  }
  const results = await checkServers(ctx, plan);
  const { counts, text, failure } = tally(results);
  if (failure) throw failure;
  ctx.reporter.done({ ...counts }, `check: ${text}`);
  return EXIT.OK;
}
