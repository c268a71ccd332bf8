#!/usr/bin/env node
// The system tools the tests drive, found or installed before they run: `npm test` runs this first,
// and `.ci/run` calls it too, so the two can never disagree on what a machine needs. Where a tool is
// missing and this user can install it (root, apt-get), it is installed, saying so; where not, the
// run stops at once with the exact command to run. Nothing is downloaded from anywhere but Debian's
// packages.
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Each tool: how the tests find it, and the Debian package that brings it. */
export const TOOLS = [
  // The docs' browser test (apps/docs/test/chromium.ts); CHROMIUM_PATH points at another one.
  { name: "chromium", package: "chromium", path: (env) => env.CHROMIUM_PATH || "/usr/bin/chromium" },
  // The CLI's terminal test (apps/e2e/test/cli-terminal.test.ts).
  { name: "tmux", package: "tmux" },
  // Real Redis servers for the Redis-backed suites (check, verify, the rehearsal).
  { name: "redis-server", package: "redis-server" },
  // The mock README's rehearsal recipe loads data and writes with redis-cli (Debian's redis-tools).
  { name: "redis-cli", package: "redis-tools" },
  // A certificate for the rediss:// (TLS) test of check and verify (apps/e2e/test/cli-redis.test.ts).
  { name: "openssl", package: "openssl" },
];

/** Whether `file` is an executable, as given or on PATH. */
export function found(tool, env) {
  const candidates = tool.path
    ? [tool.path(env)]
    : String(env.PATH ?? "")
        .split(delimiter)
        .map((dir) => join(dir, tool.name));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * What to do: nothing, install the missing packages (root with apt-get), or stop with the command
 * a person must run.
 */
export function plan(missing, { root, apt }) {
  if (missing.length === 0) return { action: "none" };
  const packages = missing.map((tool) => tool.package);
  const command = `apt-get update && apt-get install -y ${packages.join(" ")}`;
  if (root && apt) return { action: "install", packages, command };
  return { action: "stop", packages, command: root ? command : `sudo sh -c '${command}'`, why: apt ? "not root" : "no apt-get on this machine" };
}

function main() {
  const env = process.env;
  const missing = TOOLS.filter((tool) => !found(tool, env));
  const decided = plan(missing, { root: process.getuid?.() === 0, apt: found({ name: "apt-get" }, env) });
  if (decided.action === "none") return;
  const names = missing.map((tool) => tool.name).join(", ");
  if (decided.action === "stop") {
    console.error(`setup: the tests need ${names}, which this machine lacks (${decided.why} to install it here). Run:\n  ${decided.command}`);
    process.exit(1);
  }
  console.error(`setup: installing ${names} for the tests (${decided.command})`);
  /** @type {import("node:child_process").ExecFileSyncOptions} */
  const quiet = { stdio: ["ignore", "ignore", "inherit"], env: { ...env, DEBIAN_FRONTEND: "noninteractive" } };
  execFileSync("apt-get", ["update", "-q"], quiet);
  execFileSync("apt-get", ["install", "-y", "-q", ...decided.packages], quiet);
  const still = missing.filter((tool) => !found(tool, env));
  if (still.length) {
    console.error(`setup: ${still.map((tool) => tool.name).join(", ")} still missing after apt-get install`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
