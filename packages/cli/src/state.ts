// Where a run of a plan stands, kept next to the plan after every step (PLAN.state.json): the task
// and job IDs, the step reached and when each was reached. Never a secret: the plan's digest is
// taken over the plan as written, with ${NAME} in place of what the environment holds.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { CliError, EXIT } from "./exit.js";

/** The steps of a run, in order. */
export const STEPS = ["created", "job-succeeded", "configured", "copied", "in-sync", "switching", "switched", "done"] as const;
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
}

/** `cutover.yaml` -> `cutover.state.json`, next to it. */
export const defaultStatePath = (plan: string) => `${plan.replace(/\.(ya?ml|json)$/i, "")}.state.json`;

export const digest = (text: string) => createHash("sha256").update(text).digest("hex");

export const reached = (state: RunState, step: Step) => STEPS.indexOf(state.step) >= STEPS.indexOf(step);

export function readState(path: string): RunState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const state = JSON.parse(readFileSync(path, "utf8")) as RunState;
    if (state.version !== 1 || !STEPS.includes(state.step) || typeof state.taskId !== "string") throw new Error("not a state of this version");
    return state;
  } catch (error) {
    throw new CliError(EXIT.USAGE, `${path} is not a dcs-migrate state file (${(error as Error).message})`, {
      hint: "Move it away, or pass --state with another file; --restart starts over with a new task.",
    });
  }
}

/** Writes the state at once and whole (a new file renamed over the old): a crash never leaves half a state. */
export function writeState(path: string, state: RunState): void {
  const next = `${path}.${process.pid}.tmp`;
  writeFileSync(next, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(next, path);
}

export function removeState(path: string): void {
  rmSync(path, { force: true });
}

export function newState(plan: string, text: string, kind: RunState["kind"], taskId: string, jobId?: string): RunState {
  const now = new Date().toISOString();
  return { version: 1, plan: basename(plan), planDigest: digest(text), kind, taskId, ...(jobId ? { jobId } : {}), step: "created", reached: { created: now } };
}

export function advance(path: string, state: RunState, step: Step): RunState {
  const next: RunState = { ...state, step, reached: { ...state.reached, [step]: new Date().toISOString() } };
  writeState(path, next);
  return next;
}
