// startSandbox(): the stateful DCS migration service of the sandbox. Callers reach its gateway
// (gateway.ts: the control API, signatures, faults), which passes the API to Prism's validating
// proxy (--errors), in front of the service (service.ts). Whatever the service sends that the
// document does not allow reaches the caller as a 500 naming the violation, and whatever a caller
// sends that breaks the document is refused as the service would, so tests against the sandbox
// are tests against the document.
import { claim } from "../prism.js";
import type { Speed } from "./clock.js";
import { advance, CONTROL_PREFIX, controlRoutes, requireProjectId, setNextTransition } from "./control.js";
import { route } from "./document.js";
import { startGateway } from "./gateway.js";
import { type BackedInstance, checkInstances, startInstances } from "./instances.js";
import { DURATIONS } from "./invented.js";
import { OUTCOMES, type Outcome } from "./model.js";
import { checkCredentials, checkFaults, checkMs, checkPort, checkSkew, checkSpeed, type FaultKind, onlyFields, SandboxOptionError } from "./options.js";
import { createProjects } from "./projects.js";
import { startService } from "./service.js";
import { startSupervisedPrism } from "./supervisor.js";

export { OUTCOMES, type Outcome, SandboxOptionError, type Speed };

export interface SandboxFaults {
  /** The share of API answers to spoil, from 0 to 1. */
  rate?: number;
  /** Which faults: a 429 with Retry-After (throttle), a 500 (error), a delay (slow). Default all three. */
  kinds?: FaultKind[];
  /** The delay of a slow answer. Default 2000 ms. */
  slowMs?: number;
}

export interface SandboxOptions {
  /** Virtual ms per real ms (600: a ten-minute full copy takes a second), or "manual": nothing moves until advance(). Default 1. */
  speed?: Speed;
  /** Moves the clock this far before every API request: time passes with the polls, whatever the machine's load. Default 0. */
  stepMs?: number;
  /** The port of the sandbox's URL. Default: a free one. A port in use is an error naming it. */
  port?: number;
  /** Check every AK/SK signature against these, as the gateway does (IAM tokens are accepted as present). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  faults?: SandboxFaults;
  /** Seed of the fault draws, so that a run can be repeated. Default 1. */
  seed?: number;
  /** How far the gateway's clock is ahead of this machine's, for signature times. Default 0. */
  clockSkewMs?: number;
  /** How long ShowMigrationTask still answers for a deleted task, as DELETED, in virtual ms. Default 60 000. */
  deletedReadableMs?: number;
  /**
   * DCS instances backed by real Redis servers, by instance ID (or a self-hosted source's
   * "host:port"): a server's URL, or "spawn" for a redis-server of the sandbox's own. Each gets an
   * address of its own (`instances[id].address`). A task between two of them migrates for real (real.ts).
   */
  instances?: Record<string, string>;
}

export type { BackedInstance };

export interface SandboxTaskState {
  task_id: string;
  project_id: string;
  status: string;
  task_status: string | null;
}

/** One project of the sandbox: a world of its own (its tasks, its clock), for tests side by side. */
export interface SandboxProject {
  /** The project's virtual now: the sandbox's, plus what its requests' steps and its advances added. */
  now(): number;
  /** Moves this project's time only. */
  advance(ms: number): void;
  /** Makes a task's (or, without taskId, this project's next created task's) next transition take `outcome`. */
  setNextTransition(change: { taskId?: string; outcome: Outcome }): void;
  /** The project's tasks as they stand. */
  state(): { now: number; tasks: SandboxTaskState[] };
  /** Forgets the project's tasks, jobs, outcomes and time (faults are the whole sandbox's). */
  reset(): void;
}

export interface RunningSandbox {
  /** The API: give it to createDcsClient as `endpoint`. */
  url: string;
  /** The control API over HTTP: `${controlUrl}/clock`, `${controlUrl}/reset`... (the same URL the bin prints). */
  controlUrl: string;
  /** Virtual now, in ms since the epoch (a project's own steps and advances come on top: project(id).now()). */
  now(): number;
  /** Moves every project's virtual time forward (either clock mode). */
  advance(ms: number): void;
  /** Makes a task's (or, without taskId, the next task created in any project) next transition take `outcome` (see OUTCOMES). */
  setNextTransition(change: { taskId?: string; outcome: Outcome }): void;
  /** One project's controls: tests running side by side each take a project ID of their own. */
  project(projectId: string): SandboxProject;
  /** Spoils a share of answers: `{ rate, kinds: ["throttle", "error", "slow"], slowMs }`; `{ rate: 0 }` or nothing stops. */
  setFaults(faults: SandboxFaults | undefined): void;
  /** Moves the gateway's clock (for signature times) `ms` ahead of this machine's; 0 puts it back. */
  setClockSkew(ms: number): void;
  /** Every task of every project as it stands. */
  state(): { now: number; tasks: SandboxTaskState[] };
  /** Forgets every project's tasks and jobs, and every fault. */
  reset(): void;
  /** What setNextTransition can make happen, with what each does. */
  outcomes: typeof OUTCOMES;
  /** The backed instances (the `instances` option): where applications connect, and the server behind. */
  instances: Readonly<Record<string, BackedInstance>>;
  /** Stops the sandbox and its Prism; no process is left. */
  stop(): Promise<void>;
}

const OPTIONS = ["speed", "stepMs", "port", "credentials", "faults", "seed", "clockSkewMs", "deletedReadableMs", "instances"] as const;

/**
 * `internal.onFatal`: for the bin, which exits non-zero when the sandbox stops by itself (Prism
 * exiting again and again), so that a CI job notices.
 */
export async function startSandbox(options: SandboxOptions = {}, internal: { onFatal?: (error: Error) => void } = {}): Promise<RunningSandbox> {
  const given = onlyFields("startSandbox", options, OPTIONS);
  const speed = checkSpeed(given.speed ?? 1);
  const stepMs = checkMs(given.stepMs ?? 0, "stepMs", "how far each request moves the clock");
  const port = given.port === undefined ? 0 : checkPort(given.port);
  const credentials = checkCredentials(given.credentials);
  const faults = checkFaults(given.faults);
  const seed = given.seed ?? 1;
  if (!Number.isInteger(seed)) throw new SandboxOptionError(`\`seed\` is a whole number; got ${JSON.stringify(seed)}`);
  const clockSkewMs = checkSkew(given.clockSkewMs ?? 0, "clockSkewMs");
  const deletedReadableMs = checkMs(given.deletedReadableMs ?? DURATIONS.deletedReadable, "deletedReadableMs", "how long a deleted task reads DELETED");

  const backed = checkInstances(given.instances);

  // A port in use fails here, before Prism takes seconds to start.
  if (port !== 0) await claim(port).catch((error: Error) => Promise.reject(new SandboxOptionError(error.message)));
  const instances = await startInstances(backed);
  const projects = createProjects({ speed, stepMs, deletedReadableMs });
  const { real, service } = await (async () => {
    // Its Redis client is loaded only by a sandbox with backed instances.
    const real = Object.keys(backed).length ? (await import("./real.js")).createRealMigrations(instances) : undefined;
    return { real, service: await startService(projects, real) };
  })().catch(async (error: Error) => {
    await instances.stop();
    throw error;
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await gateway.close();
      await Promise.all([prism.stop(), service.close()]);
      await real?.close();
      await instances.stop();
    })());
  const prism = await startSupervisedPrism(
    { mode: "proxy", upstream: service.url, errors: true },
    {
      log: (message) => process.stderr.write(`dcs-migration sandbox: ${message}\n`),
      fatal: (error) => void stop().then(() => internal.onFatal?.(error)),
    },
  ).catch(async (error: Error) => {
    await Promise.all([service.close(), instances.stop()]);
    throw error;
  });
  const controls = {
    projects,
    setFaults: (next: ReturnType<typeof checkFaults>) => gateway.setFaults(next),
    setClockSkew: (ms: number) => gateway.setClockSkew(ms),
  };
  const gateway = await startGateway({
    port,
    prismUrl: prism.url,
    prismReady: prism.ready,
    control: controlRoutes(controls),
    credentials,
    faults,
    seed: seed as number,
    clockSkewMs,
    // Each request steps its own project's clock.
    onRequest: (method, path) => {
      const found = (() => {
        try {
          return route(method, path);
        } catch {
          return "no-path"; // a malformed escape: Prism refuses the request
        }
      })();
      if (typeof found !== "string" && found.path.project_id) projects.of(found.path.project_id).clock.step();
    },
  }).catch(async (error: Error) => {
    await Promise.all([prism.stop(), service.close(), instances.stop()]);
    throw error;
  });

  return {
    url: gateway.url,
    controlUrl: `${gateway.url}${CONTROL_PREFIX}`,
    now: () => projects.now(),
    advance: (ms) => advance(projects, ms, undefined, "advance(ms)"),
    setNextTransition: (change) => setNextTransition(projects, change),
    project: (given) => {
      const projectId = requireProjectId(given, "project(projectId)");
      return {
        now: () => projects.of(projectId).clock.now(),
        advance: (ms) => advance(projects, ms, projectId, "advance(ms)"),
        setNextTransition: (change) => setNextTransition(projects, change, projectId),
        state: () => projects.of(projectId).model.snapshot(),
        reset: () => projects.forget(projectId),
      };
    },
    setFaults: (next) => gateway.setFaults(checkFaults(next)),
    setClockSkew: (ms) => gateway.setClockSkew(checkSkew(ms, "setClockSkew(ms)")),
    state: () => projects.snapshot(),
    reset: () => {
      projects.reset();
      gateway.setFaults(checkFaults(undefined));
    },
    outcomes: OUTCOMES,
    instances: instances.view,
    stop,
  };
}
