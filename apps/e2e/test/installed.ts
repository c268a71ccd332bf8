// The packed packages as installed by packed-setup.ts: their bins run as processes, their libraries
// imported from the fresh project's node_modules (never from the workspace).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

export const INSTALLED = inject("packed");
export const bin = (name: string) => join(INSTALLED, "node_modules", ".bin", name);

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves once `test` holds for what it printed (an event of its own output, never a delay). */
  until(test: (printed: { stdout: string; stderr: string }) => boolean): Promise<void>;
  finished: Promise<Finished>;
}

/** Starts an installed bin with exactly this environment (PATH and HOME added), in `cwd`. */
export function start(name: string, args: string[], env: Record<string, string>, cwd: string): Running {
  const child = spawn(process.execPath, [bin(name), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const check of waiters) check();
  };
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
    changed();
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
    changed();
  });
  const finished = new Promise<Finished>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    output: () => ({ stdout, stderr }),
    until(test) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (test({ stdout, stderr })) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
        finished.then((f) => {
          if (waiters.delete(check)) reject(new Error(`${name} exited (${f.code}) before what was awaited:\n${f.stderr}\n${f.stdout}`));
        });
      });
    },
    finished,
  };
}

/** Runs an installed bin to its end. */
export function runBin(name: string, args: string[], env: Record<string, string>, cwd: string, input?: string): Promise<Finished> {
  const running = start(name, args, env, cwd);
  running.child.stdin?.end(input);
  return running.finished;
}

export const scratch = (prefix: string) => mkdtempSync(join(INSTALLED, `${prefix}-`));

/** The strictest settings a user's TypeScript project may have: what code against the packages is checked with. */
export const STRICT_USER_COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  lib: ["ES2022", "DOM"],
};
