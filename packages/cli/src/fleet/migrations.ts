// The migrations of one command line: each plan given (`run a.yaml b.yaml`), or one template and an
// inventory (`run template.yaml --each fleet.csv`: one migration per row, the row's variables first,
// then the environment). Every plan and every row is checked before anything is called, and every
// mistake is reported at once, with its file, its row, and the template's line and column.
import { basename, join } from "node:path";
import type { Context } from "../context.js";
import { usage } from "../exit.js";
import { readPlanSource } from "../plan/source.js";
import { type CheckedPlan, checkPlan, formatProblem } from "../plan/validate.js";
import { defaultStatePath } from "../state.js";
import { readInventory } from "./inventory.js";

export interface Migration {
  /** The plan's file name without its extension, or the inventory row's name. */
  name: string;
  /** The plan, or the template. */
  file: string;
  statePath: string;
  checked: CheckedPlan;
}

/** A variable an inventory must not hold: secrets stay in the environment. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|(^|_)SK$|CREDENTIAL/i;
const stem = (file: string) => basename(file).replace(/\.(ya?ml|json)$/i, "");

/** Every migration of `files` (or of the template `files[0]` for each row of `inventory`), checked. */
export async function migrationsOf(ctx: Context, files: string[], inventory: string | undefined, stateDir: string | undefined): Promise<Migration[]> {
  const problems: Array<{ text: string; fields: Record<string, unknown> }> = [];
  const migrations: Migration[] = [];
  const sources = new Map<string, Awaited<ReturnType<typeof readPlanSource>>>();
  const source = async (file: string) => {
    let found = sources.get(file);
    if (!found) {
      try {
        found = await readPlanSource(file, ctx.signal);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        throw usage(`cannot read the plan ${file}: ${(error as Error).message}`);
      }
      sources.set(file, found);
    }
    return found;
  };
  const add = (
    name: string,
    file: string,
    statePath: string,
    env: Record<string, string | undefined>,
    where: string,
    parsed: Awaited<ReturnType<typeof source>>,
  ) => {
    const { problems: found, checked, secrets } = checkPlan(parsed, env);
    for (const secret of secrets) ctx.reporter.secret(secret);
    for (const p of found) problems.push({ text: `${where}${formatProblem(p)}`, fields: { kind: "plan-error", name, ...p } });
    if (checked) migrations.push({ name, file, statePath, checked });
  };

  if (inventory) {
    const [template] = files;
    if (!template) throw usage("--each needs one plan template: dcs-migrate run TEMPLATE --each INVENTORY");
    const rows = await readInventory(inventory, ctx.signal);
    const parsed = await source(template);
    for (const row of rows) {
      const secret = Object.keys(row.values).filter((k) => SECRET_NAME.test(k));
      for (const column of secret) {
        problems.push({
          text: `${inventory}: row ${row.row} (${row.name}): ${column} looks like a secret: secrets stay in the environment, never in an inventory`,
          fields: { kind: "plan-error", name: row.name, row: row.row, column },
        });
      }
      const statePath = stateDir ? join(stateDir, `${row.name}.state.json`) : `${template.replace(/\.(ya?ml|json)$/i, "")}.${row.name}.state.json`;
      add(row.name, template, statePath, { ...ctx.env, ...row.values }, `${inventory}: row ${row.row} (${row.name}): `, parsed);
    }
  } else {
    const names = new Map<string, string>();
    for (const file of files) {
      const name = stem(file);
      const statePath = stateDir ? join(stateDir, `${name}.state.json`) : defaultStatePath(file);
      const clash = names.get(statePath);
      if (clash)
        problems.push({
          text: `${file}: its state would be ${statePath}, as ${clash}'s: give the plans names of their own`,
          fields: { kind: "plan-error", name },
        });
      names.set(statePath, file);
      add(name, file, statePath, ctx.env, "", await source(file));
    }
  }
  if (problems.length) {
    for (const p of problems) ctx.reporter.step(p.text, p.fields);
    const what = inventory ? `${files[0]} with ${inventory}` : files.length === 1 ? files[0] : `${files.length} plans`;
    throw usage(`${what}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was called`);
  }
  for (const m of migrations) for (const w of m.checked.warnings) ctx.reporter.warn(`${m.name}: ${m.file}:${w.line}:${w.column}: ${w.path}: ${w.message}`);
  return migrations;
}
