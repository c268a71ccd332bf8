#!/usr/bin/env node
// Runs the pinned turbo with telemetry and the update check off, whatever the caller's shell
// has set: the project's own switch, so no machine of ours ever calls home.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  TURBO_NO_UPDATE_NOTIFIER: "1",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
};
const result = spawnSync(require.resolve("turbo/bin/turbo"), process.argv.slice(2), { stdio: "inherit", env });
if (result.error) {
  console.error(`could not run turbo (${result.error.message}); run "npm ci" first`);
  process.exit(1);
}
process.exit(result.status ?? 1);
