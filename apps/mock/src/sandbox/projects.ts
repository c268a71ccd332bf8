// Every project of the sandbox is a world of its own, as projects are in the cloud (and as moto keeps
// a backend per account and region): its own tasks and jobs, its own "next task" outcome, and its own
// clock, which its own requests step. So one sandbox serves tests running side by side, each with a
// project ID of its own, and none moves another's time or sees another's tasks.
import { type Clock, createClock, type Speed } from "./clock.js";
import { createModel, type Model, type Outcome } from "./model.js";
import { createOperations, type Operations } from "./operations.js";

export interface Project {
  clock: Clock;
  model: Model;
  operations: Operations;
}

export interface ProjectsOptions {
  speed: Speed;
  stepMs: number;
  deletedReadableMs: number;
}

export function createProjects({ speed, stepMs, deletedReadableMs }: ProjectsOptions) {
  // Time every project shares: real time at the speed, and what advance() without a project adds.
  const shared = createClock(speed);
  const projects = new Map<string, Project>();
  /** An outcome for the next task created in whichever project. */
  let anyNext: Outcome | undefined;

  function of(projectId: string): Project {
    let found = projects.get(projectId);
    if (!found) {
      let own = 0;
      const clock: Clock = {
        speed,
        now: () => shared.now() + own,
        advance(ms) {
          own += ms;
        },
        step() {
          own += stepMs;
        },
      };
      const model = createModel({
        clock,
        deletedReadableMs,
        takeAnyNext: () => {
          const outcome = anyNext;
          anyNext = undefined;
          return outcome;
        },
      });
      found = { clock, model, operations: createOperations(model) };
      projects.set(projectId, found);
    }
    return found;
  }

  return {
    of,
    /** The project a task belongs to, if any has it. */
    owning: (taskId: string) => [...projects.values()].find((p) => p.model.hasTask(taskId)),
    now: () => shared.now(),
    /** Moves every project's time. */
    advance: (ms: number) => shared.advance(ms),
    setAnyNext(outcome: Outcome) {
      anyNext = outcome;
    },
    snapshot() {
      return { now: shared.now(), tasks: [...projects.values()].flatMap((p) => p.model.snapshot().tasks) };
    },
    /** Forgets every project. */
    reset() {
      projects.clear();
      anyNext = undefined;
    },
    /** Forgets one project: its tasks, jobs, outcomes and the time its requests and advances added. */
    forget(projectId: string) {
      projects.delete(projectId);
    },
  };
}

export type Projects = ReturnType<typeof createProjects>;
