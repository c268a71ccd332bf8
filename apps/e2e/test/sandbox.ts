// The sandbox every file shares (packed-setup.ts), controlled over its control API as a test in
// another process controls it: each test takes a project ID of its own, so its tasks, its clock and
// its next task's outcome are its own whatever runs beside it.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { SANDBOX_CREDENTIALS } from "./packed-setup.js";

export { SANDBOX_CREDENTIALS };
export const SANDBOX = inject("sandbox");

/** A project ID nobody else uses. */
export const newProject = () => randomBytes(16).toString("hex");

async function control(method: string, path: string, body?: object) {
  const answer = await fetch(`${SANDBOX.url}/__sandbox${path}`, {
    method,
    ...(body ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} /__sandbox${path}: ${answer.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export interface TaskState {
  task_id: string;
  project_id: string;
  status: string;
  task_status: string | null;
}

/** The project's controls. */
export function project(projectId: string) {
  return {
    /** Its tasks as they stand, deleted ones that still read DELETED included. */
    tasks: async (): Promise<TaskState[]> => (await control("GET", `?projectId=${projectId}`)).tasks,
    setNextTransition: (change: { outcome: string; taskId?: string }) => control("POST", "/transitions", { projectId, ...change }),
    reset: () => control("POST", "/reset", { projectId }),
  };
}
