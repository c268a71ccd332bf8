// `dcs-migrate verify PLAN [--sample N | --full] [--rounds R]`: the data compared, reading only.
// Key names are printed, never values. Exit 0 when equal, 7 when something differs.
import type { Context } from "../context.js";
import { CliError, EXIT, usage } from "../exit.js";
import { field } from "../output.js";
import { RedisConnectError } from "../redis/connection.js";
import type { Endpoint } from "../redis/endpoints.js";
import { differs, type VerifyReport, verify } from "../redis/verify.js";
import { type RedisPlan, redisPlan } from "./redis-sides.js";

export const DEFAULTS = { sample: 1000, rounds: 3, pauseMs: 1000 } as const;
const SHOWN = 100;
const BOUNDS = { sample: 10_000_000, rounds: 100 } as const;

function count(ctx: Context, flag: "sample" | "rounds", fallback: number): number {
  const value = ctx.values[flag];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || n < 1 || n > BOUNDS[flag])
    throw usage(`--${flag} takes a whole number from 1 to ${BOUNDS[flag]}; got ${JSON.stringify(value)}`);
  return n;
}

export interface VerifyChoice {
  sample: number;
  full: boolean;
  rounds: number;
}

export function verifyChoice(ctx: Context): VerifyChoice {
  if (ctx.values.full && ctx.values.sample !== undefined)
    throw usage("--sample and --full exclude each other", "--full compares every key; --sample N compares N keys chosen at random.");
  return { sample: count(ctx, "sample", DEFAULTS.sample), full: Boolean(ctx.values.full), rounds: count(ctx, "rounds", DEFAULTS.rounds) };
}

/** Compares the plan's two sides and prints the result; the report, for run's gate. */
export async function compareServers(ctx: Context, plan: RedisPlan, choice: VerifyChoice, extraExpected = false): Promise<VerifyReport> {
  const { source, target } = plan.sides as { source: Endpoint; target: Endpoint };
  ctx.reporter.step(`comparing ${source.display} with ${target.display}: ${choice.full ? "every key" : `a sample of ${choice.sample} keys`}`);
  let report: VerifyReport;
  const started = performance.now();
  let shown = 0;
  // On a terminal only, redrawn at most five times a second: plain output and JSON get the result.
  const onProgress = (compared: number) => {
    const now = performance.now();
    if (ctx.reporter.mode !== "tty" || now - shown < 200) return;
    shown = now;
    ctx.reporter.progress({ phase: "verify", status: `${compared.toLocaleString("en-US")} keys compared`, elapsedMs: now - started });
  };
  try {
    report = await verify(source, target, {
      ...choice,
      pauseMs: DEFAULTS.pauseMs,
      timeoutMs: plan.timeoutMs,
      signal: ctx.signal,
      onProgress,
    });
  } catch (error) {
    if (error instanceof RedisConnectError)
      throw new CliError(EXIT.CHECK, error.message, {
        hint:
          error.kind !== "auth"
            ? "dcs-migrate check PLAN says what is wrong with the servers and how to fix it."
            : extraExpected
              ? "With --after-switch each address is reached with the other side's password. Before a switch, or after a rollback, verify without --after-switch."
              : "dcs-migrate check PLAN says what is wrong with the servers. Once the IPs are switched, each address reaches the other instance, with its own password: verify --after-switch.",
      });
    throw error;
  }
  for (const d of report.databases) ctx.reporter.data("database", { ...d }, () => `DB${d.db}: ${d.source} keys on the source, ${d.target} on the target`);
  const json = ctx.reporter.mode === "json";
  // After a switch, keys only the new instance has are the application's since: not listed.
  const listed = extraExpected ? report.differences.filter((d) => d.kind !== "extra") : report.differences;
  for (const d of json ? listed : listed.slice(0, SHOWN)) {
    ctx.reporter.data("difference", { ...d }, () => `  ${d.kind.padEnd(8)} DB${d.db} ${field(d.key)}`);
  }
  if (!json && listed.length > SHOWN) ctx.reporter.step(`... and ${listed.length - SHOWN} more (--json lists them all)`);
  if (report.truncated) ctx.reporter.warn("more keys differ than verify keeps names of: the counts are whole, the list is not");
  for (const db of report.unreachableDatabases) ctx.reporter.warn(`the target has only DB0: the source's DB${db} cannot be there`);
  return report;
}

export const verifySummary = (r: VerifyReport) =>
  `${r.compared} compared: ${r.equal} equal, ${r.missing} missing on target, ${r.extra} extra on target, ${r.type} type differs, ${r.value} value differs, ${r.ttl} TTL differs`;

export const verifyFields = (r: VerifyReport) => ({
  compared: r.compared,
  equal: r.equal,
  missing: r.missing,
  extra: r.extra,
  type_differs: r.type,
  value_differs: r.value,
  ttl_differs: r.ttl,
});

export const differenceError = (r: VerifyReport, when = "") =>
  new CliError(EXIT.CHECK, `the data differs${when}: ${verifySummary(r)}`, {
    hint: "The keys named above differ (names only, never values). During a sync, --rounds reads them again longer; after a migration, dcs-migrate logs TASK_ID may say why.",
  });

/**
 * After an IP switch, each address reaches the other instance, which keeps its own password: the
 * old instance (the source's data, no longer written) is at the target's address, the new one at
 * the source's. Compared that way round, a key only the new one has was written since the switch.
 */
function afterSwitch(plan: RedisPlan): RedisPlan {
  const { source, target } = plan.sides as { source: Endpoint; target: Endpoint };
  const at = (instance: Endpoint, where: Endpoint, label: string): Endpoint => ({
    ...instance,
    host: where.host,
    port: where.port,
    tls: where.tls,
    // Read after "the source" or "the target" in messages: "the source 127.0.0.1:6379 (the old instance)".
    display: `${where.host}:${where.port} (the ${label} instance)`,
  });
  return { ...plan, sides: { source: at(source, target, "old"), target: at(target, source, "new") } };
}

export async function verifyCommand(ctx: Context): Promise<number> {
  const choice = verifyChoice(ctx);
  const plan = await redisPlan(ctx, "verify", ["source", "target"]);
  const switched = Boolean(ctx.values["after-switch"]);
  if (switched) {
    ctx.reporter.step("after the IP switch: every key of the old instance is looked for in the new one; keys only the new one has were written since");
  }
  const found = await compareServers(ctx, switched ? afterSwitch(plan) : plan, choice, switched);
  // No key in the old instance: nothing was compared, and most likely nothing was switched.
  if (switched && found.compared === 0) {
    throw new CliError(EXIT.CHECK, `--after-switch: the old instance (at the target's address) holds no key, so nothing was compared`, {
      hint: "Were the IPs switched? Before a switch, or after a rollback, verify without --after-switch.",
    });
  }
  const report = switched ? { ...found, extra: 0 } : found;
  if (switched && found.extra) ctx.reporter.step(`${found.extra} keys only the new instance has (written since the switch): not differences`);
  if (differs(report)) throw differenceError(report);
  ctx.reporter.done(
    { differs: false, ...verifyFields(report), ...(switched ? { written_since_switch: found.extra } : {}) },
    `verify: equal (${verifySummary(report)})`,
  );
  return EXIT.OK;
}
