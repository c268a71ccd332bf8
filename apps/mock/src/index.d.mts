export * from "./prism.mjs";
export declare function mockUsage(url: string): string;
/** What to tell a person who just started the sandbox: its URL, its control API. */
export declare function sandboxUsage(sandbox: { url: string; controlUrl: string }, speed: number | "manual"): string;

export type SandboxOutcome = "fail-job" | "fail-full-sync" | "stall-sync" | "fail-ip-switch";
export type SandboxFaultKind = "throttle" | "error" | "slow";

export interface SandboxFaults {
  /** The share of API responses to spoil, from 0 to 1. */
  rate?: number;
  /** Which faults: a 429 with Retry-After (throttle), a 500 (error), a delay (slow). Default all three. */
  kinds?: SandboxFaultKind[];
  /** The delay of a slow response. Default 2000 ms. */
  slowMs?: number;
}

export interface SandboxOptions {
  /** Virtual ms per real ms (600: a ten-minute migration takes a second), or "manual": nothing moves until advance(). Default 1. */
  speed?: number | "manual";
  /** The port of the API (Prism's). Default: a free one. */
  port?: number;
  /** Check every AK/SK signature against these, as the gateway does (tokens are accepted as present). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  faults?: SandboxFaults;
  /** Seed of the fault draws, so a run can be repeated. Default 1. */
  seed?: number;
  /** How far the gateway's clock is ahead of this machine's, for signature times. Default 0. */
  clockSkewMs?: number;
}

export interface SandboxTaskState {
  task_id: string;
  status: string;
  task_status: string | null;
}

export interface RunningSandbox {
  /** The API, behind Prism's validating proxy: give it to createDcsClient as `endpoint`. */
  url: string;
  /** The sandbox itself, for the control API over HTTP (/__sandbox/...). */
  controlUrl: string;
  now(): number;
  advance(ms: number): void;
  setNextTransition(change: { taskId?: string; outcome: SandboxOutcome }): void;
  setFaults(faults: SandboxFaults | undefined): void;
  /** Moves the gateway's clock (for signature times) `ms` ahead of this machine's; 0 puts it back. */
  setClockSkew(ms: number): void;
  state(): { now: number; tasks: SandboxTaskState[] };
  reset(): void;
  outcomes: readonly SandboxOutcome[];
  /** Stops Prism and the sandbox; no process is left. */
  stop(): Promise<void>;
}

export declare function startSandbox(options?: SandboxOptions): Promise<RunningSandbox>;
