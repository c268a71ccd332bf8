// Every mistake of a plan at once, each with its file, line and column, the field's path, what is
// wrong and the fix: unknown fields (with the nearest known name), wrong types, missing fields,
// values outside an enum (with the allowed ones), the document's conditional requirements, a
// missing environment variable, and the service's preconditions that a plan can show (an IP switch
// needs a DCS instance as its source, on an incremental migration).

import { MIGRATION_METHOD } from "@dcs-migration/client";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { describeErrors, dotted } from "../schema-errors.js";
import { planAjv } from "./ajv.js";
import { PLAN_SCHEMA, SECRET_FIELDS } from "./schema.js";
import type { PlanSource, Position } from "./source.js";

export interface PlanProblem {
  file: string;
  line: number;
  column: number;
  /** `online_migration.configure.source_instance.adrs` */
  path: string;
  message: string;
  fix: string;
}

export interface Plan {
  version: 1;
  // lint-literals-ignore: the plan's own section name (the CLI's format), not the migration type it happens to equal
  online_migration?: { create: Record<string, unknown>; configure: Record<string, unknown>; switch_ip?: Record<string, unknown> };
  backup_import?: Record<string, unknown>;
  /** Where `check` and `verify` reach the servers (redis/endpoints.ts). */
  redis?: { source?: string; target?: string };
}

export interface CheckedPlan {
  file: string;
  /** The plan as written, with ${NAME} left in: what the state's digest covers. */
  text: string;
  /** The plan with every ${NAME} replaced by its value from the environment. */
  plan: Plan;
  /** The values that are secrets (passwords, and the variables that fill them): masked in every output. */
  secrets: string[];
  warnings: Array<{ line: number; column: number; path: string; message: string }>;
}

// Compiled ahead of time by the build (scripts/plan-validator.mjs), next to this file in dist/; the
// tests run src/, where it is not, and compile the same schema with the same Ajv.
const AHEAD = "./plan-validator.js";
const validatePlan: ValidateFunction =
  ((await import(AHEAD).catch(() => undefined)) as { default: ValidateFunction } | undefined)?.default ?? planAjv().compile(PLAN_SCHEMA);

/** `${NAME}`, filled from the environment; `$${NAME}` is the escape, written as the text `${NAME}`. */
const VARIABLE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Variables whose names say they hold a secret, wherever a plan uses them (and columns an inventory may not have). */
export const SECRET_NAME = /PASS|PWD|SECRET|TOKEN|(^|_)SK$|CRED/i;

/** Ajv's errors for the plan, each at its position in the file. */
function problemsOf(errors: ErrorObject[], source: PlanSource, plan: unknown): PlanProblem[] {
  return describeErrors(errors, PLAN_SCHEMA, plan, "section").map((d) => {
    const position: Position = source.at(d.path, d.onKey);
    return { file: source.file, line: position.line, column: position.column, path: dotted(d.path) || "(the plan)", message: d.message, fix: d.fix };
  });
}

/** The service's own preconditions that a plan can show, beyond its schemas. */
function preconditions(plan: Plan, source: PlanSource): PlanProblem[] {
  const online = plan.online_migration;
  if (!online?.switch_ip || !online.configure) return [];
  const problems: PlanProblem[] = [];
  const add = (path: string[], message: string, fix: string) => {
    const { line, column } = source.at(path);
    problems.push({ file: source.file, line, column, path: path.join("."), message, fix });
  };
  const sourceInstance = online.configure.source_instance as { id?: unknown } | undefined;
  if (sourceInstance && !sourceInstance.id) {
    add(
      // lint-literals-ignore: the plan's own section name (the CLI's format), not the migration type it happens to equal
      ["online_migration", "configure", "source_instance"],
      "switch_ip needs a source that is a DCS instance: the service switches IPs only between DCS instances",
      "give source_instance.id (the DCS instance), or remove switch_ip",
    );
  }
  // A value outside the enum is reported as such; a valid full migration cannot have a switch.
  if (online.configure.migration_method === MIGRATION_METHOD.full_amount_migration) {
    add(
      // lint-literals-ignore: the plan's own section name (the CLI's format), not the migration type it happens to equal
      ["online_migration", "configure", "migration_method"],
      "switch_ip needs an incremental migration: IPs are switched once the incremental sync has caught up",
      `use ${MIGRATION_METHOD.incremental_migration}, or remove switch_ip`,
    );
  }
  return problems;
}

/**
 * Checks a plan and substitutes its ${NAME}s from `env`: the plan ready to run, or every problem.
 * `env` undefined leaves ${NAME} in place (and missing variables unreported).
 */
export function checkPlan(
  source: PlanSource,
  env: Record<string, string | undefined> | undefined,
): { problems: PlanProblem[]; checked?: CheckedPlan; secrets: string[] } {
  const problems: PlanProblem[] = source.syntaxErrors.map((e) => ({
    file: source.file,
    line: e.position.line,
    column: e.position.column,
    path: "(the file)",
    message: e.message,
    fix: "fix the YAML (or JSON) syntax",
  }));
  if (problems.length) return { problems, secrets: [] };
  const plan = structuredClone(source.value) as Plan;
  if (!plan || typeof plan !== "object" || Array.isArray(plan)) {
    return {
      problems: [{ file: source.file, line: 1, column: 1, path: "(the plan)", message: "a plan is a mapping", fix: "start with version: 1" }],
      secrets: [],
    };
  }
  const secrets: string[] = [];
  const warnings: CheckedPlan["warnings"] = [];
  const strings = source.strings();
  // A variable is a secret wherever the plan puts it once it fills a password field, or when its
  // name says it is one: its value is masked on its own too (in "x${PW}" or in another field).
  const secretVariables = new Set<string>();
  for (const { path, value } of strings) {
    for (const [, escaped, name] of value.matchAll(VARIABLE)) {
      if (!escaped && (SECRET_FIELDS.has(String(path.at(-1))) || SECRET_NAME.test(name as string))) secretVariables.add(name as string);
    }
  }
  for (const { path, value } of strings) {
    const secret = SECRET_FIELDS.has(String(path.at(-1)));
    const uses = [...value.matchAll(VARIABLE)];
    if (!uses.some(([, escaped]) => !escaped) && secret && value !== "") {
      const { line, column } = source.at(path);
      warnings.push({
        line,
        column,
        path: dotted(path),
        message: `a literal password in the plan: write "\${NAME}" and export NAME, so that the plan holds no secret`,
      });
    }
    if (!uses.length) {
      if (secret && value !== "") secrets.push(value);
      continue;
    }
    if (!env) continue;
    const replaced = value.replace(VARIABLE, (_, escaped: string, name: string) => {
      if (escaped) return `\${${name}}`;
      const found = env[name];
      if (found === undefined || found === "") {
        const { line, column } = source.at(path);
        problems.push({
          file: source.file,
          line,
          column,
          path: dotted(path),
          message: `the environment variable ${name} is not set`,
          fix: `export ${name} before running the plan`,
        });
        return "";
      }
      if (secretVariables.has(name)) secrets.push(found);
      return found;
    });
    if (secret && replaced !== "") secrets.push(replaced);
    let at: Record<string, unknown> = plan as unknown as Record<string, unknown>;
    for (const step of path.slice(0, -1)) at = at[step] as Record<string, unknown>;
    at[path.at(-1) as string] = replaced;
  }
  if (!validatePlan(plan)) problems.push(...problemsOf(validatePlan.errors ?? [], source, plan));
  if (plan.version === 1 && !plan.online_migration && !plan.backup_import) {
    problems.push({
      file: source.file,
      line: 1,
      column: 1,
      path: "(the plan)",
      message: "the plan has no migration",
      fix: "add an online_migration or a backup_import section",
    });
  }
  if (plan.online_migration && plan.backup_import) {
    const { line, column } = source.at(["backup_import"], true);
    problems.push({
      file: source.file,
      line,
      column,
      path: "backup_import",
      message: "a plan runs one migration",
      fix: "keep online_migration or backup_import, and move the other to a plan of its own",
    });
  }
  problems.push(...preconditions(plan, source));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  // The secrets go with the problems too: a problem quotes the value it found, which may be one.
  const found = [...new Set(secrets)];
  return problems.length
    ? { problems, secrets: found }
    : { problems, secrets: found, checked: { file: source.file, text: source.text, plan, secrets: found, warnings } };
}

/** `file:line:column: path: what; fix`, one problem a line. */
export const formatProblem = (p: PlanProblem) => `${p.file}:${p.line}:${p.column}: ${p.path}: ${p.message}; ${p.fix}`;
