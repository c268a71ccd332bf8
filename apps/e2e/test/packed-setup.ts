// Once per run: `npm pack` of every publishable package, all installed from their tarballs in one
// fresh project outside the workspace, as a user installs them. Every test file then runs what is
// installed there (the bins as processes, the libraries by their paths in its node_modules).
// Then one sandbox for every file, from the installed bin on this machine's Node, as a user's CI
// starts it: manual clock, each request stepping its own project's clock 20 s, signatures checked.
// Tests share it side by side, each on a project ID of its own (sandbox.ts).
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const run = promisify(execFile);
export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
/** Every publishable package of the workspace, by folder. */
export const PUBLISHED = ["openapi", "packages/client", "apps/mock", "packages/cli", "packages/mcp"];
/** The AK/SK the shared sandbox checks signatures against. */
export const SANDBOX_CREDENTIALS = { CLOUD_SDK_AK: "HPUAEXAMPLEAK0000001", CLOUD_SDK_SK: "SENTINEL-SK-e2e-7d3b" };

/**
 * Where the fresh project goes: memory (/dev/shm) when the machine has it writable with room to
 * spare. npm writes some 18 000 files there; on a disk, the kernel's share of that install was
 * 15 s of CPU against 4.5 s in memory, in a suite whose limit is the CPU of 2 cores.
 */
function scratchRoot(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    const { bavail, bsize } = statfsSync("/dev/shm");
    if (bavail * bsize > 2 * 1024 ** 3) return "/dev/shm";
  } catch {}
  return tmpdir();
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(scratchRoot(), "dcs-packed-"));
  // One npm for every pack: each npm start-up costs a second of CPU.
  await run("npm", ["pack", ...PUBLISHED.flatMap((folder) => ["-w", folder]), "--pack-destination", dir, "--silent"], { cwd: REPO });
  const tarballs = readdirSync(dir).filter((f) => f.endsWith(".tgz"));
  if (tarballs.length !== PUBLISHED.length) throw new Error(`packed ${tarballs.join(", ")}, not one tarball per package of ${PUBLISHED.join(", ")}`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs.map((t) => `./${t}`)], { cwd: dir });
  project.provide("packed", dir);

  const sandbox = spawn(
    process.execPath,
    [join(dir, "node_modules/.bin/dcs-migration-mock"), "--sandbox", "--speed", "manual", "--step", "20000", "--port", "0", "--check-signatures"],
    { cwd: dir, env: { PATH: process.env.PATH ?? "", ...SANDBOX_CREDENTIALS }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let banner = "";
  const exited = once(sandbox, "exit");
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      banner += chunk;
      const found = /\(speed manual\): (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
      if (found && /signatures are checked[^\n]*\n/.test(banner)) resolve(found);
    };
    sandbox.stdout.on("data", read);
    sandbox.stderr.on("data", read);
    exited.then(() => reject(new Error(`the installed sandbox exited before it served:\n${banner}`)));
  });
  project.provide("sandbox", { url, banner });

  return async () => {
    sandbox.kill("SIGINT");
    const [code] = await exited;
    rmSync(dir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`the shared sandbox exited ${code} at Ctrl-C, not 0`);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The fresh project the packed packages are installed in. */
    packed: string;
    /** The sandbox every file shares, and what its bin printed when it started. */
    sandbox: { url: string; banner: string };
  }
}
