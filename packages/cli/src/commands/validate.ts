// `dcs-migrate validate PLAN`: every problem of the plan, with positions; exit 0 or 2.
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { loadPlan } from "./run.js";

export async function validate(ctx: Context): Promise<number> {
  const [file, ...extra] = ctx.positionals;
  if (!file || extra.length) throw usage("validate takes one plan: dcs-migrate validate PLAN");
  const { plan } = await loadPlan(ctx, file, ctx.env);
  const kind = plan.online_migration ? `an online migration${plan.online_migration.switch_ip ? " with an IP switch" : ""}` : "a backup import";
  ctx.reporter.done({ plan: file, valid: true }, `${file}: a valid plan of ${kind}`);
  return EXIT.OK;
}
