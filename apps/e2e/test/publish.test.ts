// What the release workflow publishes, as `npm publish --dry-run` sees each tarball packed for this
// run: the package and version it would publish, with public access, and no file a user should not
// get (tests, sources of the build, configs).
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { INSTALLED } from "./installed.js";
import { PUBLISHED, REPO } from "./packed-setup.js";

const run = promisify(execFile);
const tarballs = readdirSync(INSTALLED).filter((f) => f.endsWith(".tgz"));

describe("npm publish --dry-run", () => {
  it("has a tarball for every publishable package", () => {
    expect(tarballs).toHaveLength(PUBLISHED.length);
  });

  it.concurrent.each(tarballs)("%s would publish as itself, publicly, with only what users need", async (tarball) => {
    const { stdout, stderr } = await run("npm", ["publish", "--dry-run", "--json", join(INSTALLED, tarball)], { cwd: REPO });
    const printed = JSON.parse(stdout);
    const info = (printed[Object.keys(printed)[0] ?? ""] ?? printed) as { id: string; files: Array<{ path: string }> };
    expect(tarball).toBe(
      `${info.id
        .replace(/^@/, "")
        .replace("/", "-")
        .replace(/@(?=[^@]+$)/, "-")}.tgz`,
    );
    expect(stderr).toContain("with tag latest and public access (dry-run)");
    const files = info.files.map((f) => f.path);
    expect(files).toContain("package.json");
    // Apache-2.0, as package.json says: the text goes with the code.
    expect(files).toContain("LICENSE");
    expect(files.filter((f) => /(^|\/)(test|bench|scripts)\/|\.test\.|tsconfig|vitest\.config|\.tsbuildinfo$/.test(f))).toEqual([]);
  });
});
