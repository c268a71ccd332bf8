// Once per run: `npm pack` of every publishable package, all installed from their tarballs in one
// fresh project outside the workspace, as a user installs them. Every test file then runs what is
// installed there (the bins as processes, the libraries by their paths in its node_modules).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const run = promisify(execFile);
export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
/** Every publishable package of the workspace, by folder. */
export const PUBLISHED = ["openapi", "packages/client", "apps/mock", "packages/cli", "packages/mcp"];

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "dcs-packed-"));
  // The packs at once: each npm start-up takes a second or two.
  await Promise.all(PUBLISHED.map((folder) => run("npm", ["pack", "--pack-destination", dir, "--silent"], { cwd: join(REPO, folder) })));
  const tarballs = readdirSync(dir).filter((f) => f.endsWith(".tgz"));
  if (tarballs.length !== PUBLISHED.length) throw new Error(`packed ${tarballs.join(", ")}, not one tarball per package of ${PUBLISHED.join(", ")}`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs.map((t) => `./${t}`)], { cwd: dir });
  project.provide("packed", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The fresh project the packed packages are installed in. */
    packed: string;
  }
}
