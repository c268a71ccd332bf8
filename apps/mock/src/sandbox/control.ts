// The control API, under /__sandbox/ on the sandbox's own URL: what tests do to the sandbox from
// outside its process. Each handler checks its body and names the field that is wrong. It is not
// the service: its refusals are `400 {"error": "..."}`.
import type { Answer } from "./answers.js";
import type { Clock } from "./clock.js";
import type { Model } from "./model.js";
import { checkFaults, checkMs, checkOutcome, checkSkew, type Faults, onlyFields, SandboxOptionError } from "./options.js";

export const CONTROL_PREFIX = "/__sandbox";

export interface Controls {
  model: Model;
  clock: Clock;
  setFaults(faults: Faults): void;
  setClockSkew(ms: number): void;
}

/** Moves the next transition of a task (or of the next task created) to `outcome`. */
export function setNextTransition(model: Model, change: unknown) {
  const { taskId, outcome } = onlyFields("setNextTransition", change, ["taskId", "outcome"]);
  const checked = checkOutcome(outcome);
  if (taskId !== undefined && (typeof taskId !== "string" || !model.hasTask(taskId))) {
    throw new SandboxOptionError(`\`taskId\` ${JSON.stringify(taskId)} is no task of the sandbox; leave it out for the next task created`);
  }
  model.setNextTransition(taskId as string | undefined, checked);
}

/** `METHOD /path` (under /__sandbox) to its handler, given the parsed body. */
export function controlRoutes({ model, clock, setFaults, setClockSkew }: Controls): Record<string, (body: unknown) => Answer> {
  return {
    "GET ": () => ({ status: 200, body: model.snapshot() }),
    "POST /clock": (body) => {
      const { advanceMs } = onlyFields("POST /__sandbox/clock", body, ["advanceMs"]);
      clock.advance(checkMs(advanceMs, "advanceMs", "how far to move the clock"));
      return { status: 200, body: { now: clock.now() } };
    },
    "POST /transitions": (body) => {
      setNextTransition(model, body);
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
      onlyFields("POST /__sandbox/reset", body, []);
      model.reset();
      setFaults(checkFaults(undefined));
      return { status: 204 };
    },
  };
}
