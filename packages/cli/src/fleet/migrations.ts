// The migrations of one command line: each plan given (`run a.yaml b.yaml`), or one template and an
// inventory (`run template.yaml --each fleet.csv`: one migration per row, the row's variables first,
// then the environment). Every plan and every row is checked before anything is called, and every
// mistake is reported at once, with its file, its row, and the template's line and column.
import { basename, join } from "node:path";
import type { Context } from "../context.js";
import { usage } from "../exit.js";
import { readPlanSource } from "../plan/source.js";
import { type CheckedPlan, checkPlan, formatProblem, SECRET_NAME } from "../plan/validate.js";
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

const stem = (file: string) => basename(file).replace(/\.(ya?ml|json)$/i, "");

/** Where one migration of a fleet is: its name, its plan or template, its state, and what fills its `${NAME}`s. */
export interface Place {
  name: string;
  file: string;
  statePath: string;
  env: Record<string, string | undefined>;
  /** What a problem of this migration is prefixed with: its inventory row, if it has one. */
  where: string;
  /** The inventory row's values (its empty cells left out: they fall back to the environment). */
  row?: Record<string, string>;
}

type Problem = { text: string; fields: Record<string, unknown> };

/**
 * The migrations of `files` (or of the template `files[0]` for each row of `inventory`), each with
 * its state: what `status` needs, without reading the plans. The inventory's own mistakes are in
 * `problems`.
 */
export async function placesOf(
  ctx: Context,
  files: string[],
  inventory: string | undefined,
  stateDir: string | undefined,
): Promise<{ places: Place[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const places: Place[] = [];
  if (inventory) {
    const [template] = files;
    if (!template || files.length > 1) throw usage("--each takes one plan template: dcs-migrate COMMAND TEMPLATE --each INVENTORY");
    for (const row of await readInventory(inventory, ctx.signal)) {
      for (const column of Object.keys(row.values).filter((k) => SECRET_NAME.test(k))) {
        problems.push({
          text: `${inventory}: row ${row.row} (${row.name}): ${column} looks like a secret: secrets stay in the environment, never in an inventory`,
          fields: { kind: "plan-error", name: row.name, row: row.row, column },
        });
      }
      const statePath = stateDir ? join(stateDir, `${row.name}.state.json`) : `${template.replace(/\.(ya?ml|json)$/i, "")}.${row.name}.state.json`;
      const values = Object.fromEntries(Object.entries(row.values).filter(([, value]) => value !== ""));
      places.push({
        name: row.name,
        file: template,
        statePath,
        env: { ...ctx.env, ...values },
        where: `${inventory}: row ${row.row} (${row.name}): `,
        row: values,
      });
    }
    return { places, problems };
  }
  const names = new Map<string, string>();
  for (const file of files) {
    const name = stem(file);
    const statePath = stateDir ? join(stateDir, `${name}.state.json`) : defaultStatePath(file);
    const clash = names.get(statePath);
    if (clash) {
      problems.push({
        text: `${file}: its state would be ${statePath}, as ${clash}'s: give the plans names of their own`,
        fields: { kind: "plan-error", name },
      });
    }
    names.set(statePath, file);
    places.push({ name, file, statePath, env: ctx.env, where: "" });
  }
  return { places, problems };
}

/** Says every problem, then refuses the command: nothing was called. */
export function refuse(ctx: Context, problems: readonly Problem[], what: string): never {
  for (const p of problems) ctx.reporter.step(p.text, p.fields);
  throw usage(`${what}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was called`);
}

export const fleetName = (files: string[], inventory: string | undefined) =>
  inventory ? `${files[0]} with ${inventory}` : files.length === 1 ? String(files[0]) : `${files.length} plans`;

/** Every migration of `files` (or of the template `files[0]` for each row of `inventory`), checked. */
export async function migrationsOf(ctx: Context, files: string[], inventory: string | undefined, stateDir: string | undefined): Promise<Migration[]> {
  const { places, problems } = await placesOf(ctx, files, inventory, stateDir);
  const migrations: Migration[] = [];
  const sources = new Map<string, Awaited<ReturnType<typeof readPlanSource>>>();
  for (const place of places) {
    let parsed = sources.get(place.file);
    if (!parsed) {
      try {
        parsed = await readPlanSource(place.file, ctx.signal);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        throw usage(`cannot read the plan ${place.file}: ${(error as Error).message}`);
      }
      sources.set(place.file, parsed);
    }
    const { problems: found, checked, secrets } = checkPlan(parsed, place.env);
    for (const secret of secrets) ctx.reporter.secret(secret);
    // Whatever its column is called, a cell that fills a password is a secret in the inventory.
    for (const [column, value] of Object.entries(place.row ?? {})) {
      if (secrets.includes(value) && !SECRET_NAME.test(column)) {
        problems.push({
          text: `${place.where}${column} fills a password of the plan: secrets stay in the environment, never in an inventory`,
          fields: { kind: "plan-error", name: place.name, column },
        });
      }
    }
    for (const p of found) problems.push({ text: `${place.where}${formatProblem(p)}`, fields: { kind: "plan-error", name: place.name, ...p } });
    if (checked) migrations.push({ name: place.name, file: place.file, statePath: place.statePath, checked });
  }
  if (problems.length) refuse(ctx, problems, fleetName(files, inventory));
  for (const m of migrations) for (const w of m.checked.warnings) ctx.reporter.warn(`${m.name}: ${m.file}:${w.line}:${w.column}: ${w.path}: ${w.message}`);
  return migrations;
}
