// One run of a plan at a time: two runs of the same plan (two terminals, a CI retry beside a
// person) would each create a task, and each task is a billed migration ECS. The lock is a file next
// to the state (`STATE.lock`), made with O_EXCL so that only one process can make it; it names its
// process. A lock whose process is gone (killed, a machine restarted) is taken over, saying so.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { CliError, EXIT, usage } from "./exit.js";

interface Holder {
  pid: number;
  host: string;
  since: string;
}

// This process's locks, each with its release: one exit handler frees them all (a fleet holds hundreds).
const held = new Map<string, () => void>();
let onExit: (() => void) | undefined;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Takes the lock of `statePath`, or throws a usage error naming the process that holds it. Also the
 * proof, before anything is created, that the state's folder can be written. Returns the release.
 */
export function lockState(statePath: string, warn: (message: string) => void): () => void {
  const path = `${statePath}.lock`;
  // A process that runs main() twice (a test, a program embedding it) holds its own locks too.
  if (held.has(resolve(path))) {
    throw usage(`${statePath} is in use by dcs-migrate process ${process.pid} (this one): one run of a plan at a time`);
  }
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new CliError(EXIT.USAGE, `cannot write next to the state file ${statePath} (${code}): nothing was called`, {
          hint: "Run from a folder you can write, or give the state another place with --state FILE.",
        });
      }
      const holder = readHolder(path);
      if (holder && holder.host === hostname() && alive(holder.pid) && holder.pid !== process.pid) {
        throw usage(
          `${statePath} is in use by dcs-migrate process ${holder.pid} (since ${holder.since}): one run of a plan at a time`,
          `Wait for that run to end, or stop it (kill ${holder.pid}); its state is saved after every step.`,
        );
      }
      if (holder && holder.host !== hostname()) {
        throw usage(
          `${statePath} is locked by process ${holder.pid} on ${holder.host} (since ${holder.since})`,
          `If no run is going on there, remove ${path} and run again.`,
        );
      }
      if (attempt > 0) throw usage(`cannot take the lock ${path}: another run took it at the same moment`);
      takeOver(path, holder);
      warn(`took over the lock ${path}${holder ? ` of process ${holder.pid}, which is no longer running` : " (it was not readable)"}`);
      continue;
    }
    const holder: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    writeSync(fd, `${JSON.stringify(holder)}\n`);
    closeSync(fd);
    const key = resolve(path);
    const release = () => {
      if (held.get(key) !== release) return;
      held.delete(key);
      if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
      if (!held.size && onExit) {
        process.off("exit", onExit);
        onExit = undefined;
      }
    };
    held.set(key, release);
    if (!onExit) {
      onExit = () => {
        for (const free of [...held.values()]) free();
      };
      process.on("exit", onExit);
    }
    return release;
  }
}

/**
 * Removes a dead process's lock, so that this one can make its own. Two runs may find the same dead
 * lock at once: without care, one would remove the lock the other has just made, and both would
 * run. So the removal itself is done under a second lock (`.lock.takeover`, O_EXCL), and only if
 * the lock still names the dead holder that was read.
 */
function takeOver(path: string, dead: Holder | undefined): void {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, "wx", 0o600);
  } catch {
    // Another run is taking it over now (or died doing so, long ago: its guard names it).
    const other = readHolder(guard);
    if (other && other.host === hostname() && !alive(other.pid)) rmSync(guard, { force: true });
    throw usage(`cannot take the lock ${path}: another run is taking it over at this moment`, "Run again in a moment.");
  }
  try {
    writeSync(fd, `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`);
    closeSync(fd);
    const now = readHolder(path);
    if (JSON.stringify(now) === JSON.stringify(dead)) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, "utf8")) as Holder;
    return typeof holder.pid === "number" && typeof holder.host === "string" ? holder : undefined;
  } catch {
    return undefined;
  }
}
