// A fresh install is quiet: every dependency with an install script is reviewed in package.json's
// allowScripts (esbuild's postinstall is denied: its binary comes from its optional dependency).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

it("leaves no install script unreviewed", () => {
  const listed = execFileSync("npm", ["install-scripts", "ls"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  expect(listed.trim()).toBe("No packages with unreviewed install scripts.");
});
