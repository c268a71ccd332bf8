// `dcs-migrate validate PLAN...` (or `validate TEMPLATE --each INVENTORY`): every problem of every
// plan and row, with positions; exit 0 or 2.
import type { Context } from "../context.js";
import { EXIT, usage } from "../exit.js";
import { migrationsOf } from "../fleet/migrations.js";
import { counted } from "../output.js";
import type { CheckedPlan } from "../plan/validate.js";
import { loadPlan } from "./run.js";

const kindOf = ({ plan }: CheckedPlan) =>
  plan.online_migration ? `an online migration${plan.online_migration.switch_ip ? " with an IP switch" : ""}` : "a backup import";

export async function validate(ctx: Context): Promise<number> {
  const files = ctx.positionals;
  const each = ctx.values.each as string | undefined;
  const [file] = files;
  if (!file) throw usage("validate takes a plan: dcs-migrate validate PLAN..., or dcs-migrate validate TEMPLATE --each INVENTORY");
  if (files.length === 1 && !each) {
    const checked = await loadPlan(ctx, file, ctx.env);
    ctx.reporter.done({ plan: file, valid: true }, `${file}: a valid plan of ${kindOf(checked)}`);
    return EXIT.OK;
  }
  const migrations = await migrationsOf(ctx, files, each, undefined);
  for (const m of migrations) ctx.reporter.step(`${m.name}: a valid plan of ${kindOf(m.checked)}`, { name: m.name, valid: true });
  ctx.reporter.done({ plans: migrations.length, valid: true }, counted(migrations.length, "valid plan"));
  return EXIT.OK;
}
