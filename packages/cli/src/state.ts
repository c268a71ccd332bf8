// Where a run of a plan stands, kept next to the plan after every step (PLAN.state.json): the task
// and job IDs, the step reached and when each was reached. Never a secret: the plan's digest is
// taken over the plan as written, with ${NAME} in place of what the environment holds.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { CliError, EXIT, usage } from "./exit.js";

/** The steps of a run, in order. */
export const STEPS = ["created", "job-succeeded", "configured", "copied", "in-sync", "verified", "switching", "switched", "done"] as const;
export type Step = (typeof STEPS)[number];

export interface RunState {
  version: 1;
  /** The plan file, by name, and a digest of its text. */
  plan: string;
  planDigest: string;
  kind: "online_migration" | "backup_import";
  taskId: string;
  jobId?: string | undefined;
  step: Step;
  /** When each step was reached (ISO). */
  reached: Partial<Record<Step, string>>;
  /** Each field of the plan as it resolved, hashed (plan/fingerprint.ts): what a resume compares. */
  fields?: Record<string, string>;
  /** The Redis gates (a plan with redis:) the operator chose to skip: --skip-check, --skip-verify. */
  skipped?: Array<"check" | "verify">;
}

/** `cutover.yaml` -> `cutover.state.json`, next to it. */
export const defaultStatePath = (plan: string) => `${plan.replace(/\.(ya?ml|json)$/i, "")}.state.json`;

export const digest = (text: string) => createHash("sha256").update(text).digest("hex");

export const reached = (state: RunState, step: Step) => STEPS.indexOf(state.step) >= STEPS.indexOf(step);

/**
 * Refuses a state path that would destroy something: the plan itself, or any file that is not a
 * state of dcs-migrate (--restart replaces only a state file). Nothing is touched.
 */
export function checkStatePath(path: string, plan: string): void {
  if (resolve(path) === resolve(plan))
    throw usage(`--state ${path} is the plan itself`, "Give the state a file of its own, or leave --state out (PLAN.state.json).");
  if (existsSync(path) && !statSync(path).isFile()) throw usage(`--state ${path} is not a file`, "Give --state a file's path.");
  readState(path);
}

export function readState(path: string): RunState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    // A state is a few hundred bytes: a large file is something else, and is not read whole.
    if (statSync(path).size > 64 * 1024) throw new Error("larger than any state");
    const state = JSON.parse(readFileSync(path, "utf8")) as RunState;
    if (state.version !== 1 || !STEPS.includes(state.step) || typeof state.taskId !== "string") throw new Error("not a state of this version");
    return state;
  } catch (error) {
    throw new CliError(EXIT.USAGE, `${path} is not a dcs-migrate state file (${(error as Error).message})`, {
      hint: "Move it away, or pass --state with another file; --restart starts over with a new task.",
    });
  }
}

/**
 * Writes the state at once and whole (a new file renamed over the old): a crash never leaves half a
 * state. When it cannot be written (a full disk, a folder gone), the task exists all the same: the
 * state goes to the temporary folder instead, and the error (exit 9) names the task and the way to
 * resume, so that a second run never creates a second task.
 */
export function writeState(path: string, state: RunState): void {
  try {
    writeWhole(path, state);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const ids = `task ${state.taskId}${state.jobId ? ` (job ${state.jobId})` : ""}`;
    // The task ID is the service's: only its safe characters name a file.
    const fallback = join(tmpdir(), `dcs-migrate-${state.taskId.replace(/[^0-9A-Za-z-]/g, "_")}.state.json`);
    try {
      writeWhole(fallback, state);
    } catch {
      throw new CliError(EXIT.STATE, `could not write the state file ${path} (${why}); ${ids} exists, at step ${state.step}`, {
        hint: `Save this as a file and resume with dcs-migrate run PLAN --state FILE: ${JSON.stringify(state)}`,
      });
    }
    throw new CliError(
      EXIT.STATE,
      `could not write the state file ${path} (${why}); ${ids} exists, at step ${state.step}; its state was saved to ${fallback}`,
      {
        hint: `Resume with: dcs-migrate run ${state.plan} --state ${fallback}`,
      },
    );
  }
}

function writeWhole(path: string, state: RunState): void {
  const next = `${path}.${process.pid}.tmp`;
  // O_EXCL: a file (or a link planted in a shared folder) already there is removed, never written through.
  rmSync(next, { force: true });
  writeFileSync(next, `${JSON.stringify(state, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  renameSync(next, path);
}

export function removeState(path: string): void {
  rmSync(path, { force: true });
}

export function newState(plan: string, text: string, kind: RunState["kind"], taskId: string, jobId?: string, fields?: Record<string, string>): RunState {
  const now = new Date().toISOString();
  return {
    version: 1,
    plan: basename(plan),
    planDigest: digest(text),
    ...(fields ? { fields } : {}),
    kind,
    taskId,
    ...(jobId ? { jobId } : {}),
    step: "created",
    reached: { created: now },
  };
}

export function advance(path: string, state: RunState, step: Step): RunState {
  const next: RunState = { ...state, step, reached: { ...state.reached, [step]: new Date().toISOString() } };
  writeState(path, next);
  return next;
}
