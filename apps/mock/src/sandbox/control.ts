// The control API, under /__sandbox/ on the sandbox's own URL: what tests do to the sandbox from
// outside its process. Each handler checks its body and names the field that is wrong. It is not
// the service: its refusals are `400 {"error": "..."}`. A `projectId` narrows a control to that
// project (projects.ts): what parallel tests, each with a project of its own, use.
import type { Answer } from "./answers.js";
import { checkFaults, checkMs, checkOutcome, checkSkew, type Faults, onlyFields, SandboxOptionError } from "./options.js";
import type { Projects } from "./projects.js";

export const CONTROL_PREFIX = "/__sandbox";

export interface Controls {
  projects: Projects;
  setFaults(faults: Faults): void;
  setClockSkew(ms: number): void;
}

/** A project ID as the API calls use it (the {project_id} of their paths), or an error naming `where`. */
export function requireProjectId(projectId: unknown, where: string): string {
  if (typeof projectId === "string" && projectId !== "") return projectId;
  throw new SandboxOptionError(`${where} is the project ID the API calls use (the {project_id} of their paths); got ${JSON.stringify(projectId)}`);
}

const checkProjectId = (projectId: unknown) => (projectId === undefined ? undefined : requireProjectId(projectId, "`projectId`"));

/**
 * Moves the next transition of a task, or of the next task created (in `projectId`, or in any
 * project without it), to `outcome`.
 */
export function setNextTransition(projects: Projects, change: unknown, fixedProjectId?: string) {
  const fields = onlyFields("setNextTransition", change, fixedProjectId === undefined ? ["taskId", "outcome", "projectId"] : ["taskId", "outcome"]);
  const outcome = checkOutcome(fields.outcome);
  const projectId = fixedProjectId ?? checkProjectId(fields.projectId);
  const { taskId } = fields;
  if (taskId !== undefined) {
    const owner = typeof taskId === "string" ? (projectId === undefined ? projects.owning(taskId) : projects.of(projectId)) : undefined;
    if (!owner?.model.hasTask(taskId as string)) {
      throw new SandboxOptionError(
        `\`taskId\` ${JSON.stringify(taskId)} is no task of ${projectId === undefined ? "the sandbox" : `project ${projectId}`}; leave it out for the next task created`,
      );
    }
    owner.model.setNextTransition(taskId as string, outcome);
  } else if (projectId !== undefined) projects.of(projectId).model.setNextTransition(undefined, outcome);
  else projects.setAnyNext(outcome);
}

/** Moves time: one project's, or every project's. */
export function advance(projects: Projects, ms: unknown, projectId: string | undefined, where: string) {
  const checked = checkMs(ms, where, "how far to move the clock");
  if (projectId === undefined) projects.advance(checked);
  else projects.of(projectId).clock.advance(checked);
}

/** `METHOD /path` (under /__sandbox) to its handler, given the parsed body and the query. */
export function controlRoutes({ projects, setFaults, setClockSkew }: Controls): Record<string, (body: unknown, query: URLSearchParams) => Answer> {
  return {
    "GET ": (_body, query) => {
      const projectId = checkProjectId(query.get("projectId") ?? undefined);
      return { status: 200, body: projectId === undefined ? projects.snapshot() : projects.of(projectId).model.snapshot() };
    },
    "POST /clock": (body) => {
      const { advanceMs, projectId } = onlyFields("POST /__sandbox/clock", body, ["advanceMs", "projectId"]);
      const project = checkProjectId(projectId);
      advance(projects, advanceMs, project, "advanceMs");
      return { status: 200, body: { now: project === undefined ? projects.now() : projects.of(project).clock.now() } };
    },
    "POST /transitions": (body) => {
      setNextTransition(projects, body);
      return { status: 204 };
    },
    "PUT /faults": (body) => {
      const faults = checkFaults(body ?? {}, "PUT /__sandbox/faults");
      setFaults(faults);
      return { status: 200, body: faults };
    },
    "PUT /gateway-clock": (body) => {
      const { skewMs } = onlyFields("PUT /__sandbox/gateway-clock", body, ["skewMs"]);
      setClockSkew(checkSkew(skewMs));
      return { status: 200, body: { skewMs } };
    },
    "POST /reset": (body) => {
      const { projectId } = onlyFields("POST /__sandbox/reset", body, ["projectId"]);
      const project = checkProjectId(projectId);
      if (project === undefined) {
        projects.reset();
        setFaults(checkFaults(undefined));
      } else projects.forget(project);
      return { status: 204 };
    },
  };
}
